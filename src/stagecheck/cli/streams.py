"""What the command line writes outside a report, without Typer (the one-file fast path in
`stagecheck.cli` imports this and not Typer)."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


def err(message: object) -> None:
    """A message on stderr: every one goes through here, with the text of files and paths
    in it made visible (a control character from a file never reaches the terminal)."""
    from stagecheck.renderers.visible import visible

    print(visible(str(message)), file=sys.stderr)


def out(text: str) -> None:
    """A text report on stdout (not JSON: that keeps the data exact and escapes it itself)."""
    from stagecheck.renderers.visible import visible

    sys.stdout.write(visible(text, layout=True))


def stdout_to_devnull() -> None:
    """After a closed pipe: what is still buffered for stdout goes nowhere, so that the
    interpreter's last flush cannot fail again (the recipe of Python's signal docs)."""
    with contextlib.suppress(OSError, ValueError):  # not a real file (a test's capture)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def wrote(target: Path | None) -> None:
    if target is not None:
        err(f"stagecheck: wrote {target}")
