"""YAML syntax errors in plain words: libyaml's messages turned into what to change, at the
line and column where the reader should look. Imported by the loader only when a file does not
parse."""

from __future__ import annotations

import re

import yaml

from stagecheck.core.errors import Problem
from stagecheck.core.loader import TOO_DEEP


def text_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in decoded text."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def bad_character(character: str | int) -> str:
    code = character if isinstance(character, int) else ord(character)
    return (
        f"has a control character (U+{code:04X}) that YAML does not allow; remove it, or "
        f"write it as \\u{code:04X} inside double quotes"
    )


# libyaml's words for the mistakes people make, and what to tell them instead; `start` says
# the mistake is best shown where the construct began (an unclosed quote or bracket)
_PLAIN_SYNTAX: tuple[tuple[str, str, bool], ...] = (
    ("expected a single document", "holds several YAML documents; keep one (remove '---')", False),
    (
        "cannot start any token",
        "has a character that cannot start a value here (a tab used "
        "for indenting? indent with spaces), or quote the value",
        False,
    ),
    (
        "mapping values are not allowed",
        "has a colon that YAML reads as a new key: put a value "
        "that contains ': ' in quotes, or line this key up with the others above it",
        False,
    ),
    ("maximum nesting depth", TOO_DEEP, False),
    (
        "invalid Unicode character escape",
        "has an escape in double quotes that is not a character; write the character itself, "
        "or one \\U escape of eight hex digits for it",
        False,
    ),
    (
        "unknown escape character",
        "has a backslash that YAML reads as an unknown escape in double quotes; write it twice "
        "(\\\\) or use single quotes",
        False,
    ),
    (
        "expected hexdecimal number",
        "has a \\x, \\u or \\U escape in double quotes without its hex digits; write the "
        "backslash twice (\\\\) or use single quotes",
        False,
    ),
    (
        "while scanning a block scalar",
        "has a value starting with > or |, which YAML reads as the start of a block of text; "
        "put the value in quotes, or for a lower bound write 'at least 5'",
        False,
    ),
    ("quoted scalar", "has a quote that is not closed; close it on the same line", True),
    ("flow sequence", "has a list in [ ] that is not closed; add the ']'", True),
    ("flow mapping", "has a mapping in { } that is not closed; add the '}'", True),
    ("flow node", "has a list in [ ] or a mapping in { } that is not closed; close it", True),
    (
        "did not find expected key",
        "has a line indented differently from the lines around "
        "it; line up the keys (and the '- ' items) of one level in the same column",
        False,
    ),
    (
        "did not find expected '-' indicator",
        "has a list item indented differently from the "
        "others; start each '- ' of a list in the same column",
        False,
    ),
)


def syntax_problem(name: str, exc: yaml.MarkedYAMLError, text: str = "") -> Problem:
    said = f"{exc.context or ''} {exc.problem or ''}"
    known = next((k for k in _PLAIN_SYNTAX if k[0] in said), None)
    if known is None:
        found = ", ".join(p.strip() for p in (exc.context, exc.problem) if p)
        plain = f"is not valid YAML ({found or 'unreadable'}); check the indentation and quoting"
        mark = exc.problem_mark or exc.context_mark
    else:
        plain = known[1]
        mark = (exc.context_mark if known[2] else None) or exc.problem_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "invalid Unicode character escape" in said and mark is not None:
        escape = _escape_before(text, mark.line, mark.column)
        if escape is not None:
            col, plain = escape[0] + 1, escape[1]
    return Problem(name, line, col, plain)


_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")


def _escape_before(text: str, line: int, column: int) -> tuple[int, str] | None:
    """The \\u or \\U escape that ends at `column` of `line` (0-based): its column, and what
    is wrong with it."""
    rows = text.splitlines()
    row = rows[line] if line < len(rows) else ""
    start = row.rfind("\\", 0, column + 1)
    match = _ESCAPE.match(row, start) if start >= 0 else None
    if match is None:
        return None
    escape, code = match.group(0), int(match.group(1)[1:], 16)
    if 0xD800 <= code <= 0xDFFF:
        what = "half of a UTF-16 surrogate pair, not a character"
        fix = "write the character itself, or one \\U escape of eight hex digits for it"
    else:
        what = "beyond the last Unicode character (\\U0010FFFF)"
        fix = "write the character itself"
    return start, f"has the escape '{escape}' in double quotes, which is {what}; {fix}"
