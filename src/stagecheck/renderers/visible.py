"""Text from files and paths made safe to show on a terminal: every control character, and
the bidirectional overrides that reorder what is shown, becomes a visible escape (ESC is
shown as the four characters `\\x1b`, RIGHT-TO-LEFT OVERRIDE as `\\u202e`).

`visible` is the one function every terminal view and the error printer use. The terminal
renderers call `visible_copy` once on the data they draw (a record, or a batch's rows and
summary), before any layout, so that the escapes are measured like any other text.
Machine formats (json, jsonl, csv) keep the data exact; Markdown escapes with `visible` too.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")

# C0 (but for tab and newline, taken separately), DEL, C1, the bidi marks, embeddings,
# overrides and isolates (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), and the line
# and paragraph separators (U+2028-U+2029), which break a line where nothing shows one
_BIDI = "\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, layout: bool = False) -> str:
    """`text` with every control character shown as an escape. `layout=True` keeps newlines
    and tabs, where they only lay the text out (a table cell, a block of lines)."""
    return (_UNSAFE if layout else _UNSAFE_LINE).sub(_escape, text)


def visible_copy(value: T) -> T:
    """A copy of a record, row or summary (dataclasses, containers, strings) whose every string
    is `visible` (newlines kept: the views lay them out); the value itself when nothing in it
    needed escaping."""
    return _copy(value)  # type: ignore[no-any-return]


def _copy(value: Any) -> Any:
    if isinstance(value, str):
        # an enum member that is also a str (a StrEnum) is a fixed word of the program
        return value if isinstance(value, Enum) else visible(value, layout=True)
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [_copy(v) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if isinstance(value, dict):  # Counter too: its keys are ids and names
        pairs = [(_copy(k), _copy(v)) for k, v in value.items()]
        if all(a is k and b is v for (a, b), (k, v) in zip(pairs, value.items(), strict=True)):
            return value
        return Counter(dict(pairs)) if isinstance(value, Counter) else type(value)(pairs)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = _copy(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
