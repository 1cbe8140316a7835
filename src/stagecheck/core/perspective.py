"""Where respondents of one partnership see it differently (`assess --combine`): each
respondent's file as a `Response`, the dimensions they left wholly unanswered (no view of
theirs), and the perspective gaps between the others: stages a stage or more apart, or answers
to one question that differ. Pure; `core.combine` builds the combined record from them."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from stagecheck.core.compiled import LoadedRubric
from stagecheck.core.outcome import Fact, Outcome, shown
from stagecheck.core.record import Record
from stagecheck.core.rubric import Question


@dataclass(frozen=True, slots=True)
class Response:
    """One respondent's file: its record, its answers, and what names its partnership."""

    record: Record
    facts: Mapping[str, Fact]
    partnership: str  # the partnership's id, else its name

    @property
    def name(self) -> str:
        """The respondent: their `respondent.name`, else who assessed it, else the file."""
        r = self.record
        if r.respondent is not None:
            return r.respondent.name
        return r.partnership.assessed_by or r.input.path


@dataclass(frozen=True, slots=True, kw_only=True)
class Seen:
    """One respondent's stage of a dimension."""

    respondent: str
    stage: str
    stage_label: str
    stage_number: int
    counts_as: int
    provisional: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Said:
    """One respondent's answer to a question, with its evidence."""

    respondent: str
    answer: str
    evidence: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Gap:
    """Where respondents see the partnership differently: their stages of a dimension differ
    by a stage or more (`stage`), or their answers to one question differ (`answer`)."""

    kind: Literal["stage", "answer"]
    dimension: str
    dimension_name: str
    perceived: bool  # a row the table defines by how the partners see it: shown first
    seen: list[Seen]  # the stage of each respondent who answered the dimension
    question: str | None = None
    question_text: str | None = None
    answers: list[Said]  # each answer of the respondents not left out (stage gaps: empty)


def unanswered(response: Response) -> list[str]:
    """The dimensions a respondent left wholly unanswered: no question their cell criteria
    read has an answer (a value, or not applicable). No view of theirs: never a stage 1."""
    facts = response.facts
    return [
        d.id
        for d in response.record.dimensions
        if not any(
            q in facts and facts[q].status is not Outcome.UNKNOWN
            for c in d.criteria
            for q in c.questions
        )
    ]


def gaps(
    rubric: LoadedRubric,
    responses: Sequence[Response],
    blank: Sequence[Collection[str]] | None = None,
) -> list[Gap]:
    """Every perspective gap: for each dimension (rows defined by perception first, then the
    rubric's order), a stage gap if the respondents' stages differ by a stage or more, then
    each question of its criteria and practices whose answers differ. A question is shown
    under the first dimension that asks it; unanswered questions are not a disagreement.
    `blank`: each respondent's dimensions left wholly unanswered (no view of theirs); one who
    answered none of them is left out altogether."""
    found: list[Gap] = []
    asked: set[str] = set()
    perceived = {d.id for d in rubric.rubric.dimensions if d.perceived}
    first = responses[0].record
    if blank is None:
        blank = [unanswered(r) for r in responses]
    every = len(first.dimensions)
    kept = [(r, b) for r, b in zip(responses, blank, strict=True) if len(b) < every]
    responses = [r for r, _ in kept]
    for i, dim in enumerate(first.dimensions):
        views = [(r.name, r.record.dimensions[i]) for r, b in kept if dim.id not in b]
        seen = [
            Seen(
                respondent=name,
                stage=d.stage,
                stage_label=d.stage_label,
                stage_number=d.stage_number,
                counts_as=d.counts_as,
                provisional=d.provisional,
            )
            for name, d in views
        ]
        at = {s.counts_as for s in seen}
        perceives = dim.id in perceived
        if len(at) > 1:
            found.append(
                Gap(
                    kind="stage",
                    dimension=dim.id,
                    dimension_name=dim.name,
                    perceived=perceives,
                    seen=seen,
                    answers=[],
                )
            )
        for result in (*dim.criteria, *dim.practices):
            for question in result.questions:
                if question in asked:
                    continue
                asked.add(question)
                q = rubric.questions.get(question)
                answers = _conflict(question, responses, q)
                if answers:
                    found.append(
                        Gap(
                            kind="answer",
                            dimension=dim.id,
                            dimension_name=dim.name,
                            perceived=perceives,
                            seen=seen,
                            question=question,
                            question_text=q.text if q else question,
                            answers=answers,
                        )
                    )
    found.sort(key=lambda g: not g.perceived)  # stable: the rubric's order otherwise
    return found


def _conflict(question: str, responses: Sequence[Response], q: Question | None) -> list[Said]:
    """Every respondent's answer to `question`, if two known answers differ; else []."""
    facts = [(r.name, r.facts.get(question, Fact())) for r in responses]
    known = {
        (f.value, f.at_least, f.open, f.not_applicable is not None)
        for _, f in facts
        if f.status is not Outcome.UNKNOWN
    }
    if len(known) < 2:
        return []
    return [
        Said(respondent=name, answer=_said(q, f), evidence=list(f.evidence)) for name, f in facts
    ]


def _said(q: Question | None, fact: Fact) -> str:
    """An answer in the words the question offered: a choice by its label, not its code."""
    labels = {o.value: o.label for o in q.options} if q is not None else {}
    value = fact.value
    if not labels or fact.not_applicable is not None or value is None:
        return shown(fact)
    if isinstance(value, str):
        return labels.get(value, value)
    if isinstance(value, frozenset):
        order = list(labels)
        chosen = "; ".join(labels[v] for v in sorted(value, key=order.index)) or "none"
        unknown = "; ".join(labels[v] for v in sorted(fact.open, key=order.index))
        return chosen + (f" (not known: {unknown})" if unknown else "")
    return shown(fact)
