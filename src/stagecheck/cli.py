"""The command line: parse options, call the core, render, return an exit code. Nothing else.

Heavy modules are imported inside the commands so that `--help` and start-up stay fast.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stagecheck._version import __version__
from stagecheck.errors import InputError, UserError
from stagecheck.exitcodes import ExitCode
from stagecheck.render.diagnostics import DiagnosticFormat

if TYPE_CHECKING:
    from rich.console import Console

    from stagecheck.rubric import Rubric

app = typer.Typer(
    name="stagecheck",
    help="Where a school partnership stands on a staged rubric, and what to do next.",
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


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
        help="A bundled rubric id (four-stages) or a rubric file. "
        "Default: the file's own `rubric:` key, else four-stages.",
    ),
]


@app.command()
def assess(
    path: Annotated[Path, typer.Argument(help="The partnership YAML file.", show_default=False)],
    rubric: RubricOption = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    color: Annotated[Color, typer.Option(help="Colour in the table output.")] = Color.auto,
    detail: Annotated[
        bool, typer.Option("--detail", help="Show every criterion and every next step.")
    ] = False,
    fail_under: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-under",
            metavar="[DIMENSION=]STAGE",
            help="Exit 1 if the overall stage (or a dimension's) is below STAGE. Repeatable.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the report to this file (html, markdown, json)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing --output file.")
    ] = False,
) -> None:
    """Score a partnership file: each dimension's stage, why, and the next steps."""
    from stagecheck.assess import assess as assess_file
    from stagecheck.gates import failed, parse_gates

    if output is not None and format is Format.table:
        raise UserError("--output needs --format html, markdown or json")
    record = assess_file(path, rubric)
    gates = parse_gates(fail_under or [], _rubric_of(record.rubric.path))
    if format is not Format.table:
        from stagecheck.render import write_report

        write_report(record, format.value, output, force=force)
    else:
        from stagecheck.render import terminal

        terminal.render(record, console(color), detail=detail)
    below = failed(gates, record)
    for gate in below:
        print(f"stagecheck: {path}: below the gate --fail-under {gate}", file=sys.stderr)
    if below:
        raise typer.Exit(ExitCode.FAILED)


@app.command()
def init(
    path: Annotated[
        Path, typer.Argument(help="The partnership file to create.", show_default=False)
    ],
    rubric: RubricOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    schema: Annotated[
        bool, typer.Option(help="Also write the rubric's JSON Schema beside it, for editors.")
    ] = True,
) -> None:
    """Start a partnership file: every question, with its allowed answers, left blank."""
    from stagecheck.template import init as write_template

    for written in write_template(path, rubric, force=force, schema=schema):
        print(f"stagecheck: wrote {written}", file=sys.stderr)
    print(f"Next: fill it in, or run `stagecheck interview {path}`.", file=sys.stderr)


@app.command()
def interview(
    path: Annotated[Path, typer.Argument(help="The partnership file (created if missing).")],
    rubric: RubricOption = None,
) -> None:
    """Answer the rubric's questions one at a time; saved after every answer."""
    from stagecheck.interview import Quit
    from stagecheck.interview import interview as ask_all

    try:
        summary = ask_all(path, rubric, input, print)
    except (EOFError, KeyboardInterrupt, Quit) as exc:
        print(
            f"\nStopped. Every answer you gave is saved in {path}; run "
            f"`stagecheck interview {path}` to carry on."
        )
        if not isinstance(exc, Quit):
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        return
    if summary.skipped:
        n = len(summary.skipped)
        print(f"\n{n} question{'s' if n != 1 else ''} left for later; run this again to answer.")
    print(f"\nSaved {path}. Where the partnership stands now:\n")
    from stagecheck.assess import assess as assess_file
    from stagecheck.render import terminal

    terminal.render(assess_file(path, rubric), console(Color.auto))


@app.command()
def explain(
    dimension: Annotated[str, typer.Argument(help="A dimension's id or name, e.g. leadership.")],
    path: Annotated[
        Path | None, typer.Argument(help="A partnership file: show how it was decided.")
    ] = None,
    rubric: RubricOption = None,
) -> None:
    """A dimension's row of the rubric: each stage, its criteria and questions."""
    from stagecheck.explain import explain as explain_row

    sys.stdout.write(explain_row(dimension, path, rubric))


def _rubric_of(path: str) -> Rubric:
    from stagecheck.rubrics import load_rubric

    return load_rubric(path).rubric


def console(color: Color) -> Console:
    """The console every table is printed on: plain when piped, with NO_COLOR or `never`.

    Markup and emoji codes are off: names and reasons come from users' files and are printed
    as written (a "[draft]" in a partnership's name is text, not a style).
    """
    from functools import partial

    from rich.console import Console

    plain = partial(Console, highlight=False, markup=False, emoji=False)
    if color is Color.always:
        forced = plain(force_terminal=True)
        # even where TERM says the terminal has no colours: the user asked for them
        return (
            forced if forced.color_system else plain(force_terminal=True, color_system="standard")
        )
    if color is Color.never or os.environ.get("NO_COLOR"):
        return plain(color_system=None)
    return plain()


# --- Rubric maintenance (issue 4): rubric check/test/diff/docs, and JSON Schemas. Each command's
# logic lives in its own module (rubric_lint, rubric_test, rubric_diff, rubric_docs, schema).
rubric_app = typer.Typer(
    help="Check, test, compare and document rubrics, as code is.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(rubric_app, name="rubric")
RubricFiles = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Rubric files or folders. Default: the bundled rubrics.", show_default=False
    ),
]


@rubric_app.command("check")
def rubric_check(
    paths: RubricFiles = None,
    format: Annotated[
        DiagnosticFormat,
        typer.Option(
            "--format",
            "-f",
            help="auto: github under GitHub Actions, human on a terminal, else concise.",
        ),
    ] = DiagnosticFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
) -> None:
    """Check rubric files: every problem, with its code, file:line:col and a fix hint."""
    from stagecheck.render import diagnostics as d
    from stagecheck.rubric_lint import check_paths

    report = check_paths(paths or [])
    chosen = d.resolve(
        format,
        github_actions=os.environ.get("GITHUB_ACTIONS") == "true",
        terminal=sys.stdout.isatty(),
    )
    sys.stdout.write(d.render(report, chosen))
    print(d.summary(report), file=sys.stderr)
    if report.failed(strict=strict):
        raise typer.Exit(ExitCode.FAILED)


@rubric_app.command("test")
def rubric_test(
    examples: Annotated[
        list[Path] | None,
        typer.Argument(help="Example files or folders. Default: examples/.", show_default=False),
    ] = None,
    rubric: Annotated[
        str | None,
        typer.Option(
            "--rubric", "-r", help="Score with this rubric. Default: each file's own `rubric:`."
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every expected stage.")
    ] = False,
) -> None:
    """Re-score examples and compare with their `expected:` stages, like a test runner."""
    from stagecheck import rubric_test as t

    results = t.run(examples or [], rubric)
    sys.stdout.write(t.render(results, verbose=verbose))
    print(t.summary(results), file=sys.stderr)
    if t.failed(results):
        raise typer.Exit(ExitCode.FAILED)


@rubric_app.command("diff")
def rubric_diff(
    old: Annotated[str, typer.Argument(help="The rubric before: a file or a bundled id.")],
    new: Annotated[str, typer.Argument(help="The rubric after: a file or a bundled id.")],
    corpus: Annotated[
        list[Path] | None,
        typer.Option(help="Partnership files or folders to score with both. Repeatable."),
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    fail_on_change: Annotated[
        bool,
        typer.Option(
            "--fail-on-change",
            help="Exit 1 if anything changes, unless NEW declares it (new version + changes:).",
        ),
    ] = False,
) -> None:
    """What an edit changes: criteria and advice, and which partnerships move stage."""
    from stagecheck import rubric_diff as rd
    from stagecheck.rubrics import load_rubric

    result = rd.diff(load_rubric(old), load_rubric(new), corpus or [])
    if format is Format.json:
        import json

        from stagecheck.record import as_dict

        sys.stdout.write(json.dumps(as_dict(result), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(rd.render(result))
    if fail_on_change and result.changed and not result.declared:
        print("stagecheck: the rubric changes and NEW does not declare it", file=sys.stderr)
        raise typer.Exit(ExitCode.FAILED)


@rubric_app.command("docs")
def rubric_docs(
    rubric: Annotated[
        str, typer.Option("--rubric", "-r", help="A bundled rubric id or a rubric file.")
    ] = "four-stages",
) -> None:
    """Print a Markdown reference of a rubric (stages, cells, criteria, advice, sources)."""
    from stagecheck.rubric_docs import render
    from stagecheck.rubrics import load_rubric

    sys.stdout.write(render(load_rubric(rubric).rubric, f"stagecheck rubric docs -r {rubric}"))


class SchemaKind(StrEnum):
    partnership = "partnership"
    rubric = "rubric"


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file the schema describes.")],
    rubric: Annotated[
        str,
        typer.Option("--rubric", "-r", help="For partnership files: the rubric they answer."),
    ] = "four-stages",
) -> None:
    """Print the JSON Schema of partnership files (for a rubric) or of rubric files."""
    import json

    from stagecheck import schema as schemas

    if kind is SchemaKind.rubric:
        document = schemas.rubric_schema()
    else:
        document = schemas.partnership_schema(_rubric_of(rubric))
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


# --- end of rubric maintenance


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; a user error is one plain line on stderr."""
    try:
        app(args=argv, prog_name="stagecheck")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else ExitCode.ERROR
    except InputError as exc:
        for problem in exc.problems:  # each already says file:line:col
            print(problem, file=sys.stderr)
        return ExitCode.ERROR
    except UserError as exc:
        print(f"stagecheck: {exc}", file=sys.stderr)
        return ExitCode.ERROR
    return ExitCode.OK


def run() -> None:
    sys.exit(main())
