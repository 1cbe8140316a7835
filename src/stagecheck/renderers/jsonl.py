"""`--format jsonl`: one result record per line, the same record as `--format json` gives for
one file, written as each file is scored, in the batch's order. Nothing is kept per file.
`encode` runs in the workers.
"""

from __future__ import annotations

from stagecheck.batch.portfolio import Row, Summary
from stagecheck.core.record import Record, to_json
from stagecheck.renderers.base import BatchRenderer


def encode(record: Record) -> str:
    """One record as one line of JSON, with its newline."""
    return to_json(record) + "\n"


class JsonLines(BatchRenderer):
    encode = staticmethod(encode)

    def scored(self, row: Row, payload: str | None, summary: Summary) -> None:
        assert payload is not None
        self.out.stream.write(payload)

    def end(self, summary: Summary) -> None:
        self.out.stream.flush()
