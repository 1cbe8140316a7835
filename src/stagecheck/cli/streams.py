"""What the command line writes outside a report, without Typer (the one-file fast path in
`stagecheck.cli` imports this and not Typer)."""

from __future__ import annotations

import contextlib
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from stagecheck.core.errors import UserError
    from stagecheck.renderers.console import Console


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


class Color(StrEnum):
    """--color: colour on a terminal (auto), always, or never."""

    auto = "auto"
    always = "always"
    never = "never"


def console(color: Color | str, file: TextIO | None = None) -> Console:
    """The console every table is printed on (rich is imported only when a table is drawn)."""
    from stagecheck.renderers.console import console as make

    return make(str(color), file)


def user_error(exc: UserError) -> int:
    """A user's error as the command line says it: each of a file's problems on a line of its
    own (each already names file:line:col), else one plain sentence; the exit code 2."""
    from stagecheck.core.errors import InputError, shown
    from stagecheck.exitcodes import ExitCode

    if isinstance(exc, InputError):
        for line in shown(exc.problems):
            err(line)
    else:
        err(f"stagecheck: {exc}")
    return ExitCode.ERROR
