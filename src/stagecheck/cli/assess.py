"""`stagecheck assess`, once its arguments are parsed: by the Typer app (`cli.app`) or by the
fast path of `stagecheck.cli`. Imports no Typer; a batch's module (`cli.batch`) is imported
only for a batch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stagecheck.cli.streams import err, wrote
from stagecheck.core.errors import UserError
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers import registry as formats
from stagecheck.renderers.base import Format, Output, chosen

if TYPE_CHECKING:
    from stagecheck.renderers.base import SingleRenderer
    from stagecheck.renderers.console import Console


def assess(
    paths: list[Path],
    rubric: str | None,
    format: Format | None,
    color: str,
    detail: bool,
    fail_under: list[str],
    exclude: list[str],
    output: Path | None,
    force: bool,
    jobs: int | None,
    progress: bool | None,
    verbose_records: bool = False,
) -> ExitCode:
    """One file gives its report; several files or a folder give the portfolio."""
    format = chosen(format, str(output) if output is not None else None)
    if output is not None:
        from stagecheck.files import refuse_existing

        refuse_existing(output, force=force)  # before any work
    elif format is Format.html and sys.stdout.isatty():
        raise UserError("an HTML page goes to a file: add --output report.html")
    out = Output(detail=detail, verbose_records=verbose_records)
    single = formats.single(format) if len(paths) == 1 and not paths[0].is_dir() else None
    if single is not None:
        return _assess_one(paths[0], rubric, fail_under, single, out, color, output, force)
    if detail:
        err(
            "stagecheck: --detail shows one partnership's criteria and steps, so a batch "
            "leaves it out; run `stagecheck assess FILE --detail` for one file"
        )
    from stagecheck.cli.batch import assess_many
    from stagecheck.cli.streams import Color

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
    )


def _assess_one(
    path: Path,
    rubric: str | None,
    fail_under: list[str],
    render: SingleRenderer,
    out: Output,
    color: str,
    target: Path | None,
    force: bool,
) -> ExitCode:
    """One file: its own report, or exit 2 with every problem in it."""
    from stagecheck import api
    from stagecheck.files import opened, refuse_inputs

    refuse_inputs(target, [path])
    record = api.assess(path, rubric)
    refuse_inputs(target, [record.rubric.path])
    if fail_under:  # the gates' module only when there are gates (start-up, issue 11)
        from stagecheck.core.gates import parse_gates

        gates = parse_gates(fail_under, api.load_rubric(record.rubric.path).rubric)
    with opened(target, force=force) as stream:
        out.stream = stream

        def rich() -> Console:
            from stagecheck.cli.streams import console

            return console(color, stream)

        out.console = rich
        render(record, out)
    wrote(target)
    if not fail_under:
        return ExitCode.OK
    from stagecheck.core.gates import failed

    below = failed(gates, record)
    for gate in below:
        err(f"stagecheck: {path}: below the gate --fail-under {gate}")
    return ExitCode.FAILED if below else ExitCode.OK
