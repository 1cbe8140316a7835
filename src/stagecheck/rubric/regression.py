"""`stagecheck rubric test`: re-score example partnerships and compare with their `expected:`,
and run the generated fidelity checks (`stagecheck.rubric.fidelity`) on each rubric tested.

Like a test runner: each example passes (every declared stage scored), fails (a stage differs;
each mismatch listed), or errors (the file or its rubric could not be read). A file that
declares no `expected:` is still read and scored, and passes if it can be: so the same command
validates partnership files (the pre-commit hook). Each rubric's fidelity cases pass or fail
together on one line, with a line per failing case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from stagecheck.core import loader, partnership, scoring
from stagecheck.core.assess import declared_rubric
from stagecheck.core.compiled import LoadedRubric, load_rubric, resolve
from stagecheck.core.errors import InputError, UserError
from stagecheck.rubric import fidelity

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
    loaded: LoadedRubric | None = field(default=None, repr=False, compare=False)

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
    return ExampleResult(path=name, rubric=loaded.rubric.id, expectations=checks, loaded=loaded)


@dataclass(frozen=True, slots=True, kw_only=True)
class FidelityResult:
    """A rubric's generated fidelity cases, each judged by the scorer."""

    path: str
    rubric: str  # the rubric's id
    verdicts: list[fidelity.Verdict]

    @property
    def passed(self) -> int:
        return sum(v.passed for v in self.verdicts)

    @property
    def status(self) -> Status:
        return "pass" if self.passed == len(self.verdicts) else "fail"


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    examples: list[ExampleResult]
    fidelity: list[FidelityResult]


def run_all(
    paths: Sequence[Path],
    rubric: str | None = None,
    *,
    examples: bool = True,
    generated: bool = True,
) -> Report:
    """Run the examples, the fidelity checks of each rubric tested, or both.

    The rubrics tested: `rubric` if given, else each rubric the examples are written for."""
    if not (examples or generated):
        raise UserError("nothing to test: leave out --no-examples or --no-fidelity")
    results = run(paths, rubric) if examples else []
    if not generated:
        return Report(examples=results, fidelity=[])
    if rubric is not None:
        rubrics = [load_rubric(rubric)]
    elif examples:
        rubrics = [r.loaded for r in results if r.loaded is not None]
    else:
        rubrics = _declared(example_files(paths, None))
    return Report(examples=results, fidelity=check_fidelity(rubrics))


def _declared(files: Sequence[Path]) -> list[LoadedRubric]:
    """The rubrics these files are written for; a file that cannot tell is left out."""
    found: list[LoadedRubric] = []
    for path in files:
        try:
            found.append(load_rubric(declared_rubric(loader.load(path))))
        except UserError:
            continue
    if not found:
        raise UserError("no rubric to check: name one with --rubric")
    return found


def check_fidelity(rubrics: Sequence[LoadedRubric]) -> list[FidelityResult]:
    """Each rubric's generated cases (once per rubric content), judged by the scorer."""
    unique: dict[str, LoadedRubric] = {}
    for r in rubrics:
        unique.setdefault(r.sha256, r)
    return [
        FidelityResult(
            path=_shown_path(r.path),
            rubric=r.rubric.id,
            verdicts=fidelity.check_all(r, fidelity.cases(r)),
        )
        for r in unique.values()
    ]


def _shown_path(path: str) -> str:
    """A rubric's path relative to the working folder where it lies below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path


def render(report: Report, *, verbose: bool = False) -> str:
    return render_examples(report.examples, verbose=verbose) + render_fidelity(
        report.fidelity, verbose=verbose
    )


def render_examples(results: Sequence[ExampleResult], *, verbose: bool = False) -> str:
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


def render_fidelity(results: Sequence[FidelityResult], *, verbose: bool = False) -> str:
    """One line per rubric; under a failing one a line per failing case (verbose: every case)."""
    out: list[str] = []
    for r in results:
        label = "PASS" if r.status == "pass" else "FAIL"
        what = f"{r.passed} of {len(r.verdicts)} fidelity cases"
        out.append(f"{label:<6}{r.path} ({r.rubric}: {what})")
        for v in r.verdicts:
            if not v.passed or verbose:
                out.append(f"      {'ok' if v.passed else 'FAIL':<6}{v.case.name}: {v.message}")
    return "".join(line + "\n" for line in out)


def summary(report: Report) -> str:
    parts = [examples_summary(report.examples)] if report.examples else []
    if report.fidelity:
        cases = [v for r in report.fidelity for v in r.verdicts]
        passed = sum(v.passed for v in cases)
        rubrics = len(report.fidelity)
        parts.append(
            f"fidelity: {passed} passed, {len(cases) - passed} failed in {rubrics} "
            f"rubric{'s' if rubrics != 1 else ''}"
        )
    return "; ".join(parts) or "nothing tested"


def examples_summary(results: Sequence[ExampleResult]) -> str:
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


def failed(report: Report) -> bool:
    return any(r.status in ("fail", "error") for r in report.examples) or any(
        r.status == "fail" for r in report.fidelity
    )
