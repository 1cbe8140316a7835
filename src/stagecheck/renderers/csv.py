"""`--format csv`: one row per partnership scored, one column per dimension, for a spreadsheet.

Columns: `file`, `partnership`, `rubric`, `overall` (a stage id), `overall_stage` (its number),
`index` (the profile), `provisional` (yes/no), then one column per dimension of the rubric (the
stage id reached; `established..national` for a cell the source gives for several stages; the
dimensions a rubric reads beside the stage come last, as the cell reached of the row's cells,
`2 of 2`), then `below_gates` (the `--fail-under` gates failed, separated by spaces), then
`asserted_share` (of the met cell criteria, the share resting on assertion alone, 0 to 1;
counted as answered, before any `--min-evidence`).
Files that could not be scored are not rows: they are reported on stderr and in the exit code.

Spreadsheet-clean: a header row, RFC 4180 quoting, UTF-8, and any text cell that a spreadsheet
would read as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) prefixed with
`'`. Control characters are shown as escapes (`\x1b`), as JSON shows them as `\u001b`: a CSV
is often looked at on a terminal, where a raw one would act. Rows are written as they arrive;
nothing is kept per file.
"""

from __future__ import annotations

import csv
from typing import Any

from stagecheck.batch.portfolio import Beside, Row, Summary
from stagecheck.core.words import profile_figure
from stagecheck.renderers.base import BatchRenderer
from stagecheck.renderers.visible import visible

FIXED = ("file", "partnership", "rubric", "overall", "overall_stage", "index", "provisional")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe(text: str) -> str:
    text = visible(text)
    return "'" + text if text.startswith(_FORMULA) else text


class CsvRows(BatchRenderer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.writer = csv.writer(self.out.stream, lineterminator="\n")
        self.dimensions: list[str] | None = None
        self.beside: dict[str, Beside] = {}
        self.rubric = ""

    def header(self, rubric: str, summary: Summary) -> None:
        self.rubric = rubric
        section = summary.sections[rubric]
        self.beside = {b.id: b for b in section.beside}
        self.dimensions = [d.id for d in section.deciding] + list(self.beside)
        self.writer.writerow(
            [*FIXED, *self.dimensions, "below_gates", "asserted_share", *self.out.extra_header]
        )

    def scored(self, row: Row, payload: str | None, summary: Summary) -> str | None:
        if self.dimensions is None:
            self.header(row.rubric, summary)
        assert self.dimensions is not None
        if row.rubric != self.rubric:  # its dimensions are not this sheet's columns
            return (
                f"scored with the rubric {row.rubric}, but this CSV has the columns of "
                f"{self.rubric}; write each rubric's files to a CSV of their own "
                "(--exclude the others), or use --format jsonl"
            )
        cells = []
        for dimension in self.dimensions:
            cell = row.cell(dimension)
            if dimension in self.beside:
                cells.append(self.beside[dimension].mark(cell).rstrip("?"))
                continue
            span = "" if cell is None or cell.last == cell.stage else f"..{cell.last}"
            cells.append("" if cell is None else cell.stage + span)
        self.writer.writerow(
            [
                safe(row.path),
                safe(row.name),
                row.rubric,
                row.overall,
                row.overall_number,
                profile_figure(row.index),
                "yes" if row.provisional else "no",
                *cells,
                " ".join(row.below),
                f"{row.asserted_share:g}",
                *(safe(c) for c in (self.out.extra_cells(row) if self.out.extra_cells else ())),
            ]
        )
        return None

    def end(self, summary: Summary) -> None:
        if self.dimensions is None and summary.sections:  # nothing scored: the header alone
            self.header(next(iter(summary.sections)), summary)
        self.out.stream.flush()
