"""The one YAML loader for every file stagecheck reads.

Safe by construction: the node tree is composed by PyYAML's C parser where available and turned
into plain data here, so no tag can build an object, duplicate keys are refused, alias expansion
is bounded and nothing resolves implicitly. Plain scalars stay the text the user wrote (`no`
stays "no", `017` stays "017", dates stay text) and the reader types them by their question;
only an empty value or `~`/`null` becomes None. The node tree is kept so that a later error can
be given its line and column. A batch asks for `fast`: a plain file is then read by `fastyaml`
into the same data, and its node tree composed only if an error or a warning needs it.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import stat
import weakref
from pathlib import Path
from typing import Any

import yaml

from stagecheck.core.errors import InputError, Problem
from stagecheck.core.words import BROKEN_LINK, LINK_LOOP, special_file

MAX_BYTES = 1_000_000
MAX_NODES = 100_000  # bounds alias expansion ("billion laughs")
# Lists and mappings inside each other: the bundled rubrics need 11 levels. Bounds the recursion
# of everything that walks the data (building it, validating it, compiling conditions).
MAX_DEPTH = 64
TOO_DEEP = f"has lists or mappings nested more than {MAX_DEPTH} levels deep; flatten it"

_EMPTY_BLOCK = (
    "has a value starting with > or |, which YAML reads as a block of text, here empty; "
    "put the value in quotes, or for a lower bound write 'at least 5'"
)
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}
_NULLS = {"", "~", "null", "Null", "NULL"}


class _Resolver:
    """The implicit tags the builder needs, and no more: a plain scalar is null or text (the
    builder keeps every scalar as written), `<<` is a merge key (refused). PyYAML's resolver
    matches each scalar against a dozen regular expressions; this was a fifth of a file's
    loading time. Explicit tags (`!!python/...`) are kept as written and refused."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and value in _NULLS:
                return _NULL
            return _MERGE if implicit[0] and value == "<<" else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


class _PureParser(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer
):
    """PyYAML's pure-Python parser, for a PyYAML built without libyaml (7x slower)."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)


# libyaml's parser where PyYAML has it (its wheels do): batch speed depends on it
_Parser: Any
try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = _PureParser


class _Loader(_Parser, _Resolver):  # type: ignore[misc]
    """Composes one document's node tree; constructs nothing."""


class Document:
    """A loaded YAML file: its data, the node tree it came from, and what identifies it.

    A file read by the fast reader (`fastyaml`) has no node tree until an error or a warning
    needs a line and column: `root` then composes it from the text, as `parse` would have.
    """

    __slots__ = ("_root", "_text", "data", "path", "sha256")

    def __init__(
        self,
        path: str,
        data: dict[str, Any],
        root: yaml.MappingNode | None,
        sha256: str,
        text: str | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self.sha256 = sha256
        self._root = root
        self._text = text

    @property
    def root(self) -> yaml.MappingNode:
        if self._root is None:
            assert self._text is not None
            root = _compose(self._text, self.path)
            assert isinstance(root, yaml.MappingNode)
            self._root = root
        return self._root

    def __repr__(self) -> str:
        return f"Document({self.path!r}, sha256={self.sha256!r})"


def load(path: Path | str, *, max_bytes: int = MAX_BYTES, fast: bool = False) -> Document:
    """Read one YAML file whose top level is a mapping, or raise InputError saying where."""
    return parse(read(path, max_bytes), str(path), max_bytes=max_bytes, fast=fast)


def read(path: Path | str, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes (one more than `max_bytes` at most), or InputError saying why not."""
    name = str(path)
    try:
        # without blocking: opening a FIFO would wait for a writer (forever)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError
            if not stat.S_ISREG(mode):
                raise _fail(name, f"is {special_file(mode)}, not a regular file; name a YAML file")
            return _read_all(fd, max_bytes + 1)
        finally:
            os.close(fd)
    except IsADirectoryError:
        raise _fail(name, "is a folder, not a file; name a .yaml file") from None
    except FileNotFoundError:
        if Path(path).is_symlink():  # as a batch says of it in a folder
            raise _fail(name, BROKEN_LINK) from None
        raise _fail(name, "no such file; check the path") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # not a matter of permissions
            raise _fail(name, LINK_LOOP) from None
        try:
            mode = Path(path).stat().st_mode  # a socket cannot even be opened
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise _fail(
                name, f"is {special_file(mode)}, not a regular file; name a YAML file"
            ) from None
        raise _fail(name, f"cannot be read ({exc.strerror}); check its permissions") from None


def _read_all(fd: int, limit: int) -> bytes:
    """Up to `limit` bytes of an open file, to its end (without a file object: a batch reads
    many small files, and making one costs as much as the reading)."""
    data = os.read(fd, limit)
    while 0 < len(data) < limit:  # a read may stop short of the end
        more = os.read(fd, limit - len(data))
        if not more:
            break
        data += more
    return data


# UTF-32 first: its little-endian mark begins with UTF-16's
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_WIDE_STARTS = tuple(bom for bom, _ in _WIDE_BOMS)


def parse(raw: bytes, name: str, *, max_bytes: int = MAX_BYTES, fast: bool = False) -> Document:
    """The document in `raw`, or InputError saying where it is wrong. With `fast`, a plain file
    is read by `fastyaml` (the same data in less than half the time; a batch asks for it) and
    any other by libyaml's node tree, which also locates every error. (Not for one file:
    compiling fastyaml's regular expressions costs more than it saves.)"""
    if len(raw) > max_bytes:
        raise _fail(name, f"is larger than {max_bytes:,} bytes; split it or trim it")
    if raw.startswith(_WIDE_STARTS):
        encoding = next(e for bom, e in _WIDE_BOMS if raw.startswith(bom))
        raise _fail(name, f"is {encoding} text, which stagecheck does not read; save it as UTF-8")
    if b"\0" in raw:
        raise _fail(name, "is a binary file, not YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        raise InputError(
            [Problem(name, line, col, "is not valid UTF-8 text; save it as UTF-8")]
        ) from None
    if fast:
        from stagecheck.core import fastyaml

        data = fastyaml.parse(text)
        if data is not None:
            return Document(name, data, None, hashlib.sha256(raw).hexdigest(), text)
    root = _compose(text, name)
    if root is None or (root.tag == _NULL and not root.value):
        raise _fail(name, "is empty; it needs a mapping of keys and values at the top level")
    if not isinstance(root, yaml.MappingNode):
        mark = root.start_mark
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        raise InputError(
            [
                Problem(
                    name,
                    mark.line + 1,
                    mark.column + 1,
                    f"the top level is {kind}; it must be a mapping of keys and values",
                )
            ]
        )
    data = _Builder(name, root).mapping(root, 1)
    return Document(name, data, root, hashlib.sha256(raw).hexdigest())


def _compose(text: str, name: str) -> yaml.Node | None:
    """libyaml's node tree of `text`, or InputError for a YAML syntax error."""
    try:
        loader = _Loader(text)
        try:
            return loader.get_single_node()  # type: ignore[no-any-return]
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        from stagecheck.core.yaml_syntax import syntax_problem

        raise InputError([syntax_problem(name, exc, text)]) from None
    except RecursionError:  # pragma: no cover - the pure-Python composer recurses per level
        raise _fail(name, TOO_DEEP) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, by its offset
        from stagecheck.core.yaml_syntax import bad_character, text_position

        line, col = text_position(text, exc.position)
        raise InputError([Problem(name, line, col, bad_character(exc.character))]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - errors without a position
        raise _fail(name, f"is not valid YAML: {exc}") from None


class _Builder:
    """Turns a node tree into plain dicts, lists, strings and None."""

    def __init__(self, name: str, root: yaml.Node) -> None:
        self.name = name
        self.root = root
        self.budget = MAX_NODES

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise self._error(node, _too_many(self.root))
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise self._error(node, f"the tag '{tag}' is not allowed; remove it")
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("|", ">") and not node.value:  # `staff: >5`, meant as a number
                raise self._error(node, _EMPTY_BLOCK)
            return None if node.tag == _NULL else node.value
        if depth >= MAX_DEPTH:
            raise self._error(node, TOO_DEEP)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth + 1)
        return [self.build(item, depth + 1) for item in node.value]

    def mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise self._error(key_node, "merge keys (<<) are not supported; write keys out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._error(key_node, "a key must be plain text, not a list or mapping")
            key = key_node.value
            if key in out:
                first = next(k for k, _ in node.value if k.value == key)
                line = first.start_mark.line + 1
                raise self._error(
                    key_node, f"duplicate key '{key}' (first given on line {line}); keep one"
                )
            if type(value_node) is yaml.ScalarNode and value_node.tag == _STR and value_node.value:
                # most values: text, built here without a call (what `build` would return)
                self.budget -= 1
                if self.budget < 0:
                    raise self._error(value_node, _too_many(self.root))
                out[key] = value_node.value
            else:
                out[key] = self.build(value_node, depth)
        return out

    def _error(self, node: yaml.Node, message: str) -> InputError:
        mark = node.start_mark
        return InputError([Problem(self.name, mark.line + 1, mark.column + 1, message)])


def _too_many(root: yaml.Node) -> str:
    """What made a file build more than MAX_NODES values: aliases (`*name`) repeating their
    anchor's values, or that many values written out."""
    seen: set[int] = set()
    todo = [root]
    while todo and len(seen) <= MAX_NODES:  # each node once, however often it is referred to
        node = todo.pop()
        if id(node) not in seen:
            seen.add(id(node))
            if isinstance(node, yaml.SequenceNode):
                todo.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                todo.extend(value for _, value in node.value)  # as `build` counts them
    if len(seen) <= MAX_NODES:  # the file itself is smaller: its aliases expand it
        return f"expands to more than {MAX_NODES:,} values through its aliases; remove aliases"
    return f"holds more than {MAX_NODES:,} values (list items and mapping values); split it"


def _fail(name: str, message: str) -> InputError:
    return InputError([Problem(name, 0, 0, message)])  # the whole file: no position


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    return line, offset - (before.rfind(b"\n") + 1) + 1


def locate(
    root: yaml.Node, loc: tuple[str | int, ...], *, at_key: bool = False
) -> tuple[int, int, int]:
    """The 1-based line and column of the deepest node on `loc`, and how many steps matched.

    A key that is not there locates to the key of the mapping that should hold it; a value
    found locates to itself, or to its key with `at_key` (an unknown key points at itself).
    """
    node: yaml.Node = root
    mark = node.start_mark
    depth = 0
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            match = _keys(node).get(step)
            if match is None:
                break
            mark, node = match[0].start_mark, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                break
            node = node.value[step]
            mark = node.start_mark
        else:
            break
        depth += 1
    if not at_key and not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        mark = node.start_mark
    return mark.line + 1, mark.column + 1, depth


# Each mapping's keys indexed once, the first time an error is located in it: a file with
# 60,000 unknown keys is located in linear time, not 60,000 searches of 60,000 keys.
_Pair = tuple[yaml.Node, yaml.Node]
_KEYS: weakref.WeakKeyDictionary[yaml.MappingNode, dict[object, _Pair]] = (
    weakref.WeakKeyDictionary()
)


def _keys(node: yaml.MappingNode) -> dict[object, _Pair]:
    index = _KEYS.get(node)
    if index is None:
        index = {}
        for kv in node.value:
            if isinstance(kv[0], yaml.ScalarNode):
                index.setdefault(kv[0].value, kv)  # the first of duplicate keys, as before
        _KEYS[node] = index
    return index
