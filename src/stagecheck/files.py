"""Writing files the user asked for: atomically, and never over an existing file unasked.

Every file stagecheck writes (`--output`, `init`, each answer `interview` saves) goes through
`opened`: a temporary file beside the target that becomes the target only when writing ends
without an error, so a reader never sees half a file and an interruption leaves the old one.
Only a regular file is ever replaced (never a device, a FIFO or a socket, nor what a symbolic
link points at). A temporary file is named `.NAME.PID.<8 random letters>.tmp`; one that a killed run
left behind is removed by the next write to NAME.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from stagecheck.core.errors import UserError
from stagecheck.core.words import special_file


def refuse_existing(path: Path, *, force: bool) -> None:
    """Refuse, before any work, a target that is a folder or not a regular file, exists
    (without `force`) or has no folder to go in."""
    if path.is_dir():
        raise UserError(f"{path} is a folder; name a file")
    _refuse_special(path)
    if path.exists() and not force:
        raise UserError(f"{path} already exists; add --force to replace it")
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise UserError(f"{path}: the folder {folder} does not exist; create it first")


def refuse_inputs(target: Path | None, inputs: Iterable[Path | str]) -> None:
    """Refuse a target that is one of the files the run reads, by any of its names."""
    try:
        mine = target.stat() if target is not None else None
    except OSError:
        mine = None
    if mine is None:
        return  # stdout, or nothing there: nothing to overwrite
    for item in inputs:
        try:
            other = Path(item).stat()
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (mine.st_dev, mine.st_ino):
            alias = f" (as {item})" if str(item) != str(target) else ""
            raise UserError(
                f"{target} is an input of this run{alias}; write the output to another file"
            )


def _refuse_special(path: Path) -> None:
    try:
        mode = path.stat().st_mode  # through a symbolic link: what would be written over
    except OSError:
        return
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        what = special_file(mode)
        raise UserError(f"{path} is {what}, not a regular file; write to a regular file")


@contextlib.contextmanager
def opened(target: Path | None, *, force: bool) -> Iterator[TextIO]:
    """stdout, or a temporary file that becomes `target` when the block ends without an
    exception (and is removed if it does not). An existing target keeps its permissions."""
    if target is None:
        yield sys.stdout
        return
    import tempfile  # its random and shutil only when a file is written (start-up, issue 11)

    refuse_existing(target, force=force)
    folder = target.parent if str(target.parent) else Path()
    remove_stale_temporaries(target)
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=folder
        )
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
    _refuse_special(target)  # again: it may have changed since the run began
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


STALE_AFTER = 60.0  # seconds without a change, for a temporary file of a process that is gone
_UNKNOWN_OWNER = 3600.0  # named without its process, as earlier versions did: an hour


def remove_stale_temporaries(target: Path) -> None:
    """Remove the temporary files of earlier writes to `target` that were abandoned (the
    process was killed): only names of exactly our pattern, whose process is no longer
    running and which have not changed for a while. Never an error."""
    folder = target.parent if str(target.parent) else Path()
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:(\d+)\.)?[a-z0-9_]{{8}}\.tmp")
    now = time.time()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                match = pattern.fullmatch(entry.name)
                if match is None or not entry.is_file(follow_symlinks=False):
                    continue
                pid = match.group(1)
                if pid is not None and _running(int(pid)):
                    continue
                idle = now - entry.stat(follow_symlinks=False).st_mtime
                if idle > (STALE_AFTER if pid is not None else _UNKNOWN_OWNER):
                    Path(entry.path).unlink(missing_ok=True)
    except OSError:
        pass


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process, or a number no process can have: keep it
    return True
