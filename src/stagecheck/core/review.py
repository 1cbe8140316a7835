"""The annual review (`stagecheck review`): where the partnership was, where it is, what moved,
its targets and next year's plan. Pure: it holds the record now, the earlier version's record
and the comparison of the two (`core.compare`, what `stagecheck compare` shows), or the record
now alone with why there is no comparison. Finding and scoring the earlier version is the
library's (`stagecheck.api.review`, through `stagecheck.versions` and `stagecheck.timeline`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from stagecheck.core.compare import Comparison
from stagecheck.core.record import Record, as_dict


@dataclass(frozen=True, slots=True, kw_only=True)
class Since:
    """The earlier version: which, how it was chosen, and its dates (the review's date is its
    own assessment date where it gives one, else the commit's)."""

    revision: str  # the commit
    date: dt.date  # the commit's date
    chosen: str  # how it was chosen, in words for the report
    assessed_on: dt.date | None  # the earlier file's own assessment date, if it gives one
    path: str | None = None  # the earlier file's path, where the file has been renamed since


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    now: Record
    then: Record | None
    since: Since | None
    why_no_comparison: str | None  # when there is no `then`: why, in words for the report
    comparison: Comparison | None  # then against now, when there is a `then`

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = as_dict(self)
        return data
