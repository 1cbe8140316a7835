"""Renderers: each turns the one result record into one output format."""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stagecheck.record import Record


def write_report(record: Record, name: str, output: Path | None, *, force: bool = False) -> None:
    """Render one record as `name` (json, markdown, html) to stdout or, atomically, a file."""
    from stagecheck.errors import UserError
    from stagecheck.files import refuse_existing, write_atomic

    if output is not None:
        refuse_existing(output, force=force)  # before the work, not after
    elif name == "html" and sys.stdout.isatty():
        raise UserError("an HTML report goes to a file: add --output report.html")
    text: str = import_module(f"stagecheck.render.{name}").render(record)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text, force=force)
        print(f"stagecheck: wrote {output}", file=sys.stderr)
