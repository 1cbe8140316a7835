"""Many files at once, as a trust or a funder runs it: every format, the exit-code contract,
gates per file, excluded and unreadable paths, order under parallelism, atomic output."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from conftest import EXAMPLES, MINI, ROOT, Run
from stagecheck import files
from stagecheck.api import assess
from stagecheck.batch import run as batch
from stagecheck.core.errors import UserError
from stagecheck.core.record import SCHEMA_VERSION, as_dict
from stagecheck.core.words import profile_figure
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers import json as json_render
from stagecheck.renderers import jsonl, registry
from stagecheck.renderers.base import BatchRenderer, Format, Output
from stagecheck.renderers.jsonl_lean import VERSION, lean
from test_jsonl_lean import rebuilt

LEADS = ("teacher", "senior", "head")


def partnership(name: str, lead: str = "senior", mou: str = "yes", staff: int = 3) -> str:
    return f"""rubric: {MINI}
partnership:
  name: {name}
  partners:
    - {{name: Hill School, sector: independent}}
    - {{name: Vale Academy, sector: academy}}
answers:
  people:
    lead: {lead}
    mou: {mou}
    goals: yes
  money:
    funders: [trust]
    staff: {staff}
    fee_income: yes
"""


def portfolio(folder: Path, count: int = 6) -> list[Path]:
    """`count` valid files of the mini rubric with varied stages, named p000.yaml, ..."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        path = folder / f"p{i:03}.yaml"
        text = partnership(f"Partnership {i}", LEADS[i % 3], ("yes", "no")[i % 2], i % 7)
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


BAD = "partnership:\n  name: Broken\n  partners: [\n"  # a syntax error on line 4


def lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def jsonl_records(text: str) -> list[dict[str, object]]:
    """The records of jsonl output, without its rubric lines."""
    return [line for line in lines(text) if line.get("type") != "rubric"]


# --- the portfolio view -----------------------------------------------------------------------


def test_assess_examples_shows_the_portfolio(run: Run) -> None:
    result = run("assess", ROOT / "examples")
    assert result.code == ExitCode.OK, str(result)
    every = sorted((ROOT / "examples").rglob("*.yaml"))
    assert f"Portfolio: {len(every)} partnerships scored" in result.out
    flat = "".join(result.out.split())  # long paths fold across lines
    for example in every:
        assert example.name in flat
    for text in ("How many partnerships stand at each stage", "Holding most partnerships back"):
        assert text in result.out
    # one section per rubric: the four-stage examples share one table and heatmap
    four = len([p for p in every if "deep-and-tight" not in p.parts])  # respondents/ too
    four_stages = result.out.index(f"The four stages of partnership activity (four-stages): {four}")
    deep = result.out.index("Deep and tight")
    table = result.out[four_stages:] if four_stages > deep else result.out[four_stages:deep]
    assert "Lea Pla Fin Coh Com Imp Sus Tar Bal Gen" in table
    assert result.err == ""


def test_portfolio_rows_are_weakest_first(run: Run, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(partnership("Strong", "head", "yes", 9), "utf-8")
    (tmp_path / "b.yaml").write_text(partnership("Weak", "teacher", "no", 0), "utf-8")
    out = run("assess", tmp_path).out
    assert out.index("Weak") < out.index("Strong")


def test_a_bad_file_among_many_scores_all_others_and_exits_2_naming_it(
    run: Run, tmp_path: Path
) -> None:
    portfolio(tmp_path, 8)
    (tmp_path / "p004.yaml").write_text(BAD, encoding="utf-8")
    result = run("assess", tmp_path)
    assert result.code == ExitCode.ERROR, str(result)
    assert "Portfolio: 7 partnerships scored" in result.out
    assert "Could not be scored (1):" in result.out
    assert f"{tmp_path / 'p004.yaml'}:4:1: has a list in [ ] or a mapping" in result.out.replace(
        "\n  ", ""
    )
    assert "8 files: 7 scored; 1 could not be scored." in result.out


def test_a_bad_file_in_a_machine_format_is_named_on_stderr(run: Run, tmp_path: Path) -> None:
    portfolio(tmp_path, 5)
    (tmp_path / "p002.yaml").write_text(BAD, encoding="utf-8")
    result = run("assess", tmp_path, "--format", "jsonl")
    assert result.code == ExitCode.ERROR
    records = jsonl_records(result.out)
    assert [r["partnership"]["name"] for r in records] == [  # type: ignore[index]
        "Partnership 0",
        "Partnership 1",
        "Partnership 3",
        "Partnership 4",
    ]
    assert f"{tmp_path / 'p002.yaml'}:4:1: has a list in [ ] or a mapping" in result.err
    assert "5 files: 4 scored; 1 could not be scored." in result.err


def test_the_first_error_of_a_file_and_a_count_of_the_rest(run: Run, tmp_path: Path) -> None:
    portfolio(tmp_path, 2)
    text = partnership("Many problems").replace("lead: senior", "lead: boss")
    (tmp_path / "z.yaml").write_text(text.replace("staff: 3", "staff: lots"), "utf-8")
    result = run("assess", tmp_path)
    assert "lead: 'boss' is not allowed" in result.out
    assert "(and 1 more problem)" in result.out


# --- formats ----------------------------------------------------------------------------------


def test_verbose_jsonl_is_the_single_file_record_of_each_file_in_order(
    run: Run, tmp_path: Path
) -> None:
    files = portfolio(tmp_path, 5)
    result = run("assess", tmp_path, "--format", "jsonl", "--verbose-records")
    assert result.code == ExitCode.OK, str(result)
    singles = [json.loads(run("assess", f, "--format", "json").out) for f in files]
    assert lines(result.out) == singles


def test_jsonl_is_a_rubric_line_then_lean_records_that_restore_each_file_record(
    run: Run, tmp_path: Path
) -> None:
    files = portfolio(tmp_path, 5)
    result = run("assess", tmp_path, "--format", "jsonl")
    assert result.code == ExitCode.OK, str(result)
    first, *records = lines(result.out)
    assert first["type"] == "rubric" and first["schema_version"] == VERSION
    assert [r["type"] for r in records] == ["assessment"] * 5
    singles = [json.loads(run("assess", f, "--format", "json").out) for f in files]
    for record, single in zip(records, singles, strict=True):
        assert record["rubric"]["sha256"] == first["rubric"]["sha256"]  # type: ignore[index]
        back = rebuilt(first, record)
        assert json.dumps(back, sort_keys=True) == json.dumps(single, sort_keys=True)


def test_jsonl_gives_each_rubric_its_line_before_its_first_record(run: Run, tmp_path: Path) -> None:
    for i, example in enumerate(EXAMPLES):
        (tmp_path / f"{i:02}.yaml").write_bytes(example.read_bytes())
    result = run("assess", tmp_path, "--format", "jsonl")
    seen: set[str] = set()
    rubric_lines = 0
    for line in lines(result.out):
        sha = line["rubric"]["sha256"]  # type: ignore[index]
        if line["type"] == "rubric":
            rubric_lines += 1
            seen.add(sha)
        else:
            assert sha in seen
    assert rubric_lines == len(seen) >= 1


def test_jsonl_encoders_give_exactly_the_record_and_its_lean_form() -> None:
    for example in EXAMPLES:
        record = assess(example)
        for encode, data in ((jsonl.encode_verbose, as_dict(record)), (jsonl.encode, lean(record))):
            line = encode(record)
            assert line.endswith("}\n") and "\n" not in line[:-1]
            assert json.loads(line) == json.loads(json.dumps(data, default=as_dict))


def test_json_for_a_batch_is_one_document(run: Run, tmp_path: Path) -> None:
    files = portfolio(tmp_path, 4)
    (tmp_path / "p9.yaml").write_text(BAD, encoding="utf-8")
    result = run("assess", tmp_path, "--format", "json")
    assert result.code == ExitCode.ERROR
    document = json.loads(result.out)
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["records"] == [json.loads(json_render.render(assess(f))) for f in files]
    assert [e["path"] for e in document["errors"]] == [str(tmp_path / "p9.yaml")]
    assert document["errors"][0]["first"]["line"] == 4
    summary = document["summary"]
    assert (summary["files"], summary["scored"], summary["could_not_score"]) == (5, 4, 1)
    (section,) = summary["rubrics"]
    assert (section["id"], section["scored"]) == ("mini", 4)
    assert sum(section["overall"].values()) == 4
    assert set(section["distribution"]) == {"leading", "coherence", "finance"}


def test_json_for_a_batch_with_nothing_scored_is_still_valid(run: Run, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    document = json.loads(run("assess", tmp_path, "--format", "json").out)
    assert document["records"] == []
    assert len(document["errors"]) == 1


def test_csv_has_one_row_per_partnership_and_a_column_per_dimension(
    run: Run, tmp_path: Path
) -> None:
    files = portfolio(tmp_path, 6)
    result = run("assess", tmp_path, "--format", "csv")
    assert result.code == ExitCode.OK, str(result)
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == 6
    assert list(rows[0]) == [
        "file",
        "partnership",
        "rubric",
        "overall",
        "overall_stage",
        "index",
        "provisional",
        "leading",
        "coherence",
        "finance",
        "below_gates",
        "asserted_share",
    ]
    for row, path in zip(rows, files, strict=True):
        record = assess(path)
        assert record.evidence is not None
        assert float(row["asserted_share"]) == record.evidence.asserted_share
        assert row["file"] == str(path)
        assert row["partnership"] == record.partnership.name
        assert row["overall"] == record.overall.stage
        assert row["index"] == profile_figure(record.overall.index)  # as every view shows it
        # a merged cell is written with its span: "mid..high"
        assert [row[d.id] for d in record.dimensions] == [
            d.stage if len(d.span) == 1 else f"{d.span[0]}..{d.span[-1]}" for d in record.dimensions
        ]


def test_csv_neutralises_formulas_and_quotes_commas(run: Run, tmp_path: Path) -> None:
    text = partnership('\'=HYPERLINK("http://x", "a, b")\'')
    (tmp_path / "evil.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "ok.yaml").write_text(partnership("Plain"), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run("assess", tmp_path, "-f", "csv").out)))
    assert rows[0]["partnership"] == '\'=HYPERLINK("http://x", "a, b")'


def test_markdown_is_the_portfolio_table(run: Run, tmp_path: Path) -> None:
    portfolio(tmp_path, 3)
    (tmp_path / "pipe.yaml").write_text(partnership("A | B"), encoding="utf-8")
    result = run("assess", tmp_path, "--format", "markdown")
    assert result.code == ExitCode.OK, str(result)
    table = [line for line in result.out.splitlines() if line.startswith("| ")]
    assert table[0] == "| Partnership | File | Lea | Coh | Fin | Overall | Index |"
    assert sum(".yaml |" in line for line in table) == 4  # one row per partnership
    assert "| A \\| B |" in result.out
    assert "| Leading |" in result.out  # the distribution table


def test_one_file_keeps_its_own_report(run: Run) -> None:
    example = EXAMPLES[0]
    single = run("assess", example, "--format", "json")
    assert single.out == json_render.render(assess(example))
    assert "Portfolio" not in run("assess", example).out
    # a folder always gives the portfolio, however many files it holds
    assert "Portfolio: 1 partnership scored" in run("assess", example.parent, "-x", "[!e]*").out


def test_every_format_has_a_batch_renderer() -> None:
    for fmt in Format:
        if fmt is Format.docx:  # a Word report is of one partnership: a batch says so
            assert registry.batch(fmt, Output()) is None
            continue
        assert isinstance(registry.batch(fmt, Output()), BatchRenderer)
    assert registry.single(Format.table) is not None
    assert registry.single(Format.json) is not None


# --- exit codes and gates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gates", "bad", "code"),
    [
        ([], False, ExitCode.OK),
        (["low"], False, ExitCode.OK),
        (["high"], False, ExitCode.FAILED),
        (["leading=high"], False, ExitCode.FAILED),
        ([], True, ExitCode.ERROR),
        (["high"], True, ExitCode.ERROR),  # could not score beats a failed gate
    ],
)
def test_exit_code_contract(
    run: Run, tmp_path: Path, gates: list[str], bad: bool, code: ExitCode
) -> None:
    portfolio(tmp_path, 4)
    if bad:
        (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    args = [a for g in gates for a in ("--fail-under", g)]
    for fmt in ("table", "jsonl", "csv"):
        result = run("assess", tmp_path, "--format", fmt, *args)
        assert result.code == code, f"{fmt}\n{result}"


def test_gates_apply_to_each_file(run: Run, tmp_path: Path) -> None:
    (tmp_path / "head.yaml").write_text(partnership("Head", "head"), encoding="utf-8")
    (tmp_path / "senior.yaml").write_text(partnership("Senior", "senior"), encoding="utf-8")
    result = run("assess", tmp_path, "--format", "csv", "--fail-under", "leading=high")
    assert result.code == ExitCode.FAILED
    below = [line for line in result.err.splitlines() if "below the gate" in line]
    assert below == [
        f"stagecheck: {tmp_path / 'senior.yaml'}: below the gate --fail-under leading=high"
    ]
    rows = {r["partnership"]: r["below_gates"] for r in csv.DictReader(io.StringIO(result.out))}
    assert rows == {"Head": "", "Senior": "leading=high"}
    table = run("assess", tmp_path, "--fail-under", "leading=high").out
    assert "1 below a gate" in table


def test_a_bad_gate_stops_a_batch_before_any_file(run: Run, tmp_path: Path) -> None:
    portfolio(tmp_path, 2)
    result = run("assess", tmp_path, "--fail-under", "leadng=high", "-f", "jsonl")
    assert result.code == ExitCode.ERROR
    assert "no dimension 'leadng' (did you mean 'leading'?)" in result.err
    assert result.out == ""


# --- discovery --------------------------------------------------------------------------------


def test_folders_are_searched_recursively_and_sorted_and_excludes_apply(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "drafts").mkdir(parents=True)
    for name in ("b/2.yml", "b/1.yaml", "a/z.yaml", "a/drafts/d.yaml", "a/x.draft.yaml"):
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "a" / "notes.txt").write_text("not yaml", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.yaml").write_text("x: 1\n", encoding="utf-8")
    found = batch.discover([tmp_path], ["drafts", "*.draft.yaml"])
    assert [Path(f).relative_to(tmp_path).as_posix() for f in found.files] == [
        "a/z.yaml",
        "b/1.yaml",
        "b/2.yml",
    ]
    everything = batch.discover([tmp_path])
    assert len(everything.files) == 5
    by_path = batch.discover([tmp_path], ["a/drafts/*"])
    assert len(by_path.files) == 4


def test_named_files_come_first_in_argument_order_and_only_once(tmp_path: Path) -> None:
    files = portfolio(tmp_path / "dir", 3)
    other = tmp_path / "odd.txt"
    other.write_text("x: 1\n", encoding="utf-8")
    found = batch.discover([files[2], other, tmp_path / "dir", files[0]])
    assert found.files == [str(files[2]), str(other), str(files[0]), str(files[1])]


def test_a_missing_path_is_reported_and_the_rest_scored(run: Run, tmp_path: Path) -> None:
    portfolio(tmp_path / "dir", 2)
    result = run("assess", tmp_path / "dir", tmp_path / "nowhere", "-f", "jsonl")
    assert result.code == ExitCode.ERROR
    assert len(jsonl_records(result.out)) == 2
    assert f"{tmp_path / 'nowhere'}: no such file or folder" in result.err


def test_a_broken_symlink_is_reported_not_fatal(run: Run, tmp_path: Path) -> None:
    portfolio(tmp_path, 2)
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "missing-target.yaml")
    result = run("assess", tmp_path, "--format", "jsonl")
    assert result.code == ExitCode.ERROR
    assert len(jsonl_records(result.out)) == 2
    assert f"{tmp_path / 'gone.yaml'}: is a broken symbolic link" in result.err


def test_a_symlink_loop_is_a_warning_and_every_file_is_scored_once(
    run: Run, tmp_path: Path
) -> None:
    portfolio(tmp_path / "top" / "sub", 2)
    (tmp_path / "top" / "sub" / "back").symlink_to(tmp_path / "top")
    result = run("assess", tmp_path / "top", "--format", "jsonl")
    assert result.code == ExitCode.OK, str(result)
    assert len(jsonl_records(result.out)) == 2
    assert "warning:" in result.err
    assert "(a loop); skipped" in result.err


AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ROOT_REASON = "root reads files whatever their mode; the broken-link and loop tests cover it"


@pytest.mark.skipif(AS_ROOT, reason=ROOT_REASON)
def test_an_unreadable_file_is_reported_not_fatal(run: Run, tmp_path: Path) -> None:
    portfolio(tmp_path, 2)
    locked = tmp_path / "locked.yaml"
    locked.write_text(partnership("Locked"), encoding="utf-8")
    locked.chmod(0)
    try:
        result = run("assess", tmp_path, "--format", "jsonl")
    finally:
        locked.chmod(0o644)
    assert result.code == ExitCode.ERROR
    assert len(jsonl_records(result.out)) == 2
    assert f"{locked}: cannot be read (Permission denied)" in result.err


@pytest.mark.skipif(AS_ROOT, reason=ROOT_REASON)
def test_an_unreadable_folder_is_reported_not_fatal(run: Run, tmp_path: Path) -> None:
    portfolio(tmp_path, 2)
    locked = tmp_path / "locked"
    portfolio(locked, 1)
    locked.chmod(0)
    try:
        result = run("assess", tmp_path, "--format", "jsonl")
    finally:
        locked.chmod(0o755)
    assert result.code == ExitCode.ERROR
    assert len(jsonl_records(result.out)) == 2
    assert f"{locked}: cannot be listed (Permission denied)" in result.err


def test_an_empty_folder_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("assess", tmp_path)
    assert result.code == ExitCode.ERROR
    assert "no .yaml or .yml files found" in result.err


# --- parallelism ------------------------------------------------------------------------------


def test_order_is_the_same_on_two_processes_as_on_one(run: Run, tmp_path: Path) -> None:
    files = portfolio(tmp_path, 150)  # 17 chunks of 9 on two processes
    (tmp_path / "p077.yaml").write_text(BAD, encoding="utf-8")
    one = run("assess", tmp_path, "--format", "jsonl", "--jobs", "1")
    two = run("assess", tmp_path, "--format", "jsonl", "--jobs", "2")
    assert two.code == one.code == ExitCode.ERROR
    assert two.out == one.out
    paths = [r["input"]["path"] for r in jsonl_records(two.out)]  # type: ignore[index]
    assert paths == [str(f) for f in files if f.name != "p077.yaml"]


def test_score_yields_one_outcome_per_file_in_order_across_workers(tmp_path: Path) -> None:
    files = [str(p) for p in portfolio(tmp_path, 40)]
    files.insert(5, str(tmp_path / "missing.yaml"))
    outcomes = list(batch.score(files, batch.Job(None, (), None), jobs=2))
    paths = [o.path if isinstance(o, batch.FailedFile) else o.row.path for o in outcomes]
    assert paths == files
    assert isinstance(outcomes[5], batch.FailedFile)
    assert sum(isinstance(o, batch.ScoredFile) for o in outcomes) == 40


# --- output -----------------------------------------------------------------------------------


def test_output_writes_the_file_and_refuses_to_overwrite(run: Run, tmp_path: Path) -> None:
    portfolio(tmp_path / "in", 3)
    target = tmp_path / "out.csv"
    first = run("assess", tmp_path / "in", "-f", "csv", "-o", target)
    assert first.code == ExitCode.OK, str(first)
    assert first.out == ""
    assert len(target.read_text("utf-8").splitlines()) == 4
    target.write_text("keep me", encoding="utf-8")
    again = run("assess", tmp_path / "in", "-f", "csv", "-o", target)
    assert again.code == ExitCode.ERROR
    assert "already exists; add --force to replace it" in again.err
    assert target.read_text("utf-8") == "keep me"
    forced = run("assess", tmp_path / "in", "-f", "csv", "-o", target, "--force")
    assert forced.code == ExitCode.OK
    assert target.read_text("utf-8").startswith("file,partnership")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.csv"]  # no temp left


def test_output_of_one_file_and_of_a_table(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    assert run("assess", EXAMPLES[0], "-o", target).code == ExitCode.OK
    assert "Overall stage:" in target.read_text("utf-8")
    assert "\x1b[" not in target.read_text("utf-8")


def test_output_is_all_or_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError), files.opened(target, force=False) as stream:
        stream.write("half a record")
        assert not target.exists()  # nothing is visible while it is written
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []  # no target, no temporary file


def test_output_that_appears_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with pytest.raises(UserError, match="exists"), files.opened(target, force=False) as stream:
        stream.write("new")
        target.write_text("someone else's", encoding="utf-8")
    assert target.read_text("utf-8") == "someone else's"
    assert list(tmp_path.iterdir()) == [target]


def test_output_into_a_missing_folder_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("assess", EXAMPLES[0], "-o", tmp_path / "no" / "out.json")
    assert result.code == ExitCode.ERROR
    assert "create it first" in result.err


# --- progress ---------------------------------------------------------------------------------


def test_progress_goes_to_stderr_never_into_machine_output(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm")  # rich draws no live bar on a dumb terminal
    portfolio(tmp_path, 5)
    result = run("assess", tmp_path, "--format", "jsonl", "--progress")
    assert result.code == ExitCode.OK
    assert len(jsonl_records(result.out)) == 5  # every line is a record
    assert "Scoring" in result.err
    quiet = run("assess", tmp_path, "--format", "jsonl")  # not a terminal: no bar
    assert "Scoring" not in quiet.err


def test_a_csv_holds_one_rubric_and_names_the_files_of_another(run: Run) -> None:
    result = run("assess", ROOT / "examples", "--format", "csv")
    assert result.code == ExitCode.ERROR
    rows = list(csv.reader(io.StringIO(result.out)))
    assert {r[2] for r in rows[1:]} == {"deep-and-tight"}  # the first rubric met
    refused = [line for line in result.err.splitlines() if "this CSV has the columns" in line]
    four = [p for p in (ROOT / "examples").rglob("*.yaml") if "deep-and-tight" not in p.parts]
    assert len(refused) == len(four)  # every four-stages file, named with its path
    assert all(line.startswith("examples/") or "/examples/" in line for line in refused)


def test_gates_in_a_folder_of_several_rubrics_apply_where_they_fit(run: Run) -> None:
    result = run("assess", ROOT / "examples", "--fail-under", "established")
    assert result.code == ExitCode.FAILED, str(result)
    assert "could not be scored" not in result.out + result.err
    # a four-stages file below the gate: ✗ on its row (its path may fold in the column)
    harcourt = next(line for line in result.out.splitlines() if "Harcourt Hall" in line)
    assert "✗" in harcourt
    misspelt = run("assess", ROOT / "examples", "--fail-under", "establishd")
    assert misspelt.code == ExitCode.ERROR
    assert "(did you mean 'established'?)" in misspelt.err
