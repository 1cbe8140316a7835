"""One partnership document in, one result record out: validate, score, describe. (Loading
a file or a mapping, and choosing its rubric, is the library's: `stagecheck.api.assess`.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stagecheck._version import __version__
from stagecheck.core import advice, links, loader, partnership, scoring, targets
from stagecheck.core.compiled import DEFAULT, LoadedRubric, bundled
from stagecheck.core.errors import InputError, Problem
from stagecheck.core.record import (
    InputRef,
    PartnerInfo,
    PartnershipInfo,
    Record,
    RespondentInfo,
    RubricRef,
    StageRef,
    Tool,
)


def assess_document(
    document: loader.Document,
    rubric: LoadedRubric,
    *,
    today: dt.date | None = None,
    min_evidence: str | None = None,
) -> Record:
    validated = partnership.validate(document, rubric.rubric)
    return record_of(document, rubric, validated, today=today, min_evidence=min_evidence)


def record_of(
    document: loader.Document,
    rubric: LoadedRubric,
    validated: partnership.Partnership,
    *,
    today: dt.date | None = None,
    min_evidence: str | None = None,
) -> Record:
    """The record of a partnership file already validated against `rubric`. Its targets are
    judged on the assessment's date, else on `today` (the day of the run if not given);
    `min_evidence` sets aside (as unknown) the met cell criteria resting on weaker evidence."""
    scored = scoring.score(rubric, validated.facts, min_evidence=min_evidence)
    about = validated.about
    by = validated.assessed.by if validated.assessed else None
    first_steps = advice.personalise(
        rubric, validated.facts, scored.dimensions, scored.first_steps, by
    )
    r = rubric.rubric
    as_of = None
    judged = []
    if validated.targets:
        as_of = (validated.assessed and validated.assessed.date) or today or dt.date.today()
        judged = targets.judge(r, scored.dimensions, validated.targets, as_of)
    return Record(
        tool=Tool(version=__version__),
        rubric=RubricRef(
            id=r.id,
            version=r.version,
            title=r.title,
            path=rubric.path,
            sha256=rubric.sha256,
        ),
        input=InputRef(path=document.path, sha256=document.sha256),
        partnership=PartnershipInfo(
            name=about.name,
            summary=about.summary,
            started=about.started,
            partners=[
                PartnerInfo(name=p.name, sector=p.sector, phase=p.phase, lead_role=p.lead_role)
                for p in about.partners
            ],
            assessed_on=validated.assessed.date if validated.assessed else None,
            assessed_by=validated.assessed.by if validated.assessed else None,
            id=about.id,
        ),
        stages=[StageRef(id=s.id, name=s.name) for s in r.stages],
        dimensions=scored.dimensions,
        overall=scored.overall,
        first_steps=first_steps,
        targets=judged,
        targets_as_of=as_of,
        respondent=None
        if validated.respondent is None
        else RespondentInfo(
            name=validated.respondent.name,
            role=validated.respondent.role,
            organisation=validated.respondent.organisation,
        ),
        evidence=scored.evidence,
        warnings=[str(p) for p in links.missing(document, validated.facts)],
    )


def declared_rubric(document: loader.Document) -> str:
    """The rubric a file names under `rubric:` (a bundled id, or a path beside the file)."""
    ref = document.data.get("rubric")
    if ref is None:
        return DEFAULT
    if not isinstance(ref, str):
        raise _at(document, "must be a bundled rubric id or a path to a rubric file")
    if ref in bundled():
        return ref
    beside = Path(document.path).parent / ref
    if beside.is_file():
        return str(beside)
    known = ", ".join(bundled())
    raise _at(document, f"names no bundled rubric or file '{ref}'; use one of {known} or a path")


def _at(document: loader.Document, message: str) -> InputError:
    line, col, _ = loader.locate(document.root, ("rubric",))
    return InputError([Problem(document.path, line, col, message, "rubric")])
