"""Which earlier version of a partnership file `stagecheck review` compares with: the one at
`--since REV`, or by default the earliest committed version from the year before that differs
from the file, else the latest one that differs. The git reading is `stagecheck.timeline.git`'s
(the `git` command; nothing to install). A file outside git, or with no earlier version that
differs, is not an error here: the review says why it has no comparison (`Earlier.why_not`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from stagecheck.core.errors import UserError
from stagecheck.timeline import git

YEAR = dt.timedelta(days=365)


@dataclass(frozen=True, slots=True)
class Version:
    commit: str
    date: dt.date  # the commit's date


@dataclass(frozen=True, slots=True)
class Earlier:
    """The version to compare with, as `FILE@COMMIT`, and how it was chosen; or why there is
    none."""

    version: Version | None = None
    source: str = ""  # FILE@COMMIT, for `timeline.reviews.load_review`
    chosen: str = ""  # in words, for the report
    why_not: str | None = None


def earlier(path: Path, since: str | None, now: dt.date) -> Earlier:
    """The version of `path` to compare with (an unknown revision, or `--since` outside git,
    is a user error in plain words)."""
    try:
        where = git.locate(path)
    except UserError:
        if since is not None:
            raise
        return Earlier(
            why_not=f"{path.name} is not in a git repository, so there is no earlier version "
            "to compare with (keep the file in git, committing each year's review)"
        )
    if since is not None:
        commit = git.commit_of(where, since, f"--since {since}")
        day = dt.date.fromisoformat(git.commit_date(where, commit)[:10])
        chosen = f"the version at {since}, as asked"
        return Earlier(Version(commit, day), f"{path}@{commit}", chosen)
    current = path.read_bytes()
    commits = git.log(where)  # oldest first
    texts = git.blobs(where.root, [f"{c.sha}:{c.relpath}" for c in commits])
    differing = [
        Version(c.sha, dt.date.fromisoformat(c.date[:10]))
        for c, text in zip(commits, texts, strict=True)
        if text is not None and text != current
    ]
    if not differing:
        return Earlier(
            why_not=f"{path.name} has no committed version that differs from it, so there is "
            "nothing to compare with yet (commit each year's review to compare with it)"
        )
    start = now - YEAR
    within = [v for v in differing if v.date >= start]
    if within:
        version = within[0]
        chosen = (
            f"the earliest committed version since {start.isoformat()} (a year before "
            f"{now.isoformat()}) that differs from this one"
        )
    else:
        version = differing[-1]
        chosen = (
            "the latest committed version that differs from this one (none is from the year "
            f"since {start.isoformat()})"
        )
    return Earlier(version, f"{path}@{version.commit}", chosen)
