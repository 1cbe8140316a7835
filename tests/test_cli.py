"""The CLI end to end, as a user runs it: formats, colour, gates and exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, EXAMPLES, MINI, Run
from stagecheck.exitcodes import ExitCode

MIXED = DATA / "partnerships" / "mixed.yaml"
ANSI = re.compile(r"\x1b\[")


def test_table_shows_every_dimension_stage_reason_and_steps(run: Run) -> None:
    result = run("assess", MIXED)
    assert result.code == ExitCode.OK, str(result)
    for text in ("Mixed partnership", "Leading", "Coherence", "Finance", "■■□ Mid", "First steps"):
        assert text in result.out
    assert "For High: The head leads — not yet." in result.out
    assert "source: The table" in result.out
    assert not ANSI.search(result.out)  # not a terminal: plain text


def test_detail_shows_every_criterion_with_its_evidence(run: Run) -> None:
    result = run("assess", MIXED, "--detail")
    assert "evidence: MOU signed 2024" in result.out
    assert "All state schools" in result.out  # the not-applicable reason
    assert "Next steps to High" in result.out


def test_color_always_and_never(run: Run) -> None:
    assert ANSI.search(run("assess", MIXED, "--color", "always").out)
    assert not ANSI.search(run("assess", MIXED, "--color", "never").out)


def test_no_color_gives_plain_text_even_when_forced(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert not ANSI.search(run("assess", MIXED).out)


def test_json_is_one_versioned_record_with_provenance(run: Run) -> None:
    result = run("assess", MIXED, "--format", "json")
    record = json.loads(result.out)
    assert record["schema_version"] == 4
    assert record["tool"]["name"] == "stagecheck"
    assert record["rubric"]["id"] == "mini"
    assert re.fullmatch(r"[0-9a-f]{64}", record["rubric"]["sha256"])
    assert record["input"]["path"] == str(MIXED)
    assert re.fullmatch(r"[0-9a-f]{64}", record["input"]["sha256"])
    assert [d["id"] for d in record["dimensions"]] == ["leading", "coherence", "finance"]
    leading = record["dimensions"][0]
    assert {"stage", "criteria", "next_steps", "reason", "index", "progress"} <= set(leading)
    assert record["overall"]["stage"] == "mid"


@pytest.mark.parametrize(
    ("gate", "code"),
    [
        ("low", ExitCode.OK),
        ("mid", ExitCode.OK),
        ("high", ExitCode.FAILED),
        ("coherence=high", ExitCode.OK),
        ("leading=high", ExitCode.FAILED),
    ],
)
def test_fail_under_gates(run: Run, gate: str, code: ExitCode) -> None:
    result = run("assess", MIXED, "--fail-under", gate)
    assert result.code == code, str(result)
    assert ("below the gate" in result.err) == (code == ExitCode.FAILED)


@pytest.mark.parametrize(
    ("gate", "message"),
    [
        ("hihg", "no stage 'hihg' (did you mean 'high'?)"),
        ("leadng=high", "no dimension 'leadng' (did you mean 'leading'?)"),
    ],
)
def test_a_bad_gate_is_a_usage_error(run: Run, gate: str, message: str) -> None:
    result = run("assess", MIXED, "--fail-under", gate)
    assert result.code == ExitCode.ERROR
    assert message in result.err


def test_unknown_option_is_a_usage_error(run: Run) -> None:
    result = run("assess", MIXED, "--formt", "json")
    assert result.code == ExitCode.ERROR
    assert result.err == (
        "stagecheck: no such option --formt (did you mean '--format'?); "
        "see 'stagecheck assess --help'\n"
    )


def test_version_and_help(run: Run) -> None:
    assert run("--version").out.startswith("stagecheck ")
    assert "--fail-under" in run("assess", "--help").out


def test_a_broken_rubric_is_reported_in_the_rubric_file(run: Run, tmp_path: Path) -> None:
    rubric = yaml.safe_load(MINI.read_text("utf-8"))
    rubric["dimensions"][0]["cells"][1]["criteria"][0]["when"]["question"] = "leader"
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(rubric, sort_keys=False), encoding="utf-8")
    result = run("assess", MIXED, "--rubric", broken)
    assert result.code == ExitCode.ERROR
    assert re.search(
        rf"{broken}:\d+:\d+: dimensions\[0\]\.cells\[1\]\.criteria\[0\]\.when\.question: "
        r"there is no question 'leader' \(did you mean 'lead'\?\) \[SC105\]",
        result.err,
    ), str(result)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_scores_what_it_declares(run: Run, example: Path) -> None:
    expected = yaml.safe_load(example.read_text("utf-8"))["expected"]
    result = run("assess", example, "--format", "json")
    assert result.code == ExitCode.OK, str(result)
    record = json.loads(result.out)
    stages = {d["id"]: d["stage"] for d in record["dimensions"]}
    assert stages == expected["dimensions"]
    assert record["overall"]["stage"] == expected["overall"]


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_prints_a_table(run: Run, example: Path) -> None:
    result = run("assess", example)
    assert result.code == ExitCode.OK, str(result)
    assert "Overall stage:" in result.out
    assert "First steps" in result.out


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "stagecheck", "assess", str(MIXED), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["overall"]["stage"] == "mid"


def test_a_bad_file_exits_2_without_a_traceback_in_a_real_process(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("partnership: [\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "stagecheck", "assess", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"{bad}:2:1: has a list in [ ] or a mapping in {{ }} that")
    assert "Traceback" not in done.stderr


def test_text_from_files_is_printed_as_written_not_as_markup(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "markup.yaml"
    path.write_text(
        'partnership:\n  name: "[bold]Draft[/] :smile:"\n  partners: [{name: A, sector: state}]\n',
        encoding="utf-8",
    )
    result = run("assess", path, "--color", "always")
    assert "[bold]Draft[/] :smile:" in ANSI.sub("", re.sub(r"\x1b\[[0-9;]*m", "", result.out))


def test_a_gate_needs_a_dimension_before_its_equals_sign(run: Run) -> None:
    result = run("assess", MIXED, "--fail-under", "=high")
    assert result.code == ExitCode.ERROR
    assert "name the dimension before '='" in result.err


def test_a_closed_pipe_ends_quietly_as_it_does_cat() -> None:
    # far more output than a pipe holds, and a reader that stops after the first bytes
    command = [sys.executable, "-m", "stagecheck", "assess", *map(str, EXAMPLES), "-f", "jsonl"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(10).startswith(b'{"schema')
        process.stdout.close()
        errors = process.stderr.read().decode()
        process.wait()
    assert process.returncode == ExitCode.CLOSED_PIPE  # not 1, which means "below a gate"
    assert "Traceback" not in errors


def test_names_from_a_rubric_are_printed_as_written(run: Run, mini_copy: Path) -> None:
    text = mini_copy.read_text("utf-8").replace("name: Leading", "name: Leading [bold]draft[/]")
    mini_copy.write_text(text, "utf-8")
    result = run("assess", MIXED, "--rubric", mini_copy, "--detail")
    assert result.code == ExitCode.OK, str(result)
    assert "Leading [bold]draft[/]" in result.out  # in the table and as the panel's title
