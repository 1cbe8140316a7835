"""The library API as a program or a notebook uses it: the same results as the command line,
from files or from data in memory, one file or many, in any format."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

import stagecheck
from conftest import EXAMPLES, ROOT, Run
from stagecheck.core.errors import InputError, UserError

REGIONAL = ROOT / "examples" / "regional-hub.yaml"


def test_assess_a_file_gives_the_record_the_cli_prints_as_json(run: Run) -> None:
    record = stagecheck.assess(REGIONAL)
    assert isinstance(record, stagecheck.Record)
    assert record.to_dict() == json.loads(run("assess", REGIONAL, "-f", "json").out)
    assert json.loads(record.to_json()) == record.to_dict()


def test_assess_a_mapping_in_memory_scores_as_its_file_does() -> None:
    data = yaml.safe_load(REGIONAL.read_text("utf-8"))
    from_memory = stagecheck.assess(data).to_dict()
    from_file = stagecheck.assess(REGIONAL).to_dict()
    for d in (from_memory, from_file):
        del d["input"]
    assert from_memory == from_file


def test_a_mapping_with_a_problem_is_located_under_its_name() -> None:
    data: dict[str, Any] = {"partnership": {"name": "X", "partners": [{"name": "A"}]}}
    with pytest.raises(InputError) as caught:
        stagecheck.assess(data, name="from-the-database")
    [problem] = caught.value.problems
    assert problem.file == "from-the-database"
    assert problem.path == "partnership.partners[0].sector"
    assert problem.line >= 1


def test_a_rubric_can_be_given_by_id_by_path_or_loaded() -> None:
    loaded = stagecheck.load_rubric("four-stages")
    by_id = stagecheck.assess(REGIONAL, "four-stages")
    by_path = stagecheck.assess(REGIONAL, str(ROOT / "rubrics" / "four-stages.yaml"))
    given = stagecheck.assess(REGIONAL, loaded)
    assert by_id.overall == by_path.overall == given.overall
    with pytest.raises(UserError, match="no such rubric"):
        stagecheck.assess(REGIONAL, "four-stagez")


@pytest.mark.parametrize("jobs", [1, 2])
def test_assess_many_yields_a_record_or_a_file_error_per_file_in_order(
    tmp_path: Path, jobs: int
) -> None:
    for i, example in enumerate(EXAMPLES[:3]):
        (tmp_path / f"p{i}.yaml").write_bytes(example.read_bytes())
    (tmp_path / "p1b.yaml").write_text("partnership: [\n", encoding="utf-8")
    results = list(stagecheck.assess_many([tmp_path], jobs=jobs))
    names = [
        Path(r.path if isinstance(r, stagecheck.FileError) else r.input.path).name for r in results
    ]
    assert names == [
        "p0.yaml",
        "p1.yaml",
        "p1b.yaml",
        "p2.yaml",
    ]
    error = results[2]
    assert isinstance(error, stagecheck.FileError)
    assert "p1b.yaml:" in str(error)
    assert all(isinstance(r, stagecheck.Record) for i, r in enumerate(results) if i != 2)


@pytest.mark.parametrize("form", ["table", "json", "markdown", "html", "csv", "jsonl"])
def test_render_gives_what_the_cli_writes(run: Run, form: str) -> None:
    record = stagecheck.assess(REGIONAL)
    text = stagecheck.render(record, form)
    if form == "table":
        assert "Overall stage:" in text and "\x1b[" not in text
        assert max(len(line) for line in text.splitlines()) <= 100
        assert "\x1b[" in stagecheck.render(record, form, color=True)
    elif form in ("json", "markdown", "html"):
        assert text == run("assess", REGIONAL, "-f", form).out
    elif form == "csv":
        assert text.splitlines()[0].startswith("file,partnership,rubric,overall")
    else:
        assert json.loads(text.splitlines()[-1])["overall"]["stage"] == record.overall.stage


def _score(path: str) -> dict[str, Any]:
    """What an engine's map step runs on each file (a Dask bag's map, Spark's mapPartitions)."""
    try:
        return stagecheck.assess(path).to_dict()
    except stagecheck.UserError as exc:
        return {"error": str(exc), "path": path}


def test_mapping_assess_over_an_engine_as_docs_library_shows(tmp_path: Path) -> None:
    # the docs' pattern, with the standard library's process pool standing in for the engine
    paths = [str(p) for p in EXAMPLES]
    bad = tmp_path / "bad.yaml"
    bad.write_text("partnership: {name: X}\n", encoding="utf-8")
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_score, [*paths, str(bad)], chunksize=2))
    assert [r["input"]["path"] for r in results[:-1]] == paths
    assert results[-1]["path"] == str(bad) and "partners" in results[-1]["error"]
    stages = {r["partnership"]["name"]: r["overall"]["stage"] for r in results[:-1]}
    assert stages == {
        stagecheck.assess(p).partnership.name: stagecheck.assess(p).overall.stage for p in paths
    }


class Text(str):
    """A str subclass, as programs often hold (an ORM's text type, say)."""


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: stagecheck.render(stagecheck.assess(REGIONAL), "nope"), "unknown format 'nope'"),
        (lambda: stagecheck.render({}, "json"), "render takes a record from assess"),  # type: ignore[arg-type]
        (lambda: stagecheck.render(stagecheck.assess(REGIONAL), width=10**9), "width is"),
        (lambda: stagecheck.assess(REGIONAL, rubric=5), "a rubric is named by its id"),  # type: ignore[arg-type]
        (lambda: stagecheck.load_rubric(None), "a rubric is named by its id"),  # type: ignore[arg-type]
        (lambda: stagecheck.assess("a\0b.yaml"), "cannot hold a NUL character"),
        (lambda: list(stagecheck.assess_many(None)), "takes a list of files"),  # type: ignore[arg-type]
        (lambda: list(stagecheck.assess_many([REGIONAL], jobs="2")), "jobs is a number"),  # type: ignore[arg-type]
        (lambda: stagecheck.assess({"partnership": {"name": frozenset()}}), "a frozenset cannot"),
        (lambda: stagecheck.assess({"answers": {"a": 10**5000}}), "too large a number"),
    ],
)
def test_a_bad_argument_is_a_user_error_in_plain_words(call: Any, message: str) -> None:
    # regression (final hostile pass): these raised ValueError, TypeError, AttributeError,
    # RepresenterError or RecursionError
    with pytest.raises(UserError, match=message):
        call()


def test_a_cycle_or_deep_nesting_in_a_mapping_is_a_user_error() -> None:
    data: dict[str, Any] = {"partnership": {"name": "X"}}
    data["partnership"]["self"] = data
    with pytest.raises(UserError, match="nested more than 64 levels deep"):
        stagecheck.assess(data)


def test_str_and_int_subclasses_in_a_mapping_are_read_as_text_and_numbers() -> None:
    data = yaml.safe_load(REGIONAL.read_text("utf-8"))
    data["partnership"]["name"] = Text(data["partnership"]["name"])
    assert stagecheck.assess(data).partnership.name == data["partnership"]["name"]


def test_assess_many_takes_one_path_as_one_path(tmp_path: Path) -> None:
    # regression: a str was iterated as its characters ("/" walked the whole disk)
    (tmp_path / "x.yaml").write_bytes(REGIONAL.read_bytes())
    [record] = stagecheck.assess_many(str(tmp_path / "x.yaml"), jobs=1)
    assert isinstance(record, stagecheck.Record)


@pytest.mark.parametrize("wrong", [1, None, b"review.yaml"])
def test_history_says_a_wrong_argument_plainly(wrong: Any) -> None:
    with pytest.raises(UserError, match="history takes a file's or a folder's"):
        stagecheck.history(wrong)


def test_every_library_function_is_reachable_from_the_package() -> None:
    # Bug: `stagecheck.review` was missing, though `stagecheck.api.review` and the docs had it.
    from stagecheck import api as library

    for name in library.__all__:
        assert name in stagecheck.__all__, name
        assert getattr(stagecheck, name) is getattr(library, name), name
