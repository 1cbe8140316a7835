"""The command line's commands for reviews over time (`compare`, `history`): parse the options,
call the library, render, return an exit code. Nothing else."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from stagecheck.cli.plain import ForceOption, OutputOption, RubricOption, err
from stagecheck.cli.streams import Color, wrote
from stagecheck.core.errors import UserError
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers.base import Format, Output, chosen

T = TypeVar("T")


class CompareFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


class HistoryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


_FORMAT_HELP = "Output format. Default: the one --output's extension names, else table."
CompareFormatOption = Annotated[
    CompareFormat | None,
    typer.Option("--format", "-f", help=_FORMAT_HELP, show_default=False),
]
HistoryFormatOption = Annotated[
    HistoryFormat | None,
    typer.Option("--format", "-f", help=_FORMAT_HELP, show_default=False),
]
ColorOption = Annotated[Color, typer.Option(help="Colour in the table output.")]


def _format(given: StrEnum | None, output: Path | None, known: dict[Format, Any]) -> Format:
    named = Format(given.value) if given is not None else None
    format = chosen(named, str(output) if output is not None else None)
    if format not in known:
        from stagecheck.renderers.base import EXTENSIONS

        endings = ", ".join(e for e, f in EXTENSIONS.items() if f in known)
        raise UserError(
            f"the output file {output} means --format {format}, which this command does not "
            f"write; name a file ending in {endings}"
        )
    if output is None and format is Format.html and sys.stdout.isatty():
        raise UserError("an HTML page goes to a file: add --output FILE.html")
    return format


def _write(
    draw: Callable[[T, Output], None],
    value: T,
    output: Path | None,
    force: bool,
    color: Color,
    inputs: list[str],
) -> None:
    from stagecheck.files import opened, refuse_inputs

    refuse_inputs(output, inputs)
    with opened(output, force=force) as stream:
        out = Output(stream=stream)

        def rich():  # type: ignore[no-untyped-def]
            from stagecheck.cli.streams import console

            return console(color, stream)

        out.console = rich
        draw(value, out)
    wrote(output)


def _with_rubrics(files: list[str], rubric: str | None) -> list[str]:
    """The files, and the rubric files they (or --rubric) name: inputs no --output replaces."""
    from stagecheck.timeline.reviews import rubric_files

    return [*files, *rubric_files(files), *([rubric] if rubric else [])]


def compare(
    old: Annotated[
        str,
        typer.Argument(
            help="The earlier review: a file, or FILE@REV for the file at a git revision "
            "(review.yaml@HEAD~1).",
            metavar="OLD",
            show_default=False,
        ),
    ],
    new: Annotated[
        str,
        typer.Argument(help="The later review: a file, or FILE@REV.", metavar="NEW"),
    ],
    rubric: RubricOption = None,
    format: CompareFormatOption = None,
    color: ColorOption = Color.auto,
    fail_on_regression: Annotated[
        bool,
        typer.Option("--fail-on-regression", help="Exit 1 if any dimension went down."),
    ] = False,
    output: OutputOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Compare two different partnerships all the same; let --output replace a file.",
        ),
    ] = False,
) -> None:
    """Two reviews of one partnership: each dimension's stage then and now, the criteria,
    practices and answers that changed, and the overall stage then and now."""
    from stagecheck import api
    from stagecheck.renderers.compare import RENDERERS

    fmt = _format(format, output, RENDERERS)
    if output is not None:
        from stagecheck.files import refuse_existing

        refuse_existing(output, force=force)
    comparison = api.compare(old, new, rubric=rubric, force=force)
    from stagecheck.timeline.git import split_rev

    files = [split_rev(s)[0] for s in (old, new)]
    _write(RENDERERS[fmt], comparison, output, force, color, _with_rubrics(files, rubric))
    if fail_on_regression and comparison.regressed:
        names = ", ".join(d.name for d in comparison.regressed)
        err(f"stagecheck: went down since {comparison.old.source}: {names}")
        raise typer.Exit(ExitCode.FAILED)


def history(
    path: Annotated[
        Path,
        typer.Argument(
            help="A partnership file in a git repository (every committed version), or a "
            "folder of dated review files.",
            metavar="PATH",
            show_default=False,
        ),
    ],
    rubric: Annotated[
        str | None,
        typer.Option(
            "--rubric",
            "-r",
            metavar="RUBRIC",
            help="Score every version with this rubric (a bundled id or a file). Default: the "
            "rubric each version names, as it was then.",
        ),
    ] = None,
    rescore: Annotated[
        bool,
        typer.Option(
            "--rescore",
            help="Score every version with today's rubric: the one the newest version names.",
        ),
    ] = False,
    format: HistoryFormatOption = None,
    color: ColorOption = Color.auto,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """A partnership's reviews over time: the stage of each dimension and overall at every
    committed version of its file (or every dated file of a folder), as a trend."""
    from stagecheck import api
    from stagecheck.renderers.history import RENDERERS

    fmt = _format(format, output, RENDERERS)
    if output is not None:
        from stagecheck.files import refuse_existing

        refuse_existing(output, force=force)
    traced = api.history(path, rubric=rubric, rescore=rescore)
    inputs = [str(path), *(p.source for p in traced.points)]  # a folder's review files too
    on_disk = [str(path)] if traced.kind == "git" else inputs[1:]
    inputs += _with_rubrics(on_disk, rubric)[len(on_disk) :]
    _write(RENDERERS[fmt], traced, output, force, color, inputs)
    if traced.gaps and fmt in {Format.json, Format.csv}:  # the views show each gap's error
        count = len(traced.gaps)
        err(
            f"stagecheck: {count} version{'s' if count > 1 else ''} could not be scored (see error)"
        )
    if traced.kind == "git":
        from stagecheck.timeline import git

        if git.locate(path).shallow:
            err(f"stagecheck: {path}: the history may begin late: {git.SHALLOW}")
