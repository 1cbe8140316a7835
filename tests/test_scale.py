"""Large portfolios (issue 11, scale): past `SUMMARY_OVER` files the views that draw a row per
file show the summary (forced here with a small threshold), `--summary` gives it at any size,
`--all` every row; the main process keeps nothing per file."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, Golden, Run
from stagecheck import api
from stagecheck.batch import driver
from stagecheck.batch import portfolio as pf
from stagecheck.batch.portfolio import WEAKEST, Row, Section, Summary, ordered
from stagecheck.core.record import Record
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers import words_portfolio
from test_batch import BAD, partnership
from test_batch import portfolio as make_portfolio

MIXED = Path("tests", "data", "partnerships", "mixed.yaml")


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pf, "SUMMARY_OVER", 3)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Fourteen partnerships of the mini rubric (more than WEAKEST) and one broken file."""
    make_portfolio(tmp_path, 14)
    (tmp_path / "p099.yaml").write_text(BAD, encoding="utf-8")
    return tmp_path


def test_a_large_portfolio_on_the_terminal_is_its_summary(
    run: Run, folder: Path, small_threshold: None
) -> None:
    result = run("assess", folder)
    assert result.code == ExitCode.ERROR, str(result)  # the broken file
    out = " ".join(result.out.split())  # words, whatever the wrapping
    assert "Portfolio: 14 partnerships scored (summary)" in out
    for part in (
        "How many partnerships stand at each stage",
        "Holding most partnerships back:",
        words_portfolio.BLOCKING_TITLE,
        f"The {WEAKEST} weakest of 14 partnerships:",
        "Could not be scored (1):",
        "add --all",
        "--format csv",
        "15 files: 14 scored; 1 could not be scored.",
    ):
        assert part in out, part
    assert "a portfolio of more than 3 is shown as its summary" in out
    assert str(folder / "p099.yaml") in result.out.replace("\n", "")
    # the weakest ten, weakest first; the other four are not drawn
    records = [api.assess(p) for p in sorted(folder.glob("p0[01]*.yaml"))]
    weakest = sorted(
        records,
        key=lambda r: (
            r.overall.stage_number,
            r.overall.index,
            r.partnership.name.casefold(),
            r.input.path,
        ),
    )
    flat = "".join(result.out.split())  # long paths fold across lines
    for r in weakest[:WEAKEST]:
        assert Path(r.input.path).name in flat
    for r in weakest[WEAKEST:]:
        assert Path(r.input.path).name not in flat


def test_all_draws_every_row_of_a_large_portfolio(
    run: Run, folder: Path, small_threshold: None
) -> None:
    out = run("assess", folder, "--all").out
    assert "Portfolio: 14 partnerships scored\n" in out
    assert "(summary)" not in out
    flat = "".join(out.split())
    for p in sorted(folder.glob("p0[01]*.yaml")):
        assert p.name in flat


def test_a_small_portfolio_keeps_every_row_unless_summary_is_asked(
    run: Run, tmp_path: Path
) -> None:
    make_portfolio(tmp_path, 4)
    assert "(summary)" not in run("assess", tmp_path).out
    out = " ".join(run("assess", tmp_path, "--summary").out.split())
    assert "Portfolio: 4 partnerships scored (summary)" in out
    assert "All 4 partnerships, weakest first:" in out
    assert "The summary alone (--summary)" in out


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_summary_in_the_page_formats(run: Run, folder: Path, fmt: str) -> None:
    result = run("assess", folder, "--summary", "-f", fmt)
    assert result.code == ExitCode.ERROR
    out = result.out
    assert words_portfolio.weakest_title(WEAKEST, 14) in out
    assert words_portfolio.BLOCKING_TITLE in out
    assert "The summary alone (--summary)" in out
    assert "p099.yaml" in out  # the file that could not be scored, listed in the view
    shown = [p.name for p in sorted(folder.glob("p0[01]*.yaml")) if p.name in out]
    assert len(shown) == WEAKEST


def test_summary_in_json_has_no_records_and_names_the_weakest(run: Run, folder: Path) -> None:
    full = json.loads(run("assess", folder, "-f", "json").out)
    result = run("assess", folder, "-f", "json", "--summary")
    assert result.code == ExitCode.ERROR
    document = json.loads(result.out)
    assert "records" not in document
    assert document["summary"] == full["summary"]
    assert [e["path"] for e in document["errors"]] == [str(folder / "p099.yaml")]
    (section,) = document["summary"]["rubrics"]
    records = sorted(
        full["records"],
        key=lambda r: (
            r["overall"]["stage_number"],
            r["overall"]["index"],
            r["partnership"]["name"].casefold(),
            r["input"]["path"],
        ),
    )
    assert [w["path"] for w in section["weakest"]] == [
        r["input"]["path"] for r in records[:WEAKEST]
    ]
    # each criterion's count: the files it keeps at their overall stage, read from the records
    expected: dict[str, int] = {}
    for r in full["records"]:
        held = set(r["overall"]["holding_back"])
        for d in r["dimensions"]:
            if d["id"] in held and d["next_stage"]:
                for c in d["criteria"]:
                    if c["stage"] == d["next_stage"] and c["counts"] and c["outcome"] != "met":
                        expected[c["id"]] = expected.get(c["id"], 0) + 1
    assert section["holding_back_criteria"] == expected


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_summary_is_refused_where_a_format_has_none(run: Run, folder: Path, fmt: str) -> None:
    result = run("assess", folder, "--summary", "-f", fmt)
    assert result.code == ExitCode.ERROR
    assert result.out == ""
    assert f"--format {fmt} has no summary" in result.err


def test_summary_and_all_together_are_refused(run: Run, folder: Path) -> None:
    result = run("assess", folder, "--summary", "--all")
    assert result.code == ExitCode.ERROR
    assert "--summary and --all ask for different views" in result.err


def test_summary_of_one_file_is_a_portfolio_of_one(run: Run) -> None:
    result = run("assess", ROOT / "examples" / "regional-hub.yaml", "--summary")
    assert result.code == ExitCode.OK, str(result)
    assert "Portfolio: 1 partnership scored (summary)" in result.out


def test_the_main_process_keeps_nothing_per_file(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 60-file batch (over the threshold) in each row-per-file format: after every file has
    been collected, the view and the summary hold no record and at most 2 x WEAKEST rows."""
    for i in range(60):
        (tmp_path / f"q{i:03}.yaml").write_text(partnership(f"P {i}", staff=i % 7), "utf-8")
    seen: list[Any] = []
    collect = driver.collect

    def spy(outcomes: Any, summary: Summary, view: Any, *args: Any) -> set[str]:
        def counted() -> Any:
            for outcome in outcomes:
                assert getattr(outcome, "record", None) is None  # records never come back
                yield outcome

        learnt = collect(counted(), summary, view, *args)
        seen.append((summary, view))
        return learnt

    monkeypatch.setattr(driver, "collect", spy)
    for fmt in ("table", "markdown", "html", "json", "jsonl", "csv"):
        assert run("assess", tmp_path, "-f", fmt).code == ExitCode.OK
        summary, view = seen.pop()
        assert summary.scored == 60
        held = _reachable(view) + _reachable(summary)
        assert not any(isinstance(x, Record) for x in held), fmt
        assert sum(isinstance(x, Row) for x in held) <= 2 * WEAKEST, fmt


def _reachable(value: Any, seen: set[int] | None = None) -> list[Any]:
    """Every object reachable from `value` through attributes and containers."""
    seen = set() if seen is None else seen
    if id(value) in seen or isinstance(value, str | int | float | bool | type(None)):
        return []
    seen.add(id(value))
    out = [value]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _reachable(k, seen) + _reachable(v, seen)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            out += _reachable(v, seen)
    elif dataclasses.is_dataclass(value) or hasattr(value, "__dict__"):
        names = (
            [f.name for f in dataclasses.fields(value)] if dataclasses.is_dataclass(value) else []
        )
        names += list(getattr(value, "__dict__", {}))
        for name in names:
            if name not in ("out",):  # the output stream and console, not data
                out += _reachable(getattr(value, name), seen)
    return out


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_summary_golden(
    run: Run, golden: Golden, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.chdir(ROOT)
    result = run("assess", "examples", MIXED, "-f", "markdown" if fmt == "md" else fmt, "--summary")
    golden(f"portfolio-summary.{fmt}", result.out)


# --- the bounded weakest rows ------------------------------------------------------------------


def _row(i: int, number: int, index: float, name: str) -> Row:
    return Row(f"f{i}.yaml", name, "r", "r.yaml", (), "s", number, index, False, (), ())


@given(
    st.lists(
        st.tuples(st.integers(1, 4), st.floats(1, 5, allow_nan=False), st.text(max_size=3)),
        max_size=60,
    )
)
def test_weakest_is_the_head_of_the_ordered_rows(items: list[tuple[int, float, str]]) -> None:
    section = Section("r", "R", [], [])
    rows = [_row(i, n, x, name) for i, (n, x, name) in enumerate(items)]
    for r in rows:
        section.add(r)
        assert len(section._weakest) < 2 * WEAKEST
    assert section.weakest() == ordered(rows)[:WEAKEST]
