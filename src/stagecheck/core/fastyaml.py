"""A fast reader for the plain YAML most partnership files are, giving exactly the data
`loader` builds from libyaml's node tree, or None to say "not sure: use the loader".

It reads one line at a time: `key: value`, `key:` with a nested block below, `- item` and
`- key: value`, comments and blank lines. A value is plain text on one line, text in single
quotes or in double quotes without a backslash, a list or mapping of such values on one line
(`[a, "b, c"]`, `{name: A, sector: state}`), or a block of text (`>`, `>-`, `|`, `|-`) whose lines
share one indentation. Anything else declines: tabs, carriage returns and other control or
line-breaking characters, anchors and aliases, tags, escapes, nesting on one line, quoted or
unusual keys, a value that continues on the next line, `---` and directives, duplicate keys,
very deep nesting, an indentation libyaml would refuse. Declining is always safe (the loader
reads the file as before); accepting is claimed only where libyaml gives the same keys, order
and text, which `tests/test_fastyaml.py` checks on generated files. Nothing here reports an
error: errors and warnings are located by the loader, which composes the node tree on demand
(`loader.Document.root`).
"""

from __future__ import annotations

import re
from typing import Any

# Characters that decline: YAML's line breaks other than \n (\r, \x85, \u2028, \u2029), tabs,
# control characters, the byte-order mark and non-characters. (Written as the characters
# refused: the class of those allowed takes 6 ms to compile.)
_UNSURE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*| *)$")
_DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*| *)$')
# one item of a list or mapping on one line (`[a, 'b, c']`, `{name: A, note: "x: y"}`): an
# optional plain key, a value (single-quoted, double-quoted without a backslash, or plain), and
# what follows it (a comma or a closing bracket)
_FLOW_ITEM = re.compile(
    r" *(?:([A-Za-z0-9_][A-Za-z0-9_.-]{0,99}): +)?"
    r"(?:'((?:[^']|'')*)'|\"([^\"\\\n]*)\"|"
    r"([^-?:,\[\]{}#&*!|>'\"%@` \n](?:[^:#,\[\]{}\n]*[^:#,\[\]{} \n])?)) *([,\]}])"
)
_FLOW_EMPTY = re.compile(r"[\[{] *([\]}])")
_AFTER = re.compile(r"(?: +#.*| *)$")  # what may follow a value on its line
_PLAIN_END = re.compile(r": |:$|[\[\]{}]")  # in a plain value: libyaml may read more into it
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")  # may not begin a plain value (or decline)
_NOT_TEXT = frozenset(("~", "null", "Null", "NULL", "<<"))  # null, or a merge key (refused)
_MAX_DEPTH = 32  # the loader allows 64; deeper declines
_MAX_VALUES = 40_000  # in blocks, and again in flow lists and mappings (the loader: 100,000)

_BLOCK = object()  # nothing after `key:` or `-`: a nested block follows, or the value is null


class _Decline(Exception):
    pass


def parse(text: str) -> dict[str, Any] | None:
    """The data of a document whose top level is a mapping, as `loader` builds it, or None."""
    if text.isascii():  # most files: the characters that decline are ASCII control characters
        if len(text.encode().translate(None, _CONTROLS)) != len(text):
            return None
    elif _UNSURE.search(text) is not None:
        return None
    try:
        blocks: list[str] = []
        # the regular expression takes a sixth of the reading: most files have no ` >` or ` |`
        if (" >" in text or " |" in text) and _MAY_HAVE_BLOCK.search(text) is not None:
            text = _take_blocks(text, blocks)
        return _read(text, blocks)
    except _Decline:
        return None


_CONTROLS = bytes(range(32)).replace(b"\n", b"") + b"\x7f"

# Every line as (indent, dash, key, plain, single, other): `- ` or nothing; a key followed by
# `:` and a space or the end of the line, or nothing; then the rest of the line: in `plain`
# when it is text that can only be itself (the common case, read without a call), in `single`
# when it is simply in single quotes (quotes kept), else in `other` (with any trailing spaces:
# quoted otherwise, commented, or to decline). Each part is taken whole or not at all (`*+`):
# the line is read left to right without going back.
_LINE = re.compile(
    r"( *+)(-(?: ++|$)|)(?:([A-Za-z0-9_][A-Za-z0-9_.-]{0,99}+):(?: ++|$)|)"
    r"(?:([^-?:,\[\]{}#&*!|>'\"%@` \n][^#:\[\]{}\n]*+(?<! ))$|('[^'\n]*+') *+$|(.*))\n?",
    re.MULTILINE,
)


def _read(text: str, blocks: list[str]) -> dict[str, Any] | None:
    """The lines of `text` built into the mapping they write, in one pass: `cur` is the list or
    mapping being filled (at `indent`), `stack` the ones it is in. A key or item
    with nothing after it (`pend`) holds None until the next line shows a block below it."""
    lines = _LINE.findall(text)
    first = next((line for line in lines if line[1] or line[2]), None)
    if first is None or first[1]:
        return None  # no keys, or a list
    root: dict[str, Any] = {}
    cur: Any = root
    stack: list[tuple[Any, str, bool]] = []  # one fewer than the levels `cur` is deep
    # an indentation is kept as its spaces: of two, the longer string is the greater
    indent, is_map, pend = first[0], True, False
    pkey: str | int = ""  # the key, or -1 for the last item, that `pend` holds None for
    flow = [0]  # values in lists and mappings on one line
    for spaces, dash, key, plain, single, other in lines:
        if not key and not dash:
            if plain or single or (other and other[0] != "#"):
                raise _Decline  # text alone on a line: a value continued, or not YAML we read
            continue  # a blank line or a comment
        if pend:
            pend = False
            if spaces > indent or (is_map and spaces == indent and dash):
                new: Any = [] if dash else {}
                cur[pkey] = new
                stack.append((cur, indent, is_map))
                cur, indent, is_map = new, spaces, not dash
                if len(stack) >= _MAX_DEPTH:
                    raise _Decline
        while spaces != indent or (not dash) is not is_map:
            # the line is not in `cur`: that ends, and the line must be in one holding it
            if spaces > indent or (is_map and spaces == indent) or not stack:
                raise _Decline
            cur, indent, is_map = stack.pop()
        if plain:
            value: Any = _word(plain) if plain in _NOT_TEXT else plain
        elif single:
            value = single[1:-1]
        elif other and other[0] != "#":
            value = _other(other, blocks, flow)
        else:
            value, pend = None, True  # a block below, or null
        if dash:
            if not key:
                cur.append(value)
                pkey = -1
                continue
            # `- key: ...`: the item is a mapping, its first key on this line
            new = {}
            cur.append(new)
            stack.append((cur, indent, is_map))
            cur, indent, is_map = new, spaces + " " * len(dash), True
            if len(stack) >= _MAX_DEPTH:
                raise _Decline
        elif key in cur:
            raise _Decline  # the loader says where both are
        cur[key] = value
        pkey = key
    return root if _few_enough(lines) else None


def _few_enough(lines: list[tuple[str, ...]]) -> bool:
    """Whether `lines` give at most _MAX_VALUES keys and items: one for each `key:` and `-`, two
    for `- key:` (counted only when there are that many lines)."""
    if len(lines) <= _MAX_VALUES // 2:
        return True
    return sum((line[1] != "") + (line[2] != "") for line in lines) <= _MAX_VALUES


def _other(text: str, blocks: list[str], flow: list[int]) -> Any:
    """The value of `other` on a line: `|<NUL>N` for a block of text read by `_take_blocks`,
    else what `_scalar` reads."""
    if text.startswith("|\0"):
        return blocks[int(text[2:])]
    value = _scalar(text)
    if type(value) is list or type(value) is dict:
        flow[0] += len(value)
        if flow[0] > _MAX_VALUES:
            raise _Decline
    return value


# a value that may begin a block of text (`summary: >-`, `- |`): then `_take_blocks` runs
_MAY_HAVE_BLOCK = re.compile(r"(?:^ *-|:) +[|>]", re.MULTILINE)
# a block of text's first line: its key or item, and the block's style (folded `>` or literal
# `|`, kept to one line break at the end, or `-` to none); any other header declines
_HEADER = re.compile(
    r"( *)(-(?: +|$))?(?:([A-Za-z0-9_][A-Za-z0-9_.-]{0,99}): +)?([|>])(-?)(?: +#.*| *)$"
)


def _take_blocks(text: str, blocks: list[str]) -> str:
    """`text` with each block of text (`summary: >-` and its lines below) on one line as
    `summary: |<NUL>N`, its value in `blocks[N]`, as libyaml reads it. Only plain blocks: each
    line at the same indentation, none blank or ending in a space, and no indentation or
    chomping indicators; anything else declines."""
    lines = text.split("\n")
    out: list[str] = []
    i, count = 0, len(lines)
    while i < count:
        line = lines[i]
        i += 1
        m = _HEADER.match(line)
        if m is None:
            out.append(line)
            continue
        indent, dash, key, style, chomp = m.groups()
        if key is None and dash is None:
            raise _Decline  # a block as the whole document, or a header we do not read
        parent = len(indent) + (len(dash) if key is not None and dash else 0)
        content: list[str] = []
        width = 0
        ended = False
        blank = False
        while i < count:
            body = lines[i]
            stripped = body.lstrip(" ")
            if not stripped:
                if content and len(body) > width:
                    raise _Decline  # spaces past the block's indentation are its text
                blank = True
                i += 1
                continue
            at = len(body) - len(stripped)
            if not content:
                if at <= parent:
                    break
                width = at
            elif at < width:
                break
            if blank or at > width or body.endswith(" "):
                raise _Decline  # blank or more-indented lines fold otherwise; spaces kept
            content.append(stripped)
            i += 1
            ended = i < count  # a line break after it: kept unless chomped (`-`)
        if not content:
            raise _Decline  # an empty block is refused by the loader
        joined = (" " if style == ">" else "\n").join(content)
        blocks.append(joined + "\n" if ended and not chomp else joined)
        out.append(f"{line[: m.start(4)]}|\0{len(blocks) - 1}")
    return "\n".join(out)


def _scalar(text: str) -> Any:
    """A value written on its line (not empty, not a comment), as the loader gives it."""
    first = text[0]
    if first == "'":
        m = _SINGLE.match(text)
        if m is None:
            raise _Decline
        return m[1].replace("''", "'")
    if first == '"':
        m = _DOUBLE.match(text)
        if m is None:
            raise _Decline
        return m[1]
    if first in _INDICATORS:
        if first in "[{":
            return _flow(text)
        raise _Decline
    cut = text.find(" #")
    if cut >= 0:
        text = text[:cut]
    text = text.rstrip(" ")
    if _PLAIN_END.search(text) is not None:
        raise _Decline
    return _word(text) if text in _NOT_TEXT else text


def _flow(text: str) -> list[Any] | dict[str, Any]:
    """A list or mapping written on one line, of plain or quoted values (no nesting)."""
    close = "]" if text[0] == "[" else "}"
    items: list[tuple[str | None, Any]] = []
    empty = _FLOW_EMPTY.match(text)
    if empty is not None:
        end, at = empty[1], empty.end()
    else:
        end, at = ",", 1
        while end == ",":
            m = _FLOW_ITEM.match(text, at)
            if m is None:
                raise _Decline  # nested, a trailing comma, a comment, `[a:b]`, ...
            key, single, double, plain, end = m.groups()
            if single is not None:
                value: Any = single.replace("''", "'")
            elif double is not None:
                value = double
            else:
                value = _word(plain) if plain in _NOT_TEXT else plain
            items.append((key, value))
            at = m.end()
    if end != close or _AFTER.match(text, at) is None:
        raise _Decline
    if close == "]":
        if any(key is not None for key, _ in items):
            raise _Decline  # `[a: b]` is a mapping in a list: not read here
        return [value for _, value in items]
    mapping: dict[Any, Any] = dict(items)
    if None in mapping or len(mapping) != len(items):
        raise _Decline  # `{a}` (a key without a value) or a key twice
    return mapping


def _word(text: str) -> Any:
    """A null word's value (None); a merge key declines."""
    if text == "<<":
        raise _Decline
    return None
