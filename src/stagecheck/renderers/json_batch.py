"""`--format json` for a batch: one JSON document, streamed.

    {"schema_version": 1, "tool": {...}, "records": [<the record of each file scored>, ...],
     "errors": [{"path": ..., "first": {file, line, column, path, message}, "more": n}, ...],
     "summary": {"files": n, "scored": n, "could_not_score": n, "below_gate": n,
                 "rubrics": [{"id", "title", "scored", "overall": {stage: n},
                              "distribution": {dimension: {stage: n, "a..c": n}},
                              "holding_back": {dimension: n},
                              "holding_back_criteria": {criterion: n},
                              "weakest": [{"path", "name", "overall", "index"}, ...]}, ...]}}

An error's line and column are 0 where the problem has no position (a path that does not
exist, an empty or binary file). Each record is the same record `--format json` gives for one
file. Records are written as they
arrive; only the small summary waits for the end. `holding_back_criteria` counts, for each
criterion, the partnerships it keeps at their overall stage (of the dimensions holding them
there, the next stage's criteria not met); `weakest` is the rubric's weakest partnerships, at
most `portfolio.WEAKEST`, weakest first. Both were added later (keys are added, never renamed
or dropped). A cell the rubric gives for several stages is counted under its span,
`"established..national": n`, and each stage it covers is null. With `--combine`, the
summary adds `partnerships` (its rows), and `files` counts the files they were made from.

With `--summary` the document has no `records` key: the workers encode nothing, and the
document is the tool, the errors and the summary.
"""

from __future__ import annotations

import json
from typing import Any

from stagecheck._version import __version__
from stagecheck.batch.portfolio import Failure, Row, Section, Summary
from stagecheck.core.record import SCHEMA_VERSION, Record, to_json
from stagecheck.renderers.base import BatchRenderer


def encode(record: Record) -> str:
    """A record as an item of the `records` list: indented as the one-file JSON is, one level
    deeper."""
    return "    " + to_json(record, indent=True).replace("\n", "\n    ")


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")


class JsonDocument(BatchRenderer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count = 0
        self.records = not self.out.summary
        if self.records:  # with --summary the workers encode nothing
            self.encode = encode
        tool = {"name": "stagecheck", "version": __version__}
        self.out.stream.write(
            f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "tool": {_dumps(tool)},\n'
            + ('  "records": [' if self.records else "")
        )

    def scored(self, row: Row, payload: str | None, summary: Summary) -> None:
        if not self.records:
            return
        assert payload is not None
        self.out.stream.write(",\n" if self.count else "\n")
        self.out.stream.write(payload)  # not joined first: a record is ~46 KB
        self.count += 1

    def end(self, summary: Summary) -> None:
        write = self.out.stream.write
        if self.records:
            write("\n  ],\n" if self.count else "],\n")
        errors = [_error(f) for f in summary.failures]
        write(f'  "errors": {_dumps(errors)},\n')
        write(f'  "summary": {_dumps(_summary(summary))}\n}}\n')


def _error(failure: Failure) -> dict[str, Any]:
    p = failure.first
    return {
        "path": failure.path,
        "first": {
            "file": p.file,
            "line": p.line,
            "column": p.column,
            "path": p.path,
            "message": p.message,
        },
        "more": failure.more,
    }


def _summary(s: Summary) -> dict[str, Any]:
    out: dict[str, Any] = {
        "files": s.files,
        "scored": s.scored,
        "could_not_score": len(s.failures),
        "below_gate": s.below_gate,
        "rubrics": [_section(section) for section in s.sections.values()],
    }
    if s.combined is not None:  # --combine: "scored" counts partnerships, made from the files
        out["partnerships"] = s.combined.partnerships
    return out


def _cells(s: Section, dimension: str) -> dict[str, int | None]:
    """A dimension's partnerships at each stage; a cell the table merges is counted under its
    span ("established..national", as the CSV names it), and each stage it covers is null:
    the table does not tell them apart, so no partnership is counted at one of them."""
    out: dict[str, int | None] = {}
    for first, last, n in s.heat(dimension):
        if first == last:
            out[s.stages[first - 1].id] = n
            continue
        out.update((st.id, None) for st in s.stages[first - 1 : last])
        out[f"{s.stages[first - 1].id}..{s.stages[last - 1].id}"] = n
    return out


def _section(s: Section) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "scored": s.scored,
        "overall": {st.id: s.overall[st.id] for st in s.stages},
        "distribution": {d.id: _cells(s, d.id) for d in s.dimensions},
        "holding_back": {d.id: n for d, n in s.holding_back(top=len(s.dimensions))},
        "holding_back_criteria": {c.id: n for c, n in s.blocking(top=len(s.blocked_by))},
        "weakest": [
            {"path": r.path, "name": r.name, "overall": r.overall, "index": r.index}
            for r in s.weakest()
        ],
    }
