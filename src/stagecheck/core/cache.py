"""A cache on disk of values that are costly to build: JSON, checked, never trusted.

A value (plain data and stagecheck's own dataclasses) is written as JSON, each dataclass as an
object tagged with its class. Reading it back constructs only dataclasses of the `stagecheck`
package, from their fields as written, and nothing else: an entry builds no other object and
runs no code. What a class holds is read from `dataclasses.fields`, so a field added to a class
needs no change here; the classes' shapes (their fields and annotations) are recorded with the
value, and an entry whose classes have changed shape since is not read.

Each entry is named by what it was built from (a content hash and stagecheck's version) and
starts with a keyed hash (HMAC-SHA256) of those and of its payload, under a random key kept in
the cache folder, readable by its owner only. An entry that is corrupt, truncated, edited or
written with another key is ignored, and rewritten by the caller. Nothing here raises on a bad
entry: a cache that cannot be read or written is a cache miss.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from stagecheck._version import __version__

MAGIC = b"stagecheck-cache 2\n"
KEY_NAME = "key"
KEY_BYTES = 32
MAX_ENTRY_BYTES = 64_000_000  # far more than a rubric of the largest size allowed makes
TAG = "@"  # the key that names an object's class; never a field name (not an identifier)


class Unsupported(TypeError):
    """A value the cache cannot read back exactly; it is then not cached."""


def folder() -> Path | None:
    """The cache folder: STAGECHECK_CACHE_DIR (empty: no cache), else
    $XDG_CACHE_HOME/stagecheck, else ~/.cache/stagecheck."""
    chosen = os.environ.get("STAGECHECK_CACHE_DIR")
    if chosen == "":
        return None
    if chosen is None:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(base) / "stagecheck"
    return Path(chosen)


def dumps(value: Any) -> bytes:
    """A value as an entry's payload: the shape of its classes, a newline, its JSON. Raises
    Unsupported for a value that would not be read back equal (a list, a date, a set...)."""
    import orjson

    classes: dict[str, type] = {}

    def tagged(obj: Any) -> Any:
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            kind = type(obj)
            classes[_tag(kind)] = kind
            fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
            return {TAG: _tag(kind), **fields}
        raise TypeError(f"{type(obj).__name__} is not cached")

    try:
        body = orjson.dumps(value, default=tagged, option=orjson.OPT_PASSTHROUGH_DATACLASS)
    except TypeError as exc:
        raise Unsupported(str(exc)) from None
    payload = shape(classes.values()).encode() + b"\n" + body
    try:
        same = loads(payload) == value
    except (TypeError, ValueError):
        same = False
    if not same:
        raise Unsupported(f"{type(value).__name__} is not read back as it was written")
    return payload


def loads(payload: bytes) -> Any:
    """A payload read back; ValueError or TypeError if it does not fit stagecheck's classes
    as they are now."""
    import json

    head, body = payload.split(b"\n", 1)
    used: dict[str, type] = {}
    # per class, worked out once: its field names, and those its __init__ does not take
    layouts: dict[str, tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]] = {}

    def build(obj: dict[str, Any]) -> Any:
        tag = obj.pop(TAG, None)
        if tag is None:
            return obj
        layout = layouts.get(tag)
        if layout is None:
            kind = used[tag] = _class(tag)
            fields = dataclasses.fields(kind)
            layout = layouts[tag] = (
                frozenset(f.name for f in fields),
                tuple(f.name for f in fields if f.init),
                tuple(f.name for f in fields if not f.init),
            )
        names, init, later = layout
        if obj.keys() != names:
            raise ValueError(f"{tag} has other fields now")
        made = used[tag](**{name: _tuples(obj[name]) for name in init})
        for name in later:
            object.__setattr__(made, name, _tuples(obj[name]))
        return made

    value = _tuples(json.loads(body, object_hook=build))
    if head.decode() != shape(used.values()):
        raise ValueError("its classes have changed shape")
    return value


def shape(classes: Iterable[type]) -> str:
    """A fingerprint of classes' structure: each one's name, fields and their annotations."""
    described = sorted(
        (_tag(kind), [(f.name, str(f.type)) for f in dataclasses.fields(kind)]) for kind in classes
    )
    return hashlib.sha256(repr(described).encode()).hexdigest()[:16]


def _tag(kind: type) -> str:
    return f"{kind.__module__}:{kind.__qualname__}"


def _class(tag: str) -> type:
    """The dataclass a tag names: one of stagecheck's own, and nothing else."""
    import importlib

    module, _, name = tag.partition(":")
    if not (module == "stagecheck" or module.startswith("stagecheck.")) or not name.isidentifier():
        raise ValueError(f"{tag!r} is not a class of stagecheck")
    kind = getattr(sys.modules.get(module) or importlib.import_module(module), name, None)
    if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
        raise ValueError(f"{tag!r} is not a class of stagecheck")
    return kind


def _tuples(value: Any) -> Any:
    # every sequence in stagecheck's frozen classes is a tuple (`dumps` refuses anything else)
    return tuple(_tuples(v) for v in value) if type(value) is list else value


# -- entries on disk -----------------------------------------------------------------------------


def entry(kind: str, content_sha256: str) -> Path | None:
    """Where the entry built from this content is kept; None when the cache is off."""
    base = folder()
    if base is None:
        return None
    return base / f"{kind}-{content_sha256[:32]}-{__version__}.json"


def read(path: Path, content_sha256: str) -> bytes | None:
    """An entry's payload, if it is whole and was written here for this content; else None."""
    try:
        key = _key(path.parent, create=False)
        if key is None:
            return None
        data = _contents(path, MAX_ENTRY_BYTES)
    except (OSError, ValueError):
        return None
    head = len(MAGIC) + 65  # the magic line, the hex digest and its newline
    if not data.startswith(MAGIC) or len(data) < head or data[head - 1 : head] != b"\n":
        return None
    mac, payload = data[len(MAGIC) : head - 1], data[head:]
    expected = _mac(key, path.name, content_sha256, payload)
    return payload if hmac.compare_digest(mac, expected) else None


def write(path: Path, content_sha256: str, payload: bytes) -> None:
    """Write an entry atomically; a cache that cannot be written is no error."""
    import tempfile

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = _key(path.parent, create=True)
        if key is None:  # pragma: no cover - removed as it was made
            return
        data = MAGIC + _mac(key, path.name, content_sha256, payload) + b"\n" + payload
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            Path(name).replace(path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        pass


def _mac(key: bytes, name: str, content_sha256: str, payload: bytes) -> bytes:
    signed = f"{name}\0{content_sha256}\0{__version__}\0".encode() + payload
    return hmac.new(key, signed, hashlib.sha256).hexdigest().encode()


def _key(base: Path, *, create: bool) -> bytes | None:
    """The folder's key: random, made once, readable by its owner only. A key that is not
    whole is replaced (every entry signed with it is then rewritten)."""
    path = base / KEY_NAME
    try:
        key = _contents(path, KEY_BYTES)
        if len(key) == KEY_BYTES:
            return key
    except OSError:  # missing, or not a file: made (or replaced) below
        pass
    if not create:
        return None
    import secrets
    import tempfile

    fd, name = tempfile.mkstemp(prefix=".key.", dir=base)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(KEY_BYTES))
        try:
            os.link(name, path)  # the first writer's key wins
        except FileExistsError:
            try:
                key = _contents(path, KEY_BYTES)
            except OSError:
                key = b""
            if len(key) == KEY_BYTES:
                return key
            Path(name).replace(path)  # a damaged key, or not a file: this one replaces it
    finally:
        Path(name).unlink(missing_ok=True)
    return _key(base, create=False)


def _contents(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` + 1; OSError for anything else (a FIFO is never
    waited on, a symbolic link never followed, a device never read)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    with open(fd, "rb") as f:  # noqa: PTH123 - a descriptor
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return f.read(limit + 1)
