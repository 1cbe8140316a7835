"""The witness search behind the fidelity checks: answers that make criteria come out as wanted.

A search walks the questions in a given order, trying a few candidate answers per question
(unanswered first, then the weakest values: no before yes, options in the rubric's order,
numbers around each threshold, the sets of options the conditions name, smallest first), and
returns the first answers that meet every goal. A goal asks for an outcome of one criterion or
a state of one cell.

It stays small because a branch is cut as soon as a goal can no longer hold, whatever the
questions not yet answered turn out to be: conditions are three-valued and an answer once given
(or left unanswered) never changes, so an outcome that is settled stays settled, and the
outcomes a condition can still take are known from its parts. "Any of ten yes/no questions is
no", to be left unmet, is then found in ten steps, not 3^10.

The cost is bounded twice: each search gives up after `MAX_STEPS` candidate answers, and all
the searches of one rubric share a budget that grows with the rubric (`budget`), so a rubric of
any size is checked in time roughly linear in its size, or says plainly what it did not check.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from stagecheck.core.compiled import CompiledCriterion, LoadedRubric
from stagecheck.core.conditions import Compare, Evaluator, referenced_questions
from stagecheck.core.outcome import Fact, Outcome, Value
from stagecheck.core.rubric import Question

Facts = Mapping[str, Fact]
Pair = tuple[Outcome, bool]  # a criterion's outcome, and whether it counts for its cell
Want = Callable[[Pair], bool]
Free = Callable[[str], bool]  # whether a question is still to be answered by the search

MAX_STEPS = 20_000  # candidate answers tried per search before it gives up
MAX_SUBSETS = 512  # candidate sets per choose-all question, besides those the conditions name
BUDGET_BASE = 100_000  # candidate answers tried in all, for a rubric: this much ...
BUDGET_PER_CRITERION = 2_000  # ... and this much more per criterion and practice
BLOCKING = (Outcome.NOT_MET, Outcome.NOT_APPLICABLE)


class GaveUp(Exception):
    """One search tried `MAX_STEPS` candidate answers without an answer either way."""


class OutOfBudget(GaveUp):
    """The searches of the rubric used up its budget."""


def asked(c: CompiledCriterion) -> tuple[str, ...]:
    """The questions a criterion reads: its condition's and its `applies` condition's."""
    applies = c.criterion.applies
    extra = referenced_questions(applies.when) if applies else []
    return tuple(dict.fromkeys([*c.questions, *extra]))


def outcome(c: CompiledCriterion, facts: Facts) -> Pair:
    """A criterion's outcome and whether it counts, by the scorer's rules."""
    if c.applies is not None and c.applies(facts) is Outcome.NOT_MET:
        return Outcome.NOT_APPLICABLE, False
    result = c.evaluate(facts)
    skipped = result is Outcome.NOT_APPLICABLE and c.criterion.if_not_applicable == "skip"
    return result, not skipped


def cell_status(criteria: Sequence[CompiledCriterion], facts: Facts) -> Outcome:
    counted = [o for o, counts in (outcome(c, facts) for c in criteria) if counts]
    if any(o in BLOCKING for o in counted):
        return Outcome.NOT_MET
    return Outcome.UNKNOWN if Outcome.UNKNOWN in counted else Outcome.MET


def shown_met(criteria: Sequence[CompiledCriterion], facts: Facts) -> bool:
    """Whether the cell is met with some counted criterion met: evidence for a continuum."""
    return cell_status(criteria, facts) is Outcome.MET and any(
        outcome(c, facts) == (Outcome.MET, True) for c in criteria
    )


# --- what a criterion may still come to, with some questions not yet answered ---


# outcomes as bits, so that the sets of outcomes a condition may still take are cheap to combine
BIT = {o: 1 << i for i, o in enumerate(Outcome)}
MET, NOT_MET = BIT[Outcome.MET], BIT[Outcome.NOT_MET]
NA, UNKNOWN = BIT[Outcome.NOT_APPLICABLE], BIT[Outcome.UNKNOWN]
ANY = MET | NOT_MET | NA | UNKNOWN


def _possible(evaluator: Evaluator, facts: Facts, free: Free) -> int:
    """The outcomes a condition may still take, as bits (a superset: its parts are taken as
    independent, which can only keep a branch that is dead, never drop a live one)."""
    if isinstance(evaluator, Compare):
        return ANY if free(evaluator.question) else BIT[evaluator(facts)]
    decisive = BIT[evaluator.decisive]  # NOT_MET for `all`, MET for `any`
    other = MET if decisive == NOT_MET else NOT_MET
    some, every = 0, ANY  # an outcome some part may take; one that every part may take
    calm = True  # every part may come to something other than the decisive outcome
    quiet = True  # every part may come to "not applicable" or the other outcome
    for part in evaluator.parts:
        bits = _possible(part, facts, free)
        some |= bits
        every &= bits
        calm = calm and bool(bits & ~decisive)
        quiet = quiet and bool(bits & (NA | other))
    out = some & decisive
    if some & UNKNOWN and calm:
        out |= UNKNOWN
    if some & NA and quiet:
        out |= NA
    return out | (every & other)


def outcomes(
    c: CompiledCriterion, facts: Facts, free: Free, questions: Sequence[str] | None = None
) -> set[Pair]:
    """The (outcome, counts) pairs a criterion may still come to (`questions`: its own)."""
    if not any(free(q) for q in (asked(c) if questions is None else questions)):
        return {outcome(c, facts)}
    applies = _possible(c.applies, facts, free) if c.applies is not None else MET
    out: set[Pair] = set()
    if applies & NOT_MET:
        out.add((Outcome.NOT_APPLICABLE, False))
    if applies & ~NOT_MET:
        skip = c.criterion.if_not_applicable == "skip"
        bits = _possible(c.evaluate, facts, free)
        out |= {
            (o, not (o is Outcome.NOT_APPLICABLE and skip)) for o, bit in BIT.items() if bits & bit
        }
    return out


# --- goals ---


@dataclass(frozen=True, slots=True)
class Goal:
    """A requirement on the answers: `holds` is checked once all its searched questions are
    answered; `possible` (False: no answers to the questions still free can make it hold) cuts
    the search short before that."""

    questions: frozenset[str]
    holds: Callable[[Facts], bool]
    possible: Callable[[Facts, Free], bool]


def met(p: Pair) -> bool:
    return p == (Outcome.MET, True)


def fine(p: Pair) -> bool:
    """Met, or left out of its cell (not applicable and not counted)."""
    return p[0] is Outcome.MET or not p[1]


def unmet(p: Pair) -> bool:
    return p == (Outcome.NOT_MET, True)


def left_out(p: Pair) -> bool:
    return not p[1]


def exactly(wanted: Pair) -> Want:
    return lambda p: p == wanted


def gives(wanted: Outcome) -> Want:
    return lambda p: p[0] is wanted


def goal(c: CompiledCriterion, want: Want) -> Goal:
    questions = asked(c)
    return Goal(
        frozenset(questions),
        lambda f: want(outcome(c, f)),
        lambda f, free: any(want(p) for p in outcomes(c, f, free, questions)),
    )


def short_of(criteria: Sequence[CompiledCriterion]) -> Goal:
    """The cell of these criteria is not met (some counted criterion is not met, or unknown)."""
    each = [(c, asked(c)) for c in criteria]

    def possible(f: Facts, free: Free) -> bool:
        return any(
            p[1] and p[0] is not Outcome.MET for c, qs in each for p in outcomes(c, f, free, qs)
        )

    questions = frozenset(q for _, qs in each for q in qs)
    return Goal(questions, lambda f: cell_status(criteria, f) is not Outcome.MET, possible)


def no_evidence(criteria: Sequence[CompiledCriterion]) -> Goal:
    """The cell is not shown met by an answer: a continuum is not read up to it."""
    short = short_of(criteria)
    each = [(c, asked(c)) for c in criteria]

    def possible(f: Facts, free: Free) -> bool:
        return short.possible(f, free) or all(
            any(not met(p) for p in outcomes(c, f, free, qs)) for c, qs in each
        )

    return Goal(short.questions, lambda f: not shown_met(criteria, f), possible)


# --- the search ---


class Searcher:
    """Searches over one rubric's candidate answers, sharing its budget."""

    def __init__(self, loaded: LoadedRubric) -> None:
        self.values = candidates(loaded)
        self.questions = loaded.questions
        size = sum(
            len(cell.criteria) + len(cell.practices) for d in loaded.dimensions for cell in d.cells
        )
        self.budget = BUDGET_BASE + BUDGET_PER_CRITERION * size
        self.left = self.budget
        # what a file with no answers still has: the derived questions, at their weakest
        self.baseline: dict[str, Fact] = {}
        for q, values in self.values.items():
            first = values[0] if values else None
            if first is not None and self.derived(q):
                self.baseline[q] = first

    @property
    def exhausted(self) -> bool:
        return self.left <= 0

    def derived(self, q: str) -> bool:
        question = self.questions.get(q)
        return question is not None and question.derived is not None

    def find(
        self,
        order: Sequence[str],
        goals: Sequence[Goal],
        values: Mapping[str, Sequence[Fact | None]] | None = None,
        fixed: Facts | None = None,
    ) -> dict[str, Fact] | None:
        """The first answers, in candidate order, that meet every goal; None if there are none.

        Questions not in `order` keep their `fixed` (else baseline) answers. Each goal is
        checked as soon as the last of its searched questions is answered, and each branch is
        dropped once some goal can no longer hold. Raises GaveUp (or OutOfBudget)."""
        values = values or self.values
        facts: dict[str, Fact] = dict(self.baseline if fixed is None else fixed)
        for q in order:
            facts.pop(q, None)
        position = {q: i for i, q in enumerate(order)}
        n = len(order)
        # a goal is due once its last searched question is answered, and watched before that
        due: list[list[Goal]] = [[] for _ in range(n + 1)]
        watched: list[list[Goal]] = [[] for _ in range(n + 1)]
        for g in goals:
            at = [position[q] + 1 for q in g.questions if q in position]
            last = max(at, default=0)
            due[last].append(g)
            for i in set(at) - {last}:
                watched[i].append(g)
        steps = 0
        answered = 0  # order[:answered] are answered

        def free(q: str) -> bool:
            return position.get(q, -1) >= answered

        def walk(i: int) -> bool:
            nonlocal steps, answered
            if i == n:
                return True
            q = order[i]
            for fact in values[q]:
                steps += 1
                self.left -= 1
                if self.left < 0:
                    raise OutOfBudget
                if steps > MAX_STEPS:
                    raise GaveUp
                if fact is None:
                    facts.pop(q, None)
                else:
                    facts[q] = fact
                answered = i + 1
                if (
                    all(g.holds(facts) for g in due[i + 1])
                    and all(g.possible(facts, free) for g in watched[i + 1])
                    and walk(i + 1)
                ):
                    return True
            facts.pop(q, None)
            answered = i
            return False

        if not all(g.holds(facts) for g in due[0]):
            return None
        if not all(g.possible(facts, free) for g in goals):
            return None
        return dict(facts) if walk(0) else None


# --- candidate answers ---


def candidates(loaded: LoadedRubric) -> dict[str, list[Fact | None]]:
    """Per question the rubric's conditions read: unanswered first (None), then its values,
    weakest first. A derived question is never unanswered (a file always has it)."""
    used: dict[str, list[Compare]] = {}
    for dim in loaded.dimensions:
        for cell in dim.cells:
            for c in (*cell.criteria, *cell.practices):
                for evaluator in (c.evaluate, c.applies):
                    if evaluator is not None:
                        for compare in _compares(evaluator):
                            used.setdefault(compare.question, []).append(compare)
    out: dict[str, list[Fact | None]] = {}
    for q, compares in used.items():
        question = loaded.questions[q]
        facts: list[Fact | None] = [Fact(v) for v in _values(question, compares)]
        out[q] = facts if question.derived else [None, *facts]
    return out


def _compares(evaluator: Evaluator) -> Iterator[Compare]:
    if isinstance(evaluator, Compare):
        yield evaluator
    else:
        for part in evaluator.parts:
            yield from _compares(part)


def _values(question: Question, compares: Sequence[Compare]) -> list[Value]:
    used = [v for c in compares for v in c.values]
    match question.type:
        case "boolean":
            return [False, True]
        case "choice":
            options = [o.value for o in question.options]
            spare = [o for o in options if o not in used][:1]  # one stands for all the others
            return [o for o in options if o in used or o in spare]
        case "choices":
            return _subsets(question, compares)
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


def _subsets(question: Question, compares: Sequence[Compare]) -> list[Value]:
    """Sets of the options the conditions name, smallest first: the sets the conditions ask
    for (each `includes` set, two of them together, all the named options together) always,
    and as many other combinations as `MAX_SUBSETS` allows. A derived set is never empty
    (every partnership has partners): its smallest is one option no condition names."""
    named = {v for c in compares for v in c.values if isinstance(v, str)}
    options = [o.value for o in question.options if o.value in named]
    rank = {o: i for i, o in enumerate(options)}
    wanted = list(
        dict.fromkeys(
            frozenset(str(v) for v in c.values) for c in compares if c.operator == "includes"
        )
    )
    sets: dict[frozenset[str], None] = {}
    if question.derived:
        spare = [o.value for o in question.options if o.value not in named][:1]
        if spare:
            sets[frozenset(spare)] = None
    else:
        sets[frozenset()] = None
    sets.update(dict.fromkeys(frozenset((o,)) for o in options))
    sets.update(dict.fromkeys(wanted))
    pairs = itertools.islice(itertools.combinations(wanted, 2), MAX_SUBSETS)
    sets.update(dict.fromkeys(a | b for a, b in pairs))
    sets[frozenset(options)] = None
    extra = 0
    for size in range(2, len(options)):
        for subset in itertools.combinations(options, size):
            if extra >= MAX_SUBSETS:
                break
            if frozenset(subset) not in sets:
                sets[frozenset(subset)] = None
                extra += 1

    def weakest(chosen: frozenset[str]) -> tuple[int, list[int]]:
        return len(chosen), sorted(rank.get(o, -1) for o in chosen)

    return [*sorted(sets, key=weakest)]
