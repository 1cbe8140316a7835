"""Hostile input (issue 12): files built to crash, hang or mislead stagecheck. Each gets a
clean located error and exit 2, and a batch scores every other file whatever one file does."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import pytest

from conftest import MINI, Run
from stagecheck import batch, loader
from stagecheck.errors import InputError
from stagecheck.exitcodes import ExitCode
from stagecheck.formats import Format
from stagecheck.record import Record
from stagecheck.render import jsonl
from test_batch import partnership, portfolio

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
NEST = HOSTILE / "nest500.yaml"  # 500 lists inside each other, in 1 KB


# --- 1. deep nesting --------------------------------------------------------------------------


def nested(depth: int) -> str:
    """A file whose lists and mappings are `depth` levels deep, the top mapping included."""
    return "a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"


def test_deep_nesting_is_a_located_error(run: Run) -> None:
    result = run("assess", NEST, "--rubric", MINI)
    assert result.code == ExitCode.ERROR, str(result)
    assert result.err.startswith(f"{NEST}:1:"), str(result)
    assert "nested more than 64 levels deep; flatten it" in result.err


def test_nesting_up_to_the_limit_loads_and_one_more_level_does_not() -> None:
    assert loader.parse(nested(loader.MAX_DEPTH).encode(), "ok.yaml").data
    with pytest.raises(InputError, match=r"ok.yaml:1:67: has lists or mappings nested more"):
        loader.parse(nested(loader.MAX_DEPTH + 1).encode(), "ok.yaml")


def deep_rubric(tmp_path: Path, depth: int) -> Path:
    """The mini rubric with one criterion's `when:` nested `depth` times in `all`."""
    condition = "{all: [" * depth + "{question: goals, is: yes}" + "]}" * depth
    text = MINI.read_text("utf-8").replace("when: {question: goals, is: yes}", f"when: {condition}")
    path = tmp_path / f"deep-{depth}.yaml"
    path.write_text(text, "utf-8")
    return path


def test_a_rubric_with_conditions_nested_250_deep_is_a_located_error(
    run: Run, tmp_path: Path
) -> None:
    rubric = deep_rubric(tmp_path, 250)
    (tmp_path / "p.yaml").write_text(partnership("P"), "utf-8")
    result = run("assess", tmp_path / "p.yaml", "--rubric", rubric)
    assert result.code == ExitCode.ERROR, str(result)
    assert result.err.startswith(f"{rubric}:93:"), str(result)
    assert "nested more than 64 levels deep" in result.err
    checked = run("rubric", "check", rubric)
    assert checked.code == ExitCode.FAILED, str(checked)
    assert "SC001" in checked.out


def test_a_rubric_nested_as_deep_as_the_limit_allows_scores(run: Run, tmp_path: Path) -> None:
    rubric = deep_rubric(tmp_path, 27)  # 64 levels with the rubric's own
    (tmp_path / "p.yaml").write_text(partnership("P"), "utf-8")
    result = run("assess", tmp_path / "p.yaml", "--rubric", rubric, "-f", "json")
    assert result.code == ExitCode.OK, str(result)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_a_deep_file_in_a_batch_is_reported_and_every_other_file_scored(
    run: Run, tmp_path: Path, fmt: str, jobs: str
) -> None:
    folder = tmp_path / "in"
    portfolio(folder, 6)
    shutil.copy(NEST, folder / "p003-deep.yaml")
    result = run("assess", folder, "-f", fmt, "-j", jobs, "--rubric", MINI)
    assert result.code == ExitCode.ERROR, str(result)
    both = result.out + result.err
    assert "p003-deep.yaml" in both
    assert "nested more than 64" in both
    if fmt == "json":
        document = json.loads(result.out)  # whole, not cut
        assert len(document["records"]) == 6
        assert [e["path"] for e in document["errors"]] == [str(folder / "p003-deep.yaml")]
    elif fmt == "jsonl":
        assert len(result.out.splitlines()) == 6
    elif fmt == "csv":
        assert len(result.out.splitlines()) == 7  # the header and six rows
    else:
        assert all(f"Partnership {i}" in result.out for i in range(6)), str(result)


def hostile_encode(record: Record) -> str:
    """An encoder that kills its worker on one file and fails on another (a stand-in for a crash
    in a C extension, the OOM killer, or a bug)."""
    name = Path(record.input.path).name
    if name == "kill-me.yaml":
        os.kill(os.getpid(), signal.SIGKILL)
    if name == "raise-me.yaml":
        raise RuntimeError("a bug")
    return jsonl.encode(record)


def test_a_worker_killed_or_failing_never_ends_the_batch(tmp_path: Path) -> None:
    files = [str(p) for p in portfolio(tmp_path, 40)]
    for index, name in ((7, "kill-me.yaml"), (30, "raise-me.yaml")):
        (tmp_path / name).write_text(partnership(name), "utf-8")
        files.insert(index, str(tmp_path / name))
    outcomes = list(batch.score(files, batch.Job(str(MINI), (), hostile_encode), jobs=2))
    assert [o.path if isinstance(o, batch.Failed) else o.row.path for o in outcomes] == files
    failed = {o.path: o.problems[0].message for o in outcomes if isinstance(o, batch.Failed)}
    assert failed == {
        files[7]: "the process scoring it stopped (it crashed or was killed); it was not scored",
        files[30]: "stagecheck failed on it unexpectedly (RuntimeError); it was not scored",
    }
    assert all(o.payload for o in outcomes if isinstance(o, batch.Scored))


def test_a_failing_file_scored_in_this_process_is_reported(tmp_path: Path) -> None:
    files = [str(p) for p in portfolio(tmp_path, 3)]
    (tmp_path / "raise-me.yaml").write_text(partnership("R"), "utf-8")
    files.insert(1, str(tmp_path / "raise-me.yaml"))
    outcomes = list(batch.score(files, batch.Job(str(MINI), (), hostile_encode), jobs=1))
    assert [type(o).__name__ for o in outcomes] == ["Scored", "Failed", "Scored", "Scored"]


# --- 3. many unknown keys ---------------------------------------------------------------------


class CountedList(list[object]):
    """A list that counts how often it is walked."""

    walks = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        CountedList.walks += 1
        return super().__iter__()


def test_locating_many_keys_walks_each_mapping_once() -> None:
    keys = [f"k{i}" for i in range(2_000)]
    document = loader.parse("".join(f"{k}: v\n" for k in keys).encode(), "many.yaml")
    document.root.value = CountedList(document.root.value)
    CountedList.walks = 0
    assert [loader.locate(document.root, (k,), at_key=True)[0] for k in keys] == list(
        range(1, 2_001)
    )
    assert CountedList.walks == 1  # was once per key: quadratic in the number of keys


def test_a_file_of_20000_unknown_keys_reports_a_bounded_number_of_problems(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(
        partnership("Big") + "".join(f"k{i:05d}: v\n" for i in range(20_000)), encoding="utf-8"
    )
    result = run("assess", path)
    assert result.code == ExitCode.ERROR
    lines = result.err.splitlines()
    assert len(lines) == 51, lines[-3:]
    assert lines[0].startswith(f"{path}:16:1: k00000: unknown key 'k00000'")
    assert lines[-1] == f"{path}: and 19,950 more problems"


@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_every_format_gives_the_first_problem_of_a_file_and_a_count(
    run: Run, tmp_path: Path, fmt: str
) -> None:
    portfolio(tmp_path, 2)
    text = partnership("Two problems").replace("lead: senior", "lead: boss")
    (tmp_path / "z.yaml").write_text(text.replace("staff: 3", "staff: lots"), "utf-8")
    result = run("assess", tmp_path, "-f", fmt)
    assert result.code == ExitCode.ERROR
    both = result.out + result.err
    assert "boss" in both
    assert "is not allowed" in both
    assert "and 1 more" in both
    assert "is not a whole number" not in both, str(result)
