"""Every terminal view fits the terminal's width (issue 12, item 11): golden files at 80 and
120 columns (plain text; regenerate with `pytest --update-goldens`, never in CI), and no line
of any view wider than the terminal for any example."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import ROOT, Golden, Run
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers.portfolio import middle

MIXED = Path("tests", "data", "partnerships", "mixed.yaml")
MINI = Path("tests", "data", "rubrics", "mini.yaml")
WIDTHS = [80, 120]


@pytest.fixture(autouse=True)
def _from_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in the views are relative, as a user types them


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


VIEWS = {
    "table": ("assess", MIXED, "--detail"),
    "table-four-stages": ("assess", Path("examples", "national-commonwealth.yaml")),
    "portfolio": ("assess", "examples", MIXED),
    "portfolio-summary": ("assess", "examples", MIXED, "--summary"),
    "explain": ("explain", "leading", MIXED),
    "explain-four-stages": (
        "explain",
        "sustainability",
        Path("examples", "national-commonwealth.yaml"),
    ),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", VIEWS)
def test_terminal_views_golden(
    run: Run, golden: Golden, monkeypatch: pytest.MonkeyPatch, view: str, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = run(*VIEWS[view])
    assert result.code == ExitCode.OK, str(result)
    assert widest(result.out) <= width
    golden(f"{view}-{width}.txt", result.out)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_example_fits_and_keeps_its_index_and_stage_names(
    run: Run, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    portfolio = run("assess", "examples")
    assert widest(portfolio.out) <= width
    for header in (line for line in portfolio.out.splitlines() if "Overall" in line):
        if header.startswith("Partnership"):
            # the last column is never dropped: Index, or deep-and-tight's readings after it
            assert header.rstrip().endswith(("Index", "Index   Tea     Dev     Acc")), header
    words = " ".join(portfolio.out.split())
    assert "Established and sustainable" in words  # wrapped between words, never cut
    for example in sorted(Path("examples").rglob("*.yaml")):
        out = run("assess", example, "--detail").out
        assert widest(out) <= width, f"{example}\n{out}"


def test_a_long_path_loses_its_middle_not_its_file_name() -> None:
    path = "examples/deep-and-tight/cpd-cluster.yaml"
    assert middle(path, 60) == path
    assert middle(path, 30) == "examples/…ght/cpd-cluster.yaml"
    assert middle(path, 18) == "…/cpd-cluster.yaml"
    assert all(cell_len(middle(path, w)) <= w for w in range(1, 45))


@pytest.mark.parametrize(("columns", "wrapped"), [(60, 59), (80, 79), (200, 88)])
def test_the_interview_wraps_at_the_terminal_s_width(
    monkeypatch: pytest.MonkeyPatch, columns: int, wrapped: int
) -> None:
    from stagecheck.authoring.interview import _wrap

    monkeypatch.setenv("COLUMNS", str(columns))
    text = _wrap("[1/40] " + "a word " * 60, "  ")
    assert wrapped - 7 <= widest(text) <= wrapped


EVIDENCE_EXAMPLES = [
    Path("examples", "established-mou.yaml"),  # asserted to independent
    Path("examples", "national-commonwealth.yaml"),  # documented
]


@pytest.mark.parametrize("width", [80, 100, 120])
@pytest.mark.parametrize("example", EVIDENCE_EXAMPLES, ids=lambda p: p.stem)
def test_the_evidence_column_never_cuts_a_word(
    run: Run, monkeypatch: pytest.MonkeyPatch, example: Path, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = run("assess", example)
    assert result.code == ExitCode.OK, str(result)
    lines = result.out.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    bottom = next(i for i, line in enumerate(lines) if line.startswith("└"))
    table = lines[top : bottom + 1]
    assert widest(result.out) <= width
    assert not [line for line in table if "…" in line], "\n".join(table)
    evidence = {line.split("│")[4].strip() for line in table if line.startswith("│")}
    assert {"asserted", "documented", "independent"} & evidence  # whole words, each on a line


@pytest.mark.parametrize("width", [80, 100, 120])
def test_no_table_of_any_example_cuts_a_word(
    run: Run, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    # each column is at least as wide as its longest word ("independent", "commonwealth",
    # "Teacher-to-teacher"): it wraps between words, never ends one with "…"
    monkeypatch.setenv("COLUMNS", str(width))
    for example in sorted(Path("examples").rglob("*.yaml")):
        out = run("assess", example, "--detail").out
        assert "…" not in out, f"{example}\n{out}"
