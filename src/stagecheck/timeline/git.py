"""Reading a file's committed versions with the `git` command (no library a user must install).

Every failure of git's is turned into a UserError that says, in plain words, what to do: a file
outside a repository, a revision that does not exist, a file that did not exist at a revision,
a file that was a symbolic link at a revision (its target is never read as the file). Many
blobs are read through one `git cat-file --batch` process, not a process each. Paths are
literal, never patterns (a file named `review[1].yaml`).
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from stagecheck.core.errors import UserError

_ENV = {
    "LC_ALL": "C",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_LITERAL_PATHSPECS": "1",
}
LINK = "120000"  # the mode git gives a symbolic link


class NotInGit(UserError):
    """The file is in no git repository (a review then has no earlier version)."""


@dataclass(frozen=True, slots=True)
class Located:
    """A file's place in its repository: the repository's root and the path from it."""

    root: Path
    relpath: str  # with / separators, as git names it
    shallow: bool = False  # a shallow clone: it holds only the latest commits


SHALLOW = (
    "this clone is shallow and holds only the latest commits: run `git fetch --unshallow` "
    "(in CI, check out the full history) to read the earlier ones"
)


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    date: str  # committer date, ISO 8601
    relpath: str  # the file's path at this commit (it may have been renamed since)
    link: bool = False  # the file was a symbolic link at this commit


def split_rev(arg: str) -> tuple[str, str | None]:
    """`FILE@REV` as (FILE, REV); a plain FILE (or one whose name holds an @ and exists) as
    (FILE, None). `FILE@` with no revision after the @ is a UserError.

    A revision may hold an @ itself (`HEAD@{1}`, `main@{yesterday}`, `@` for HEAD): the split
    is never at an @ before `{`, and is at the last @ whose FILE exists, else at the last @."""
    if "@" not in arg or _exists(arg):
        return arg, None
    at = [i for i, c in enumerate(arg) if c == "@" and i > 0 and arg[i + 1 : i + 2] != "{"]
    if not at:
        return arg, None
    split = next((i for i in reversed(at) if _exists(arg[:i])), at[-1])
    file, rev = arg[:split], arg[split + 1 :]
    if not rev.strip():
        raise UserError(
            f"{arg} names no revision after '@': write {file}@HEAD~1 or {file}@<commit>"
        )
    return file, rev


def _exists(name: str) -> bool:
    try:
        return Path(name).exists()
    except (OSError, ValueError):  # a name too long for the system (Python 3.11 raises)
        return False


def _git(root: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
            input=data,
            capture_output=True,
            env={**os.environ, **_ENV},
            check=False,
        )
    except FileNotFoundError:
        raise UserError(
            "reading a file's revisions needs the git command, which is not installed; "
            "install git, or compare two files"
        ) from None


def _said(done: subprocess.CompletedProcess[bytes]) -> str:
    text = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return re.sub(r"^(fatal|error): ", "", text[-1]) if text else "git failed"


def locate(file: str | Path) -> Located:
    """The repository `file` is in (the file itself may exist only in past revisions)."""
    path = Path(file)
    folder = path.parent.resolve() if path.parent != Path() else Path.cwd()
    asked = folder
    while not folder.is_dir() and folder != folder.parent:  # a folder since removed or renamed
        folder = folder.parent
    if not folder.is_dir():
        raise UserError(f"{file}: its folder {asked} does not exist")
    done = _git(
        folder, "rev-parse", "--is-bare-repository", "--is-shallow-repository", "--show-toplevel"
    )
    said = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    if done.returncode != 0 and said[:1] == ["true"]:
        raise UserError(
            f"{file} is in a bare git repository, which has no files to read; clone it "
            "(`git clone`) and give the file in the clone"
        )
    if done.returncode != 0 and b"not a git repository" not in done.stderr:
        raise UserError(_refused(file, done.stderr.decode("utf-8", "replace")))
    if (done.returncode != 0 or len(said) < 3) and folder != asked:
        raise UserError(f"{file}: its folder {asked} does not exist")
    if done.returncode != 0 or len(said) < 3:
        raise NotInGit(
            f"{file} is not in a git repository, so it has no revisions to read; run "
            "`git init` and commit it there, or compare two files (or, for history, a folder "
            "of dated review files)"
        )
    root = Path(said[2])
    relpath = (folder.resolve() / asked.relative_to(folder) / path.name).relative_to(root.resolve())
    return Located(root, relpath.as_posix(), shallow=said[1] == "true")


def _refused(file: str | Path, stderr: str) -> str:
    """git found the repository and would not read it: most often one owned by another user
    ('dubious ownership'), where git itself says the command that trusts it."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    first = re.sub(r"^(fatal|error): ", "", lines[0]) if lines else "git failed"
    fix = next((line for line in lines if line.startswith("git config")), None)
    then = f"; if you trust it, run `{fix}`" if fix else "; run `git status` there to see why"
    return f"{file}: git would not read its repository: {first}{then}"


def commit_of(where: Located, rev: str, shown: str) -> str:
    """The commit `rev` names, or a UserError in plain words."""
    if not rev.strip():  # `--since ""`
        option = shown.split(maxsplit=1)[0] if shown.startswith("-") else shown
        raise UserError(f"{option} names no revision: write {option} HEAD~1 or {option} <commit>")
    if rev.startswith("-") or any(c < " " or "\x7f" <= c <= "\x9f" for c in rev):  # none has one
        raise UserError(f"{shown}: '{rev}' is not a git revision")
    done = _git(
        where.root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"
    )
    if done.returncode != 0:
        kind = _git(where.root, "cat-file", "-t", "--end-of-options", rev).stdout.decode().strip()
        if kind in {"blob", "tree"}:  # an object id of a file's content, or of a folder
            raise UserError(
                f"{shown}: '{rev}' names a git {kind} (a {'file' if kind == 'blob' else 'folder'}"
                "'s content), not a commit; give a commit, a branch or a tag (HEAD~1); see "
                "`git log --oneline` for the commits"
            )
        raise UserError(
            f"{shown}: the repository at {where.root} has no revision '{rev}'; "
            + (
                SHALLOW
                if where.shallow
                else "see `git log --oneline` for its commits (HEAD~1 is the one before the last)"
            )
        )
    return done.stdout.decode().strip()


def commit_date(where: Located, sha: str) -> str:
    """A commit's committer date, ISO 8601 (as `log` gives it)."""
    return _git(where.root, "show", "-s", "--format=%cI", sha).stdout.decode().strip()


def show(where: Located, rev: str, file: str) -> bytes:
    """The bytes of `file` (at `where`) at revision `rev`, or a UserError: it did not exist
    then, or was a folder, or a symbolic link."""
    shown = f"{file}@{rev}"
    sha = commit_of(where, rev, shown)
    done = _git(where.root, "ls-tree", "-z", sha, "--", where.relpath)
    if done.returncode != 0:
        raise UserError(f"{shown}: git could not read it: {_said(done)}")
    entry = done.stdout.split(b"\0")[0]
    if not entry:
        raise UserError(
            f"{shown}: {where.relpath} did not exist at revision '{rev}'; see "
            f"`git log --follow --oneline -- {where.relpath}` for the revisions that hold it"
        )
    mode, kind, oid = entry.partition(b"\t")[0].decode().split()
    if kind != "blob":  # `git show` would list a folder's entries as if they were the file
        raise UserError(
            f"{shown}: {where.relpath} is a folder at revision '{rev}', not a file; "
            "name a partnership file in it"
        )
    content = _git(where.root, "cat-file", "blob", oid).stdout
    if mode == LINK:
        raise UserError(link_message(file, rev, content, Path(file).parent))
    return content


def link_message(file: str, rev: str, target: bytes, folder: Path) -> str:
    """What to do about a file that was a symbolic link at a revision (in `folder`, as the
    user names it): git keeps the link's target, not the file it named, and stagecheck
    follows a link only in the working tree."""
    said = target.decode("utf-8", "replace")[:200]
    named = said if said.startswith("/") else os.path.normpath(folder / said)
    return (
        f"{file}@{rev} is a symbolic link at that revision, to '{said}', not a file: "
        "stagecheck follows a link only in the working tree, as it is today; "
        f"name the file it pointed to, {named}@{rev}"
    )


def exists_at(where: Located, rev: str, relpath: str) -> bool:
    return _git(where.root, "cat-file", "-e", f"{rev}:{relpath}").returncode == 0


def log(where: Located) -> list[Commit]:
    """Every commit that holds a version of the file, oldest first (following renames).

    The change taken for a commit is the file's own under the name it had then: a commit that
    also touches files in a folder of the same name (the file was a folder for a while) is
    never read as one of those."""
    done = _git(
        where.root,
        "log",
        "-z",
        "--follow",
        "--raw",
        "--format=%x01%H %cI",
        "--",
        where.relpath,
    )
    if done.returncode != 0:
        raise UserError(f"{where.relpath}: git could not list its history: {_said(done)}")
    commits: list[Commit] = []
    name = where.relpath  # the file's name at the commit being read (newest first)
    for block in done.stdout.decode("utf-8", "surrogateescape").split("\x01")[1:]:
        head, *fields = block.split("\0")
        sha, _, date = head.partition(" ")
        commit = Commit(sha, date, name)  # a merge commit lists no change
        # ":OLDMODE NEWMODE OLD NEW STATUS" then PATH (a rename or copy: FROM then TO)
        at = 0
        while at < len(fields):
            meta = fields[at].lstrip("\n")
            at += 1
            if not meta.startswith(":"):
                continue
            status = meta.split()[-1]
            paths = fields[at : at + (2 if status[:1] in {"R", "C"} else 1)]
            at += len(paths)
            if paths and paths[-1] == name:
                commit = Commit(sha, date, name, link=meta.split()[1] == LINK)
                if status[:1] == "R":
                    name = paths[0]
        commits.append(commit)
    commits.reverse()
    return commits


def blobs(root: Path, specs: list[str]) -> list[bytes | None]:
    """The blobs `REV:path` names, read by one `git cat-file --batch` process: None for one
    that does not exist (the commit that deleted the file, say)."""
    if not specs:
        return []
    if any("\n" in s for s in specs):  # a path with a newline cannot be one line of --batch
        odd = {s: _blob(root, s) for s in specs if "\n" in s}
        plain = iter(blobs(root, [s for s in specs if "\n" not in s]))
        return [odd[s] if s in odd else next(plain) for s in specs]
    done = _git(root, "cat-file", "--batch", data="".join(f"{s}\n" for s in specs).encode())
    if done.returncode != 0:
        raise UserError(f"{root}: git could not read the file's versions: {_said(done)}")
    out, at = done.stdout, 0
    found: list[bytes | None] = []
    for _ in specs:
        end = out.index(b"\n", at)
        line = out[at:end]
        at = end + 1
        # "SPEC missing" (SPEC may hold spaces: a file named "a b.yaml") has no content after it
        if line.endswith((b" missing", b" ambiguous")):
            found.append(None)
            continue
        _oid, kind, length = line.split()
        size = int(length)
        if kind != b"blob":  # a tree or a commit: its content follows all the same
            found.append(None)
            at += size + 1
            continue
        found.append(out[at : at + size])
        at += size + 1
    return found


def _blob(root: Path, spec: str) -> bytes | None:
    """One blob `REV:path` read by a process of its own, or None (not there, or no blob)."""
    if _git(root, "cat-file", "-t", spec).stdout.strip() != b"blob":
        return None
    return _git(root, "cat-file", "blob", spec).stdout


def beside(relpath: str, ref: str) -> str | None:
    """The repository path of `ref` written in the file at `relpath` (a rubric beside it), or
    None where it is not in the repository (an absolute path, or `..` above its root)."""
    if PurePosixPath(ref).is_absolute():
        return None
    parts: list[str] = []
    for part in (PurePosixPath(relpath).parent / ref).parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
