"""A batch as the command line runs it, on top of the library: find the files and check what
would stop the run before any file is scored (`portfolio`), then count each outcome and hand it
to the view (`collect`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from stagecheck.core.compiled import DEFAULT, LoadedRubric, load_rubric
from stagecheck.core.errors import Problem, UserError

if TYPE_CHECKING:
    from stagecheck.batch.portfolio import Summary
    from stagecheck.batch.run import FileOutcome
    from stagecheck.renderers.base import BatchRenderer


@dataclass(frozen=True, slots=True)
class Portfolio:
    """A batch as the command line runs it: the files it found and the checks made before
    any file is scored."""

    files: list[str]
    errors: list[Problem]
    warnings: list[Problem]  # entries skipped without missing anything (symlink loops)
    rubric: LoadedRubric | None  # the one given, if any


def portfolio(
    paths: Sequence[Path], rubric: str | None, gates: Sequence[str], exclude: Sequence[str]
) -> Portfolio:
    """Find a batch's files and check, before any is scored, what would stop it: a rubric that
    cannot be loaded, a gate that fits no rubric in reach, nothing to score."""
    from stagecheck.batch import run
    from stagecheck.core.gates import check_gates

    found = run.discover(paths, exclude)
    if not found.files and not found.errors:
        named = ", ".join(map(str, paths))
        raise UserError(f"no .yaml or .yml files found in {named}; check the path or --exclude")
    chosen = load_rubric(rubric) if rubric else None
    check_gates(list(gates), chosen or _first_rubric(found.files))
    return Portfolio(found.files, list(found.errors), list(found.warnings), chosen)


def _first_rubric(files: list[str]) -> LoadedRubric:
    """The rubric gates are checked against without --rubric: the first file's own (the
    default rubric if that file cannot be read)."""
    from stagecheck.core import loader
    from stagecheck.core.assess import declared_rubric

    try:
        return load_rubric(declared_rubric(loader.load(files[0])) if files else DEFAULT)
    except Exception:  # whatever is wrong with it, it is reported when it is scored
        return load_rubric(DEFAULT)


def collect(
    outcomes: Iterable[FileOutcome],
    summary: Summary,
    view: BatchRenderer,
    failed: Callable[[str, Sequence[Problem]], None],
    below: Callable[[str, str], None],
    warned: Callable[[str], None] = lambda warning: None,
) -> set[str]:
    """Each scored file counted and handed to `view`; `failed(path, problems)` for a file that
    could not be scored (or that the view refused), `below(path, gate)` for each gate a file
    falls below, `warned(warning)` for each of its warnings. Returns the paths of the rubrics
    the files were scored with."""
    from stagecheck.batch import run

    learnt: set[str] = set()
    for outcome in outcomes:
        if isinstance(outcome, run.FailedFile):
            failed(outcome.path, outcome.problems)
            continue
        row = outcome.row
        for warning in row.warnings:
            warned(warning)
        if row.rubric_path not in learnt:
            learnt.add(row.rubric_path)
            summary.learn(load_rubric(row.rubric_path).rubric)
        refused = view.scored(row, outcome.payload, summary)
        if refused:
            summary.not_written += 1
            failed(row.path, [Problem(row.path, 0, 0, refused)])
            continue
        summary.add(row)
        for gate in row.below:
            below(row.path, gate)
    return learnt
