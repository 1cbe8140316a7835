"""Several respondents of one partnership, one file each: their stages side by side, the
combined stage under the rule the rubric declares (`combine: lowest | median`), and the
perspective gaps between them (`core.perspective`). Pure: records and facts in, one
`Combined` out.

The combined record is an ordinary record, so every renderer and the portfolio draw it: each
dimension is the view of the respondent whose stage the rule picks (its reason, steps and
*provisional* mark come with it), and the overall stage is computed from those dimensions by
the rubric's overall rule. Stages are compared by `counts_as`, so a merged cell ("stages 2-4")
is compared at the top of its span and named by its own words, never by a stage the table does
not give. Each respondent's stage is what their own answers give: an unanswered question is
unknown for them (never "no"), and a respondent whose dimension is provisional is picked only
where no respondent at the same stage is firm. A dimension a respondent left wholly unanswered
is no view of theirs: it is left out of that dimension's pick and its stage gaps, and a
respondent who answered no dimension at all (a file just started by `interview --as`) is left
out of the combination, with a note saying so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace

from stagecheck.core import scoring, strength, targets, words
from stagecheck.core.compiled import LoadedRubric
from stagecheck.core.errors import UserError
from stagecheck.core.perspective import Gap, Response, gaps, unanswered
from stagecheck.core.record import (
    SCHEMA_VERSION,
    DimensionResult,
    InputRef,
    PartnershipInfo,
    Record,
    TargetResult,
    as_dict,
    to_json,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class RespondentRef:
    name: str
    role: str | None
    organisation: str | None
    path: str
    left_out: bool = False  # answered no dimension yet: left out of the combination
    not_answered: list[str] = field(default_factory=list)  # dimensions left wholly unanswered


@dataclass(frozen=True, slots=True, kw_only=True)
class Combined:
    schema_version: int = SCHEMA_VERSION
    type: str = "combined"
    rule: str  # the rubric's `combine`
    partnership: str  # the id (or name) the respondents share
    respondents: list[RespondentRef]
    notes: list[str]  # who has not answered yet, and is left out of the combination
    gaps: list[Gap]
    combined: Record
    records: list[Record]  # each respondent's, in the order given

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = as_dict(self)
        return data

    def to_json(self, *, indent: bool = False) -> str:
        return to_json(self, indent=indent)


def combine(rubric: LoadedRubric, responses: Sequence[Response]) -> Combined:
    """The respondents of one partnership combined, or a UserError naming what cannot be:
    different partnerships, different rubrics or versions, the same respondent twice."""
    _refuse(responses)
    rule = rubric.rubric.combine
    first = responses[0].record
    blank = [unanswered(r) for r in responses]
    left_out = [len(b) == len(first.dimensions) for b in blank]
    views = [r for r, out in zip(responses, left_out, strict=True) if not out]
    if not views:
        named = "; ".join(f"{r.name} in {r.record.input.path}" for r in responses)
        raise UserError(
            f"nothing to combine: none of the respondents has answered yet ({named}); answer "
            "the questions in their files (stagecheck interview FILE), then combine them"
        )
    dimensions = _picked(rule, [r.record.dimensions for r in responses], blank, left_out)
    minimum = first.evidence.minimum if first.evidence else None
    # the evidence as answered, before the minimum (as for one file): that of the dimensions
    # the rule picks without it, which may be other respondents' than those picked with it
    evidence = strength.summary(dimensions, minimum)
    if minimum is not None:
        unmet = [scoring.score(rubric, r.facts).dimensions for r in responses]
        before = strength.summary(_picked(rule, unmet, blank, left_out), minimum)
        evidence = replace(before, set_aside=evidence.set_aside)
    overall = scoring.overall_of(rubric, dimensions)
    paths = [r.record.input.path for r in responses]
    digest = hashlib.sha256("\n".join(r.record.input.sha256 for r in responses).encode())
    dates = [r.record.partnership.assessed_on for r in views]
    known = [d for d in dates if d is not None]
    p = first.partnership
    assessed_on = max(known) if known else None
    judged, as_of = _targets(rubric, [r.record for r in views], dimensions, assessed_on)
    combined = Record(
        tool=first.tool,
        rubric=first.rubric,
        input=InputRef(path=" + ".join(paths), sha256=digest.hexdigest()),
        partnership=PartnershipInfo(
            name=p.name,
            summary=p.summary,
            started=p.started,
            partners=p.partners,
            assessed_on=assessed_on,
            assessed_by=_names([r.name for r in views]),
            id=p.id,
        ),
        stages=first.stages,
        dimensions=dimensions,
        overall=overall,
        first_steps=scoring.first_steps(dimensions, overall),
        targets=judged,
        targets_as_of=as_of,
        evidence=evidence,
    )
    return Combined(
        rule=rule,
        partnership=responses[0].partnership,
        respondents=[
            RespondentRef(
                name=r.name,
                role=r.record.respondent.role if r.record.respondent else None,
                organisation=r.record.respondent.organisation if r.record.respondent else None,
                path=r.record.input.path,
                left_out=out,
                not_answered=b,
            )
            for r, b, out in zip(responses, blank, left_out, strict=True)
        ],
        notes=[
            *_named_apart(responses),
            *(
                f"{r.name} has not answered yet: left out of the combination."
                for r, out in zip(responses, left_out, strict=True)
                if out
            ),
        ],
        gaps=gaps(rubric, responses, blank),
        combined=combined,
        records=[r.record for r in responses],
    )


def _targets(
    rubric: LoadedRubric,
    records: Sequence[Record],
    dimensions: Sequence[DimensionResult],
    assessed_on: dt.date | None,
) -> tuple[list[TargetResult], dt.date | None]:
    """Every target the respondents' files set (the same one in several files once; where
    files set different targets for a dimension, each), judged against the combined stages on
    the latest assessment's date (else the day each file's targets were judged on)."""
    wanted: dict[tuple[str, str, dt.date], targets.Target] = {}
    for record in records:
        for t in record.targets:
            wanted.setdefault(
                (t.dimension, t.stage, t.by), targets.Target(t.stage, t.by, t.by_written)
            )
    if not wanted:
        return [], None
    as_of = assessed_on or max(r.targets_as_of for r in records if r.targets_as_of is not None)
    order = {d.id: i for i, d in enumerate(dimensions)}
    number = rubric.stage_number
    judged = [
        result
        for (dimension, _, _), target in sorted(
            wanted.items(), key=lambda kv: (order[kv[0][0]], kv[0][2], number[kv[0][1]])
        )
        for result in targets.judge(rubric.rubric, dimensions, {dimension: target}, as_of)
    ]
    return judged, as_of


def _named_apart(responses: Sequence[Response]) -> list[str]:
    """A note when files that share a partnership id name it differently: a copied id joins
    two partnerships, and nothing else would say so."""
    names: dict[str, list[str]] = {}
    for r in responses:
        name = r.record.partnership.name
        names.setdefault(_folded(name), []).append(name)
    if len(names) < 2:
        return []
    first = responses[0].record.partnership
    which = "; ".join(
        f"{words.quoted(r.record.partnership.name)} in {r.record.input.path}" for r in responses
    )
    return [
        f"The files share the partnership id {words.quoted(first.id or '')} but name it "
        f"differently ({which}); it is reported as {words.quoted(first.name)}. If they are "
        "different partnerships, give each its own id."
    ]


def _folded(name: str) -> str:
    """A name as compared: case, spacing and how its accents are encoded (a pasted "é" may be
    "e" and a combining accent) set aside."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _picked(
    rule: str,
    views: Sequence[Sequence[DimensionResult]],
    blank: Sequence[Collection[str]],
    left_out: Sequence[bool],
) -> list[DimensionResult]:
    """Each dimension's pick among the respondents' `views` (one list of dimensions each)."""
    kept = [v for v, out in zip(views, left_out, strict=True) if not out]
    picked = []
    for i, dim in enumerate(kept[0]):
        seen = [
            v[i]
            for v, b, out in zip(views, blank, left_out, strict=True)
            if not out and dim.id not in b
        ]
        # a dimension nobody answered: every respondent's (unknown) view of it
        picked.append(_pick(rule, seen or [v[i] for v in kept]))
    return picked


def _pick(rule: str, views: list[DimensionResult]) -> DimensionResult:
    """The view whose stage the rule gives: the lowest, or the lower middle (so that the
    combined stage is always one a respondent reached). Among equal stages a firm view comes
    before a provisional one."""
    ordered = sorted(views, key=lambda d: (d.counts_as, d.stage_number, d.provisional))
    return ordered[0] if rule == "lowest" else ordered[(len(ordered) - 1) // 2]


def _refuse(responses: Sequence[Response]) -> None:
    if not responses:
        raise UserError("nothing to combine: name the files of one partnership's respondents")
    keys = {r.partnership for r in responses}
    if len(keys) > 1:
        which = "; ".join(
            f"{r.record.input.path} is {words.quoted(r.partnership)}" for r in responses
        )
        raise UserError(
            f"--combine joins the respondents of one partnership, and these files are of "
            f"different ones ({which}); give each file the same partnership.id, or combine "
            "each partnership's files apart"
        )
    rubrics = {
        (r.record.rubric.id, r.record.rubric.version, r.record.rubric.sha256) for r in responses
    }
    if len(rubrics) > 1:
        which = "; ".join(
            f"{r.name} ({r.record.input.path}) with {r.record.rubric.id} "
            f"{r.record.rubric.version} from {r.record.rubric.path}"
            for r in responses
        )
        raise UserError(
            f"the respondents scored with different rubrics ({which}); their stages cannot be "
            "compared: score every file with one rubric (--rubric, or the same rubric: key)"
        )
    seen: dict[str, str] = {}
    for r in responses:
        key = _folded(r.name)
        if key in seen:
            raise UserError(
                f"{words.quoted(r.name)} answers twice, in {seen[key]} and "
                f"{r.record.input.path}; keep one file per respondent (or give each its "
                "own respondent.name)"
            )
        seen[key] = r.record.input.path
