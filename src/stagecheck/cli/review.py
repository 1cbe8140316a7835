"""`stagecheck review FILE`: the annual review as Markdown or HTML. Parses the options, calls
the library (`api.review`), writes the document; nothing else."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stagecheck.cli.plain import ForceOption, OutputOption, RubricOption
from stagecheck.cli.streams import wrote
from stagecheck.core.errors import UserError


class ReviewFormat(StrEnum):
    markdown = "markdown"
    html = "html"


_EXTENSIONS = {
    ".md": ReviewFormat.markdown,
    ".markdown": ReviewFormat.markdown,
    ".html": ReviewFormat.html,
    ".htm": ReviewFormat.html,
}


def review(
    path: Annotated[
        Path,
        typer.Argument(help="The partnership file to review.", metavar="FILE", show_default=False),
    ],
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REV",
            help="Compare with the file at this git revision (a commit, branch or tag, e.g. "
            "HEAD~3). Default: the latest review dated at least 300 days before this one "
            "(each version dated by its assessed date, else its commit date), else the oldest "
            "earlier one.",
        ),
    ] = None,
    format: Annotated[
        ReviewFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="markdown or html. Default: the one --output's extension names (.md, .html), "
            "else markdown.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    rubric: RubricOption = None,
) -> None:
    """The annual review for governors: where the partnership was (an earlier version from
    git), where it is, what moved, its targets, and next year's plan."""
    from stagecheck import api
    from stagecheck.files import opened, refuse_existing, refuse_inputs
    from stagecheck.renderers import review as document
    from stagecheck.renderers.base import EXTENSIONS

    suffix = output.suffix.lower() if output is not None else ""
    if suffix in EXTENSIONS and suffix not in _EXTENSIONS:  # a .docx holding Markdown, say
        raise UserError(
            f"the output file {output} means --format {EXTENSIONS[suffix]}, which the review "
            f"does not write; name a file ending in {', '.join(_EXTENSIONS)}"
        )
    implied = _EXTENSIONS.get(suffix)
    if format is not None and implied is not None and format is not implied:
        raise UserError(
            f"--format {format} does not fit the output file {output}; drop --format or change "
            "the file's extension"
        )
    chosen = format or implied or ReviewFormat.markdown
    if output is not None:
        refuse_existing(output, force=force)  # before any work
    elif chosen is ReviewFormat.html and sys.stdout.isatty():
        raise UserError("an HTML page goes to a file: add --output review.html")
    refuse_inputs(output, [path])
    made = api.review(path, since, rubric=rubric)
    refuse_inputs(output, [made.now.rubric.path])
    text = document.html(made) if chosen is ReviewFormat.html else document.markdown(made)
    with opened(output, force=force) as stream:
        stream.write(text)
    wrote(output)
