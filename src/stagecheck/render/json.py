"""`--format json`: the result record, as it is."""

from __future__ import annotations

import json

from stagecheck.record import Record, as_dict


def render(record: Record) -> str:
    return json.dumps(as_dict(record), indent=2, ensure_ascii=False) + "\n"
