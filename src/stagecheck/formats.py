"""Output formats: one name per format, and for each the renderer of one partnership and the
renderer of a batch, both built from the one result record.

`single` and `batch` below are the registry. Each is a `match` over every `Format` member that
ends in `assert_never`, so adding a member to `Format` makes mypy (strict) fail until both say
what the new format does: a renderer, or None (`single`: fall back to the batch view of one
file; `batch`: the format shows one partnership only, and a batch run says so).

Renderers are imported inside the functions: the one-file path imports only what it prints.
"""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, TextIO, assert_never

if TYPE_CHECKING:
    from rich.console import Console

    from stagecheck.batch.portfolio import Failure, Row, Summary
    from stagecheck.batch.run import Encoder
    from stagecheck.core.record import Record


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"
    html = "html"


# the formats an --output file's name implies, by its extension
EXTENSIONS = {
    ".html": Format.html,
    ".htm": Format.html,
    ".md": Format.markdown,
    ".markdown": Format.markdown,
    ".json": Format.json,
    ".jsonl": Format.jsonl,
    ".ndjson": Format.jsonl,
    ".csv": Format.csv,
    ".txt": Format.table,
}


def chosen(given: Format | None, target: str | None) -> Format:
    """The format of a run: `--format` if given, else the one the --output file's extension
    names, else the table. A --format that contradicts a known extension is a usage error
    (`-f table -o report.html` would write a plain-text table into a web page)."""
    from pathlib import PurePath

    from stagecheck.core.errors import UserError

    suffix = PurePath(target).suffix.lower() if target else ""
    implied = EXTENSIONS.get(suffix)
    if given is None:
        return implied or Format.table
    if implied is not None and implied is not given:
        raise UserError(
            f"--format {given} does not fit the output file {target}, whose extension "
            f"{suffix} means {implied}; drop --format or change the file's extension"
        )
    return given


@dataclass
class Output:
    """Where a renderer writes, and how: a text stream (stdout, or the temporary file behind
    `--output`), a rich console on that stream for the terminal views, and `--detail`."""

    stream: TextIO = field(default_factory=lambda: sys.stdout)
    console: Callable[[], Console] | None = None
    detail: bool = False

    def rich(self) -> Console:
        if self.console is not None:
            return self.console()
        from stagecheck.render.console import console

        return console("auto", self.stream)


class SingleRenderer(Protocol):
    """Renders the record of one partnership file."""

    def __call__(self, record: Record, out: Output, /) -> None: ...


class BatchRenderer(ABC):
    """Renders a batch as outcomes arrive, in the batch's order.

    `encode`, when set, is run in the worker on each record (it must be a top-level function,
    sent to the workers by name); its text arrives here as `payload`. A renderer that must
    see every row before it can draw (a sorted table) keeps the rows; a streaming one must not.
    """

    encode: Encoder | None = None
    shows_failures = False  # True: the view itself lists the files that could not be scored

    def __init__(self, out: Output) -> None:
        self.out = out

    @abstractmethod
    def scored(self, row: Row, payload: str | None, summary: Summary) -> str | None:
        """Take a scored file; or refuse it, returning why (it is then reported as a file the
        output could not hold, and the run exits 2)."""

    def failed(self, failure: Failure, summary: Summary) -> None:  # noqa: B027 - optional hook
        """A file that could not be scored (it is in `summary.failures` too)."""

    @abstractmethod
    def end(self, summary: Summary) -> None: ...


class PageView(BatchRenderer):
    """A view drawn whole at the end (its table is sorted): keeps the small rows as they
    arrive, lists the files that could not be scored itself."""

    shows_failures = True

    def __init__(self, out: Output) -> None:
        super().__init__(out)
        self.rows: list[Row] = []

    def scored(self, row: Row, payload: str | None, summary: Summary) -> None:
        self.rows.append(row)


def single(fmt: Format) -> SingleRenderer | None:
    """The renderer of one partnership, or None to show one file as a batch of one."""
    match fmt:
        case Format.table:
            from stagecheck.render.terminal import render_to

            return render_to
        case Format.json:
            from stagecheck.render.json import render_to as json_to

            return json_to
        case Format.jsonl | Format.csv:
            return None  # one line, one row: the batch renderer says it the same way
        case Format.markdown:
            from stagecheck.render.markdown import render_to as markdown_to

            return markdown_to
        case Format.html:
            from stagecheck.render.html import render_to as html_to

            return html_to
        case unreachable:
            assert_never(unreachable)


def batch(fmt: Format, out: Output) -> BatchRenderer | None:
    """The renderer of many partnerships, or None where the format shows one partnership."""
    match fmt:
        case Format.table:
            from stagecheck.render.portfolio import PortfolioView

            return PortfolioView(out)
        case Format.json:
            from stagecheck.render.json_batch import JsonDocument

            return JsonDocument(out)
        case Format.jsonl:
            from stagecheck.render.jsonl import JsonLines

            return JsonLines(out)
        case Format.csv:
            from stagecheck.render.csv import CsvRows

            return CsvRows(out)
        case Format.markdown:
            from stagecheck.render.portfolio_markdown import MarkdownPortfolio

            return MarkdownPortfolio(out)
        case Format.html:
            from stagecheck.render.html import HtmlPortfolio

            return HtmlPortfolio(out)
        case unreachable:
            assert_never(unreachable)
