"""Writing files the user asked for: atomically, and never over an existing file unasked.

Every file stagecheck writes (`--output`, `init`, each answer `interview` saves) goes through
`opened`: a temporary file beside the target that becomes the target only when writing ends
without an error, so a reader never sees half a file and an interruption leaves the old one.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from stagecheck.errors import UserError


def refuse_existing(path: Path, *, force: bool) -> None:
    """Refuse, before any work, a target that is a folder, exists (without `force`) or has no
    folder to go in."""
    if path.is_dir():
        raise UserError(f"{path} is a folder; name a file")
    if path.exists() and not force:
        raise UserError(f"{path} already exists; add --force to replace it")
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise UserError(f"{path}: the folder {folder} does not exist; create it first")


@contextlib.contextmanager
def opened(target: Path | None, *, force: bool) -> Iterator[TextIO]:
    """stdout, or a temporary file that becomes `target` when the block ends without an
    exception (and is removed if it does not). An existing target keeps its permissions."""
    if target is None:
        yield sys.stdout
        return
    refuse_existing(target, force=force)
    folder = target.parent if str(target.parent) else Path()
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UserError(f"{target}: cannot write here ({exc.strerror})") from None
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        _publish(temporary, target, force=force)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, text: str, *, force: bool = False) -> None:
    with opened(path, force=force) as stream:
        stream.write(text)


def _publish(temporary: Path, target: Path, *, force: bool) -> None:
    # mkstemp makes the file private; the target keeps its mode, or gets an ordinary file's
    temporary.chmod(target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
    if force:
        temporary.replace(target)
        return
    try:
        os.link(temporary, target)  # fails if the target appeared meanwhile: nothing replaced
    except FileExistsError:
        raise UserError(f"{target} already exists; add --force to replace it") from None
    except OSError:  # pragma: no cover - a file system without hard links
        if target.exists():
            raise UserError(f"{target} already exists; add --force to replace it") from None
        temporary.replace(target)
        return
    temporary.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
