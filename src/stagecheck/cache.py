"""A cache on disk of values that are costly to build: JSON, checked, never trusted.

A value is written as JSON (orjson) and read back into the dataclasses its type hints name, and
into nothing else: reading an entry builds no other object and runs no code. The reader is
derived from the type hints of the root class and of every dataclass it reaches, so a field
added to any of them needs no change here; the same walk gives a fingerprint of that structure.

Each entry is named by what it was built from (a content hash, stagecheck's version and the
fingerprint) and starts with a keyed hash (HMAC-SHA256) of those and of its payload, under a
random key kept in the cache folder, readable by its owner only. An entry that is corrupt,
truncated, edited or written with another key is ignored, and rewritten by the caller. Nothing
here raises: a cache that cannot be read or written is a cache miss.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import stat
import types
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from stagecheck._version import __version__

T = TypeVar("T")
Decoder = Callable[[Any], Any]

MAGIC = b"stagecheck-cache 1\n"
KEY_NAME = "key"
KEY_BYTES = 32
MAX_ENTRY_BYTES = 64_000_000  # far more than a rubric of the largest size allowed makes


class Unsupported(TypeError):
    """A type the codec cannot read back exactly; the cache is then not used."""


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


class Codec(Generic[T]):
    """Writes values of one dataclass as JSON and reads them back, checking every value
    against its type hint on the way."""

    def __init__(self, root: type[T] | Any, localns: dict[str, Any] | None = None) -> None:
        self._localns = localns or {}
        self._classes: dict[type, Decoder] = {}
        self._structure: list[str] = []
        self._root = self._decoder(root)
        self._name = _describe(root)
        self.fingerprint = hashlib.sha256("\n".join(self._structure).encode()).hexdigest()[:16]

    def dumps(self, value: T) -> bytes:
        import orjson

        payload: bytes = orjson.dumps(value, default=_default)
        if self.loads(payload) != value:  # a type it cannot read back exactly: not cached
            raise Unsupported(f"{self._name} does not survive a round trip")
        return payload

    def loads(self, payload: bytes) -> T:
        import orjson

        value: T = self._root(orjson.loads(payload))
        return value

    # -- reading, by type hint ------------------------------------------------------------------

    def _decoder(self, hint: Any) -> Decoder:
        origin, args = get_origin(hint), get_args(hint)
        if origin in (Union, types.UnionType):
            return self._union(args)
        if origin is Literal:
            return _literal(args)
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return _sequence(tuple, self._decoder(args[0]))
            return _fixed(tuple(self._decoder(a) for a in args))
        if origin in (list, frozenset):
            return _sequence(origin, self._decoder(args[0]))
        if origin is dict:
            if args[0] is not str:
                raise Unsupported(f"{hint!r}: only text keys")
            return _mapping(self._decoder(args[1]))
        if hint in _SCALARS:
            return _SCALARS[hint]
        if isinstance(hint, type) and issubclass(hint, Enum):
            self._structure.append(f"{_name(hint)} = {[m.value for m in hint]!r}")
            return hint
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return self._dataclass(hint)
        raise Unsupported(f"{hint!r} cannot be read back from JSON")

    def _union(self, members: tuple[Any, ...]) -> Decoder:
        decoders = [self._decoder(m) for m in members]

        def decode(value: Any) -> Any:
            # the first member that takes the value; `dumps` refuses a value this reads wrongly
            for member in decoders:
                try:
                    return member(value)
                except (TypeError, ValueError, KeyError):
                    continue
            raise TypeError(f"{value!r} is none of {members!r}")

        return decode

    def _dataclass(self, cls: type) -> Decoder:
        known = self._classes.get(cls)
        if known is not None:
            return known
        fields: dict[str, Decoder] = {}

        def decode(value: Any) -> Any:
            if type(value) is not dict or value.keys() != fields.keys():
                raise TypeError(f"not a {cls.__name__}")
            made = cls(**{n: d(value[n]) for n, d in fields.items() if n in init})
            for n in late:  # fields the class does not take in __init__
                object.__setattr__(made, n, fields[n](value[n]))
            return made

        self._classes[cls] = decode  # before its fields: a class may contain itself
        hints = get_type_hints(cls, localns=self._localns)
        init = {f.name for f in dataclasses.fields(cls) if f.init}
        late = [f.name for f in dataclasses.fields(cls) if not f.init]
        for f in dataclasses.fields(cls):
            fields[f.name] = self._decoder(hints[f.name])
        described = ", ".join(
            f"{f.name}: {_describe(hints[f.name])}" for f in dataclasses.fields(cls)
        )
        self._structure.append(f"{_name(cls)}({described})")
        return decode


def _default(value: Any) -> Any:
    if isinstance(value, frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not cached")


def _exact(kind: type) -> Decoder:
    def decode(value: Any) -> Any:
        if type(value) is not kind:
            raise TypeError(f"{value!r} is not {kind.__name__}")
        return value

    return decode


def _float(value: Any) -> float:
    if type(value) not in (int, float):
        raise TypeError(f"{value!r} is not a number")
    return float(value)


def _none(value: Any) -> None:
    if value is not None:
        raise TypeError(f"{value!r} is not null")


def _date(value: Any) -> date:
    if type(value) is not str:
        raise TypeError(f"{value!r} is not a date")
    return date.fromisoformat(value)


_SCALARS: dict[Any, Decoder] = {
    str: _exact(str),
    int: _exact(int),
    bool: _exact(bool),
    float: _float,
    type(None): _none,
    date: _date,
}


def _literal(allowed: tuple[Any, ...]) -> Decoder:
    def decode(value: Any) -> Any:
        if not any(type(value) is type(a) and value == a for a in allowed):
            raise ValueError(f"{value!r} is none of {allowed!r}")
        return value

    return decode


def _sequence(kind: Callable[[Any], Any], item: Decoder) -> Decoder:
    def decode(value: Any) -> Any:
        if type(value) is not list:
            raise TypeError(f"{value!r} is not a list")
        return kind(item(v) for v in value)

    return decode


def _fixed(items: tuple[Decoder, ...]) -> Decoder:
    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != len(items):
            raise TypeError(f"{value!r} is not a list of {len(items)}")
        return tuple(d(v) for d, v in zip(items, value, strict=True))

    return decode


def _mapping(item: Decoder) -> Decoder:
    def decode(value: Any) -> Any:
        if type(value) is not dict:
            raise TypeError(f"{value!r} is not a mapping")
        return {k: item(v) for k, v in value.items()}

    return decode


def _name(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


def _describe(hint: Any) -> str:
    """A type hint as stable text (no addresses): what the fingerprint is made of."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        return " | ".join(_describe(a) for a in args)
    if origin is Literal:
        return f"Literal{list(args)!r}"
    if origin is not None:
        inner = ", ".join("..." if a is Ellipsis else _describe(a) for a in args)
        return f"{origin.__name__}[{inner}]"
    return _name(hint) if isinstance(hint, type) else repr(hint)


# -- entries on disk -----------------------------------------------------------------------------


def entry(kind: str, content_sha256: str, fingerprint: str) -> Path | None:
    """Where the entry built from this content is kept; None when the cache is off."""
    base = folder()
    if base is None:
        return None
    return base / f"{kind}-{content_sha256[:32]}-{__version__}-{fingerprint}.json"


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
        assert key is not None
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
    except FileNotFoundError:
        pass
    if not create:
        return None
    import secrets
    import tempfile

    fd, name = tempfile.mkstemp(prefix=".key.", dir=base)  # mode 0600
    with os.fdopen(fd, "wb") as f:
        f.write(secrets.token_bytes(KEY_BYTES))
    try:
        os.link(name, path)  # the first writer's key wins; a damaged one is replaced below
    except FileExistsError:
        key = _contents(path, KEY_BYTES)
        if len(key) == KEY_BYTES:
            Path(name).unlink()
            return key
        Path(name).replace(path)
        return _key(base, create=False)
    Path(name).unlink()
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
