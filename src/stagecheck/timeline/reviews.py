"""One review read from a file or from a git revision of it (`FILE@REV`), with the rubric it
names as it was at that revision."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from stagecheck.core import loader
from stagecheck.core.assess import declared_rubric
from stagecheck.core.compare import Review, review_of
from stagecheck.core.compiled import (
    DEFAULT,
    MAX_RUBRIC_BYTES,
    LoadedRubric,
    bundled,
    compile_document,
)
from stagecheck.core.compiled import load_rubric as load_named
from stagecheck.core.errors import UserError
from stagecheck.timeline import git

RubricReader = Callable[[str], bytes | None]  # a rubric's repository path -> its bytes then


def load_review(arg: str | Path, rubric: LoadedRubric | None = None) -> tuple[Review, str]:
    """The review `arg` names (a file, or FILE@REV) and how to name where it came from."""
    file, rev = git.split_rev(str(arg))
    if rev is None:
        document = loader.load(file)
        return review_of(document, rubric or load_named(declared_rubric(document))), file
    where = git.locate(file)
    shown = f"{file}@{rev}"
    document = loader.parse(git.show(where, rev, file), shown)
    if rubric is None:
        sha = git.commit_of(where, rev, shown)

        def read(relpath: str) -> bytes | None:
            return git.blobs(where.root, [f"{sha}:{relpath}"])[0]

        rubric = rubric_at(document, where.relpath, rev, read, {})
    return review_of(document, rubric), shown


def rubric_at(
    document: loader.Document,
    relpath: str,
    rev: str,
    read: RubricReader,
    compiled: dict[bytes, LoadedRubric],
) -> LoadedRubric:
    """The rubric a file at a revision names: a bundled one, or a rubric file beside it as it
    was at that revision (compiled once per content, in `compiled`)."""
    ref = document.data.get("rubric")
    if ref is None:
        return load_named(DEFAULT)
    if not isinstance(ref, str) or ref in bundled():
        return load_named(declared_rubric(document))  # a bundled id, or the error it is
    there = git.beside(relpath, ref)
    if there is None:
        raise UserError(
            f"{document.path}: names the rubric file '{ref}', which is outside the git "
            f"repository, so git holds no version of it at revision '{rev}'; give one with "
            "--rubric, or keep the rubric in the repository"
        )
    raw = read(there)
    if raw is None:
        raise UserError(
            f"{document.path}: names the rubric file '{ref}', which did not exist at revision "
            f"'{rev}'; give one with --rubric"
        )
    if raw not in compiled:
        name = f"{Path(ref).name}@{rev[:12]}"
        compiled[raw] = compile_document(loader.parse(raw, name, max_bytes=MAX_RUBRIC_BYTES))
    return compiled[raw]


def rubric_files(files: Iterable[str | Path]) -> list[str]:
    """The rubric files that partnership files on the disk name beside them: inputs of a run
    that no --output may replace (a file that cannot be read names none)."""
    found: list[str] = []
    for file in files:
        try:
            if not Path(file).is_file():
                continue
            named = declared_rubric(loader.load(file))
        except (UserError, OSError):
            continue
        if named not in bundled():
            found.append(named)
    return found
