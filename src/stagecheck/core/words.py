"""Small helpers for plain-English messages: did-you-mean, lists, what a value is, paths."""

from __future__ import annotations

import stat
from collections.abc import Iterable
from typing import Any


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    import difflib  # only when there is something to suggest

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def listing(items: list[str]) -> str:
    if len(items) > 12:
        return ", ".join(items[:12]) + f" and {len(items) - 12} more"
    return ", ".join(items)


def kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "nothing" if value is None else f"'{value}'"


def dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def quoted(text: str, limit: int = 40) -> str:
    """A value the user wrote, quoted for a message, and shortened if it is long."""
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 3]}...'"


def text_width(limit: int = 100) -> int:
    """The width to wrap prose at: the terminal's (or $COLUMNS), at most `limit` columns,
    which keeps lines readable on a wide terminal."""
    import shutil

    return max(20, min(limit, shutil.get_terminal_size((80, 24)).columns - 1))


def special_file(mode: int) -> str:
    """What a file that is not a regular file or a folder is, by its `st_mode`."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file"


def profile_figure(index: float) -> str:
    """The profile as every format shows it: one decimal place, halves rounded up (1.25 is
    1.3 on screen, in the CSV and in every report alike)."""
    from decimal import ROUND_HALF_UP, Decimal

    return str(Decimal(repr(index)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# a file that is a symbolic link to nothing, or one in a loop: said alike for one file and a batch
BROKEN_LINK = "is a broken symbolic link; its target does not exist: fix the link or remove it"
LINK_LOOP = "is a symbolic link that leads back to itself (a loop); fix the link or remove it"
