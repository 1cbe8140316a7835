"""`--format json`: the result record, as it is."""

from __future__ import annotations

from stagecheck.core.record import Record, to_json
from stagecheck.renderers.base import Output


def render(record: Record) -> str:
    return to_json(record, indent=True) + "\n"


def render_to(record: Record, out: Output) -> None:
    """The single-file renderer of `--format json` (see stagecheck.renderers.base)."""
    out.stream.write(render(record))
