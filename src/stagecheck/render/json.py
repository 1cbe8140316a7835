"""`--format json`: the result record, as it is."""

from __future__ import annotations

from stagecheck.record import Record


def render(record: Record) -> str:
    return record.model_dump_json(indent=2) + "\n"
