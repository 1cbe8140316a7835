"""What every renderer is: the output formats, where a renderer writes (`Output`), and the two
kinds of renderer (one partnership; a batch as its files arrive). The registry of which
renderer draws which format is `render.registry`; renderers import only this module, so
there is no import cycle between the registry and the renderers."""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, Protocol, TextIO

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
    docx = "docx"


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
    ".docx": Format.docx,
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
    verbose_records: bool = False  # jsonl: the full record on every line (no rubric line)
    # csv: columns added after the others (`assess --since`), and each row's cells for them
    extra_header: list[str] = field(default_factory=list)
    extra_cells: Callable[[Row], list[str]] | None = None
    # a batch's page views (table, markdown, html) and json: the summary alone, because it
    # was asked for (--summary) or because the portfolio is large (over SUMMARY_OVER files)
    summary: Literal["", "asked", "large"] = ""

    def rich(self) -> Console:
        if self.console is not None:
            return self.console()
        from stagecheck.renderers.console import console

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
    arrive, lists the files that could not be scored itself. As a summary (`out.summary`) it
    keeps nothing per file: the summary's counts and weakest rows are all it draws."""

    shows_failures = True

    def __init__(self, out: Output) -> None:
        super().__init__(out)
        self.rows: list[Row] = []

    def scored(self, row: Row, payload: str | None, summary: Summary) -> None:
        if not self.out.summary:
            self.rows.append(row)
