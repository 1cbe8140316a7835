"""The strength of the evidence behind the answers (issue 14). Pure.

A question's answer is supported by the strongest kind among its evidence (none: asserted,
someone says so). A met criterion rests on the answers that meet it: its strength is the
strongest kind whose answers alone (every weaker one left out) still meet it, so the weakest of
its answers where it needs them all, and the strongest that meets it where any one will do. A
criterion not met rests on the weakest of its answers. Strength never decides a stage by
itself: only `--min-evidence` asks for it, and then a met cell criterion resting on weaker
evidence counts as unknown (never as not met), exactly as if the answers below the minimum
were not given yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from stagecheck.core.compiled import CompiledCriterion, CompiledDimension, LoadedRubric
from stagecheck.core.conditions import Evaluator
from stagecheck.core.errors import UserError
from stagecheck.core.outcome import ASSERTED, KINDS, MET, Fact, Outcome, rank
from stagecheck.core.record import (
    CriterionResult,
    DimensionResult,
    EvidenceItem,
    EvidenceSummary,
    Step,
)
from stagecheck.core.words import did_you_mean

# what to attach, where the rubric's row does not say (`evidence_hint`)
DOCUMENT = "attach the document that shows it, such as the MOU, a plan or minutes"
DATA = "record before/after data, or have it evaluated independently"


MINIMUMS = KINDS[1:]  # what --min-evidence may ask for (asserted asks for nothing)


def minimum(raw: object) -> str | None:
    """`--min-evidence` / `min_evidence=` checked: None, or a kind stronger than asserted."""
    if raw is None:
        return None
    word = str(raw).strip().lower()
    if word in MINIMUMS:
        return word
    hint = did_you_mean(str(raw), MINIMUMS)
    raise UserError(
        f"the minimum evidence {raw!r} is not a kind{hint}; use one of {', '.join(MINIMUMS)}"
    )


def of_facts(given: Sequence[Fact]) -> str:
    """The weakest of the answers' strengths (asserted when none is given)."""
    return min((f.strength for f in given), key=rank, default=ASSERTED)


def met_on(evaluate: Evaluator, questions: Sequence[str], facts: Mapping[str, Fact]) -> str:
    """The strength a met criterion rests on: the strongest kind among its answers such that
    those of that kind or stronger, alone, still meet it."""
    given = {q: facts[q] for q in questions if q in facts}
    strengths = {f.strength for f in given.values()}
    if len(strengths) < 2:  # one kind (most often, one answer): nothing to leave out
        return strengths.pop() if strengths else ASSERTED
    kinds = sorted(strengths, key=rank, reverse=True)
    for kind in kinds[:-1]:  # the weakest always meets it: it leaves nothing out
        alone = {q: f for q, f in given.items() if rank(f.strength) >= rank(kind)}
        if evaluate(alone) is MET:
            return kind
    return kinds[-1] if kinds else ASSERTED


def to_back_up(
    evaluate: Evaluator, questions: Sequence[str], facts: Mapping[str, Fact], minimum: str
) -> tuple[list[str], bool]:
    """The answers below the minimum that a set-aside criterion rests on, and whether any one
    of them will do: those that would meet it with stronger evidence each alone, else all of
    them (it needs them all). A "no" it also reads is not one of them."""
    given = {q: facts[q] for q in questions if q in facts}
    strong = {q: f for q, f in given.items() if rank(f.strength) >= rank(minimum)}
    weak = [q for q in given if q not in strong]
    alone = [q for q in weak if evaluate({**strong, q: given[q]}) is MET]
    return (alone, True) if alone else (weak, False)


def your_answers(texts: Sequence[str], any_will_do: bool) -> str:
    """ "your answer to 'A'", "your answer to 'A' or 'B'", "your answers to 'A' and 'B'"."""
    quoted = [f"'{t}'" for t in texts]
    if len(quoted) < 2:
        return "your answer to " + "".join(quoted)
    head = ", ".join(quoted[:-1])
    if any_will_do:
        return f"your answer to {head} or {quoted[-1]}"
    return f"your answers to {head} and {quoted[-1]}"


def items(questions: Sequence[str], facts: Mapping[str, Fact]) -> list[EvidenceItem]:
    return [
        EvidenceItem(question=q, kind=e.kind, note=e.note, link=e.link)
        for q in questions
        if q in facts
        for e in facts[q].items
    ]


def below(outcome: Outcome, strength: str, minimum: str | None) -> bool:
    """Whether a met criterion of this strength is set aside by the minimum."""
    return minimum is not None and outcome is MET and rank(strength) < rank(minimum)


def weakest(results: Sequence[CriterionResult]) -> str | None:
    return min((r.strength for r in results), key=rank, default=None)


def strongest(results: Sequence[CriterionResult]) -> str | None:
    return max((r.strength for r in results), key=rank, default=None)


def summary(dimensions: Sequence[DimensionResult], minimum: str | None) -> EvidenceSummary:
    """The met cell criteria of every dimension, and how many rest on assertion alone. They
    describe the evidence as answered, not the gate: a criterion the minimum set aside is met
    by its answers, and is counted (else a file all on assertion would count none of it)."""
    met = [
        r for d in dimensions for r in d.criteria if r.counts and (r.outcome is MET or r.set_aside)
    ]
    asserted = sum(r.strength == ASSERTED for r in met)
    return EvidenceSummary(
        minimum=minimum,
        set_aside=[r.id for d in dimensions for r in d.criteria if r.set_aside],
        met=len(met),
        asserted=asserted,
        asserted_share=round(asserted / len(met), 2) if met else 0.0,
    )


def steps(
    dim: CompiledDimension,
    results: Sequence[CriterionResult],
    compiled: Mapping[int, CompiledCriterion],
    minimum: str | None,
    weak: Mapping[str, str] | None = None,
) -> list[Step]:
    """Steps that strengthen evidence: one for the met criteria resting on assertion alone
    (the first named, the others counted), and one for each met criterion the minimum set
    aside, naming the answers that need it (`weak`: criterion id -> "your answer to '...'").
    They advise, and never decide a stage."""
    row = dim.dimension
    high = row.stakes == "high"
    hint = row.evidence_hint or (DATA if high else DOCUMENT)
    asserted = [r for r in results if r.outcome is MET and r.strength == ASSERTED]
    out = []
    for r in [*asserted[:1], *(r for r in results if r.set_aside)]:
        claim = r.text.rstrip(". ")
        if r.set_aside and minimum is not None:
            answers = (weak or {}).get(r.id)
            which = f" ({answers})" if answers else ""
            text = (
                f"Give {minimum} evidence (or stronger) for '{claim}'{which}: it is met, but "
                f"rests on {r.strength} evidence, below the minimum asked for; {hint}."
            )
        else:
            more = len(asserted) - 1
            others = (
                f" (and {more} more claim{'s' if more > 1 else ''} of this row)" if more else ""
            )
            rest = "rest" if more else "rests"
            text = f"Back up '{claim}'{others}, which {rest} on someone's say-so: {hint}."
        act = compiled[id(r)].act
        out.append(
            Step(
                kind="evidence",
                dimension=row.id,
                criterion=r.id,
                text=text,
                effort="medium" if high else "low",
                owner=act.owner,
                sources=(),
            )
        )
    return out


def high_stakes(rubric: LoadedRubric) -> frozenset[str]:
    return frozenset(d.dimension.id for d in rubric.dimensions if d.dimension.stakes == "high")


def tier(step: Step, high: frozenset[str], set_aside: frozenset[str]) -> int | None:
    """The rank of a step's kind among the first steps: a cell's steps and evidence that would
    meet the minimum asked for, then evidence for high-stakes rows, then practices from the
    literature. None: not a first step (evidence for other rows stays with its dimension)."""
    if step.kind == "evidence":
        return 0 if step.criterion in set_aside else 1 if step.dimension in high else None
    return 2 if step.kind == "practice" else 0
