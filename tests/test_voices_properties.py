"""Properties of the respondents' parts: the `partnership.id` reader accepts exactly the ids it
documents, and the combination rules only ever name a stage some respondent gave."""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stagecheck
from conftest import ROOT
from stagecheck.core.combine import _pick
from stagecheck.core.record import DimensionResult

SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE: dict[str, Any] = {
    "partnership": {"name": "P", "partners": [{"name": "A", "sector": "state"}]},
}


def _with_id(value: str) -> dict[str, Any]:
    return {"partnership": {**BASE["partnership"], "id": value}}


ID_TEXT = st.one_of(
    st.from_regex(SLUG, fullmatch=True),
    st.text(alphabet="abcXYZ019-_ .!é", min_size=1, max_size=80),
)


@PROPERTY
@given(ID_TEXT)
def test_the_id_reader_accepts_exactly_the_documented_slugs(value: str) -> None:
    wanted = bool(SLUG.fullmatch(value)) and len(value) <= 64
    try:
        record = stagecheck.assess(_with_id(value))
    except stagecheck.InputError as exc:
        assert not wanted, str(exc)
        assert all(p.path == "partnership.id" for p in exc.problems), str(exc)
        return
    assert wanted and record.partnership.id == value


@cache
def _view() -> DimensionResult:
    """A dimension of an example: a view whose stage the test varies."""
    return stagecheck.assess(ROOT / "examples" / "established-mou.yaml").dimensions[0]


STAGE = st.tuples(st.integers(1, 4), st.booleans())


@PROPERTY
@given(
    st.lists(STAGE, min_size=1, max_size=9),
    st.sampled_from(["lowest", "median"]),
    st.booleans(),
)
def test_the_rules_pick_a_respondents_own_stage(
    stages: list[tuple[int, bool]], rule: str, merged: bool
) -> None:
    """One dimension seen by several respondents; on a merged row (one cell for stages 2-4,
    as balance of the relationship) every stage above the first is that cell."""
    given_ = [
        dataclasses.replace(
            _view(),
            stage_number=2 if merged and n > 1 else n,
            counts_as=4 if merged and n > 1 else n,
            provisional=provisional,
        )
        for n, provisional in stages
    ]
    picked = _pick(rule, given_)
    assert any(picked is v for v in given_)  # never a stage nobody gave
    tops = sorted(v.counts_as for v in given_)
    if rule == "lowest":
        assert picked.counts_as == tops[0]
        firm = [v for v in given_ if v.counts_as == tops[0] and not v.provisional]
        assert picked.provisional is (not firm)
    else:
        assert picked.counts_as == tops[(len(tops) - 1) // 2]  # the lower middle
