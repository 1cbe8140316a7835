"""The command line's commands for writing and reading partnership files by hand (`init`,
`interview`, `explain`): parse the options, call `stagecheck.authoring`, print. Nothing else."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from stagecheck.cli.plain import InitRubricOption, RubricOption, err, program
from stagecheck.cli.streams import Color, console
from stagecheck.exitcodes import ExitCode


def init(
    path: Annotated[
        Path,
        typer.Argument(help="The partnership file to create.", metavar="PATH", show_default=False),
    ],
    rubric: InitRubricOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    schema: Annotated[
        bool, typer.Option(help="Also write the rubric's JSON Schema beside it, for editors.")
    ] = True,
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            metavar="DIMENSION=STAGE@DATE",
            help="A target: a stage to reach in a dimension by a date (YYYY-MM or YYYY-MM-DD), "
            "e.g. leadership=regional@2027-07. Repeatable.",
        ),
    ] = None,
) -> None:
    """Start a partnership file: every question, with its allowed answers, left blank."""
    from stagecheck.authoring.template import init as write_template

    for written in write_template(path, rubric, force=force, schema=schema, targets=target or []):
        err(f"stagecheck: wrote {written}")
    err(f"Next: fill it in, or run `{program()} interview {path}`.")


def interview(
    path: Annotated[
        Path, typer.Argument(help="The partnership file (created if missing).", metavar="PATH")
    ],
    rubric: RubricOption = None,
    respondent: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="NAME",
            help="Answer as one respondent: start NAME's own file beside PATH (the "
            "partnership's file, without its answers) and interview it.",
        ),
    ] = None,
) -> None:
    """Answer the rubric's questions one at a time; saved after every answer."""
    from stagecheck.authoring.interview import interview as ask_all
    from stagecheck.authoring.prompts import Stopped
    from stagecheck.renderers.visible import visible

    def say(text: str) -> None:
        print(visible(text, layout=True))

    if respondent is not None:
        from stagecheck.authoring.voices import start

        source = path
        path, fresh = start(source, respondent, rubric)
        if fresh:
            say(f"Started {path} for {respondent}, from {source} without its answers.")
        else:
            say(f"Carrying on {respondent}'s answers in {path}.")

    try:
        summary = ask_all(path, rubric, input, say)
    except Stopped as stop:
        left = (
            f", but for 'not applicable' to \"{stop.unsaved}\", which needs a reason"
            if stop.unsaved
            else ""
        )
        say(
            f"\nStopped. Every answer you gave is saved in {path}{left}; run "
            f"`{program()} interview {path}` to carry on."
        )
        if stop.interrupted:
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        return
    if summary.skipped:
        n = len(summary.skipped)
        say(f"\n{n} question{'s' if n != 1 else ''} left for later; run this again to answer.")
    say(f"\nSaved {path}. Where the partnership stands now:\n")
    from stagecheck.api import assess as assess_file
    from stagecheck.api import render
    from stagecheck.authoring.beside import how_to_open, report_beside
    from stagecheck.renderers import terminal

    record = assess_file(path, rubric)
    terminal.render(record, console(Color.auto))
    written = report_beside(path, render(record, "html"))
    if written is None:
        say(
            f"\n{path.with_suffix('.html')} is there already and is not a stagecheck report, so "
            f"it was left alone. To write the report elsewhere: {program()} assess "
            f"{path} --output report.html"
        )
    else:
        say(f"\nThe report is in {written}, beside your answers.\n{how_to_open(written)}")


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
