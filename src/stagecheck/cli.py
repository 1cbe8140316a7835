"""The command line: parse options, call the core, render, return an exit code. Nothing else.

Heavy modules are imported inside the commands so that `--help` and start-up stay fast.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stagecheck._version import __version__
from stagecheck.cli_plain import PlainGroup, err, usage_message
from stagecheck.cli_rubric import rubric_app, schema
from stagecheck.core.errors import InputError, Problem, UserError, shown
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers import registry as formats
from stagecheck.renderers.base import Format, Output, chosen
from stagecheck.renderers.console import Color, console

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from stagecheck.batch.portfolio import Summary
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


RubricOption = Annotated[
    str | None,
    typer.Option(
        "--rubric",
        "-r",
        metavar="RUBRIC",
        help="A bundled rubric id (four-stages) or a rubric file. "
        "Default: the file's own `rubric:` key, else four-stages.",
    ),
]


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
        code = _assess_many(
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
    _wrote(target)
    below = failed(gates, record)
    for gate in below:
        err(f"stagecheck: {path}: below the gate --fail-under {gate}")
    return ExitCode.FAILED if below else ExitCode.OK


def _assess_many(
    paths: list[Path],
    rubric: str | None,
    fail_under: list[str],
    format: Format,
    out: Output,
    color: Color,
    target: Path | None,
    force: bool,
    *,
    exclude: list[str],
    jobs: int | None,
    progress: bool | None,
) -> ExitCode:
    """Many files: every file scored or reported, the portfolio (or a machine format) drawn,
    and the exit code of the whole: 2 if any file could not be scored, else 1 if any fell
    below a gate, else 0."""
    from stagecheck import api
    from stagecheck.batch import run as batch
    from stagecheck.batch.portfolio import Summary
    from stagecheck.files import opened, refuse_inputs
    from stagecheck.renderers.portfolio import closing
    from stagecheck.renderers.progress import tracked, wanted

    found = api.portfolio(paths, rubric, fail_under, exclude)  # usage errors before any work
    for warning in found.warnings:
        err(f"stagecheck: warning: {warning}")
    refuse_inputs(target, [*found.files, *([found.rubric.path] if found.rubric else [])])
    summary = Summary()
    if found.rubric:
        summary.learn(found.rubric.rubric)
    total = len(found.files) + len(found.errors)
    streams = format in (Format.json, Format.jsonl, Format.csv)  # written as files are scored
    with _interrupted(summary, total, target, streams), opened(target, force=force) as stream:
        out.stream = stream
        out.console = lambda: console(color, stream)
        view = formats.batch(format, out)
        if view is None:  # pragma: no cover - every format has a batch view today
            raise UserError(f"--format {format} shows one partnership; name one file")
        to_stderr = not (view.shows_failures and target is None)

        def failed(path: str, problems: Sequence[Problem], *, echo: bool = to_stderr) -> None:
            summary.fail(path, problems)  # in every format: its first problem and a count
            view.failed(summary.failures[-1], summary)
            if echo:
                err(summary.failures[-1])

        def below(path: str, gate: str) -> None:
            if to_stderr:
                err(f"stagecheck: {path}: below the gate --fail-under {gate}")

        for problem in found.errors:
            failed(problem.file, [problem], echo=True)
        job = batch.Job(rubric, tuple(fail_under), view.encode)
        show = wanted(len(found.files), progress)
        outcomes = tracked(batch.score(found.files, job, jobs=jobs), len(found.files), show=show)
        learnt = api.collect(outcomes, summary, view, failed, below)
        refuse_inputs(target, learnt)  # the rubrics the files named are inputs too
        view.end(summary)
    _wrote(target)
    if to_stderr:
        err(f"stagecheck: {closing(summary)}")
    if summary.failures:
        return ExitCode.ERROR
    return ExitCode.FAILED if summary.below_gate else ExitCode.OK


@contextlib.contextmanager
def _interrupted(
    summary: Summary, total: int, target: Path | None, streams: bool
) -> Iterator[None]:
    """Ctrl-C in a batch: say on stderr how far it got and what was written, then exit 130.
    Outside `opened`, which has removed its temporary file by the time this runs."""
    existed = target is not None and target.exists()
    try:
        yield
    except KeyboardInterrupt:
        done = f"{summary.files} of {total} files done, {summary.scored} scored"
        if target is None:
            wrote = "stdout has what was written until then" if streams else "nothing was shown"
        elif existed:
            wrote = f"{target} was left as it was"
        else:
            wrote = f"{target} was not written"
        err(f"stagecheck: interrupted: {done}; {wrote}")
        raise typer.Exit(ExitCode.INTERRUPTED) from None


def _wrote(target: Path | None) -> None:
    if target is not None:
        err(f"stagecheck: wrote {target}")


@app.command()
def init(
    path: Annotated[
        Path,
        typer.Argument(help="The partnership file to create.", metavar="PATH", show_default=False),
    ],
    rubric: RubricOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    schema: Annotated[
        bool, typer.Option(help="Also write the rubric's JSON Schema beside it, for editors.")
    ] = True,
) -> None:
    """Start a partnership file: every question, with its allowed answers, left blank."""
    from stagecheck.authoring.template import init as write_template

    for written in write_template(path, rubric, force=force, schema=schema):
        err(f"stagecheck: wrote {written}")
    err(f"Next: fill it in, or run `stagecheck interview {path}`.")


@app.command()
def interview(
    path: Annotated[
        Path, typer.Argument(help="The partnership file (created if missing).", metavar="PATH")
    ],
    rubric: RubricOption = None,
) -> None:
    """Answer the rubric's questions one at a time; saved after every answer."""
    from stagecheck.authoring.interview import Quit
    from stagecheck.authoring.interview import interview as ask_all
    from stagecheck.renderers.visible import visible

    def say(text: str) -> None:
        print(visible(text, layout=True))

    try:
        summary = ask_all(path, rubric, input, say)
    except (EOFError, KeyboardInterrupt, Quit) as exc:
        say(
            f"\nStopped. Every answer you gave is saved in {path}; run "
            f"`stagecheck interview {path}` to carry on."
        )
        if not isinstance(exc, Quit):
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        return
    if summary.skipped:
        n = len(summary.skipped)
        say(f"\n{n} question{'s' if n != 1 else ''} left for later; run this again to answer.")
    say(f"\nSaved {path}. Where the partnership stands now:\n")
    from stagecheck.api import assess as assess_file
    from stagecheck.renderers import terminal

    terminal.render(assess_file(path, rubric), console(Color.auto))


@app.command()
def explain(
    dimension: Annotated[
        str,
        typer.Argument(help="A dimension's id or name, e.g. leadership.", metavar="DIMENSION"),
    ],
    path: Annotated[
        Path | None,
        typer.Argument(help="A partnership file: show how it was decided.", metavar="PATH"),
    ] = None,
    rubric: RubricOption = None,
) -> None:
    """A dimension's row of the rubric: each stage, its criteria and questions."""
    from stagecheck.authoring.explain import explain as explain_row
    from stagecheck.core.words import text_width

    sys.stdout.write(explain_row(dimension, path, rubric, width=text_width()))


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
