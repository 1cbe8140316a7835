"""`--format jsonl`: one line per scored file, written as each file is scored, in the batch's
order. Nothing is kept per file. `encode` runs in the workers.

Lines are lean (schema version 5; see renderers/jsonl_lean.py and jsonl_rubric.py): before the
first record scored with a rubric comes one rubric line (`"type": "rubric"`) with what that
rubric fixes, by id, and the defaults of the keys records leave out; each record (`"type":
"assessment"`) holds what its file decides. `--verbose-records` writes instead the full record
of `--format json` on every line, and no rubric line.
"""

from __future__ import annotations

import orjson

from stagecheck.batch.portfolio import Row, Summary
from stagecheck.core.record import Record, to_json
from stagecheck.renderers.base import BatchRenderer, Output
from stagecheck.renderers.jsonl_lean import lean
from stagecheck.renderers.jsonl_rubric import rubric_line


def encode(record: Record) -> str:
    """One lean record as one line of JSON, with its newline (as `to_json` writes it)."""
    return orjson.dumps(lean(record), option=orjson.OPT_APPEND_NEWLINE).decode()


def encode_verbose(record: Record) -> str:
    """One full record (the one-file `json` record) as one line of JSON, with its newline."""
    return to_json(record) + "\n"


class JsonLines(BatchRenderer):
    encode = staticmethod(encode)

    def __init__(self, out: Output) -> None:
        super().__init__(out)
        self.verbose = out.verbose_records
        if self.verbose:
            self.encode = encode_verbose
        self.described: set[str] = set()  # the rubrics whose line is written

    def scored(self, row: Row, payload: str | None, summary: Summary) -> None:
        assert payload is not None
        if not self.verbose and row.rubric_path not in self.described:
            from stagecheck.core.compiled import load_rubric

            self.described.add(row.rubric_path)
            self.out.stream.write(to_json(rubric_line(load_rubric(row.rubric_path))) + "\n")
        self.out.stream.write(payload)

    def end(self, summary: Summary) -> None:
        self.out.stream.flush()
