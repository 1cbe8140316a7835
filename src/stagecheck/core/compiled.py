"""Finding, loading and compiling rubrics: bundled ones by id, any other by path.

A rubric is validated and checked once per content: the validated rubric and its warnings are
kept in the user's cache folder (`stagecheck.core.cache`: JSON, under the file's sha256 and this
version, with the shape of the rubric classes and a keyed hash), so a later run reads them back
without building a validator (most of a one-file assessment's start-up went on that) and
compiles them again (about a millisecond).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stagecheck.core import loader
from stagecheck.core.conditions import Evaluator, compile_condition, referenced_questions
from stagecheck.core.errors import InputError, Problem, UserError
from stagecheck.core.record import CitationRef, Step
from stagecheck.core.rubric import Cell, Citation, Criterion, Dimension, Question, Rubric, Source

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

    from stagecheck.core.checks import Diagnostic

DEFAULT = "four-stages"
MAX_RUBRIC_BYTES = 5_000_000


def rubrics_dir() -> Path:
    """Bundled rubrics: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent  # src/stagecheck (or site-packages/…)
    installed = package / "rubrics"
    return installed if installed.is_dir() else package.parent.parent / "rubrics"


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
    from stagecheck.core.words import did_you_mean

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
    path = resolve(ref)
    try:
        st = path.stat()
    except OSError:
        return _load(path, None)  # not cached: reading it says what is wrong
    # Compiled once per file as it is now: a relative name means another file after a change
    # of folder, and a file edited in a long-running program (a notebook) is read again.
    return _load(path, (str(path.absolute()), st.st_mtime_ns, st.st_size, st.st_ino))


@cache
def _load(path: Path, identity: tuple[str, int, int, int] | None) -> LoadedRubric:
    name = str(path)
    raw = loader.read(path, MAX_RUBRIC_BYTES)
    sha256 = hashlib.sha256(raw).hexdigest()
    checked = _from_cache(sha256)
    if checked is not None:
        try:
            return compile_rubric(checked.rubric, name, sha256, checked.warnings)
        except ValueError:  # checked by an older stagecheck that let it through: check again
            pass
    document = loader.parse(raw, name, max_bytes=MAX_RUBRIC_BYTES)
    checked = check_document(document)
    _to_cache(sha256, checked)
    return compile_rubric(checked.rubric, name, sha256, checked.warnings)


@dataclass(frozen=True, slots=True)
class Checked:
    """A rubric validated and checked: what the cache keeps of it."""

    rubric: Rubric
    warnings: tuple[Diagnostic, ...]


def _from_cache(sha256: str) -> Checked | None:
    from stagecheck.core import cache as store

    try:
        entry = store.entry("rubric", sha256)
        payload = store.read(entry, sha256) if entry else None
        checked = store.loads(payload) if payload is not None else None
        return checked if isinstance(checked, Checked) else None
    except Exception:  # whatever it holds, a cache entry never stops a run: compile instead
        return None


def _to_cache(sha256: str, checked: Checked) -> None:
    from stagecheck.core import cache as store

    try:
        entry = store.entry("rubric", sha256)
        if entry is not None:
            store.write(entry, sha256, store.dumps(checked))
    except Exception:  # e.g. a field of a type the cache cannot read back: not cached
        pass


def compile_document(document: loader.Document) -> LoadedRubric:
    """Validate, check and compile a rubric document, or raise InputError saying where."""
    checked = check_document(document)
    return compile_rubric(checked.rubric, document.path, document.sha256, checked.warnings)


def check_document(document: loader.Document) -> Checked:
    """Validate and check a rubric document, or raise InputError saying where."""
    from stagecheck.core.checks import diagnose

    rubric = validate(document)
    diagnostics = diagnose(rubric)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise InputError([locate_diagnostic(document, d) for d in errors])
    return Checked(rubric, tuple(d for d in diagnostics if d.severity != "error"))


def validate(document: loader.Document) -> Rubric:
    from pydantic import ValidationError

    from stagecheck.core.rubric import adapter

    try:
        return adapter().validate_python(document.data)
    except ValidationError as exc:
        found = [p for _, _, p in format_errors(exc, document)]
        raise InputError(sorted(found, key=lambda p: (p.line, p.column))) from None


def format_errors(
    exc: ValidationError, document: loader.Document
) -> list[tuple[ErrorDetails, tuple[Any, ...], Problem]]:
    """What the rubric format refuses in a document, each error located once.

    Pydantic leaves an item with errors out of its list and then also finds the list too
    short: with `dimensions: [one broken dimension]` it says the rubric needs a dimension.
    That second error is left out when the list as written is long enough: the item's own
    errors say what is wrong."""
    from stagecheck.core import validation

    return [
        found
        for found in validation.located(exc, document, Rubric)
        if not _only_short_of_its_broken_items(found[0], found[1], document.data)
    ]


def _only_short_of_its_broken_items(error: ErrorDetails, loc: tuple[Any, ...], data: Any) -> bool:
    if error["type"] != "too_short":
        return False
    for step in loc:
        listed = isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)
        if not (listed or (isinstance(data, dict) and step in data)):
            return False
        data = data[step]
    wanted = error.get("ctx", {}).get("min_length")
    return isinstance(data, list) and isinstance(wanted, int) and len(data) >= wanted


def locate_diagnostic(document: loader.Document, d: Diagnostic) -> Problem:
    from stagecheck.core.words import dotted

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
                text=f"Answer '{questions[q].text}'",
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
        by_id: dict[str, CompiledCriterion] = {}
        for c in (c for cell in cells for c in (*cell.criteria, *cell.practices)):
            # `rubric check` refuses a shared id (SC101); one that got here is a bug, and must
            # never let one criterion's advice stand in for another's
            if by_id.setdefault(c.criterion.id, c) is not c:
                raise ValueError(f"dimension '{dim.id}' has two criteria '{c.criterion.id}'")
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
