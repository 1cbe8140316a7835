"""Targets: a stage a partnership means to reach in a dimension by a date.

Written under the file's top-level `targets:`, dimension id -> `"regional by 2027-07"` (a stage
id, its name or its number, "by", and a date YYYY-MM or YYYY-MM-DD; a month means its last day)
or the mapping `{stage: regional, by: 2027-07}`. `schema` validates them inside the partnership
file's model (`core.file_model`), so errors are located and worded like every other; `judge`
sets each against the dimension's stage once the file is scored. A target never changes a
stage: it is read beside it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic_core import core_schema as cs

from stagecheck.core import words
from stagecheck.core.record import DimensionResult, TargetResult
from stagecheck.core.rubric import Rubric, Stage
from stagecheck.core.validation import fail

EXAMPLE = "regional by 2027-07"
_WRITTEN = re.compile(r"\s*(?P<stage>\S.*?)\s+by\s+(?P<by>\S+)\s*", re.IGNORECASE)
_DATE = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?")
_NUMBER = re.compile(r"(?:stage\s*)?(?P<n>[0-9]{1,3})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Target:
    stage: str  # a stage id of the rubric
    by: dt.date  # a month written alone is its last day
    written: str  # the date as written (YYYY-MM or YYYY-MM-DD)


def read_date(raw: str) -> dt.date:
    """YYYY-MM (its last day) or YYYY-MM-DD."""
    found = _DATE.fullmatch(raw.strip())
    if found:
        year, month = int(found["year"]), int(found["month"])
        day = found["day"]
        try:
            if day is None:
                return dt.date(year, month, calendar.monthrange(year, month)[1])
            return dt.date(year, month, int(day))
        except (ValueError, calendar.IllegalMonthError):
            pass
    shown = words.quoted(raw)
    raise fail("target_date", f"{shown} is not a date; write YYYY-MM or YYYY-MM-DD, e.g. 2027-07")


def read_stage(stages: Sequence[Stage], raw: str) -> str:
    """A stage id, a stage's name (any case) or its number (`3`, `stage 3`)."""
    text = raw.strip()
    ids = [s.id for s in stages]
    for s in stages:
        if text.casefold() in (s.id.casefold(), s.name.casefold()):
            return s.id
    number = _NUMBER.fullmatch(text)
    last = stages[-1]
    if number:
        n = int(number["n"])
        if 1 <= n <= len(stages):
            return stages[n - 1].id
        if n > len(stages):
            raise fail(
                "target_stage",
                f"{words.quoted(raw)} is above the rubric's last stage, "
                f"{last.id} (stage {len(stages)}); aim for {last.id} at most",
            )
    hint = words.did_you_mean(text, ids)
    listed = words.listing(ids)
    raise fail("target_stage", f"{words.quoted(raw)} is not a stage{hint}; use one of {listed}")


def example(stages: Sequence[Stage]) -> str:
    """A target written in this rubric's words: `regional by 2027-07` for the bundled one."""
    return f"{stages[len(stages) // 2].id} by 2027-07"


def read_written(stages: Sequence[Stage], raw: str) -> Target:
    """`"regional by 2027-07"`."""
    found = _WRITTEN.fullmatch(raw)
    if not found:
        raise fail(
            "target",
            f"{words.quoted(raw)} is not a target; write a stage, 'by' and a date, "
            f"e.g. '{example(stages)}'",
        )
    return Target(read_stage(stages, found["stage"]), read_date(found["by"]), found["by"])


def _text(raw: Any, what: str) -> str:
    if not isinstance(raw, str):
        raise fail("target", f"expected {what}, found {words.kind(raw)}")
    return raw


def schema(rubric: Rubric) -> cs.CoreSchema:
    """One dimension's target, in either form."""
    from stagecheck.core.schema_parts import json_extra

    stages = rubric.stages
    ids = [s.id for s in stages]

    def written(raw: Any) -> Target:
        return read_written(stages, _text(raw, f"a target such as '{example(stages)}'"))

    def stage(raw: Any) -> str:
        return read_stage(stages, _text(raw, "a stage"))

    def by(raw: Any) -> tuple[dt.date, str]:
        text = _text(raw, "a date YYYY-MM or YYYY-MM-DD")
        return read_date(text), text.strip()

    pattern = "^[^ ].* by [0-9]{4}-[0-9]{2}(-[0-9]{2})?$"
    mapping = cs.typed_dict_schema(
        {
            "stage": cs.typed_dict_field(
                cs.no_info_plain_validator_function(
                    stage, json_schema_input_schema=cs.literal_schema(ids)
                ),
                metadata=json_extra(description="The stage to reach: " + ", ".join(ids) + "."),
            ),
            "by": cs.typed_dict_field(
                cs.no_info_plain_validator_function(
                    by, json_schema_input_schema=cs.str_schema(pattern="^[0-9]{4}-[0-9]{2}")
                ),
                metadata=json_extra(description="By when: YYYY-MM (its last day) or YYYY-MM-DD."),
            ),
        },
        extra_behavior="forbid",
    )
    return cs.tagged_union_schema(
        {
            "<value>": cs.no_info_plain_validator_function(
                written, json_schema_input_schema=cs.str_schema(pattern=pattern)
            ),
            "<detailed>": cs.no_info_after_validator_function(
                lambda given: Target(given["stage"], *given["by"]), mapping
            ),
        },
        discriminator=lambda raw: "<detailed>" if isinstance(raw, dict) else "<value>",
        metadata=json_extra(
            description=(
                "A stage to reach by a date: 'STAGE by YYYY-MM' (a month means its last day) "
                "or {stage: STAGE, by: YYYY-MM-DD}."
            ),
            examples=[EXAMPLE, {"stage": "regional", "by": "2027-07-31"}],
        ),
    )


def judge(
    rubric: Rubric,
    dimensions: Sequence[DimensionResult],
    targets: dict[str, Target],
    as_of: dt.date,
) -> list[TargetResult]:
    """Each target, in the rubric's order of dimensions, against the stage its dimension
    reached (`counts_as`: a merged cell reaches every stage it spans): met, due (not met, the
    date not passed: `days_left`) or overdue (the date passed, relative to `as_of`)."""
    number = {s.id: i for i, s in enumerate(rubric.stages, start=1)}
    rows = {d.id: d for d in rubric.dimensions}
    results = []
    for d in dimensions:
        target = targets.get(d.id)
        if target is None:
            continue
        wanted = number[target.stage]
        cell = next((c for c in rows[d.id].cells if target.stage in c.stages), None)
        first = number[cell.stages[0]] if cell is not None else wanted
        met = d.counts_as >= wanted
        note = None
        if cell is not None and len(cell.stages) > 1:
            a, b = number[cell.stages[0]], number[cell.stages[-1]]
            note = (
                f"the source gives stages {a}\u2013{b} of {d.name} one cell, so this target is "
                "met when that cell is reached"
            )
        days = (target.by - as_of).days
        results.append(
            TargetResult(
                dimension=d.id,
                name=d.name,
                stage=target.stage,
                stage_number=wanted,
                by=target.by,
                by_written=target.written,
                reached=d.stage,
                reached_label=d.stage_label,
                distance=0 if met else max(1, first - d.counts_as),
                status="met" if met else "due" if days >= 0 else "overdue",
                days_left=days,
                as_of=as_of,
                note=note,
            )
        )
    return results
