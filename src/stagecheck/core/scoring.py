"""Scoring: facts in, dimension results, overall stage and ranked next steps out. Pure.

Only a cell's own criteria decide whether it is reached; practices from the literature are
scored for advice and never move a stage. A row is read as a continuum: a higher cell met
counts for the cells below it, so an unanswered lower cell does not hold the dimension down (it
is marked "not confirmed"), while a lower cell answered "not met" is a conflict that is shown
and does not raise the stage. Only a cell with a criterion met by the answers counts that way: a
cell with nothing to meet (no criteria, or all left out) is reached only by climbing to it from
the met cells below, so that a file that answers nothing never lands on an empty top cell.
Reaching a cell that spans several stages reaches the top of its span, so a dimension whose
source stops telling stages apart does not hold the overall stage down; it is named by its cell,
never by a stage the source does not give it.

A rubric may say which dimensions decide the overall stage (`overall.dimensions`); the others
form a profile read beside it. They are scored the same way, named by their cells' words (never
by a stage name: they do not place the partnership), and never hold the overall stage, its
provisional mark or its index.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from math import floor

from stagecheck.core import reasons, strength
from stagecheck.core.compiled import CompiledCriterion, CompiledDimension, LoadedRubric
from stagecheck.core.conditions import values_tested
from stagecheck.core.outcome import (
    ASSERTED,
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    UNKNOWN,
    Fact,
    Outcome,
)
from stagecheck.core.record import (
    CriterionResult,
    DimensionResult,
    EvidenceItem,
    EvidenceSummary,
    Overall,
    Step,
)

EFFORT_ORDER = {"low": 0, "medium": 1, "high": 2}
FIRST_STEPS = 3


@dataclass(frozen=True, slots=True)
class Scores:
    dimensions: list[DimensionResult]
    overall: Overall
    first_steps: list[Step]
    evidence: EvidenceSummary | None = None


def score(
    rubric: LoadedRubric, facts: Mapping[str, Fact], *, min_evidence: str | None = None
) -> Scores:
    """`min_evidence`: a met cell criterion resting on weaker evidence counts as unknown."""
    kinded = frozenset(q for q, f in facts.items() if f.items)  # answers with kinds of evidence
    dimensions = [_dimension(rubric, d, facts, min_evidence, kinded) for d in rubric.dimensions]
    overall = overall_of(rubric, dimensions)
    summary = strength.summary(dimensions, min_evidence)
    aside = frozenset(summary.set_aside)
    return Scores(dimensions, overall, first_steps(dimensions, overall, rubric, aside), summary)


def _criterion(
    c: CompiledCriterion,
    facts: Mapping[str, Fact],
    min_evidence: str | None = None,
    kinded: frozenset[str] = frozenset(),
) -> CriterionResult:
    questions = c.questions
    given = [f for q in questions if (f := facts.get(q)) is not None]
    reason: str | None = None
    applies = c.criterion.applies
    if applies is not None and c.applies is not None and c.applies(facts) is NOT_MET:
        outcome, reason, counts = NOT_APPLICABLE, applies.otherwise, False
    else:
        outcome = c.evaluate(facts)
        counts = True
        if outcome is NOT_APPLICABLE:
            reasons = dict.fromkeys(f.not_applicable for f in given if f.not_applicable)
            reason = "; ".join(r for r in reasons if r)
            counts = c.criterion.if_not_applicable != "skip"
    # most answers carry no kind of evidence: asserted, with nothing more to read
    held = ASSERTED
    items: list[EvidenceItem] = []
    if kinded and not kinded.isdisjoint(questions):
        met = outcome is MET
        held = strength.met_on(c.evaluate, questions, facts) if met else strength.of_facts(given)
        items = strength.items(questions, facts)
    set_aside = (
        min_evidence is not None and not c.practice and strength.below(outcome, held, min_evidence)
    )
    return CriterionResult(
        id=c.criterion.id,
        stage=c.stage,
        text=c.criterion.text,
        outcome=UNKNOWN if set_aside else outcome,
        counts=counts,
        reason=reason,
        practice=c.practice,
        questions=questions,
        evidence=[e for f in given for e in f.evidence] if given else [],
        sources=c.sources,
        strength=held,
        evidence_items=items,
        set_aside=set_aside,
    )


def cell_outcome(results: Sequence[CriterionResult]) -> Outcome:
    """A cell is met when every counted criterion is; not met when any blocks; else unknown."""
    unknown = False
    for r in results:
        if r.counts:
            outcome = r.outcome
            if outcome is NOT_MET or outcome is NOT_APPLICABLE:
                return NOT_MET
            unknown = unknown or outcome is UNKNOWN
    return UNKNOWN if unknown else MET


def _dimension(
    rubric: LoadedRubric,
    dim: CompiledDimension,
    facts: Mapping[str, Fact],
    min_evidence: str | None = None,
    kinded: frozenset[str] = frozenset(),
) -> DimensionResult:
    # each result beside its compiled criterion (never looked up by id: see compile_rubric)
    compiled: dict[int, CompiledCriterion] = {}
    cells: list[list[CriterionResult]] = []
    for cell_ in dim.cells:
        results = []
        for c in cell_.criteria:
            r = _criterion(c, facts, min_evidence, kinded)
            compiled[id(r)] = c
            results.append(r)
        cells.append(results)
    status = [MET, *(cell_outcome(results) for results in cells[1:])]
    reached, conflicts, unconfirmed = _climb(status, 0), [], []
    if dim.dimension.continuum:
        # the highest cell shown met by an answer; a cell met with nothing counted met (no
        # criteria, or all left out) is evidence of nothing, and is reached only by climbing
        top = next(
            (i for i in range(len(status) - 1, 0, -1) if status[i] is MET and _shown_met(cells[i])),
            0,
        )
        refused = [j for j in range(1, top) if status[j] is NOT_MET]
        if refused:
            conflicts = reasons.conflicts(cells[refused[0]], cells[top], facts, rubric)
        elif top > reached:
            reached = _climb(status, top)
            unconfirmed = [j for j in range(1, top) if status[j] is UNKNOWN]

    cell = dim.cells[reached].cell
    decides = rubric.rubric.overall.decides(dim.dimension.id)
    number = rubric.stage_number[cell.stages[0]]
    counts_as = rubric.stage_number[cell.stages[-1]]
    following = dim.cells[reached + 1] if reached + 1 < len(dim.cells) else None
    progress, blocking, unknown = _pending(cells[reached + 1] if following else [])
    # an answer can lift the dimension only if nothing else in the next cell already blocks it;
    # so can stronger evidence for a criterion the minimum set aside (counted as not answered)
    questions = [] if blocking else _unanswered(unknown, facts)
    aside = [] if blocking else [r for r in unknown if r.set_aside]
    confirm = (
        _unanswered([r for j in unconfirmed for r in cells[j] if r.outcome is UNKNOWN], facts)
        if unconfirmed
        else []
    )
    next_stage = following.cell.stages[0] if following else None
    steps = [
        _ask(rubric, compiled[id(r)], q, facts.get(q))
        for r in (unknown if questions else ())
        for q in r.questions
        if q in questions
    ]
    steps += [compiled[id(r)].act for r in blocking]
    # evidence to strengthen: the met criteria the cell reached rests on (on assertion alone),
    # and where the minimum set some aside, those of the cells below it not confirmed and those
    # that could lift it (asked for as its unanswered questions are: never as questions)
    behind = [r for r in cells[reached] if r.counts and r.outcome is MET]
    confirming = [r for j in unconfirmed for r in cells[j] if r.set_aside] if min_evidence else []
    weak: dict[str, str] = {}
    if min_evidence is not None:  # the answers each set-aside criterion rests on, to back up
        for r in confirming + aside:
            evaluate = compiled[id(r)].evaluate
            backed, any_will_do = strength.to_back_up(evaluate, r.questions, facts, min_evidence)
            texts = [rubric.questions[q].text for q in backed]
            weak[r.id] = strength.your_answers(texts, any_will_do) if texts else ""
    steps += strength.steps(
        dim,
        [r for r in cells[reached] if r.counts] + confirming + aside,
        compiled,
        min_evidence,
        weak,
    )
    # practices of the cells reached and of the next one: what the literature says helps now
    advising = [c for cell_ in dim.cells[: reached + 2] for c in cell_.practices]
    practices = [_criterion(c, facts, kinded=kinded) for c in advising]
    steps += [
        c.act for c, p in zip(advising, practices, strict=True) if p.outcome in (NOT_MET, UNKNOWN)
    ]
    return DimensionResult(
        id=dim.dimension.id,
        name=dim.dimension.name,
        stage=cell.stages[0],
        stage_number=number,
        span=list(cell.stages),
        counts_as=counts_as,
        stage_label=reasons.stage_label(rubric, cell.stages, cell.descriptor)
        if decides
        else cell.descriptor,
        descriptor=cell.descriptor,
        next_stage=next_stage,
        next_descriptor=following.cell.descriptor if following else None,
        provisional=bool(questions or aside),
        unconfirmed=[dim.cells[j].cell.stages[0] for j in unconfirmed],
        conflicts=conflicts,
        progress=progress,
        index=round(counts_as + progress, 2),
        reason=reasons.dimension_reason(
            rubric,
            cell.stages,
            next_stage,
            blocking,
            questions,
            unconfirmed,
            conflicts,
            beside=None if decides else following.cell.descriptor if following else "",
            set_aside=aside,
        ),
        criteria=[r for results in cells for r in results],
        practices=practices,
        next_steps=_unique(steps),
        questions_to_answer=questions,
        questions_to_confirm=confirm,
        decides_overall=decides,
        evidence_weakest=strength.weakest(behind),
        evidence_strongest=strength.strongest(behind),
    )


def _pending(
    results: Sequence[CriterionResult],
) -> tuple[float, list[CriterionResult], list[CriterionResult]]:
    """The next cell's counted criteria: the share met, those that block it, those unknown."""
    met, counted, blocking, unknown = 0, 0, [], []
    for r in results:
        if r.counts:
            counted += 1
            outcome = r.outcome
            if outcome is MET:
                met += 1
            elif outcome is UNKNOWN:
                unknown.append(r)
            else:
                blocking.append(r)
    return (round(met / counted, 2) if counted else 0.0), blocking, unknown


def _climb(status: Sequence[Outcome], start: int) -> int:
    """The last cell of the run of met cells that starts at `start`."""
    reached = start
    while reached + 1 < len(status) and status[reached + 1] is MET:
        reached += 1
    return reached


def _shown_met(results: Sequence[CriterionResult]) -> bool:
    """Whether some counted criterion of a cell is met by the answers."""
    return any(r.counts and r.outcome is MET for r in results)


def _ask(rubric: LoadedRubric, c: CompiledCriterion, question: str, fact: Fact | None) -> Step:
    """The step of answering a question; for an answer given only in part, what is missing."""
    step = c.ask[question]
    if fact is None:
        return step
    q = rubric.questions[question]
    if fact.open:
        tested = values_tested(c.evaluate, question) & fact.open
        missing = "; ".join(o.label for o in q.options if o.value in (tested or fact.open))
        text = f"Complete the answer to '{q.text}': not known yet for {missing}"
    else:  # a number known only from below
        text = f"Give the exact number for '{q.text}' (known so far: at least {fact.value})"
    return replace(step, text=text)


def _unanswered(results: Sequence[CriterionResult], facts: Mapping[str, Fact]) -> list[str]:
    """The questions whose fuller answer could settle these criteria: unanswered, or answered
    only in part (options not known, a number known only from below)."""

    def open_(q: str) -> bool:
        fact = facts.get(q)
        return fact is None or (fact.not_applicable is None and (bool(fact.open) or fact.at_least))

    return list(dict.fromkeys(q for r in results for q in r.questions if open_(q)))


def _unique(steps: list[Step]) -> list[Step]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for step in steps:
        key = (step.criterion if step.kind != "answer" else "", step.question)
        if key not in seen:
            seen.add(key)
            out.append(step)
    return out


def overall_of(rubric: LoadedRubric, results: list[DimensionResult]) -> Overall:
    """The overall stage, its index, what holds it and whether it is provisional or not
    confirmed: all from the deciding dimensions only. The index is theirs too, since under the
    `mean` rule it is what decides; a dimension read beside the stage shows its own reading."""
    dimensions = [d for d in results if d.decides_overall]
    stages = rubric.rubric.stages
    index = round(sum(d.index for d in dimensions) / len(dimensions), 2)
    if rubric.rubric.overall.rule == "mean":
        number = max(1, min(len(stages), floor(index)))
    else:
        number = min(d.counts_as for d in dimensions)
    top = len(stages)
    holding = [d for d in dimensions if d.counts_as <= number] if number < top else []
    return Overall(
        rule=rubric.rubric.overall.rule,
        stage=stages[number - 1].id,
        stage_number=number,
        index=index,
        # only if every dimension holding it could move: one that surely cannot keeps it here
        provisional=bool(holding) and all(d.provisional for d in holding),
        holding_back=[d.id for d in holding],
        unconfirmed=[
            d.id for d in dimensions if any(rubric.stage_number[s] <= number for s in d.unconfirmed)
        ],
    )


def first_steps(
    dimensions: list[DimensionResult],
    overall: Overall,
    rubric: LoadedRubric | None = None,
    set_aside: frozenset[str] = frozenset(),
) -> list[Step]:
    """What would move the overall stage first: the steps of the dimensions holding it down
    (answers that could lift one, then actions, lower effort first), then the other
    dimensions' steps (evidence that would meet `--min-evidence` among them); then backing up
    the met criteria of high-stakes rows that rest on assertion; practices from the literature
    only after every cell's step."""
    holding = set(overall.holding_back)
    liftable = {(d.id, q) for d in dimensions for q in d.questions_to_answer}
    high = strength.high_stakes(rubric) if rubric is not None else frozenset()

    def rank(item: tuple[int, int, Step]) -> tuple[int, int, int, int, int]:
        order, tier, step = item
        return (
            tier,
            0 if step.dimension in holding else 1,
            0 if step.kind == "answer" else 1,
            EFFORT_ORDER[step.effort],
            order,
        )

    steps = [
        (i, tier, s)
        for i, s in enumerate(s for d in dimensions for s in d.next_steps)
        if (s.kind != "answer" or (s.dimension, s.question) in liftable)
        and (tier := strength.tier(s, high, set_aside)) is not None
    ]
    return _unique([s for _, _, s in sorted(steps, key=rank)])[:FIRST_STEPS]
