"""Problems in the user's input, and the one exception family that carries them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_SHOWN = 50  # problems of one file printed; the rest are counted


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem: `file:line:col: path: message` (line and column 1-based), or
    `file: message` for a problem of the whole file or path (line and column 0: a path that
    does not exist has no line 1)."""

    file: str
    line: int
    column: int
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class UserError(Exception):
    """An expected error in what the user gave us: printed plainly, exit code 2, no traceback."""


class InputError(UserError):
    """A file that could not be read or validated; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def shown(problems: Sequence[Problem]) -> list[str]:
    """The lines that report a file's problems: the first MAX_SHOWN, then how many more."""
    lines = [str(p) for p in problems[:MAX_SHOWN]]
    rest = len(problems) - MAX_SHOWN
    if rest > 0:
        lines.append(f"{problems[0].file}: and {rest:,} more problem{'s' if rest != 1 else ''}")
    return lines
