"""The command line: parse options, call the core, render, return an exit code. Nothing else.

Heavy modules are imported inside the commands so that `--help` and start-up stay fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stagecheck._version import __version__
from stagecheck.cli.authoring import explain, init, interview
from stagecheck.cli.batch import assess_many, wrote
from stagecheck.cli.plain import Color, PlainGroup, RubricOption, console, err, usage_message
from stagecheck.cli.rubric import rubric_app, schema
from stagecheck.core.errors import InputError, UserError, shown
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers import registry as formats
from stagecheck.renderers.base import Format, Output, chosen

if TYPE_CHECKING:
    from stagecheck.renderers.base import SingleRenderer

app = typer.Typer(
    name="stagecheck",
    cls=PlainGroup,
    help="Where a school partnership stands on a staged rubric, and what to do next.",
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the output to FILE (atomically) instead of stdout.",
            metavar="FILE",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --output replace a file.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, metavar="N", help="Processes for a batch. Default: one per core."
        ),
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="A progress bar on stderr. Default: for a large batch when stderr is a terminal.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Score partnership files: each dimension's stage, why, and the next steps. One file
    gives its report; several files or a folder give the portfolio."""
    format = chosen(format, str(output) if output is not None else None)
    if output is not None:
        from stagecheck.files import refuse_existing

        refuse_existing(output, force=force)  # before any work
    elif format is Format.html and sys.stdout.isatty():
        raise UserError("an HTML page goes to a file: add --output report.html")
    out = Output(detail=detail)
    single = formats.single(format) if len(paths) == 1 and not paths[0].is_dir() else None
    if single is not None:
        code = _assess_one(paths[0], rubric, fail_under or [], single, out, color, output, force)
    else:
        if detail:
            err(
                "stagecheck: --detail shows one partnership's criteria and steps, so a batch "
                "leaves it out; run `stagecheck assess FILE --detail` for one file"
            )
        code = assess_many(
            paths,
            rubric,
            fail_under or [],
            format,
            out,
            color,
            output,
            force,
            exclude=exclude or [],
            jobs=jobs,
            progress=progress,
        )
    if code:
        raise typer.Exit(code)


def _assess_one(
    path: Path,
    rubric: str | None,
    fail_under: list[str],
    render: SingleRenderer,
    out: Output,
    color: Color,
    target: Path | None,
    force: bool,
) -> ExitCode:
    """One file: its own report, or exit 2 with every problem in it."""
    from stagecheck import api
    from stagecheck.core.gates import failed, parse_gates
    from stagecheck.files import opened, refuse_inputs

    refuse_inputs(target, [path])
    record = api.assess(path, rubric)
    refuse_inputs(target, [record.rubric.path])
    gates = parse_gates(fail_under, api.load_rubric(record.rubric.path).rubric)
    with opened(target, force=force) as stream:
        out.stream = stream
        out.console = lambda: console(color, stream)
        render(record, out)
    wrote(target)
    below = failed(gates, record)
    for gate in below:
        err(f"stagecheck: {path}: below the gate --fail-under {gate}")
    return ExitCode.FAILED if below else ExitCode.OK


app.command()(init)
app.command()(interview)
app.command()(explain)
app.add_typer(rubric_app, name="rubric")
app.command()(schema)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; a user error is one plain line on stderr."""
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
    except InputError as exc:
        for line in shown(exc.problems):  # each already says file:line:col
            err(line)
        return ExitCode.ERROR
    except UserError as exc:
        err(f"stagecheck: {exc}")
        return ExitCode.ERROR
    return code if isinstance(code, int) else ExitCode.OK


def run() -> None:
    sys.exit(main())
