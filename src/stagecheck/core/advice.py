"""Advice that reads the answers (issue 16, item 3): a step never tells someone to do what
their answers show is done, nor to ask for what they already are.

- A step whose criterion wants several options of a choose-all answer, some of which are given
  already, says which are done and which are still missing ("Done: Parents. Still missing:
  Students."), so it never reads as if nothing had been done.
- A step whose criterion is met by a role (a `choice` answer such as the lead's role) that the
  person who made the assessment (`assessed.by`) holds themselves is turned round: they can take
  it on, rather than ask someone else for it.

Steps are shared with the compiled rubric, so changed ones are new objects.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping

from stagecheck.core.compiled import CompiledCriterion, LoadedRubric
from stagecheck.core.conditions import Combine, Compare, Evaluator
from stagecheck.core.outcome import Fact
from stagecheck.core.record import DimensionResult, Step

# How school staff write their own role under `assessed.by`, and the role option it is. Checked
# in order: "Deputy headteacher" is a senior leader before it is a head.
ROLE_TITLES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"(?i)\b(?:deputy|assistant|associate|vice)[ -]?(?:head|principal)"
            r"|\bsenior (?:leader|leadership|team|officer)|\bSLT\b|\bdirector of\b"
        ),
        "senior_leader",
    ),
    (
        re.compile(r"(?i)\bpartnerships? (?:co-?ordinator|manager|officer)"),
        "partnerships_coordinator",
    ),
    (
        re.compile(
            r"(?i)^\s*(?:the\s+)?head\s*$|\bhead ?teacher|\bhead of school|\bexecutive head"
            r"|^\s*(?:the\s+)?principal\b|\bchief executive|\bCEO\b"
        ),
        "headteacher",
    ),
)


def role_of(assessed_by: str | None) -> str | None:
    """The role option an assessor's own job title is, if it is one we know."""
    if not assessed_by:
        return None
    return next((role for pattern, role in ROLE_TITLES if pattern.search(assessed_by)), None)


def personalise(
    rubric: LoadedRubric,
    facts: Mapping[str, Fact],
    dimensions: list[DimensionResult],
    first_steps: list[Step],
    assessed_by: str | None,
) -> list[Step]:
    """Rewrite the dimensions' next steps in place, and return the first steps to match."""
    role = role_of(assessed_by)
    criteria = {c.criterion.id: c for d in rubric.dimensions for c in d.criteria.values()}
    changed: dict[int, Step] = {}
    for d in dimensions:
        steps = []
        for step in d.next_steps:
            if step.kind in ("answer", "evidence"):  # worded already: nothing to read
                steps.append(step)
                continue
            new = _read(step, criteria.get(step.criterion), rubric, facts, role, assessed_by)
            if new is not step:
                changed[id(step)] = new
            steps.append(new)
        d.next_steps = steps
    return [changed.get(id(s), s) for s in first_steps]


def _read(
    step: Step,
    criterion: CompiledCriterion | None,
    rubric: LoadedRubric,
    facts: Mapping[str, Fact],
    role: str | None,
    assessed_by: str | None,
) -> Step:
    if step.kind in ("answer", "evidence") or criterion is None:
        return step
    questions = rubric.questions
    for test in _tests(criterion.evaluate):
        q = questions.get(test.question)
        if q is None:
            continue
        if (
            role
            and assessed_by
            and q.type == "choice"
            and test.operator in ("is", "in")
            and role in test.values
            and facts.get(test.question, Fact()).value != role
        ):
            label = next((o.label for o in q.options if o.value == role), role)
            return dataclasses.replace(
                step,
                text=(
                    f"As {assessed_by}, you are what this asks for ({_short(label)}): take it "
                    f"on yourself rather than ask for it. It asks: {criterion.criterion.text}"
                ),
                owner=assessed_by,
            )
        fact = facts.get(test.question)
        if (
            test.operator == "includes"
            and fact is not None
            and fact.status is None
            and isinstance(fact.value, frozenset)
        ):
            wanted = list(test.values)
            done = [v for v in wanted if v in fact.value]
            missing = [v for v in wanted if v not in fact.value and v not in fact.open]
            if done and missing:
                labels = {o.value: o.label for o in q.options}
                return dataclasses.replace(
                    step,
                    text=(
                        f"Done: {', '.join(labels.get(v, v) for v in done)}. Still missing: "
                        f"{', '.join(labels.get(v, v) for v in missing)}. {step.text}"
                    ),
                )
    return step


def _tests(evaluator: Evaluator) -> Iterator[Compare]:
    if isinstance(evaluator, Combine):
        for part in evaluator.parts:
            yield from _tests(part)
    else:
        yield evaluator


def _short(label: str) -> str:
    """An option's label up to its explanation: "A senior leader: a member of ..." -> "a
    senior leader"."""
    head = label.split(":", 1)[0].strip()
    return head[:1].lower() + head[1:]
