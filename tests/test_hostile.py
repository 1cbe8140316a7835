"""Hostile input (issue 12): files built to crash, hang or mislead stagecheck. Each gets a
clean located error and exit 2, and a batch scores every other file whatever one file does."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import MINI, Run
from stagecheck import files
from stagecheck.batch import run as batch
from stagecheck.core import loader
from stagecheck.core.errors import InputError, UserError
from stagecheck.core.record import Record
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers import jsonl
from stagecheck.renderers.base import Format
from test_batch import partnership, portfolio

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
NEST = HOSTILE / "nest500.yaml"  # 500 lists inside each other, in 1 KB
CASES: dict[str, list[object]] = yaml.safe_load((HOSTILE / "cases.yaml").read_text("utf-8"))


def test_every_hostile_file_has_a_case() -> None:
    assert {p.name for p in HOSTILE.glob("*.yaml")} - {"cases.yaml"} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_file_is_reported_where_it_is_wrong(run: Run, name: str) -> None:
    line, column, message = CASES[name]
    path = HOSTILE / name
    result = run("assess", path, "--rubric", MINI)
    assert result.code == ExitCode.ERROR, str(result)
    assert result.out == ""
    where = f"{path}:{line}:{column}:" if line else f"{path}:"
    assert result.err.startswith(f"{where} {message}"), str(result)


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
@pytest.mark.parametrize("fmt", [f.value for f in Format if f is not Format.docx])
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
        assert len(result.out.splitlines()) == 7  # the rubric's line and six records
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
    assert [o.path if isinstance(o, batch.FailedFile) else o.row.path for o in outcomes] == files
    failed = {o.path: o.problems[0].message for o in outcomes if isinstance(o, batch.FailedFile)}
    assert failed == {
        files[7]: "the process scoring it stopped (it crashed or was killed); it was not scored",
        files[30]: "stagecheck failed on it unexpectedly (RuntimeError); it was not scored",
    }
    assert all(o.payload for o in outcomes if isinstance(o, batch.ScoredFile))


def test_a_worker_leaves_when_its_batch_is_killed() -> None:
    # a batch killed with -9 cannot shut its pool down: its workers must not wait for ever
    watch = (
        "import sys; from stagecheck.batch.run import _leave_with; _leave_with(int(sys.argv[1]))"
    )
    orphan = subprocess.Popen([sys.executable, "-c", watch, str(dead_pid())])
    kept = subprocess.Popen([sys.executable, "-c", watch, str(os.getpid())])
    try:
        assert orphan.wait(timeout=30) == 1
        time.sleep(1.5)
        assert kept.poll() is None  # its batch is still running
    finally:
        kept.kill()
        kept.wait()


def test_a_failing_file_scored_in_this_process_is_reported(tmp_path: Path) -> None:
    files = [str(p) for p in portfolio(tmp_path, 3)]
    (tmp_path / "raise-me.yaml").write_text(partnership("R"), "utf-8")
    files.insert(1, str(tmp_path / "raise-me.yaml"))
    outcomes = list(batch.score(files, batch.Job(str(MINI), (), hostile_encode), jobs=1))
    assert [type(o).__name__ for o in outcomes] == [
        "ScoredFile",
        "FailedFile",
        "ScoredFile",
        "ScoredFile",
    ]


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


@pytest.mark.parametrize("fmt", [f.value for f in Format if f is not Format.docx])
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


# --- 6. --force writes only over a regular file that is not an input -------------------------


@pytest.fixture
def scored(tmp_path: Path) -> Path:
    path = tmp_path / "in.yaml"
    path.write_text(partnership("In"), "utf-8")
    return path


def special_targets(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo.out"
    os.mkfifo(fifo)
    device = tmp_path / "device.out"
    device.symlink_to(os.devnull)
    return {"a FIFO (named pipe)": fifo, "a device": device}


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_output_never_replaces_a_special_file(
    run: Run, tmp_path: Path, scored: Path, force: list[str]
) -> None:
    for what, target in special_targets(tmp_path).items():
        kind = target.lstat().st_mode
        result = run("assess", scored, "--rubric", MINI, "-o", target, *force)
        assert result.code == ExitCode.ERROR, str(result)
        assert f"{target} is {what}, not a regular file" in result.err
        assert target.lstat().st_mode == kind  # still the FIFO, still the link


def test_a_target_that_becomes_special_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with (
        pytest.raises(UserError, match="not a regular file"),
        files.opened(target, force=True) as stream,
    ):
        stream.write("{}")
        os.mkfifo(target)
    assert stat.S_ISFIFO(target.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_output_never_replaces_an_input_of_the_run(
    run: Run, tmp_path: Path, scored: Path, mini_copy: Path
) -> None:
    original = scored.read_bytes()
    alias = tmp_path / "alias.yaml"
    alias.hardlink_to(scored)
    cases = [
        ("assess", scored, "-r", mini_copy, "-o", scored, "--force"),
        ("assess", scored, "-r", mini_copy, "-o", alias, "--force"),  # the same file
        ("assess", tmp_path, "-r", mini_copy, "-o", scored, "--force", "-f", "csv"),
        ("assess", scored, "-r", mini_copy, "-o", mini_copy, "--force"),  # the rubric
        ("assess", tmp_path, "-r", mini_copy, "-o", mini_copy, "--force", "-f", "csv"),
    ]
    for args in cases:
        result = run(*args)
        assert result.code == ExitCode.ERROR, str(result)
        assert "is an input of this run" in result.err, str(result)
    assert scored.read_bytes() == original
    assert mini_copy.read_bytes() == MINI.read_bytes()


def test_output_never_replaces_a_rubric_a_file_names(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    portfolio(folder, 2)  # each names the mini rubric by its path
    rubric = tmp_path / "mini.yaml"
    shutil.copy(MINI, rubric)
    for path in folder.iterdir():
        path.write_text(path.read_text("utf-8").replace(str(MINI), str(rubric)), "utf-8")
    for args in ([folder, "-f", "csv"], [folder / "p000.yaml"]):
        result = run("assess", *args, "-o", rubric, "--force")
        assert result.code == ExitCode.ERROR, str(result)
        assert f"{rubric} is an input of this run" in result.err
        assert rubric.read_bytes() == MINI.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "mini.yaml"]


def test_init_never_replaces_its_rubric(run: Run, mini_copy: Path) -> None:
    result = run("init", mini_copy, "-r", mini_copy, "--force")
    assert result.code == ExitCode.ERROR
    assert "is an input of this run" in result.err
    assert mini_copy.read_bytes() == MINI.read_bytes()


# --- 7. FIFOs and devices as input -------------------------------------------------------------


def test_a_fifo_named_alone_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "stagecheck", "assess", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,  # it waited for a writer for ever
        check=False,
    )
    assert result.returncode == ExitCode.ERROR
    assert (
        result.stderr == f"{fifo}: is a FIFO (named pipe), not a regular file; name a YAML file\n"
    )


def test_a_device_or_a_socket_is_refused(run: Run, tmp_path: Path) -> None:
    result = run("assess", os.devnull)
    assert result.code == ExitCode.ERROR
    assert "is a device, not a regular file" in result.err
    path = tmp_path / "socket.yaml"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        result = run("assess", path)
    assert result.code == ExitCode.ERROR
    assert result.err == f"{path}: is a socket, not a regular file; name a YAML file\n"


def test_a_fifo_or_device_in_a_folder_is_reported_and_the_rest_scored(
    run: Run, tmp_path: Path
) -> None:
    portfolio(tmp_path, 2)
    os.mkfifo(tmp_path / "p000-fifo.yaml")
    (tmp_path / "p001-device.yaml").symlink_to(os.devnull)
    result = run("assess", tmp_path, "-f", "jsonl")
    assert result.code == ExitCode.ERROR
    assert len(result.out.splitlines()) == 3  # the rubric line and two records
    assert f"{tmp_path / 'p000-fifo.yaml'}: is a FIFO (named pipe), not a regular file" in (
        result.err
    )
    assert f"{tmp_path / 'p001-device.yaml'}: is a device, not a regular file" in result.err


# --- 8. temporary files left by a killed run -----------------------------------------------------


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_write_removes_only_abandoned_temporary_files_of_its_own(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    dead, alive = dead_pid(), os.getpid()
    names = {
        f".out.json.{dead}.abcd_123.tmp": "old, its process gone: removed",
        ".out.json.k2j4h5g6.tmp": "old, named without a process: removed",
        f".out.json.{dead}.fresh123.tmp": "its process gone a moment ago: kept",
        f".out.json.{alive}.running.tmp": "its process running: kept",
        f".other.json.{dead}.abcd_123.tmp": "another target's: kept",
        f".out.json.{dead}.notours.txt": "not our pattern: kept",
        "out.json.12345678.tmp": "not hidden, so not ours: kept",
    }
    for name, why in names.items():
        (tmp_path / name).write_text(why, "utf-8")
        if "moment" not in why:  # the others have not changed for two hours
            os.utime(tmp_path / name, (time.time() - 7200, time.time() - 7200))
    files.write_atomic(target, "{}")
    left = {p.name for p in tmp_path.iterdir()} - {"out.json"}
    assert left == {name for name, why in names.items() if why.endswith("kept")}


def test_a_temporary_file_is_named_with_its_process(tmp_path: Path) -> None:
    with files.opened(tmp_path / "out.json", force=False):
        (temporary,) = tmp_path.iterdir()
        assert temporary.name.startswith(f".out.json.{os.getpid()}.")
        assert temporary.name.endswith(".tmp")


# --- 9. messages that say what is wrong -----------------------------------------------------------


def test_a_file_of_many_values_without_aliases_is_told_what_it_exceeds(tmp_path: Path) -> None:
    # as a 20,000-question rubric was, which was told to "remove aliases" it did not have
    rubric = tmp_path / "huge.yaml"
    rubric.write_text("questions: [" + "q, " * 100_001 + "]\n", "utf-8")
    with pytest.raises(InputError) as caught:
        loader.load(rubric, max_bytes=5_000_000)
    message = caught.value.problems[0].message
    assert message == "holds more than 100,000 values (list items and mapping values); split it"


def test_text_values_of_mappings_count_towards_the_value_limit(tmp_path: Path) -> None:
    # a mapping's text values are built without a call to the general builder: still counted
    many = tmp_path / "many.yaml"
    many.write_text("".join(f"k{i}: v\n" for i in range(100_001)), "utf-8")
    with pytest.raises(InputError) as caught:
        loader.load(many, max_bytes=5_000_000)
    message = caught.value.problems[0].message
    assert message == "holds more than 100,000 values (list items and mapping values); split it"
    aliased = tmp_path / "aliased.yaml"
    block = "".join(f"  k{i}: v\n" for i in range(400))
    aliased.write_text(f"a: &a\n{block}" + "".join(f"b{i}: *a\n" for i in range(300)), "utf-8")
    with pytest.raises(InputError) as caught:
        loader.load(aliased)
    message = caught.value.problems[0].message
    assert message == "expands to more than 100,000 values through its aliases; remove aliases"
