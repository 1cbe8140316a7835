"""`stagecheck rubric test`: re-score example partnerships and compare with their `expected:`.

Like a test runner: each example passes (every declared stage scored), fails (a stage differs;
each mismatch listed), or errors (the file or its rubric could not be read). A file that
declares no `expected:` is still read and scored, and passes if it can be: so the same command
validates partnership files (the pre-commit hook).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from stagecheck import loader, partnership, scoring
from stagecheck.assess import declared_rubric
from stagecheck.errors import InputError, UserError
from stagecheck.rubrics import LoadedRubric, load_rubric, resolve

Status = Literal["pass", "fail", "error", "unchecked"]
OVERALL = "overall"


@dataclass(frozen=True, slots=True, kw_only=True)
class Expectation:
    """One declared stage: `overall`, or a dimension's id."""

    name: str
    expected: str
    actual: str

    @property
    def passed(self) -> bool:
        return self.expected == self.actual


@dataclass(frozen=True, slots=True, kw_only=True)
class ExampleResult:
    path: str
    rubric: str | None = None  # the rubric's id
    expectations: list[Expectation] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why it could not be scored

    @property
    def status(self) -> Status:
        if self.problems:
            return "error"
        if not self.expectations:
            return "unchecked"
        return "pass" if all(e.passed for e in self.expectations) else "fail"


def example_files(paths: Sequence[Path], rubric: str | None) -> list[Path]:
    """The files named and the YAML files in the folders named (default: `examples/`).

    When a rubric is given and no file is named, only the examples written for that rubric
    (by their `rubric:` key) are taken from the folders.
    """
    named = [p for p in paths if not p.is_dir()]
    folders = [p for p in paths if p.is_dir()] or ([] if paths else [Path("examples")])
    for path in [*named, *folders]:
        if not path.exists():
            raise UserError(f"{path}: no such file or folder; name example files or folders")
    found = [p for f in folders for p in sorted(f.rglob("*")) if p.suffix in (".yaml", ".yml")]
    if rubric is not None and found:
        target = resolve(rubric).resolve()
        found = [p for p in found if _written_for(p) in (target, None)]
    files = [*named, *found]
    if not files:
        raise UserError(f"no example files found in {', '.join(map(str, folders))}")
    return files


def _written_for(path: Path) -> Path | None:
    """The rubric file an example declares, or None when that cannot be told."""
    try:
        return resolve(declared_rubric(loader.load(path))).resolve()
    except UserError:
        return None


def run(paths: Sequence[Path], rubric: str | None = None) -> list[ExampleResult]:
    """Score each example with `rubric` (default: the rubric each file declares)."""
    given = load_rubric(rubric) if rubric is not None else None
    return [check_example(path, given) for path in example_files(paths, rubric)]


def check_example(path: Path, given: LoadedRubric | None) -> ExampleResult:
    name = str(path)
    try:
        document = loader.load(path)
        loaded = given or load_rubric(declared_rubric(document))
        validated = partnership.validate(document, loaded.rubric)
    except InputError as exc:
        return ExampleResult(path=name, problems=[str(p) for p in exc.problems])
    except UserError as exc:
        return ExampleResult(path=name, problems=[f"{name}: {exc}"])
    scored = scoring.score(loaded, validated.facts)
    expected = validated.expected
    checks: list[Expectation] = []
    if expected is not None:
        if expected.overall is not None:
            checks.append(
                Expectation(name=OVERALL, expected=expected.overall, actual=scored.overall.stage)
            )
        for dim in scored.dimensions:
            if dim.id in expected.dimensions:
                checks.append(
                    Expectation(name=dim.id, expected=expected.dimensions[dim.id], actual=dim.stage)
                )
    return ExampleResult(path=name, rubric=loaded.rubric.id, expectations=checks)


def render(results: Sequence[ExampleResult], *, verbose: bool = False) -> str:
    """One line per example; under a failing one (or every one, verbose) a line per stage."""
    out: list[str] = []
    for r in results:
        label = {"pass": "PASS", "fail": "FAIL", "error": "ERROR", "unchecked": "OK"}[r.status]
        if r.status == "error":
            out.append(f"{label:<6}{r.path}")
            out += [f"      {p}" for p in r.problems]
            continue
        met = sum(e.passed for e in r.expectations)
        what = (
            f"{met} of {len(r.expectations)} expected stages"
            if r.expectations
            else "valid; declares no expected stages"
        )
        out.append(f"{label:<6}{r.path} ({r.rubric}: {what})")
        if r.status == "fail" or verbose:
            width = max(len(e.name) for e in r.expectations)
            for e in r.expectations:
                if e.passed:
                    out.append(f"      ok    {e.name:<{width}}  {e.actual}")
                else:
                    out.append(
                        f"      FAIL  {e.name:<{width}}  expected {e.expected}, got {e.actual}"
                    )
    return "".join(line + "\n" for line in out)


def summary(results: Sequence[ExampleResult]) -> str:
    counts = {s: sum(r.status == s for r in results) for s in ("pass", "fail", "error")}
    unchecked = sum(r.status == "unchecked" for r in results)
    parts = [
        f"{counts['pass']} passed",
        f"{counts['fail']} failed",
        f"{counts['error']} error{'' if counts['error'] == 1 else 's'}",
    ]
    if unchecked:
        parts.append(f"{unchecked} without expectations")
    return f"{', '.join(parts)} in {len(results)} example{'s' if len(results) != 1 else ''}"


def failed(results: Sequence[ExampleResult]) -> bool:
    return any(r.status in ("fail", "error") for r in results)
