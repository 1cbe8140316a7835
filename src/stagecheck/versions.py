"""Earlier versions of a partnership file, read from its git repository with the `git` command
(nothing to install). `stagecheck review` uses it to find "where we were".

Only what the review needs: the file's committed versions (`git log --follow`) and one blob
(`git show REV:PATH`). A file outside git, or with no earlier version, is not an error: the
review says why it has no comparison (`Earlier.why_not`).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from stagecheck.core.errors import UserError

YEAR = dt.timedelta(days=365)


@dataclass(frozen=True, slots=True)
class Version:
    commit: str
    date: dt.date  # the commit's date
    path: str  # the file's path in the repository at that commit (it may have been renamed)


@dataclass(frozen=True, slots=True)
class Earlier:
    """The version to compare with, its text and how it was chosen; or why there is none."""

    version: Version | None = None
    text: bytes = b""
    chosen: str = ""  # "the version at REV, as asked", "the earliest version ..." (for the report)
    why_not: str | None = None


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, check=False, timeout=60
    )


def _plain(stderr: bytes) -> str:
    """git's message, made plain: its first line without the `fatal: ` prefix."""
    lines = stderr.decode("utf-8", "replace").strip().splitlines() or ["git failed"]
    return lines[0].removeprefix("fatal: ").removeprefix("error: ").strip()


def repository(path: Path) -> tuple[Path, str] | None:
    """The repository's top folder and the file's path in it, or None outside git."""
    if shutil.which("git") is None:
        return None
    folder = path.resolve().parent
    found = _git(folder, "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        return None
    top = Path(found.stdout.decode().strip()).resolve()
    return top, path.resolve().relative_to(top).as_posix()


def versions(top: Path, inside: str) -> list[Version]:
    """Every committed version of the file, newest first, following renames."""
    log = _git(top, "log", "--follow", "--name-only", "--format=%x00%H %cs", "--", inside)
    if log.returncode != 0:
        return []
    found = []
    for entry in log.stdout.decode("utf-8", "replace").split("\0")[1:]:
        head, *names = [line for line in entry.splitlines() if line.strip()]
        commit, day = head.split()
        found.append(Version(commit, dt.date.fromisoformat(day), names[-1] if names else inside))
    return found


def _blobs(top: Path, specs: list[str]) -> list[str | None]:
    """The blob id of each `commit:path`, in one git process (None where there is none)."""
    if not specs:
        return []
    found = subprocess.run(
        ["git", "-C", str(top), "cat-file", "--batch-check=%(objectname) %(objecttype)"],
        input="\n".join(specs).encode() + b"\n",
        capture_output=True,
        check=False,
        timeout=60,
    )
    lines = found.stdout.decode("utf-8", "replace").splitlines()
    return [
        line.split()[0] if line.endswith(" blob") else None
        for line in lines + [""] * (len(specs) - len(lines))
    ]


def show(top: Path, rev: str, inside: str) -> bytes:
    shown = _git(top, "show", f"{rev}:{inside}")
    if shown.returncode != 0:
        raise UserError(f"--since {rev}: {_plain(shown.stderr)}")
    return shown.stdout


def earlier(path: Path, since: str | None, now: dt.date) -> Earlier:
    """The version of `path` to compare with: the one at `since` if given (an unknown
    revision is a user error, in git's words); else the earliest committed version from the
    year before `now` (or since) that differs from the file as it is, else the latest one
    that differs."""
    where = repository(path)
    if where is None:
        if since is not None:
            raise UserError(f"--since {since}: {path} is not in a git repository")
        return Earlier(
            why_not=f"{path.name} is not in a git repository, so there is no earlier version "
            "to compare with (keep the file in git, committing each year's review)"
        )
    top, inside = where
    if since is not None:
        resolved = _git(top, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}")
        if resolved.returncode != 0:
            raise UserError(
                f"--since {since}: no such revision in the repository {top}; name a commit, "
                "a branch or a tag (e.g. HEAD~1)"
            )
        commit = resolved.stdout.decode().strip()
        day = _git(top, "show", "-s", "--format=%cs", commit).stdout.decode().strip()
        version = Version(commit, dt.date.fromisoformat(day), inside)
        return Earlier(version, show(top, commit, inside), f"the version at {since}, as asked")
    now_blob = _git(top, "hash-object", "--", inside).stdout.decode().strip()
    every = versions(top, inside)
    blobs = _blobs(top, [f"{v.commit}:{v.path}" for v in every])
    differing = [v for v, blob in zip(every, blobs, strict=True) if blob and blob != now_blob]
    if not differing:
        return Earlier(
            why_not=f"{path.name} has no committed version that differs from it, so there is "
            "nothing to compare with yet (commit each year's review to compare with it)"
        )
    within = [v for v in differing if v.date >= now - YEAR]
    if within:
        version = within[-1]
        return Earlier(
            version,
            show(top, version.commit, version.path),
            f"the earliest committed version since {(now - YEAR).isoformat()} (a year before "
            f"{now.isoformat()}) that differs from this one",
        )
    version = differing[0]
    return Earlier(
        version,
        show(top, version.commit, version.path),
        "the latest committed version that differs from this one (none is from the year "
        f"since {(now - YEAR).isoformat()})",
    )
