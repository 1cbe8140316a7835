"""Writing files the user asked for: atomically, and never over an existing file unasked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from stagecheck.errors import UserError


def refuse_existing(path: Path, *, force: bool) -> None:
    if path.exists() and not force:
        raise UserError(f"{path} already exists; add --force to replace it")
    if path.is_dir():
        raise UserError(f"{path} is a folder; name a file")


def write_atomic(path: Path, text: str, *, force: bool = False) -> None:
    """Write `text` to `path` through a temporary file in the same folder, so that an
    interruption leaves either the old file or the new one, never half of one."""
    refuse_existing(path, force=force)
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise UserError(f"{path}: the folder {folder} does not exist; create it first")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UserError(f"{path}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)  # noqa: PTH101
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)  # noqa: PTH101
        os.replace(temporary, path)  # noqa: PTH105
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
