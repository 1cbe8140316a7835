"""`--format json`: the result record, as it is."""

from __future__ import annotations

import json

from stagecheck.formats import Output
from stagecheck.record import Record, as_dict


def render(record: Record) -> str:
    return json.dumps(as_dict(record), indent=2, ensure_ascii=False) + "\n"


def render_to(record: Record, out: Output) -> None:
    """The single-file renderer of `--format json` (see stagecheck.formats)."""
    out.stream.write(render(record))
