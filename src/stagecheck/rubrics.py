"""Finding, loading and compiling rubrics: bundled ones by id, any other by path."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from stagecheck import loader, validation
from stagecheck.conditions import Evaluator, compile_condition, referenced_questions
from stagecheck.errors import InputError, Problem, UserError
from stagecheck.rubric import Cell, Criterion, Dimension, Question, Rubric, Source
from stagecheck.rubric_checks import Diagnostic, diagnose

DEFAULT = "four-stages"
MAX_RUBRIC_BYTES = 5_000_000


def rubrics_dir() -> Path:
    """Bundled rubrics: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rubrics"
    return installed if installed.is_dir() else here.parent.parent / "rubrics"


def bundled() -> dict[str, Path]:
    return {p.stem: p for p in sorted(rubrics_dir().glob("*.yaml"))}


def resolve(ref: str) -> Path:
    """A bundled rubric's id, or a path to a rubric file."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    known = bundled()
    if ref in known:
        return known[ref]
    names = ", ".join(known) or "none found"
    hint = validation.did_you_mean(ref, known)
    raise UserError(f"{ref}: no such rubric{hint}; give a file path or a bundled id ({names})")


@dataclass(frozen=True, slots=True)
class CompiledCriterion:
    criterion: Criterion
    stage: str
    evaluate: Evaluator
    questions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CompiledCell:
    cell: Cell
    criteria: tuple[CompiledCriterion, ...]


@dataclass(frozen=True, slots=True)
class CompiledDimension:
    dimension: Dimension
    cells: tuple[CompiledCell, ...]


@dataclass(frozen=True, slots=True)
class LoadedRubric:
    """A rubric validated, checked and compiled, with what identifies its file."""

    rubric: Rubric
    document: loader.Document
    dimensions: tuple[CompiledDimension, ...]
    questions: dict[str, Question]
    sources: dict[str, Source]
    stage_number: dict[str, int]  # 1-based
    warnings: tuple[Diagnostic, ...]

    @property
    def path(self) -> str:
        return self.document.path


def load_rubric(ref: str = DEFAULT) -> LoadedRubric:
    return _load(resolve(ref))


@cache
def _load(path: Path) -> LoadedRubric:
    document = loader.load(path, max_bytes=MAX_RUBRIC_BYTES)
    rubric = validate(document)
    diagnostics = diagnose(rubric)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise InputError([locate_diagnostic(document, d) for d in errors])
    return compile_rubric(rubric, document, tuple(d for d in diagnostics if d not in errors))


def validate(document: loader.Document) -> Rubric:
    try:
        return Rubric.model_validate(document.data)
    except ValidationError as exc:
        raise InputError(validation.problems(exc, document, Rubric)) from None


def locate_diagnostic(document: loader.Document, d: Diagnostic) -> Problem:
    line, col, _ = loader.locate(document.root, d.loc)
    return Problem(document.path, line, col, f"{d.message} [{d.code}]", validation.dotted(d.loc))


def compile_rubric(
    rubric: Rubric, document: loader.Document, warnings: tuple[Diagnostic, ...] = ()
) -> LoadedRubric:
    questions = {q.id: q for q in rubric.questions}
    dimensions = tuple(
        CompiledDimension(
            dim,
            tuple(
                CompiledCell(
                    cell,
                    tuple(
                        CompiledCriterion(
                            k,
                            cell.stages[0],
                            compile_condition(k.when, questions),
                            tuple(dict.fromkeys(referenced_questions(k.when))),
                        )
                        for k in cell.criteria
                    ),
                )
                for cell in dim.cells
            ),
        )
        for dim in rubric.dimensions
    )
    return LoadedRubric(
        rubric,
        document,
        dimensions,
        questions,
        {s.id: s for s in rubric.sources},
        {s.id: i for i, s in enumerate(rubric.stages, start=1)},
        warnings,
    )
