"""The command line's definition and help (Typer): parse options, call the core, render,
return an exit code. Nothing else. `stagecheck.cli.main` runs the plain forms of `assess FILE`
without it (see there) and hands everything else to `main` here.

Heavy modules are imported inside the commands so that `--help` and start-up stay fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stagecheck._version import __version__
from stagecheck.cli.authoring import explain, init, interview
from stagecheck.cli.history import compare, history
from stagecheck.cli.plain import (
    ForceOption,
    OutputOption,
    PlainGroup,
    RubricOption,
    err,
    usage_message,
)
from stagecheck.cli.review import review
from stagecheck.cli.rubric import rubric_app, schema
from stagecheck.cli.streams import Color, user_error
from stagecheck.core.errors import UserError
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers.base import Format

app = typer.Typer(
    name="stagecheck",
    cls=PlainGroup,
    help="Where a school partnership stands on a staged rubric, and what to do next.",
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class MinEvidence(StrEnum):
    documented = "documented"
    measured = "measured"
    independent = "independent"


def _version(value: bool) -> None:
    if value:
        print(f"stagecheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Where a school partnership stands on a staged rubric, and what to do next."""


@app.command()
def assess(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Partnership YAML files, and folders to search for *.yaml and *.yml files.",
            metavar="PATH",
            show_default=False,
        ),
    ],
    rubric: RubricOption = None,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: the one --output's extension names (.html, .md, "
            ".json, .jsonl, .csv), else table.",
            show_default=False,
        ),
    ] = None,
    color: Annotated[Color, typer.Option(help="Colour in the table output.")] = Color.auto,
    detail: Annotated[
        bool, typer.Option("--detail", help="Show every criterion and every next step.")
    ] = False,
    fail_under: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-under",
            metavar="[DIMENSION=]STAGE",
            help="Exit 1 if the overall stage (or a dimension's) is below STAGE, for any "
            "file. Repeatable.",
        ),
    ] = None,
    fail_on_missed_target: Annotated[
        bool,
        typer.Option(
            "--fail-on-missed-target",
            help="Exit 1 if any file has a target whose date has passed unmet (overdue).",
        ),
    ] = False,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            "-x",
            metavar="GLOB",
            help="Skip files and folders found in folders whose name or relative path "
            "matches GLOB. Repeatable.",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, metavar="N", help="Processes for a batch. Default: one per core."
        ),
    ] = None,
    verbose_records: Annotated[
        bool,
        typer.Option(
            "--verbose-records",
            help="jsonl: the full record on every line, with the rubric's text in each, "
            "instead of one rubric line and lean records.",
        ),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REV",
            help="A batch in git: each partnership's overall stage at the git revision REV, "
            "what moved since, and how many moved up or down on each dimension.",
        ),
    ] = None,
    min_evidence: Annotated[
        MinEvidence | None,
        typer.Option(
            "--min-evidence",
            help="Count a met criterion resting on weaker evidence as unknown, so the stage "
            "is the one the evidence supports.",
            show_default=False,
        ),
    ] = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="A portfolio's summary alone (table, markdown, html, json): the stages, what "
            "holds partnerships back, the weakest, the files not scored.",
        ),
    ] = False,
    all_rows: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every partnership's row in a portfolio of more than 50 files (table, "
            "markdown, html), instead of the summary.",
        ),
    ] = False,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="A progress bar on stderr. Default: for a large batch when stderr is a terminal.",
            show_default=False,
        ),
    ] = None,
    combine: Annotated[
        bool,
        typer.Option(
            "--combine",
            help="Combine the files of one partnership's respondents (one file each) under "
            "the rubric's rule, with the gaps between their views; in folders, files of the "
            "same partnership combine into one row.",
        ),
    ] = False,
) -> None:
    """Score partnership files: each dimension's stage, why, and the next steps. One file
    gives its report; several files or a folder give the portfolio."""
    from stagecheck.cli.assess import assess as assessed

    code = assessed(
        paths,
        rubric,
        format,
        color,
        detail,
        fail_under or [],
        exclude or [],
        output,
        force,
        jobs,
        progress,
        verbose_records,
        fail_on_missed_target,
        combine,
        since,
        min_evidence.value if min_evidence is not None else None,
        summary=summary,
        all_rows=all_rows,
    )
    if code:
        raise typer.Exit(code)


app.command()(init)
app.command()(interview)
app.command()(explain)
app.command()(compare)
app.command()(history)
app.command()(review)
app.add_typer(rubric_app, name="rubric")
app.command()(schema)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI through Typer and return its exit code; a user error is one plain line on
    stderr."""
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    try:
        code = app(args=argv, prog_name="stagecheck", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else ExitCode.ERROR
    except NoArgsIsHelpError as exc:
        exc.show()
        return ExitCode.ERROR
    except UsageError as exc:
        err(f"stagecheck: {usage_message(exc)}")
        return ExitCode.ERROR
    except typer.Abort:  # pragma: no cover - input ended at a prompt of Typer's own
        return ExitCode.INTERRUPTED
    except UserError as exc:  # InputError included
        return user_error(exc)
    return code if isinstance(code, int) else ExitCode.OK
