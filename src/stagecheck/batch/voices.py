"""Several respondents in a batch (`assess DIR --combine`): every file read in this process,
files grouped by partnership (its `partnership.id`, else its name), each group combined under
its rubric's rule into one record, and one outcome per partnership for the portfolio. Files
of different partnerships never combine; a group that cannot combine (the same respondent
twice, different rubrics) is reported as one failure, and the rest go on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from stagecheck.batch.portfolio import row
from stagecheck.batch.run import FailedFile, FileOutcome, Job, ScoredFile
from stagecheck.core.combine import combine
from stagecheck.core.errors import InputError, Problem, UserError
from stagecheck.core.perspective import Response


def response(path: str, rubric: str | None, min_evidence: str | None = None) -> Response:
    """One respondent's file, scored (`min_evidence` as for `assess`): its record, its
    answers, its partnership's key."""
    from stagecheck.core import loader, partnership
    from stagecheck.core.assess import declared_rubric, record_of
    from stagecheck.core.compiled import load_rubric

    document = loader.load(path)
    loaded = load_rubric(rubric or declared_rubric(document))
    validated = partnership.validate(document, loaded.rubric)
    record = record_of(document, loaded, validated, min_evidence=min_evidence)
    return Response(record, validated.facts, validated.about.key)


def read(
    files: Iterable[str], rubric: str | None, min_evidence: str | None = None
) -> Iterator[Response | FailedFile]:
    for path in files:
        try:
            yield response(path, rubric, min_evidence)
        except InputError as exc:
            yield FailedFile(path, tuple(exc.problems))
        except UserError as exc:
            yield FailedFile(path, (Problem(path, 0, 0, str(exc)),))


def grouped(
    read_: Iterable[Response | FailedFile],
) -> tuple[list[list[Response]], list[FailedFile]]:
    """The responses by partnership, in the order each partnership is first met."""
    groups: dict[str, list[Response]] = {}
    failures: list[FailedFile] = []
    for item in read_:
        if isinstance(item, FailedFile):
            failures.append(item)
        else:
            groups.setdefault(item.partnership, []).append(item)
    return list(groups.values()), failures


def outcomes(
    groups: list[list[Response]],
    failures: list[FailedFile],
    job: Job,
    note: Callable[[str], None] = lambda _: None,
) -> Iterator[FileOutcome]:
    """The failures, then one outcome per partnership: its respondents combined (a lone
    respondent's file as it is). `note` hears who was left out of a combination (a respondent
    who has not answered yet), as "PATH: NAME has not answered yet: ...", since a row cannot
    say it."""
    from stagecheck.batch.run import _gates
    from stagecheck.core.compiled import load_rubric
    from stagecheck.core.gates import failed, missed

    yield from failures
    for group in groups:
        first = group[0].record
        try:
            if len(group) == 1:
                record = first
            else:
                combined = combine(load_rubric(first.rubric.path), group)
                record = combined.combined
                for said in combined.notes:
                    note(f"{record.input.path}: {said}")
        except UserError as exc:
            yield FailedFile(first.input.path, (Problem(first.input.path, 0, 0, str(exc)),))
            continue
        below = [str(g) for g in failed(_gates(job.gates, record.rubric.path), record)]
        below += missed(record) if job.missed_targets else []
        encoded = job.encode(record) if job.encode else None
        files = [r.record.input.path for r in group] if len(group) > 1 else []
        warnings = [w for r in group for w in r.record.warnings]
        scored = row(record, below, files, warnings)
        yield ScoredFile(scored, encoded, record if job.keep else None)
