"""The portfolio heatmap counts a merged cell as the table gives it (issue 14, a new user's
trial): the rows show coherence at "2-4" and the overall stage counts it as 4, so the heatmap
must not count those partnerships at stage 2. A merged cell is one count over its span ("2-4:
47" with an en dash, the stages it covers marked with an arrow; an HTML cell spanning its
columns; in JSON an `established..national` key, the stages it covers null), with a line
saying what it means."""

from __future__ import annotations

import json
import re

from conftest import ROOT, Run
from stagecheck.exitcodes import ExitCode

SPAN = "2\u20134"  # as the reports write a merged cell, with an en dash

FOUR = sorted((ROOT / "examples").glob("*.yaml"))  # the bundled four-stages examples
MERGED = ("coherence", "impact_assessment", "balance")  # one cell for stages 2-4


def _spans(run: Run) -> dict[str, int]:
    """How many partnerships each merged dimension's rows show at 2-4 (from the JSON records)."""
    document = json.loads(run("assess", *FOUR, "-f", "json").out)
    return {
        dim: sum(
            d["span"] == ["established", "regional", "national"]
            for r in document["records"]
            for d in r["dimensions"]
            if d["id"] == dim
        )
        for dim in MERGED
    }


def test_the_heatmap_counts_a_merged_cell_over_its_span_in_every_format(run: Run) -> None:
    spans = _spans(run)
    assert all(spans.values()), spans
    table = run("assess", *FOUR)
    assert table.code == ExitCode.OK, str(table)
    row = next(line for line in table.out.splitlines() if line.strip().startswith("Coherence  "))
    assert re.search(rf"\s{SPAN}: {spans['coherence']}\s+←\s+←\s*$", row), row
    assert "counted once across the stages it covers (←)" in " ".join(table.out.split())
    markdown = run("assess", *FOUR, "-f", "markdown").out
    assert f"| {SPAN}: {spans['impact_assessment']} | ← | ← |" in markdown
    html = run("assess", *FOUR, "-f", "html").out
    assert f'colspan="3">{SPAN}: {spans["balance"]}</td>' in html
    document = json.loads(run("assess", *FOUR, "-f", "json").out)
    (section,) = document["summary"]["rubrics"]
    for dim in MERGED:
        counts = section["distribution"][dim]
        assert counts["established..national"] == spans[dim]
        assert counts["established"] is counts["regional"] is counts["national"] is None
    for dim, counts in section["distribution"].items():  # each partnership counted once
        assert sum(n for n in counts.values() if n is not None) == section["scored"], dim
    assert section["distribution"]["leadership"].keys() == {
        "emerging",
        "established",
        "regional",
        "national",
    }
