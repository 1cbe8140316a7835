"""`stagecheck assess ... --combine`: several respondents' files of one partnership combined
into one report, or, for folders of several partnerships, a portfolio with one row per
partnership. The combining is the core's (`core.combine`, `batch.voices`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from stagecheck.cli.streams import Color, err, wrote
from stagecheck.core.errors import InputError
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers.base import Format, Output

if TYPE_CHECKING:
    from stagecheck.core.perspective import Response
    from stagecheck.renderers.console import Console
    from stagecheck.renderers.voices import CombinedRenderer


def assess_combined(
    paths: list[Path],
    rubric: str | None,
    format: Format,
    color: str,
    fail_under: list[str],
    exclude: list[str],
    output: Path | None,
    force: bool,
    out: Output,
    jobs: int | None,
    progress: bool | None,
    min_evidence: str | None = None,
    missed_targets: bool = False,
) -> ExitCode | Path | None:
    """The combined report, the portfolio of combined partnerships, or (after a note) when
    there is only one file, that file (None: a file that cannot be read), whose own report
    follows as without --combine."""
    from stagecheck import api
    from stagecheck.batch import driver, voices
    from stagecheck.core.combine import combine

    found = driver.portfolio(paths, rubric, fail_under, exclude)  # usage errors before any work
    folder = any(p.is_dir() for p in paths)
    if len(found.files) + len(found.errors) == 1:
        err(
            "stagecheck: note: --combine joins the files of several respondents of one "
            "partnership, and there is one file here; this is its own report"
        )
        return Path(found.files[0]) if found.files else None
    groups, failures = voices.grouped(voices.read(found.files, rubric, min_evidence))
    if not folder:  # files named one by one are one partnership's respondents, or refused
        if found.errors:
            raise InputError(list(found.errors))
        if failures:
            raise InputError([p for f in failures for p in f.problems])
        if len(groups) > 1:
            combine(
                api.load_rubric(groups[0][0].record.rubric.path), [r for g in groups for r in g]
            )
    from stagecheck.renderers.voices import renderer

    render = renderer(format)
    if len(groups) == 1 and not failures and not found.errors and render is not None:
        for warning in found.warnings:
            err(f"stagecheck: warning: {warning}")
        return _report(
            groups[0], fail_under, render, out, color, output, force, missed_targets, format
        )
    from stagecheck.batch.portfolio import Combined
    from stagecheck.cli.batch import assess_many

    scored = sum(map(len, groups))
    err(
        f"stagecheck: --combine: {scored} file{'s' if scored != 1 else ''} scored, "
        f"{len(groups)} partnership{'s' if len(groups) != 1 else ''}: one row each"
    )
    files = len(found.files) + len(found.errors)
    unread = len(failures) + len(found.errors)
    out.extra_header = ["respondents"]  # in a CSV: how many files each row combines
    out.extra_cells = lambda row: [str(len(row.files) or 1)]
    return assess_many(
        paths,
        rubric,
        fail_under,
        format,
        out,
        Color(color),
        output,
        force,
        exclude=exclude,
        jobs=jobs,
        progress=progress,
        missed_targets=missed_targets,
        combined=Combined(files, len(groups), unread),
        scorer=lambda _files, job: voices.outcomes(
            groups, failures, job, lambda said: err(f"stagecheck: note: {said}")
        ),
    )


def _report(
    group: list[Response],
    fail_under: list[str],
    render: CombinedRenderer,
    out: Output,
    color: str,
    target: Path | None,
    force: bool,
    missed_targets: bool = False,
    format: Format = Format.table,
) -> ExitCode:
    """One partnership's respondents combined: the report, then its gates (and with
    `missed_targets`, its overdue targets) on the combined stages. Who was left out (not
    answered yet) is said in the report, or on stderr where the report has no place for it."""
    from stagecheck import api
    from stagecheck.core.combine import combine
    from stagecheck.core.gates import failed, failure, missed, parse_gates
    from stagecheck.files import opened, refuse_inputs

    refuse_inputs(target, [r.record.input.path for r in group])
    rubric = api.load_rubric(group[0].record.rubric.path)
    refuse_inputs(target, [rubric.path])
    combined = combine(rubric, group)
    gates = parse_gates(fail_under, rubric.rubric)
    with opened(target, force=force) as stream:
        out.stream = stream

        def rich() -> Console:
            from stagecheck.cli.streams import console

            return console(color, stream)

        out.console = rich
        render(combined, out)
    wrote(target)
    if format is Format.docx:  # the Word report is the combined record's, which has no notes
        for note in combined.notes:
            err(f"stagecheck: note: {note}")
    for record in combined.records:  # as for one file: evidence links not found, per respondent
        for warning in record.warnings:
            err(f"stagecheck: warning: {warning}")
    below = [str(g) for g in failed(gates, combined.combined)]
    below += missed(combined.combined) if missed_targets else []
    for gate in below:
        err(f"stagecheck: {combined.combined.input.path}: {failure(gate)}")
    return ExitCode.FAILED if below else ExitCode.OK
