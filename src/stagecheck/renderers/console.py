"""The one rich console every terminal view is printed on."""

from __future__ import annotations

import os
from functools import partial
from typing import TextIO

from rich.console import Console as RichConsole


class Console(RichConsole):
    """A rich console that leaves a closed pipe to the CLI: rich's own answer to one is
    `SystemExit(1)`, which is the exit code of "below a gate", not 141."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def console(
    color: str = "auto", file: TextIO | None = None, *, width: int | None = None
) -> Console:
    """Plain when piped, with NO_COLOR or `never`; colour with `always` even where TERM says
    the terminal has none.

    Markup and emoji codes are off: names and reasons come from users' files and are printed
    as written (a "[draft]" in a partnership's name is text, not a style).
    """
    plain = partial(Console, file=file, highlight=False, markup=False, emoji=False, width=width)
    if color == "always":
        forced = plain(force_terminal=True)
        return (
            forced if forced.color_system else plain(force_terminal=True, color_system="standard")
        )
    if color == "never" or os.environ.get("NO_COLOR"):
        return plain(color_system=None)
    return plain()
