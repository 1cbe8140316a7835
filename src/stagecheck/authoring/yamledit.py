"""Saving one answer into a partnership file without disturbing what its author wrote.

The interview saves after every answer. Rewriting the file from its data would drop every
comment (the question texts `init` writes, the author's own notes) and re-quote values, so this
edits the text instead: the YAML node tree gives each value's position, the new value is
spliced in at that place, and everything else stays byte for byte as it was. A new key goes
after the key that precedes it in the rubric's order.

Every edit is checked by reading the new text back: it must hold exactly the old data with the
one value set. Where it would not (a shape this does not handle, such as an alias shared by two
places), the file is written from its data instead, keeping its opening comment lines, and the
caller is told that the other comments could not be kept.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from stagecheck.authoring.template import scalar
from stagecheck.core import loader
from stagecheck.core.errors import InputError

_NULL = "tag:yaml.org,2002:null"
Data = str | list[Any] | dict[str, Any]


class _CannotSplice(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Edited:
    text: str
    comments_kept: bool


def inline(value: Data) -> str | None:
    """The value on one line (flow style), or None where it needs lines of its own."""
    if isinstance(value, str):
        return scalar(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return None


def flow(value: Data) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def block(value: Data, indent: int) -> list[str]:
    """A mapping or list as the lines under its key, at `indent`."""
    pad = " " * indent
    if isinstance(value, dict):
        return [line for k, v in value.items() for line in entry(k, v, indent)]
    if isinstance(value, list):
        lines = []
        for item in value:
            one = inline(item)
            if one is not None:
                lines.append(f"{pad}- {one}")
            else:
                inner = block(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines += inner[1:]
        return lines
    return [pad + scalar(value)]


def entry(key: str, value: Data, indent: int) -> list[str]:
    one = inline(value)
    if one is not None:
        return [f"{' ' * indent}{scalar(key)}: {one}"]
    return [f"{' ' * indent}{scalar(key)}:", *block(value, indent + 2)]


def _nest(keys: Sequence[str], value: Data) -> Data:
    for key in reversed(keys):
        value = {key: value}
    return value


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _end(text: str, node: yaml.Node) -> int:
    """Where a value's content ends (before any comment or line break after it)."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
        if not node.value:
            break
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end: int = node.end_mark.index
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        while end > 0 and text[end - 1] in " \n\r":
            end -= 1
    return end


def _line_end(text: str, at: int) -> int:
    found = text.find("\n", at)
    return len(text) if found < 0 else found


def splice(
    text: str, root: yaml.MappingNode, path: Sequence[str], value: Data, order: Sequence[str]
) -> str:
    node: yaml.MappingNode = root
    for depth, key in enumerate(path):
        pair = next((kv for kv in node.value if kv[0].value == key), None)
        rest = path[depth + 1 :]
        if pair is None:
            return _insert(text, node, key, _nest(rest, value), order)
        key_node, value_node = pair
        if rest and isinstance(value_node, yaml.MappingNode):
            node = value_node
            continue
        if rest and not _is_null(value_node):
            raise _CannotSplice(f"{key} holds a value where a mapping was expected")
        return _replace(text, node, key_node, value_node, _nest(rest, value))
    raise _CannotSplice("empty path")  # pragma: no cover


def _replace(
    text: str, parent: yaml.MappingNode, key: yaml.Node, old: yaml.Node, value: Data
) -> str:
    start, end = old.start_mark.index, old.end_mark.index
    if parent.flow_style:
        return text[:start] + (" " if start == end else "") + flow(value) + text[end:]
    one = inline(value)
    if isinstance(old, yaml.ScalarNode) or getattr(old, "flow_style", False):
        if one is not None:
            after = text[end:]
            if start == end:  # a blank: keep a comment after it where it was, if there is room
                one = " " + one
                gap = len(after) - len(after.lstrip(" "))
                if after[gap : gap + 1] == "#" and gap > len(one):
                    after = after[len(one) :]
            return text[:start] + one + after
        # a value that needs its own lines: after the key's line (keeping its comment, in its
        # column: the interview saves `mou: yes`, then `mou: {answer: yes, evidence: ...}`)
        after = text[end:]
        eol = _line_end(after, 0)
        if after[:eol].lstrip(" ").startswith("#"):
            before = text[:start] + " " * (end - start)
        else:
            before = text[:start].rstrip(" ") if start != end else text[:start]
        lines = block(value, key.start_mark.column + 2)
        return before + after[:eol] + "\n" + "\n".join(lines) + after[eol:]
    # a block mapping or list: replaced where it stands, at its own indentation
    stop = _end(text, old)
    column = old.start_mark.column
    if one is not None:
        colon = text.index(":", key.end_mark.index)
        return text[: colon + 1] + " " + one + text[stop:]
    lines = block(value, column)
    return text[:start] + "\n".join(lines)[column:] + text[stop:]


def _insert(
    text: str, parent: yaml.MappingNode, key: str, value: Data, order: Sequence[str]
) -> str:
    if parent.flow_style:
        close = parent.end_mark.index - 1
        comma = ", " if parent.value else ""
        return text[:close] + f"{comma}{scalar(key)}: {flow(value)}" + text[close:]
    if not parent.value:
        raise _CannotSplice("an empty block mapping")  # pragma: no cover - null, not empty
    column = parent.value[0][0].start_mark.column
    lines = "\n".join(entry(key, value, column)) + "\n"
    rank = {k: i for i, k in enumerate(order)}
    mine = rank.get(key, len(rank))
    keys = [k.value for k, _ in parent.value]
    before = [i for i, k in enumerate(keys) if rank.get(k, -1) < mine and k in rank]
    after = [i for i, k in enumerate(keys) if rank.get(k, -1) > mine]
    if not before and after:
        first = parent.value[after[0]][0].start_mark
        at = first.index - first.column
        return text[:at] + lines + text[at:]
    anchor = parent.value[before[-1] if before else -1]
    stop = _end(text, anchor[1]) if not _is_null(anchor[1]) else anchor[1].end_mark.index
    eol = _line_end(text, stop)
    if eol == len(text):
        return text + "\n" + lines
    return text[: eol + 1] + lines + text[eol + 1 :]


def expected(data: dict[str, Any], path: Sequence[str], value: Data) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = copy.deepcopy(value)
    return out


def set_value(
    text: str, name: str, path: Sequence[str], value: Data, order: Sequence[str] = ()
) -> Edited:
    """`text` with the value at `path` set to `value` (text, lists and mappings of text)."""
    document = loader.parse(text.encode("utf-8"), name)
    want = expected(document.data, path, value)
    try:
        new = splice(text, document.root, path, value, order)
        if loader.parse(new.encode("utf-8"), name).data == want:
            return Edited(new, comments_kept=True)
    except (_CannotSplice, InputError, ValueError):
        pass
    return Edited(_rewrite(text, want), comments_kept=False)


def _rewrite(text: str, data: dict[str, Any]) -> str:
    """The data written afresh, under the file's opening comment lines."""
    head = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        head.append(line)
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join([*head, body]) if head else body
