"""The command line's rubric commands (`rubric check|test|diff|docs`) and `schema`: parse the
options, call the rubric authors' tools in `stagecheck.rubric`, print, exit. Nothing else."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stagecheck.cli.plain import PlainGroup, err, out
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers.diagnostics import DiagnosticFormat


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


rubric_app = typer.Typer(
    cls=PlainGroup,
    help="Check, test, compare and document rubrics, as code is.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
RubricFiles = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Rubric files or folders. Default: the bundled rubrics.",
        metavar="PATH",
        show_default=False,
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
    from stagecheck.renderers import diagnostics as d
    from stagecheck.rubric.lint import check_paths

    report = check_paths(paths or [])
    chosen = d.resolve(
        format,
        github_actions=os.environ.get("GITHUB_ACTIONS") == "true",
        terminal=sys.stdout.isatty(),
    )
    text = d.render(report, chosen)
    if chosen is d.DiagnosticFormat.json:
        sys.stdout.write(text)
    else:
        out(text)
    err(d.summary(report))
    if report.failed(strict=strict):
        raise typer.Exit(ExitCode.FAILED)


@rubric_app.command("test")
def rubric_test(
    examples: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Example files or folders. Default: examples/.",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    rubric: Annotated[
        str | None,
        typer.Option(
            "--rubric",
            "-r",
            metavar="RUBRIC",
            help="Score with this rubric. Default: each file's own `rubric:`.",
        ),
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="List every expected stage and fidelity case."),
    ] = False,
    with_examples: Annotated[
        bool, typer.Option("--examples/--no-examples", help="Re-score the examples.")
    ] = True,
    with_fidelity: Annotated[
        bool,
        typer.Option(
            "--fidelity/--no-fidelity",
            help=(
                "Run the fidelity checks on each rubric tested (the one given, else the examples' "
                "rubrics): generated answers for every cell must reach exactly that cell, miss "
                "it without any one of its criteria, and no practice may move a stage."
            ),
        ),
    ] = True,
) -> None:
    """Re-score examples and compare with their `expected:` stages, like a test runner; then
    check that each rubric tested scores as its cells say (fidelity)."""
    from stagecheck.rubric import regression as t

    report = t.run_all(examples or [], rubric, examples=with_examples, generated=with_fidelity)
    out(t.render(report, verbose=verbose))
    err(t.summary(report))
    if t.failed(report):
        raise typer.Exit(ExitCode.FAILED)


@rubric_app.command("diff")
def rubric_diff(
    old: Annotated[
        str, typer.Argument(help="The rubric before: a file or a bundled id.", metavar="OLD")
    ],
    new: Annotated[
        str, typer.Argument(help="The rubric after: a file or a bundled id.", metavar="NEW")
    ],
    corpus: Annotated[
        list[Path] | None,
        typer.Option(
            metavar="PATH", help="Partnership files or folders to score with both. Repeatable."
        ),
    ] = None,
    format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format.")
    ] = DiffFormat.text,
    fail_on_change: Annotated[
        bool,
        typer.Option(
            "--fail-on-change",
            help="Exit 1 if anything changes, unless NEW declares it (new version + changes:).",
        ),
    ] = False,
) -> None:
    """What an edit changes: criteria and advice, and which partnerships move stage."""
    from stagecheck.core.compiled import load_rubric
    from stagecheck.rubric import diff as rd

    result = rd.diff(load_rubric(old), load_rubric(new), corpus or [])
    if format is DiffFormat.json:
        from stagecheck.core.record import to_json

        sys.stdout.write(to_json(result, indent=True) + "\n")
    else:
        out(rd.render(result))
    if fail_on_change and result.changed and not result.declared:
        err("stagecheck: the rubric changes and NEW does not declare it")
        raise typer.Exit(ExitCode.FAILED)


@rubric_app.command("docs")
def rubric_docs(
    rubric: Annotated[
        str,
        typer.Option(
            "--rubric", "-r", metavar="RUBRIC", help="A bundled rubric id or a rubric file."
        ),
    ] = "four-stages",
) -> None:
    """Print a Markdown reference of a rubric (stages, cells, criteria, advice, sources)."""
    from stagecheck.core.compiled import load_rubric
    from stagecheck.rubric.docs import render

    out(render(load_rubric(rubric).rubric, f"stagecheck rubric docs -r {rubric}"))


class SchemaKind(StrEnum):
    partnership = "partnership"
    rubric = "rubric"


def schema(
    kind: Annotated[
        SchemaKind, typer.Argument(help="Which file the schema describes.", metavar="KIND")
    ],
    rubric: Annotated[
        str,
        typer.Option(
            "--rubric",
            "-r",
            metavar="RUBRIC",
            help="For partnership files: the rubric they answer.",
        ),
    ] = "four-stages",
) -> None:
    """Print the JSON Schema of partnership files (for a rubric) or of rubric files."""
    import json

    from stagecheck.rubric import schema as schemas

    if kind is SchemaKind.rubric:
        document = schemas.rubric_schema()
    else:
        from stagecheck.core.compiled import load_rubric

        document = schemas.partnership_schema(load_rubric(rubric).rubric)
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
