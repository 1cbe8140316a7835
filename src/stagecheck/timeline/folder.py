"""A partnership's history from a folder of dated review files (no git): each file scored as a
point, dated by its `assessed.date`, else by a date in its name; a file with neither is a gap."""

from __future__ import annotations

import re
from datetime import date
from functools import partial
from pathlib import Path

from stagecheck.core import loader, values
from stagecheck.core.assess import declared_rubric
from stagecheck.core.compiled import LoadedRubric
from stagecheck.core.compiled import load_rubric as load_named
from stagecheck.core.errors import UserError
from stagecheck.timeline.trend import History, Point, Scored, assemble, scored_point

_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?!\d)")


def date_in_name(name: str) -> date | None:
    """A date in a review file's name: 2025-07-14, 2025-07 (the 1st), or 2025 (1 January)."""
    for match in _DATE_IN_NAME.finditer(name):
        year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            continue
    return None


NO_DATE = (
    "has no review date: add `assessed:` with `date: YYYY-MM-DD` to it, or a date to its name "
    "(review-2025-07.yaml)"
)


def folder_history(folder: Path, rubric: str | None, rescore: bool) -> History:
    files = sorted(
        p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and not p.name.startswith(".")
    )
    documents = {file: _read(file) for file in files}
    # a rubric file kept beside the reviews is not a review (nor a gap)
    rubrics = {_named_rubric(file, d) for file, d in documents.items()}
    files = [file for file in files if file.resolve() not in rubrics]
    if not files:
        raise UserError(f"{folder} holds no .yaml or .yml review files")
    today: LoadedRubric | None = load_named(rubric) if rubric else None
    if today is None and rescore:  # the rubric the newest review that can be read names
        readable = [(f, d) for f in files if not isinstance(d := documents[f], UserError)]
        if not readable:
            raise UserError(
                f"{folder}: no review could be read to say today's rubric; give --rubric"
            )
        newest = max(readable, key=lambda fd: (_dated(*fd) or date.min, fd[0].name))[1]
        today = load_named(declared_rubric(newest))

    def chosen(document: loader.Document) -> LoadedRubric:
        return today or load_named(declared_rubric(document))

    points: list[tuple[Point, Scored | None]] = []
    for file in files:
        named = date_in_name(file.name)
        point, record = scored_point(
            str(file),
            None,
            (named, "file name" if named else None),
            partial(_document, documents[file]),
            chosen,
        )
        if point.date is None and point.error is None:
            error = f"{file}: {NO_DATE}"
            point = Point(source=str(file), commit=None, date=None, dated_by=None, error=error)
            record = None
        points.append((point, record))
    points.sort(key=lambda pr: (pr[0].date or date.max, pr[0].source))
    return assemble(folder, "folder", iter(_one_partnership(points)), today is not None)


def _dated(file: Path, document: loader.Document) -> date | None:
    """A review's `assessed.date`, else the date in its name."""
    assessed = document.data.get("assessed")
    day = assessed.get("date") if isinstance(assessed, dict) else None
    try:
        return values.date(day) if isinstance(day, str) else date_in_name(file.name)
    except ValueError:
        return date_in_name(file.name)


def _read(file: Path) -> loader.Document | UserError:
    try:
        return loader.load(file)
    except UserError as exc:
        return exc


def _document(read: loader.Document | UserError) -> loader.Document:
    if isinstance(read, UserError):
        raise read
    return read


def _named_rubric(file: Path, read: loader.Document | UserError) -> Path | None:
    ref = None if isinstance(read, UserError) else read.data.get("rubric")
    return (file.parent / ref).resolve() if isinstance(ref, str) and ref else None


def _one_partnership(
    points: list[tuple[Point, Scored | None]],
) -> list[tuple[Point, Scored | None]]:
    """A review of another partnership than most of the folder's (of the newest, where as
    many name each) is a gap that says so: its stages are not this partnership's trend."""
    named = [record.name for _, record in points if record is not None]
    if not named:
        return points
    ours = max(reversed(named), key=named.count)  # the first of the most: the newest
    kept: list[tuple[Point, Scored | None]] = []
    for point, record in points:
        if record is None or record.name == ours:
            kept.append((point, record))
            continue
        error = (
            f"{point.source}: is a review of another partnership, '{record.name}', not "
            f"'{ours}' (as the folder's other reviews are); move it to another folder, or "
            "write the same name in both"
        )
        gap = Point(
            source=point.source, commit=None, date=point.date, dated_by=point.dated_by, error=error
        )
        kept.append((gap, None))
    return kept
