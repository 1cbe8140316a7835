"""`--output FILE`: write atomically (a temporary file beside it, then a rename), and never
replace an existing file unless `--force` says so."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from stagecheck.errors import UserError


def check(target: Path | None, *, force: bool) -> None:
    """Refuse early, before any work, an output that would overwrite a file or cannot be."""
    if target is None:
        return
    if target.is_dir():
        raise UserError(f"--output {target}: is a folder; name a file")
    if target.exists() and not force:
        raise UserError(f"--output {target}: the file exists; add --force to replace it")
    if not target.parent.is_dir():
        raise UserError(f"--output {target}: no folder {target.parent}; create it first")


@contextlib.contextmanager
def opened(target: Path | None, *, force: bool) -> Iterator[TextIO]:
    """stdout, or a temporary file that becomes `target` only when the block ends without an
    exception (and is removed if it does not)."""
    if target is None:
        yield sys.stdout
        return
    check(target, force=force)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
        _publish(Path(temporary), target, force=force)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _publish(temporary: Path, target: Path, *, force: bool) -> None:
    mode = 0o666 & ~_umask()
    temporary.chmod(mode)  # mkstemp makes it private; an output file is an ordinary file
    if force:
        temporary.replace(target)
        return
    try:
        os.link(temporary, target)  # fails if the target appeared meanwhile: nothing replaced
    except FileExistsError:
        raise UserError(f"--output {target}: the file exists; add --force to replace it") from None
    except OSError:  # pragma: no cover - a file system without hard links
        if target.exists():
            raise UserError(
                f"--output {target}: the file exists; add --force to replace it"
            ) from None
        temporary.replace(target)
        return
    temporary.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
