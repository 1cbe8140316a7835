"""The cases of the fidelity checks (`stagecheck.rubric.fidelity`): for every dimension and
every cell above the first, answers that reach exactly that cell, and beside them the same cell
with one criterion missing, a criterion left out where the rubric allows it, and each practice
met and unmet. Found by the bounded search in `stagecheck.rubric.search`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from stagecheck.core.compiled import CompiledCriterion, CompiledDimension, LoadedRubric
from stagecheck.core.outcome import Fact, Outcome
from stagecheck.rubric import search
from stagecheck.rubric.search import (
    GaveUp,
    Goal,
    OutOfBudget,
    Want,
    asked,
    exactly,
    fine,
    gives,
    left_out,
    met,
    no_evidence,
    outcome,
    short_of,
    unmet,
)

Facts = Mapping[str, Fact]
Kind = Literal["reach", "missing", "not-applicable", "practice"]

NOT_APPLICABLE = Fact(None, not_applicable="not applicable (a fidelity check)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Variant:
    """The base answers changed in one way, for a practice case."""

    label: str  # "not met", "met"
    facts: Facts


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """One generated check. `facts` is None when no answers could be found: `problem` says why,
    and the case fails."""

    id: str  # "four-stages:leadership:regional:missing:leadership.team"
    kind: Kind
    dimension: str
    cell: int  # the cell's index in its row
    stage: str  # the cell's first stage
    criterion: str | None = None
    facts: Facts | None = None
    variants: tuple[Variant, ...] = ()
    note: str | None = None  # what the answers could not keep (a criterion also left unmet)
    problem: str | None = None

    @property
    def name(self) -> str:
        """The id without the rubric's: `leadership:regional:missing:leadership.team`."""
        return self.id.split(":", 1)[1]


def cases(loaded: LoadedRubric) -> list[Case]:
    """Every generated case of a rubric, dimension by dimension, cell by cell."""
    return _Generator(loaded).all()


class _Generator:
    def __init__(self, loaded: LoadedRubric) -> None:
        self.loaded = loaded
        self.rubric_id = loaded.rubric.id
        self.search = search.Searcher(loaded)
        self.values = self.search.values
        self.baseline = self.search.baseline
        # the cell criteria that read each question, for the practices' cases
        self.readers: dict[str, list[CompiledCriterion]] = {}
        for d in loaded.dimensions:
            for cell in d.cells:
                for c in cell.criteria:
                    for q in asked(c):
                        self.readers.setdefault(q, []).append(c)

    def all(self) -> list[Case]:
        out: list[Case] = []
        for dim in self.loaded.dimensions:
            witnesses: dict[int, Facts] = {}
            for k, cell in enumerate(dim.cells):
                if k > 0:
                    reach = self.reach(dim, k)
                    if reach.facts is not None:
                        witnesses[k] = reach.facts
                    out.append(reach)
                    out += [self.missing(dim, k, c) for c in cell.criteria]
                    out += [
                        self.left_out(dim, k, c)
                        for c in cell.criteria
                        if c.criterion.applies is not None
                        or (
                            c.criterion.if_not_applicable == "skip"
                            and any(not self.search.derived(q) for q in c.questions)
                        )
                    ]
                if cell.practices:
                    # one base for the cell's practices: its witness, the row's practices met
                    base = self._practices_met(dim, witnesses.get(k, self.baseline))
                    out += [self.practice(dim, k, p, base) for p in cell.practices]
        return out

    def _practices_met(self, dim: CompiledDimension, base: Facts) -> dict[str, Fact]:
        """`base` with the row's practices answered met, one by one, where that leaves every
        criterion as it was and the practices met before it met: a practice that gated its
        cell would then show when it is answered not met."""
        facts = dict(base)
        held: list[Goal] = []
        for practice in (p for cell in dim.cells for p in cell.practices):
            order = [q for q in asked(practice) if self.values.get(q)]
            keep = [self._goal(c, exactly(outcome(c, facts))) for c in self._keepers(practice)]
            goal = self._goal(practice, gives(Outcome.MET))
            try:
                found = self.search.find(order, [goal, *keep, *held], fixed=facts)
            except GaveUp:
                continue
            if found is not None:
                facts = found
                held.append(goal)
        return facts

    # --- the cases ---

    def _id(self, dim: CompiledDimension, k: int, *rest: str) -> str:
        return ":".join([self.rubric_id, dim.dimension.id, dim.cells[k].cell.stages[0], *rest])

    def _case(self, kind: Kind, dim: CompiledDimension, k: int, c: str | None, *rest: str) -> Case:
        return Case(
            id=self._id(dim, k, *rest),
            kind=kind,
            dimension=dim.dimension.id,
            cell=k,
            stage=dim.cells[k].cell.stages[0],
            criterion=c,
        )

    def reach(self, dim: CompiledDimension, k: int) -> Case:
        case = self._case("reach", dim, k, None)
        below = self._below(dim, k)
        above = self._above(dim, k)
        order = self._order(dim, k)
        try:
            for rule in (met, fine):  # every criterion met; else some left out as the rubric lets
                goals = [*(self._goal(c, rule) for c in below), *above]
                found = self.search.find(order, goals)
                if found is not None:
                    return _with(case, facts=found)
            problem = self._why_not(dim, k, below, order)
        except GaveUp as stop:
            problem = self._gave_up(stop, "reaching this cell")
        return _with(case, problem=problem)

    def missing(self, dim: CompiledDimension, k: int, c: CompiledCriterion) -> Case:
        case = self._case("missing", dim, k, c.criterion.id, "missing", c.criterion.id)
        others = [o for o in self._below(dim, k) if o is not c]
        same_cell = [o for o in dim.cells[k].criteria if o is not c]
        order = self._order(dim, k)
        not_met = self._goal(c, unmet)
        # keep the others met where possible: each attempt asks less than the one before
        attempts: tuple[list[Goal], ...] = (
            [*(self._goal(o, met) for o in others), *self._above(dim, k)],
            [*(self._goal(o, fine) for o in others), *self._above(dim, k)],
            [self._goal(o, fine) for o in same_cell],
            [],
        )
        try:
            for goals in attempts:
                found = self.search.find(order, [not_met, *goals])
                if found is not None:
                    lost = [o.criterion.id for o in others if not fine(outcome(o, found))]
                    note = f"also not met: {', '.join(lost)}" if lost else None
                    return _with(case, facts=found, note=note)
            problem = (
                f"criterion {c.criterion.id} can never be answered not met, so it does not "
                "decide the cell"
            )
        except GaveUp as stop:
            problem = self._gave_up(stop, f"leaving {c.criterion.id} unmet")
        return _with(case, problem=problem)

    def left_out(self, dim: CompiledDimension, k: int, c: CompiledCriterion) -> Case:
        case = self._case(
            "not-applicable", dim, k, c.criterion.id, "not-applicable", c.criterion.id
        )
        others = [o for o in self._below(dim, k) if o is not c]
        values = dict(self.values)
        if c.criterion.if_not_applicable == "skip":
            for q in c.questions:
                if not self.search.derived(q):
                    values[q] = [*values[q], NOT_APPLICABLE]
        goals = [self._goal(c, left_out), *self._above(dim, k)]
        try:
            for rule in (met, fine):
                found = self.search.find(
                    self._order(dim, k), [*goals, *(self._goal(o, rule) for o in others)], values
                )
                if found is not None:
                    return _with(case, facts=found)
            problem = (
                f"criterion {c.criterion.id} is never left out while the rest of the cell is "
                "met, although the rubric says it can be"
            )
        except GaveUp as stop:
            problem = self._gave_up(stop, f"leaving {c.criterion.id} out")
        return _with(case, problem=problem)

    def practice(self, dim: CompiledDimension, k: int, p: CompiledCriterion, base: Facts) -> Case:
        case = _with(
            self._case("practice", dim, k, p.criterion.id, "practice", p.criterion.id),
            facts=base,
        )
        order = [q for q in asked(p) if self.values.get(q)]
        # every criterion reading the practice's questions keeps the outcome it has in `base`
        keep = [self._goal(c, exactly(outcome(c, base))) for c in self._keepers(p)]
        variants: list[Variant] = []
        for label, wanted in (("not met", Outcome.NOT_MET), ("met", Outcome.MET)):
            goal = self._goal(p, gives(wanted))
            try:
                found = self.search.find(order, [goal, *keep], fixed=base)
                if found is None:
                    return _with(case, problem=self._practice_why(p, label, goal, keep, base))
            except GaveUp as stop:
                what = f"with practice {p.criterion.id} {label}"
                return _with(case, problem=self._gave_up(stop, what))
            variants.append(Variant(label=label, facts=found))
        return _with(case, variants=tuple(variants))

    # --- why a case has no answers ---

    def _why_not(
        self,
        dim: CompiledDimension,
        k: int,
        below: Sequence[CompiledCriterion],
        order: Sequence[str],
    ) -> str:
        where = "no answers stop exactly at this cell"
        goals: list[Goal] = []
        for c in below:
            if self.search.find(order, [self._goal(c, fine)]) is None:
                return f"{where}: criterion {c.criterion.id} can never be met"
            goals.append(self._goal(c, fine))
            if self.search.find(order, goals) is None:
                return (
                    f"{where}: criterion {c.criterion.id} cannot be met together with the "
                    "criteria before it in this cell and the cells below"
                )
        for m, goal in self._above_cells(dim, k):
            if self.search.find(order, [*goals, goal]) is None:
                cell = dim.cells[m]
                ids = ", ".join(c.criterion.id for c in cell.criteria) or "no criteria"
                return (
                    f"{where}: every answer that meets it also meets cell "
                    f"{cell.cell.stages[0]} ({ids})"
                )
        return f"{where}: its cells cannot be met and the cells above left unmet together"

    def _practice_why(
        self,
        p: CompiledCriterion,
        label: str,
        goal: Goal,
        keep: Sequence[Goal],
        base: Facts,
    ) -> str:
        where = f"practice {p.criterion.id}"
        label = "unmet" if label == "not met" else label
        order = [q for q in asked(p) if self.values.get(q)]
        if self.search.find(order, [goal], fixed=base) is None:
            return f"{where} can never be {label}, so it cannot be checked"
        kept: list[Goal] = []
        for c, g in zip(self._keepers(p), keep, strict=True):
            kept.append(g)
            if self.search.find(order, [goal, *kept], fixed=base) is None:
                return (
                    f"{where} cannot be {label} without changing criterion {c.criterion.id} "
                    "(they read the same answers): as written, the practice decides a stage"
                )
        return f"{where} cannot be {label} with every criterion unchanged"

    def _gave_up(self, stop: GaveUp, what: str) -> str:
        if isinstance(stop, OutOfBudget):
            budget = self.search.budget
            return (
                f"not checked: the search for answers {what} was stopped when this rubric's "
                f"budget of {budget:,} tries in all ran out (this case and those after it are "
                "not checked); simplify the conditions, or split the rubric"
            )
        return (
            f"the search for answers {what} gave up after {search.MAX_STEPS:,} tries; simplify "
            "the conditions of this cell and the cells below"
        )

    def _keepers(self, p: CompiledCriterion) -> list[CompiledCriterion]:
        """The cell criteria that read one of the practice's searched questions."""
        found = (c for q in asked(p) if self.values.get(q) for c in self.readers.get(q, ()))
        return list({id(c): c for c in found}.values())

    # --- what the searches ask ---

    def _below(self, dim: CompiledDimension, k: int) -> list[CompiledCriterion]:
        """The criteria of cells 1..k (the first cell is always reached)."""
        return [c for cell in dim.cells[1 : k + 1] for c in cell.criteria]

    def _above_cells(self, dim: CompiledDimension, k: int) -> Iterator[tuple[int, Goal]]:
        """What the cells above must be for the row to stop at cell k: the next one not met;
        on a continuum, every one above it also not met by an answer (a cell met with nothing
        counted met is reached only by climbing, and the next one stops the climb)."""
        for m in range(k + 1, len(dim.cells)):
            criteria = dim.cells[m].criteria
            if m == k + 1:
                yield m, short_of(criteria)
            elif dim.dimension.continuum:
                yield m, no_evidence(criteria)

    def _above(self, dim: CompiledDimension, k: int) -> list[Goal]:
        return [goal for _, goal in self._above_cells(dim, k)]

    def _order(self, dim: CompiledDimension, k: int) -> list[str]:
        """The questions searched: those of cells 1..k, then the row's derived questions (a
        file always has them). Questions only of the cells above stay unanswered."""
        below = [q for c in self._below(dim, k) for q in asked(c)]
        derived = [
            q
            for cell in dim.cells
            for c in (*cell.criteria, *cell.practices)
            for q in asked(c)
            if self.search.derived(q)
        ]
        return [q for q in dict.fromkeys([*below, *derived]) if self.values.get(q)]

    def _goal(self, c: CompiledCriterion, want: Want) -> Goal:
        return search.goal(c, want)


def _with(
    case: Case,
    *,
    facts: Facts | None = None,
    variants: tuple[Variant, ...] = (),
    note: str | None = None,
    problem: str | None = None,
) -> Case:
    return replace(
        case,
        facts=facts if facts is not None else case.facts,
        variants=variants or case.variants,
        note=note,
        problem=problem,
    )
