"""The annual review (`stagecheck review`): where the partnership was, where it is, what moved,
its targets and next year's plan, built from two records (or one, when there is nothing to
compare with). Pure: finding and scoring the earlier version is the library's
(`stagecheck.api.review`, reading git through `stagecheck.versions`).

What moved is worked out here from the two records' dimensions (`moves`): each dimension's
stage then and now, compared by `counts_as` (a merged cell counts as the top of its span), and
named by `stage_label`, never by a stage the table does not give. When the library's
`compare(old, new)` is on main, `moves` becomes a reading of its result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from stagecheck.core.record import Record, as_dict

Direction = Literal["up", "down", "same", "new", "gone"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Move:
    dimension: str
    name: str
    then: str | None  # stage_label then (None: the dimension was not in the earlier record)
    now: str | None
    then_counts_as: int | None
    now_counts_as: int | None
    direction: Direction


@dataclass(frozen=True, slots=True, kw_only=True)
class Since:
    """The earlier version: which, how it was chosen, and its date."""

    revision: str  # the commit
    date: dt.date  # the commit's date
    chosen: str  # how it was chosen, in words for the report
    assessed_on: dt.date | None  # the earlier file's own assessment date, if it gives one


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    now: Record
    then: Record | None
    since: Since | None
    why_no_comparison: str | None  # when there is no `then`: why, in words for the report
    moves: list[Move] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = as_dict(self)
        return data


def moves(then: Record, now: Record) -> list[Move]:
    """Each dimension then and now, in the current rubric's order (then any dimension only
    the earlier record has)."""
    before = {d.id: d for d in then.dimensions}
    after = {d.id: d for d in now.dimensions}
    out = []
    for dim_id in [*after, *(k for k in before if k not in after)]:
        b, a = before.get(dim_id), after.get(dim_id)
        direction: Direction
        if b is None:
            direction = "new"
        elif a is None:
            direction = "gone"
        else:
            direction = (
                "up"
                if a.counts_as > b.counts_as
                else "down"
                if a.counts_as < b.counts_as
                else "same"
            )
        named = a or b
        assert named is not None
        out.append(
            Move(
                dimension=dim_id,
                name=named.name,
                then=b.stage_label if b else None,
                now=a.stage_label if a else None,
                then_counts_as=b.counts_as if b else None,
                now_counts_as=a.counts_as if a else None,
                direction=direction,
            )
        )
    return out


def build(now: Record, then: Record | None, since: Since | None, why_not: str | None) -> Review:
    return Review(
        now=now,
        then=then,
        since=since,
        why_no_comparison=why_not,
        moves=moves(then, now) if then is not None else [],
    )
