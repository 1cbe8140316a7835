"""Finding, loading and compiling rubrics: bundled ones by id, any other by path.

A rubric is validated and checked once per content: the compiled result is kept in the user's
cache folder under the file's sha256 (and this version of stagecheck), so a later run reads it
back without building a validator. Most of a one-file assessment's start-up went on that.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from stagecheck import loader
from stagecheck._version import __version__
from stagecheck.conditions import Evaluator, compile_condition, referenced_questions
from stagecheck.errors import InputError, Problem, UserError
from stagecheck.record import CitationRef, Step
from stagecheck.rubric import Cell, Citation, Criterion, Dimension, Question, Rubric, Source

if TYPE_CHECKING:
    from stagecheck.rubric_checks import Diagnostic

DEFAULT = "four-stages"
MAX_RUBRIC_BYTES = 5_000_000
# Part of every cache entry's name: change it whenever the rubric classes gain or lose a field,
# so that development installs (whose version does not move) never read a stale layout.
CACHE_LAYOUT = 6


def rubrics_dir() -> Path:
    """Bundled rubrics: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rubrics"
    return installed if installed.is_dir() else here.parent.parent / "rubrics"


@cache
def bundled() -> dict[str, Path]:
    return {p.stem: p for p in sorted(rubrics_dir().glob("*.yaml"))}


@cache
def resolve(ref: str) -> Path:
    """A bundled rubric's id, or a path to a rubric file."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    known = bundled()
    if ref in known:
        return known[ref]
    from stagecheck.words import did_you_mean

    names = ", ".join(known) or "none found"
    raise UserError(
        f"{ref}: no such rubric{did_you_mean(ref, known)}; give a file path or a bundled id "
        f"({names})"
    )


@dataclass(frozen=True, slots=True)
class CompiledCriterion:
    """A criterion ready to score: its condition compiled, and the parts of the record that
    never change from one partnership to the next built once (citations, next steps)."""

    criterion: Criterion
    stage: str
    evaluate: Evaluator
    applies: Evaluator | None  # where this is not met, the criterion does not apply
    practice: bool
    questions: tuple[str, ...]
    sources: tuple[CitationRef, ...]
    act: Step  # the step that would meet it: its advice
    ask: dict[str, Step]  # by question: the step of answering it


@dataclass(frozen=True, slots=True)
class CompiledCell:
    cell: Cell
    criteria: tuple[CompiledCriterion, ...]
    practices: tuple[CompiledCriterion, ...]


@dataclass(frozen=True, slots=True)
class CompiledDimension:
    dimension: Dimension
    cells: tuple[CompiledCell, ...]
    criteria: dict[str, CompiledCriterion]  # every cell's criteria and practices, by id


@dataclass(frozen=True, slots=True)
class LoadedRubric:
    """A rubric validated, checked and compiled, with what identifies its file."""

    rubric: Rubric
    path: str
    sha256: str
    dimensions: tuple[CompiledDimension, ...]
    questions: dict[str, Question]
    sources: dict[str, Source]
    stage_number: dict[str, int]  # 1-based
    warnings: tuple[Diagnostic, ...]


def load_rubric(ref: str = DEFAULT) -> LoadedRubric:
    return _load(resolve(ref))


@cache
def _load(path: Path) -> LoadedRubric:
    name = str(path)
    raw = loader.read(path, MAX_RUBRIC_BYTES)
    sha256 = hashlib.sha256(raw).hexdigest()
    cached = _cache_file(sha256)
    if cached is not None:
        try:
            with cached.open("rb") as f:
                loaded: LoadedRubric = pickle.load(f)
            return _at(loaded, name)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            pass  # missing or stale: compile it again
    loaded = compile_document(loader.parse(raw, name, max_bytes=MAX_RUBRIC_BYTES))
    if cached is not None:
        _store(cached, loaded)
    return loaded


def _at(loaded: LoadedRubric, path: str) -> LoadedRubric:
    from dataclasses import replace

    return loaded if loaded.path == path else replace(loaded, path=path)


def compile_document(document: loader.Document) -> LoadedRubric:
    """Validate, check and compile a rubric document, or raise InputError saying where."""
    from stagecheck.rubric_checks import diagnose

    rubric = validate(document)
    diagnostics = diagnose(rubric)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise InputError([locate_diagnostic(document, d) for d in errors])
    warnings = tuple(d for d in diagnostics if d.severity != "error")
    return compile_rubric(rubric, document.path, document.sha256, warnings)


def validate(document: loader.Document) -> Rubric:
    from pydantic import ValidationError

    from stagecheck import validation
    from stagecheck.rubric import adapter

    try:
        return adapter().validate_python(document.data)
    except ValidationError as exc:
        raise InputError(validation.problems(exc, document, Rubric)) from None


def locate_diagnostic(document: loader.Document, d: Diagnostic) -> Problem:
    from stagecheck.words import dotted

    line, col, _ = loader.locate(document.root, d.loc)
    return Problem(document.path, line, col, f"{d.message} [{d.code}]", dotted(d.loc))


def cite(sources: Mapping[str, Source], citations: Sequence[Citation]) -> tuple[CitationRef, ...]:
    """Citations with their sources' titles, as the record carries them."""
    return tuple(
        CitationRef(source=c.source, title=sources[c.source].title, where=c.where)
        for c in citations
    )


def compile_rubric(
    rubric: Rubric, path: str, sha256: str, warnings: tuple[Diagnostic, ...] = ()
) -> LoadedRubric:
    questions = {q.id: q for q in rubric.questions}
    sources = {s.id: s for s in rubric.sources}

    def criterion(
        dimension: str, cell: Cell, k: Criterion, practice: bool = False
    ) -> CompiledCriterion:
        asked = tuple(dict.fromkeys(referenced_questions(k.when)))
        cited = cite(sources, k.sources)
        advice = k.advice
        act = Step(
            kind="practice" if practice else "act",
            dimension=dimension,
            criterion=k.id,
            text=advice.step,
            effort=advice.effort,
            owner=advice.owner,
            sources=cite(sources, advice.sources),
        )
        ask = {
            q: Step(
                kind="answer",
                dimension=dimension,
                criterion=k.id,
                text=f"Answer '{questions[q].text}' ({questions[q].group}.{q})",
                effort="low",
                owner="partnership lead",
                sources=cited,
                question=q,
            )
            for q in asked
        }
        applies = compile_condition(k.applies.when, questions) if k.applies else None
        return CompiledCriterion(
            k,
            cell.stages[0],
            compile_condition(k.when, questions),
            applies,
            practice,
            asked,
            cited,
            act,
            ask,
        )

    def dimension(dim: Dimension) -> CompiledDimension:
        cells = tuple(
            CompiledCell(
                cell,
                tuple(criterion(dim.id, cell, k) for k in cell.criteria),
                tuple(criterion(dim.id, cell, k, practice=True) for k in cell.practices),
            )
            for cell in dim.cells
        )
        by_id = {c.criterion.id: c for cell in cells for c in (*cell.criteria, *cell.practices)}
        return CompiledDimension(dim, cells, by_id)

    dimensions = tuple(dimension(dim) for dim in rubric.dimensions)
    return LoadedRubric(
        rubric,
        path,
        sha256,
        dimensions,
        questions,
        {s.id: s for s in rubric.sources},
        {s.id: i for i, s in enumerate(rubric.stages, start=1)},
        warnings,
    )


def _cache_file(sha256: str) -> Path | None:
    """Where the compiled rubric with this content is kept; None when caching is off."""
    folder = os.environ.get("STAGECHECK_CACHE_DIR")
    if folder == "":
        return None
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        folder = str(Path(base) / "stagecheck")
    return Path(folder) / f"rubric-{sha256[:32]}-{__version__}-{CACHE_LAYOUT}.pickle"


def _store(target: Path, loaded: LoadedRubric) -> None:
    """Write the cache entry atomically; a cache that cannot be written is no error."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as f:
            pickle.dump(loaded, f, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(target)
    except OSError:
        pass
