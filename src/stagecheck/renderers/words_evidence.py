"""The strength of the evidence: the same words in every report."""

from __future__ import annotations

from stagecheck.core.outcome import Outcome
from stagecheck.core.record import CriterionResult, DimensionResult, Record
from stagecheck.renderers.report import sentence

KIND_WORDS = {
    "asserted": "someone says so",
    "documented": "a named document",
    "measured": "data before and after, or over time",
    "independent": "an external evaluation or comparison group",
}
EVIDENCE_WORDS = (
    "Evidence: asserted < documented < measured < independent. A criterion rests on the "
    "weakest of its answers' strongest evidence; the evidence never decides a stage unless "
    "a minimum is asked for (--min-evidence)."
)


def evidence_range(d: DimensionResult) -> str:
    """The weakest and strongest evidence behind the cell reached: "asserted",
    "documented to measured", or a dash where no criterion of it is met by an answer."""
    if d.evidence_weakest is None or d.evidence_strongest is None:
        return "\u2014"
    if d.evidence_weakest == d.evidence_strongest:
        return d.evidence_weakest
    return f"{d.evidence_weakest} to {d.evidence_strongest}"


def evidence_sentence(record: Record) -> str | None:
    """How much of what is met rests on assertion alone (None where nothing is met)."""
    e = record.evidence
    if e is None or not e.met:
        return None
    # the verb agrees with the noun: "1 of 1 met cell criterion rests", "0 of 5 ... criteria rest"
    noun, verb = ("criterion", "rests") if e.met == 1 else ("criteria", "rest")
    # counted as answered: with a minimum, before it set any aside (said in the next sentence)
    head = "Evidence" if e.minimum is None else "Evidence as answered, before the minimum"
    return (
        f"{head}: {e.asserted} of {e.met} met cell {noun} {verb} on assertion alone "
        f"({e.asserted_share:.0%})."
    )


def evidence_sentences(record: Record) -> list[str]:
    """What the headline says of the evidence: the share on assertion, the minimum applied."""
    return [s for s in (evidence_sentence(record), minimum_sentence(record)) if s]


def set_aside(record: Record) -> list[CriterionResult]:
    """The met cell criteria `--min-evidence` set aside (counted as unknown)."""
    return [c for d in record.dimensions for c in d.criteria if c.set_aside]


def minimum_sentence(record: Record) -> str | None:
    """That a minimum was applied, and what it set aside (None when none was asked for)."""
    e = record.evidence
    if e is None or e.minimum is None:
        return None
    aside = set_aside(record)
    if not aside:
        return f"Minimum evidence applied: {e.minimum}; every met cell criterion meets it."
    plural = "criteria" if len(aside) != 1 else "criterion"
    return (
        f"Minimum evidence applied: {e.minimum}. {len(aside)} met {plural} on weaker evidence "
        "set aside (counted as not answered yet, never as not met): "
        + "; ".join(f"{sentence(c.text)[:-1]} ({c.strength})" for c in aside)
        + "."
    )


def evidence_text(c: CriterionResult) -> str:
    """A criterion's evidence with its kinds and links: "MOU (documented, docs/mou.pdf)"; a
    plain note (asserted, no link) as written."""
    if not c.evidence_items:
        return "; ".join(c.evidence)
    return "; ".join(
        e.note
        if e.kind == "asserted" and not e.link
        else f"{e.note} ({e.kind}{', ' + e.link if e.link else ''})"
        for e in c.evidence_items
    )


def strength_note(c: CriterionResult) -> str:
    """What qualifies a met criterion's evidence: its strength, or that it was set aside."""
    if c.set_aside:
        return f"set aside: it rests on {c.strength} evidence, below the minimum"
    return f"evidence: {c.strength}" if c.outcome is Outcome.MET else ""
