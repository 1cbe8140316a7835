"""`stagecheck history` fits where it is read (issue 13): the terminal table in 80 columns with
no column cut inside a word (short heads and a key beneath where the full names do not fit;
goldens at 80 and 120 columns, regenerated with `pytest --update-goldens`), and the HTML page
in a 1200 px browser window with nothing overflowing sideways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from browser import chromium, dom
from conftest import ROOT, Golden, Run
from gitrepo import Repo
from stagecheck.exitcodes import ExitCode

# four reviews on the four-stages rubric, the third of which does not parse
REVIEWS = [
    ("one-off-project", "2023-07-01"),
    ("established-mou", "2024-07-01"),
    ("broken", "2025-01-15"),
    ("regional-hub", "2025-07-01"),
    ("national-commonwealth", "2026-07-01"),
]


@pytest.fixture
def four_stages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """The bundled examples committed in turn as one file (the newest names the partnership),
    each assessed on its commit's date, fixed so that the commits and the views are the same on
    every run."""
    repo = Repo(tmp_path / "repo")
    (repo.root / "rubric.yaml").unlink()  # the bundled rubric: the mini one plays no part
    for example, day in REVIEWS:
        if example == "broken":
            text = "rubric: four-stages\npartnership: {name: [unclosed\n"
        else:
            text = (ROOT / "examples" / f"{example}.yaml").read_text(encoding="utf-8")
            text = re.sub(r"(?m)^(assessed:\n  date: )\S+", rf"\g<1>{day}", text)
        repo.write("review.yaml", text)
        repo.commit(example, day)
    monkeypatch.chdir(repo.root)
    return repo


def _table(out: str) -> list[str]:
    """The rows of the points table: from its head to the key beneath it."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Date "))
    end = next(i for i, line in enumerate(lines) if line.startswith(("Columns:", "Stages:")))
    return lines[start:end]


@pytest.mark.parametrize("width", [80, 120])
def test_the_history_table_golden(
    run: Run, golden: Golden, four_stages: Repo, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = run("history", "review.yaml")
    assert result.code == ExitCode.OK, str(result)
    golden(f"history-{width}.txt", result.out)


@pytest.mark.parametrize("width", [80, 90, 100, 120, 160])
def test_no_column_is_cut_inside_a_word(
    run: Run, four_stages: Repo, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    import json

    monkeypatch.setenv("COLUMNS", str(width))
    out = run("history", "review.yaml").out
    assert max(cell_len(line) for line in out.splitlines()) <= width
    data = json.loads(run("history", "review.yaml", "-f", "json").out)
    words = {"Date", "Version", "Rubric", "Overall", "not", "scored", "four-stages", "2.1.0"}
    words |= {w for s in data["stages"] for w in s["name"].split()}
    words |= {w for d in data["dimensions"] for w in d["name"].split()}
    words |= {d["name"][:3] for d in data["dimensions"]}  # the short heads
    words |= {p["date"] for p in data["points"]} | {p["commit"][:7] for p in data["points"]}
    words |= {"1", "2", "3", "4", "2\u20134", "(changed)"}
    table = _table(out)
    assert len(table) >= len(REVIEWS) + 2
    for line in table[2:]:  # below the head and its rule
        for word in line.split():
            assert word in words, f"{word!r} is cut or unknown, at {width} columns:\n{out}"
    for word in table[0].split():
        assert word in words, f"{word!r} is cut or unknown, at {width} columns:\n{out}"


def test_a_merged_cell_is_its_span_in_the_table_and_the_key_says_so(
    run: Run, four_stages: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = run("history", "review.yaml").out
    head = next(line for line in _table(out) if line.startswith("Date"))
    assert head.split()[3:] == [
        "Lea",
        "Pla",
        "Fin",
        "Coh",
        "Com",
        "Imp",
        "Sus",
        "Tar",
        "Bal",
        "Gen",
    ]
    newest = _table(out)[-1].split()
    assert newest[-10:] == ["4", "4", "4", "2\u20134", "4", "2\u20134", "3", "4", "2\u20134", "3"]
    flat = " ".join(out.split())
    assert "Columns: Lea Leadership, Pla Planning," in flat
    assert "Every version scored with four-stages 2.1.0." in flat
    assert "2\u20134: one cell of the table for those stages" in flat


def test_the_history_page_fits_a_1200_px_window(run: Run, four_stages: Repo) -> None:
    """Every element's right edge inside the window, measured by the browser itself: the page
    is copied with a script that writes what overflows into the body's attributes."""
    chromium()
    result = run("history", "review.yaml", "-o", "history.html")
    assert result.code == ExitCode.OK, str(result)
    page = Path("history.html").read_text(encoding="utf-8")
    assert "<script" not in page
    probe = Path("probe.html")
    probe.write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    drawn = dom(probe, window=(1200, 1600))
    body = re.search(r"<body([^>]*)>", drawn)
    assert body is not None, drawn[:500]
    found = dict(re.findall(r'data-(\w+)="([^"]*)"', body.group(1)))
    assert found["inner"] == "1200", found
    assert found["wide"] == "", f"wider than the window: {found['wide']}"
    assert int(found["scroll"]) <= 1200, found


MEASURE = """<script>
const wide = [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map(e => e.tagName.toLowerCase() + '.' + (e.getAttribute('class') || ''));
document.body.setAttribute('data-inner', window.innerWidth);
document.body.setAttribute('data-scroll', document.documentElement.scrollWidth);
document.body.setAttribute('data-wide', wide.slice(0, 12).join(' '));
</script>"""
