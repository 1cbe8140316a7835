"""The share of met cell criteria resting on assertion alone describes the evidence as answered,
not the gate (issue 14, a new user's trial): `--min-evidence` set every met criterion of an
all-asserted file aside and the CSV said `asserted_share` 0, which a funder reads as strong
evidence. It is counted before the minimum sets anything aside, so it is the same with and
without the minimum, in every format; the minimum's own sentence still says what it set aside."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, Run
from stagecheck import api
from stagecheck.core.outcome import KINDS
from stagecheck.core.strength import MINIMUMS
from stagecheck.exitcodes import ExitCode
from test_evidence_minimum import EXAMPLES, _answers, _example, _with_kinds

FOUR = ROOT / "examples"  # its top-level files are four-stages ones, every answer asserted
HUB = FOUR / "regional-hub.yaml"  # 26 of 26 met criteria asserted


def _shares(run: Run, *args: str | Path) -> dict[str, str]:
    result = run("assess", *FOUR.glob("*.yaml"), "-f", "csv", *args)
    assert result.code == ExitCode.OK, str(result)
    return {
        Path(r["file"]).name: r["asserted_share"] for r in csv.DictReader(io.StringIO(result.out))
    }


def test_the_csv_share_is_the_evidence_as_answered_whatever_the_minimum(run: Run) -> None:
    plain = _shares(run)
    assert plain["regional-hub.yaml"] == "1"
    for minimum in MINIMUMS:
        assert _shares(run, "--min-evidence", minimum) == plain, minimum


def test_every_format_counts_the_same_share_with_a_minimum(run: Run) -> None:
    args = ("--min-evidence", "documented")
    plain = json.loads(run("assess", HUB, "-f", "json").out)["evidence"]
    held = json.loads(run("assess", HUB, *args, "-f", "json").out)["evidence"]
    assert held["asserted_share"] == plain["asserted_share"] == 1.0
    assert (held["met"], held["asserted"]) == (plain["met"], plain["asserted"])
    assert held["set_aside"] and held["minimum"] == "documented"
    lines = run("assess", FOUR, *args, "-f", "jsonl").out.splitlines()
    mine = next(json.loads(x) for x in lines if "regional-hub" in x)
    assert mine["evidence"]["asserted_share"] == 1.0
    met = plain["met"]
    said = f"{met} of {met} met cell criteria rest on assertion alone (100%)"
    for fmt in ("table", "markdown", "html"):
        out = " ".join(run("assess", HUB, *args, "-f", fmt).out.split())
        # said as answered, before the minimum; then what the minimum set aside
        assert f"Evidence as answered, before the minimum: {said}." in out, fmt
        assert "Minimum evidence applied: documented." in out, fmt
        assert out.index("Evidence as answered") < out.index("Minimum evidence applied"), fmt
    table = " ".join(run("assess", HUB).out.split())
    assert f"Evidence: {said}." in table and "before the minimum" not in table


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Path, dict[tuple[str, str], str], str]:
    path = draw(st.sampled_from(EXAMPLES))
    kinds = {a: draw(st.sampled_from(KINDS)) for a in _answers(_example(path))}
    return path, kinds, draw(st.sampled_from(MINIMUMS))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_the_share_is_the_same_with_and_without_a_minimum(
    case: tuple[Path, dict[tuple[str, str], str], str],
) -> None:
    """Property, over the bundled examples with random evidence kinds: the met cell criteria
    counted, those on assertion alone and their share do not depend on the minimum."""
    path, kinds, minimum = case
    data = _with_kinds(_example(path), kinds)
    plain = api.assess(data, name=path.name).evidence
    held = api.assess(data, name=path.name, min_evidence=minimum).evidence
    assert plain is not None and held is not None
    assert (held.met, held.asserted, held.asserted_share) == (
        plain.met,
        plain.asserted,
        plain.asserted_share,
    )
    assert held.minimum == minimum and not plain.set_aside
