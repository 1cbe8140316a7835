"""Fidelity checks: generated answers that prove a rubric scores as its cells say.

For any rubric, and for every dimension and every cell above the first, this module builds
answers (facts) that meet exactly that cell's criteria and those of the cells below it, and
leave the cells above it unanswered or unmet; the real scorer must then place the dimension on
exactly that cell. Beside each such case:

- `missing`: the same cell with one of its criteria answered not met must not be reached;
- `not-applicable`: a criterion that the rubric lets drop out (`applies`, or
  `if_not_applicable: skip`) left out, and the cell still reached;
- `practice`: a practice answered not met, and separately met, must move no dimension.

The answers are found by a small, bounded search over a few candidate values per question
(unanswered first, then the weakest values: no before yes, options in the rubric's order,
numbers around each threshold, the smallest sets of the options the conditions name), so that a
witness for a lower cell does not meet a higher one by accident. Where no answers can do what a
case needs, the case carries the reason (naming the dimension, cell and criterion): that is a
finding about the rubric, and it fails like any other case.

The search reads the rules of scoring to find candidates; the verdict always comes from the
scorer itself (`check`), so a scorer that drifts from its rules fails the cases.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from stagecheck.core import scoring
from stagecheck.core.compiled import CompiledCriterion, CompiledDimension, LoadedRubric
from stagecheck.core.conditions import referenced_questions
from stagecheck.core.outcome import Fact, Outcome, Value
from stagecheck.core.rubric import Question

Facts = Mapping[str, Fact]
Kind = Literal["reach", "missing", "not-applicable", "practice"]
Scorer = Callable[[LoadedRubric, Facts], scoring.Scores]

MAX_STEPS = 20_000  # candidate answers tried per search before it gives up
MAX_SUBSETS = 512  # candidate sets per choose-all question
NOT_APPLICABLE = Fact(None, not_applicable="not applicable (a fidelity check)")
BLOCKING = (Outcome.NOT_MET, Outcome.NOT_APPLICABLE)


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    case: Case
    passed: bool
    message: str  # what was shown, or what went wrong


@dataclass(frozen=True, slots=True)
class _Goal:
    """A requirement on the answers, checked once all its searched questions are answered."""

    questions: frozenset[str]
    holds: Callable[[Facts], bool]


class _GaveUp(Exception):
    pass


def cases(loaded: LoadedRubric) -> list[Case]:
    """Every generated case of a rubric, dimension by dimension, cell by cell."""
    return _Generator(loaded).all()


def check(loaded: LoadedRubric, case: Case, score: Scorer = scoring.score) -> Verdict:
    """Score a case's answers with the real scorer and judge the result."""
    if case.problem is not None or case.facts is None:
        return Verdict(case=case, passed=False, message=case.problem or "no answers")
    base = score(loaded, case.facts)
    if case.kind == "practice":
        return _check_practice(loaded, case, base, score)
    result = next(d for d in base.dimensions if d.id == case.dimension)
    target = loaded.stage_number[case.stage]
    answers = describe(case.facts, _questions_of(loaded, case))
    if case.kind == "missing":
        passed = result.stage_number < target
        shown = (
            f"{case.criterion} not met ({answers}): stays at {result.stage}"
            if passed
            else f"{case.criterion} not met ({answers}), yet it reaches {result.stage}: "
            f"the criterion does not decide the cell"
        )
        return Verdict(case=case, passed=passed, message=_noted(shown, case))
    passed = result.stage == case.stage
    what = f"{case.criterion} left out and the rest met" if case.kind == "not-applicable" else "met"
    shown = (
        f"reaches {case.stage} ({what}: {answers})"
        if passed
        else f"its criteria {what} ({answers}), yet it reaches {result.stage}, not {case.stage}"
    )
    return Verdict(case=case, passed=passed, message=shown)


def _check_practice(
    loaded: LoadedRubric, case: Case, base: scoring.Scores, score: Scorer
) -> Verdict:
    before = {d.id: d.stage for d in base.dimensions}
    moved: list[str] = []
    for variant in case.variants:
        after = {d.id: d.stage for d in score(loaded, variant.facts).dimensions}
        answers = describe(variant.facts, _questions_of(loaded, case))
        moved += [
            f"{case.criterion} {variant.label} ({answers}) moves {dim} from {before[dim]} to "
            f"{after[dim]}"
            for dim in before
            if after[dim] != before[dim]
        ]
    if moved:
        return Verdict(case=case, passed=False, message="; ".join(moved))
    labels = " or ".join(v.label for v in case.variants)
    return Verdict(case=case, passed=True, message=f"{case.criterion} {labels}: no stage moves")


def _noted(message: str, case: Case) -> str:
    return f"{message} ({case.note})" if case.note else message


def _questions_of(loaded: LoadedRubric, case: Case) -> list[str]:
    """The questions a case's message shows: those of its cell and the cells below."""
    dim = next(d for d in loaded.dimensions if d.dimension.id == case.dimension)
    if case.kind == "practice":
        kept = dim.criteria[case.criterion] if case.criterion else None
        return list(_asked(kept)) if kept else []
    return list(
        dict.fromkeys(
            q for cell in dim.cells[1 : case.cell + 1] for c in cell.criteria for q in _asked(c)
        )
    )


def describe(facts: Facts, questions: Sequence[str]) -> str:
    """Answers as `q = value`, in the order given; unanswered ones as such."""
    shown = [f"{q} = {_shown(facts[q])}" if q in facts else f"{q} unanswered" for q in questions]
    return "; ".join(shown) or "no answers"


def _shown(fact: Fact) -> str:
    if fact.not_applicable is not None:
        return "not applicable"
    value = fact.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, frozenset):
        return "[" + ", ".join(sorted(value)) + "]" if value else "none"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and not value.isprintable():
        return repr(value)  # text from a rubric never reaches a terminal as control characters
    return str(value)


def _asked(c: CompiledCriterion) -> tuple[str, ...]:
    """The questions a criterion reads: its condition's and its `applies` condition's."""
    applies = c.criterion.applies
    extra = referenced_questions(applies.when) if applies else []
    return tuple(dict.fromkeys([*c.questions, *extra]))


def outcome(c: CompiledCriterion, facts: Facts) -> tuple[Outcome, bool]:
    """A criterion's outcome and whether it counts, by the scorer's rules."""
    if c.applies is not None and c.applies(facts) is Outcome.NOT_MET:
        return Outcome.NOT_APPLICABLE, False
    result = c.evaluate(facts)
    skipped = result is Outcome.NOT_APPLICABLE and c.criterion.if_not_applicable == "skip"
    return result, not skipped


def _met(c: CompiledCriterion) -> Callable[[Facts], bool]:
    return lambda f: outcome(c, f) == (Outcome.MET, True)


def _fine(c: CompiledCriterion) -> Callable[[Facts], bool]:
    """Met, or left out of its cell (not applicable and not counted)."""

    def holds(facts: Facts) -> bool:
        result, counts = outcome(c, facts)
        return result is Outcome.MET or not counts

    return holds


def _unmet(c: CompiledCriterion) -> Callable[[Facts], bool]:
    return lambda f: outcome(c, f) == (Outcome.NOT_MET, True)


def _left_out(c: CompiledCriterion) -> Callable[[Facts], bool]:
    return lambda f: not outcome(c, f)[1]


def _is(c: CompiledCriterion, wanted: tuple[Outcome, bool]) -> Callable[[Facts], bool]:
    return lambda f: outcome(c, f) == wanted


def _gives(c: CompiledCriterion, wanted: Outcome) -> Callable[[Facts], bool]:
    return lambda f: outcome(c, f)[0] is wanted


def _short_of(criteria: Sequence[CompiledCriterion]) -> Callable[[Facts], bool]:
    """The cell of these criteria is not met (unmet or unknown)."""
    return lambda f: cell_status(criteria, f) is not Outcome.MET


def cell_status(criteria: Sequence[CompiledCriterion], facts: Facts) -> Outcome:
    counted = [o for o, counts in (outcome(c, facts) for c in criteria) if counts]
    if any(o in BLOCKING for o in counted):
        return Outcome.NOT_MET
    return Outcome.UNKNOWN if Outcome.UNKNOWN in counted else Outcome.MET


class _Generator:
    def __init__(self, loaded: LoadedRubric) -> None:
        self.loaded = loaded
        self.rubric_id = loaded.rubric.id
        self.values = _candidates(loaded)
        # what a file with no answers still has: the derived questions, at their weakest
        self.baseline: dict[str, Fact] = {}
        for q, values in self.values.items():
            first = values[0] if values else None
            if first is not None and self._derived(q):
                self.baseline[q] = first
        self.every = [c for d in loaded.dimensions for cell in d.cells for c in cell.criteria]

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
                            and any(not self._derived(q) for q in c.questions)
                        )
                    ]
                base = witnesses.get(k, self.baseline)
                out += [
                    self.practice(dim, k, p, self._practices_met(dim, base, p))
                    for p in cell.practices
                ]
        return out

    def _practices_met(
        self, dim: CompiledDimension, base: Facts, but: CompiledCriterion
    ) -> dict[str, Fact]:
        """`base` with the row's other practices answered met where that leaves every
        criterion (and `but`) as it was: a practice that gated its cell would then show."""
        facts = dict(base)
        held = [self._goal(but, _is(but, outcome(but, base)))]
        for other in (p for cell in dim.cells for p in cell.practices if p is not but):
            order = [q for q in _asked(other) if self.values.get(q)]
            keep = [self._goal(c, _is(c, outcome(c, facts))) for c in self._keepers(other)]
            met = self._goal(other, _gives(other, Outcome.MET))
            try:
                found = self._search(order, [met, *keep, *held], fixed=facts)
            except _GaveUp:
                continue
            if found is not None:
                facts = found
                held.append(met)
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
            for rule in (_met, _fine):  # every criterion met; else some left out as the rubric lets
                found = self._search(order, [*(self._goal(c, rule(c)) for c in below), *above])
                if found is not None:
                    return _with(case, facts=found)
            problem = self._why_not(dim, k, below, order)
        except _GaveUp:
            problem = _gave_up("reaching this cell")
        return _with(case, problem=problem)

    def missing(self, dim: CompiledDimension, k: int, c: CompiledCriterion) -> Case:
        case = self._case("missing", dim, k, c.criterion.id, "missing", c.criterion.id)
        others = [o for o in self._below(dim, k) if o is not c]
        same_cell = [o for o in dim.cells[k].criteria if o is not c]
        order = self._order(dim, k)
        unmet = self._goal(c, _unmet(c))
        # keep the others met where possible: each attempt asks less than the one before
        attempts: tuple[list[_Goal], ...] = (
            [*(self._goal(o, _met(o)) for o in others), *self._above(dim, k)],
            [*(self._goal(o, _fine(o)) for o in others), *self._above(dim, k)],
            [self._goal(o, _fine(o)) for o in same_cell],
            [],
        )
        try:
            for goals in attempts:
                found = self._search(order, [unmet, *goals])
                if found is not None:
                    lost = [o.criterion.id for o in others if not _fine(o)(found)]
                    note = f"also not met: {', '.join(lost)}" if lost else None
                    return _with(case, facts=found, note=note)
            problem = (
                f"criterion {c.criterion.id} can never be answered not met, so it does not "
                "decide the cell"
            )
        except _GaveUp:
            problem = _gave_up(f"leaving {c.criterion.id} unmet")
        return _with(case, problem=problem)

    def left_out(self, dim: CompiledDimension, k: int, c: CompiledCriterion) -> Case:
        case = self._case(
            "not-applicable", dim, k, c.criterion.id, "not-applicable", c.criterion.id
        )
        others = [o for o in self._below(dim, k) if o is not c]
        values = dict(self.values)
        if c.criterion.if_not_applicable == "skip":
            for q in c.questions:
                if not self._derived(q):
                    values[q] = [*values[q], NOT_APPLICABLE]
        goals = [self._goal(c, _left_out(c)), *self._above(dim, k)]
        try:
            for rule in (_met, _fine):
                found = self._search(
                    self._order(dim, k),
                    [*goals, *(self._goal(o, rule(o)) for o in others)],
                    values,
                )
                if found is not None:
                    return _with(case, facts=found)
            problem = (
                f"criterion {c.criterion.id} is never left out while the rest of the cell is "
                "met, although the rubric says it can be"
            )
        except _GaveUp:
            problem = _gave_up(f"leaving {c.criterion.id} out")
        return _with(case, problem=problem)

    def practice(self, dim: CompiledDimension, k: int, p: CompiledCriterion, base: Facts) -> Case:
        case = _with(
            self._case("practice", dim, k, p.criterion.id, "practice", p.criterion.id),
            facts=base,
        )
        order = [q for q in _asked(p) if self.values.get(q)]
        # every criterion reading the practice's questions keeps the outcome it has in `base`
        keep = [self._goal(c, _is(c, outcome(c, base))) for c in self._keepers(p)]
        variants: list[Variant] = []
        for label, wanted in (("not met", Outcome.NOT_MET), ("met", Outcome.MET)):
            goal = self._goal(p, _gives(p, wanted))
            try:
                found = self._search(order, [goal, *keep], fixed=base)
                if found is None:
                    return _with(case, problem=self._practice_why(p, label, goal, keep, base))
            except _GaveUp:
                return _with(case, problem=_gave_up(f"with practice {p.criterion.id} {label}"))
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
        goals: list[_Goal] = []
        for c in below:
            if self._search(order, [self._goal(c, _fine(c))]) is None:
                return f"{where}: criterion {c.criterion.id} can never be met"
            goals.append(self._goal(c, _fine(c)))
            if self._search(order, goals) is None:
                return (
                    f"{where}: criterion {c.criterion.id} cannot be met together with the "
                    "criteria before it in this cell and the cells below"
                )
        for m, goal in self._above_cells(dim, k):
            if self._search(order, [*goals, goal]) is None:
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
        goal: _Goal,
        keep: Sequence[_Goal],
        base: Facts,
    ) -> str:
        where = f"practice {p.criterion.id}"
        label = "unmet" if label == "not met" else label
        order = [q for q in _asked(p) if self.values.get(q)]
        if self._search(order, [goal], fixed=base) is None:
            return f"{where} can never be {label}, so it cannot be checked"
        kept: list[_Goal] = []
        for c, g in zip(self._keepers(p), keep, strict=True):
            kept.append(g)
            if self._search(order, [goal, *kept], fixed=base) is None:
                return (
                    f"{where} cannot be {label} without changing criterion {c.criterion.id} "
                    "(they read the same answers): as written, the practice decides a stage"
                )
        return f"{where} cannot be {label} with every criterion unchanged"

    def _keepers(self, p: CompiledCriterion) -> list[CompiledCriterion]:
        shared = {q for q in _asked(p) if self.values.get(q)}
        return [c for c in self.every if shared & set(_asked(c))]

    # --- the search ---

    def _below(self, dim: CompiledDimension, k: int) -> list[CompiledCriterion]:
        """The criteria of cells 1..k (the first cell is always reached)."""
        return [c for cell in dim.cells[1 : k + 1] for c in cell.criteria]

    def _above_cells(self, dim: CompiledDimension, k: int) -> Iterator[tuple[int, _Goal]]:
        """The cells that must stay unmet for the row to stop at cell k: on a continuum every
        cell above it; otherwise the next one."""
        last = len(dim.cells) if dim.dimension.continuum else min(k + 2, len(dim.cells))
        for m in range(k + 1, last):
            criteria = dim.cells[m].criteria
            questions = frozenset(q for c in criteria for q in _asked(c))
            yield m, _Goal(questions, _short_of(criteria))

    def _above(self, dim: CompiledDimension, k: int) -> list[_Goal]:
        return [goal for _, goal in self._above_cells(dim, k)]

    def _order(self, dim: CompiledDimension, k: int) -> list[str]:
        """The questions searched: those of cells 1..k, then the row's derived questions (a
        file always has them). Questions only of the cells above stay unanswered."""
        asked = [q for c in self._below(dim, k) for q in _asked(c)]
        derived = [
            q
            for cell in dim.cells
            for c in (*cell.criteria, *cell.practices)
            for q in _asked(c)
            if self._derived(q)
        ]
        return [q for q in dict.fromkeys([*asked, *derived]) if self.values.get(q)]

    def _derived(self, q: str) -> bool:
        question = self.loaded.questions.get(q)
        return question is not None and question.derived is not None

    def _goal(self, c: CompiledCriterion, holds: Callable[[Facts], bool]) -> _Goal:
        return _Goal(frozenset(_asked(c)), holds)

    def _search(
        self,
        order: Sequence[str],
        goals: Sequence[_Goal],
        values: Mapping[str, Sequence[Fact | None]] | None = None,
        fixed: Facts | None = None,
    ) -> dict[str, Fact] | None:
        """The first answers, in candidate order, that meet every goal; None if there are none.

        Questions not in `order` keep their `fixed` (else baseline) answers. Each goal is
        checked as soon as the last of its searched questions is answered."""
        values = values or self.values
        facts: dict[str, Fact] = dict(self.baseline if fixed is None else fixed)
        for q in order:
            facts.pop(q, None)
        position = {q: i for i, q in enumerate(order)}
        due: list[list[_Goal]] = [[] for _ in range(len(order) + 1)]
        for goal in goals:
            due[max((position[q] + 1 for q in goal.questions if q in position), default=0)].append(
                goal
            )
        steps = 0

        def walk(i: int) -> bool:
            nonlocal steps
            if i == len(order):
                return True
            q = order[i]
            for fact in values[q]:
                steps += 1
                if steps > MAX_STEPS:
                    raise _GaveUp
                if fact is None:
                    facts.pop(q, None)
                else:
                    facts[q] = fact
                if all(goal.holds(facts) for goal in due[i + 1]) and walk(i + 1):
                    return True
            facts.pop(q, None)
            return False

        if not all(goal.holds(facts) for goal in due[0]):
            return None
        return dict(facts) if walk(0) else None


def _gave_up(what: str) -> str:
    return (
        f"the search for answers {what} gave up after {MAX_STEPS:,} tries; simplify the "
        "conditions of this cell and the cells below"
    )


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


# --- candidate values ---


def _candidates(loaded: LoadedRubric) -> dict[str, list[Fact | None]]:
    """Per question the rubric's conditions read: unanswered first (None), then its values,
    weakest first. A derived question is never unanswered (a file always has it)."""
    used: dict[str, list[Value]] = {}
    for dim in loaded.dimensions:
        for cell in dim.cells:
            for c in (*cell.criteria, *cell.practices):
                for evaluator in (c.evaluate, c.applies):
                    if evaluator is not None:
                        for q, compared in _compared(evaluator):
                            used.setdefault(q, []).extend(compared)
    out: dict[str, list[Fact | None]] = {}
    for q, values in used.items():
        question = loaded.questions[q]
        facts: list[Fact | None] = [Fact(v) for v in _values(question, values)]
        out[q] = facts if question.derived else [None, *facts]
    return out


def _compared(evaluator: object) -> Iterator[tuple[str, tuple[Value, ...]]]:
    from stagecheck.core.conditions import Combine, Compare

    if isinstance(evaluator, Compare):
        yield evaluator.question, evaluator.values
    elif isinstance(evaluator, Combine):
        for part in evaluator.parts:
            yield from _compared(part)


def _values(question: Question, used: Sequence[Value]) -> list[Value]:
    match question.type:
        case "boolean":
            return [False, True]
        case "choice":
            options = [o.value for o in question.options]
            spare = [o for o in options if o not in used][:1]  # one stands for all the others
            return [o for o in options if o in used or o in spare]
        case "choices":
            return _subsets(question, used)
        case "integer":
            numbers = [v for v in used if isinstance(v, int) and not isinstance(v, bool)]
            low = question.minimum if question.minimum is not None else 0
            near = {low, *(n + d for n in numbers for d in (-1, 0, 1))}
            high = question.maximum
            return sorted(n for n in near if n >= low and (high is None or n <= high))
        case "date":
            days = [v for v in used if isinstance(v, date)]
            return sorted({d + timedelta(days=n) for d in days for n in (-1, 0, 1)})
        case _:  # text
            texts = [v for v in used if isinstance(v, str)]
            other = "something else"
            while other in texts:
                other += "!"
            return [other, *dict.fromkeys(texts)]


def _subsets(question: Question, used: Sequence[Value]) -> list[Value]:
    """Sets of the options the conditions name, smallest first. A derived set is never empty
    (every partnership has partners): its smallest is one option no condition names."""
    named = {v for v in used if isinstance(v, str)}
    options = [o.value for o in question.options if o.value in named]
    out: list[Value] = []
    if question.derived:
        spare = [o.value for o in question.options if o.value not in named][:1]
        out += [frozenset(spare)] if spare else []
    else:
        out.append(frozenset())
    for size in range(1, len(options) + 1):
        for subset in itertools.combinations(options, size):
            if len(out) >= MAX_SUBSETS:
                return out
            out.append(frozenset(subset))
    return out
