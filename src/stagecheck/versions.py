"""Which earlier review of a partnership file `stagecheck review` compares with: the one at
`--since REV`, or by default one chosen by assessment date. The git reading is
`stagecheck.timeline.git`'s (the `git` command; nothing to install). A file outside git, or
with no earlier review, is not an error here: the review says why it has no comparison
(`Earlier.why_not`).

A committed version is dated by its own `assessed.date` where it gives one, else by its commit
date (a file is often committed weeks after it was assessed, or edited again later). Several
commits of one assessment (the same date) are one review, read at its last commit. The default
is the latest review dated at least `AGO` before the current one, else the oldest earlier one.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from stagecheck.core import loader, values
from stagecheck.core.errors import UserError
from stagecheck.timeline import git

# "About a year before": ten months, so that a review held a few weeks earlier in the year
# than the last still finds it, while a check-in in between does not count as last year's.
AGO = dt.timedelta(days=300)


@dataclass(frozen=True, slots=True)
class Version:
    commit: str
    date: dt.date  # the commit's date
    assessed_on: dt.date | None  # the version's own `assessed.date`, where it gives one
    path: str | None = None  # the file's path at that commit, where it has been renamed since

    @property
    def when(self) -> dt.date:
        return self.assessed_on or self.date


@dataclass(frozen=True, slots=True)
class Earlier:
    """The version to compare with, as `FILE@COMMIT`, and how it was chosen; or why there is
    none."""

    version: Version | None = None
    source: str = ""  # FILE@COMMIT, for `timeline.reviews.load_review`
    chosen: str = ""  # in words, for the report: "the latest review assessed ..."
    why_not: str | None = None


def assessed_on(raw: bytes) -> dt.date | None:
    """A version's `assessed.date`, or None where it gives none (or is not a readable file)."""
    try:
        data = loader.parse(raw, "version").data
    except UserError:
        return None
    assessed = data.get("assessed")
    day = assessed.get("date") if isinstance(assessed, dict) else None
    try:
        return values.date(day) if isinstance(day, str) else None
    except ValueError:
        return None


def earlier(path: Path, since: str | None, assessed: dt.date | None, today: dt.date) -> Earlier:
    """The version of `path` to compare with, `path` itself being assessed on `assessed` (or
    undated). An unknown revision, or `--since` outside git, is a user error in plain words."""
    try:
        where = git.locate(path)
    except git.NotInGit:
        if since is not None:
            raise
        return Earlier(
            why_not=f"{path.name} is not in a git repository, so there is no earlier version "
            "to compare with (keep the file in git, committing each year's review)"
        )
    if since is not None:
        commit = git.commit_of(where, since, f"--since {since}")
        day = dt.date.fromisoformat(git.commit_date(where, commit)[:10])
        raw = git.blobs(where.root, [f"{commit}:{where.relpath}"])[0]
        version = Version(commit, day, assessed_on(raw) if raw is not None else None)
        return Earlier(version, f"{path}@{commit}", f"as --since {since} asked")
    # the file as committed: a checkout may write CRLF line ends (core.autocrlf) where the
    # commit holds LF, and it is the same version all the same
    current = path.read_bytes().replace(b"\r\n", b"\n")
    commits = git.log(where)  # oldest first
    texts = git.blobs(where.root, [f"{c.sha}:{c.relpath}" for c in commits])
    reviews: dict[dt.date, Version] = {}  # by date: the last commit of each assessment
    same: dt.date | None = None  # the date of the last commit holding the file as it is
    for c, text in zip(commits, texts, strict=True):
        if text is None:
            continue
        day = dt.date.fromisoformat(c.date[:10])
        if text.replace(b"\r\n", b"\n") == current:
            same = day
            continue
        version = Version(c.sha, day, assessed_on(text), _renamed(path, where, c.relpath))
        reviews[version.when] = version  # a later commit of the same assessment replaces it
    now = assessed or same or today
    this = (
        f"this one (assessed on {now.isoformat()})"
        if assessed
        else f"this one (committed on {now.isoformat()}; it gives no assessment date)"
        if same
        else f"today ({now.isoformat()}; this file gives no assessment date)"
    )
    before = sorted((v for v in reviews.values() if v.when < now), key=lambda v: v.when)
    if not before:
        return Earlier(
            why_not=f"{path.name} has no review in git dated before {this}, so there is "
            "nothing to compare with yet "
            + (
                f"({git.SHALLOW.replace('`', '')})"
                if where.shallow
                else "(commit each year's review to compare with it)"
            )
        )
    year_before = [v for v in before if v.when <= now - AGO]
    if year_before:
        version = year_before[-1]
        chosen = f"the latest one dated at least {AGO.days} days before {this}"
    else:
        version = before[0]
        chosen = f"the oldest earlier one, as none is dated {AGO.days} days or more before {this}"
    return Earlier(version, f"{version.path or path}@{version.commit}", chosen)


def _renamed(path: Path, where: git.Located, relpath: str) -> str | None:
    """The path, named as `path` is, of the file at `relpath` in the repository: None where
    it is `path` itself (the file has not been renamed)."""
    if relpath == where.relpath:
        return None
    up = posixpath.relpath(relpath, posixpath.dirname(where.relpath) or ".")
    return os.path.normpath(path.parent / up)
