"""`stagecheck explain DIMENSION [FILE]`: one row of the rubric, read out in full.

Every stage's descriptor, each cell's criteria with the questions they ask and where they come
from, and the advice if a criterion is not met. Given a partnership file, how each criterion was
decided for it: the outcome from the assessment's record, and the answers it rested on.
"""

from __future__ import annotations

from pathlib import Path

from stagecheck.core.compiled import (
    CompiledCriterion,
    CompiledDimension,
    LoadedRubric,
    cite,
    load_rubric,
)
from stagecheck.core.errors import UserError
from stagecheck.core.outcome import Fact, shown
from stagecheck.core.record import CriterionResult, Record, cited
from stagecheck.renderers.report import OUTCOME_WORDS, PROFILE_WORDS, RULE_WORDS, stage_text
from stagecheck.renderers.visible import visible

MARKS = {"met": "✓", "not_met": "✗", "not_applicable": "○", "unknown": "?"}


def find(loaded: LoadedRubric, wanted: str) -> CompiledDimension:
    """A dimension by its id or its name, in any case."""
    key = wanted.strip().lower().replace(" ", "_")
    for d in loaded.dimensions:
        if key in (d.dimension.id, d.dimension.name.lower().replace(" ", "_")):
            return d
    from stagecheck.core.words import did_you_mean, listing

    ids = [d.dimension.id for d in loaded.dimensions]
    raise UserError(
        f"no dimension '{wanted}' in {loaded.rubric.id}{did_you_mean(key, ids)}; "
        f"the dimensions are {listing(ids)}"
    )


def explain(wanted: str, path: Path | None, rubric_ref: str | None, *, width: int = 100) -> str:
    """The dimension's row as plain text, with one file's decisions where a file is given,
    wrapped at `width` and safe to print on a terminal (see render.visible)."""
    record: Record | None = None
    facts: dict[str, Fact] = {}
    if path is not None:
        from stagecheck.core import loader, partnership
        from stagecheck.core.assess import declared_rubric, record_of

        document = loader.load(path)
        loaded = load_rubric(rubric_ref or declared_rubric(document))
        validated = partnership.validate(document, loaded.rubric)
        facts, record = validated.facts, record_of(document, loaded, validated)
    else:
        loaded = load_rubric(rubric_ref) if rubric_ref else load_rubric()
    dim = find(loaded, wanted)
    r = loaded.rubric
    names = {s.id: s.name for s in r.stages}
    results: dict[str, CriterionResult] = {}
    out = [f"{dim.dimension.name} ({dim.dimension.id}), in {r.title} ({r.id} {r.version})"]
    if record is not None:
        result = next(d for d in record.dimensions if d.id == dim.dimension.id)
        results = {c.id: c for c in (*result.criteria, *result.practices)}
        out += [f"{record.partnership.name}: {stage_text(result)}. {result.reason}"]
        out += [conflict.message for conflict in result.conflicts]
    for cell in dim.cells:
        stages = [f"{loaded.stage_number[s]} {names[s]}" for s in cell.cell.stages]
        out += ["", f"{' to '.join([stages[0], stages[-1]] if len(stages) > 1 else stages)}"]
        out.append(f'  "{cell.cell.descriptor}"')
        if cell.cell.note:
            out.append(f"  Note: {cell.cell.note}")
        out.append(f"  Source: {cited(cite(loaded.sources, cell.cell.sources))}")
        if not cell.criteria:
            out.append("  No criteria: every partnership is at least here.")
        for c in (*cell.criteria, *cell.practices):
            if c is (cell.practices or (None,))[0]:
                out.append("  Practices from the literature (advice; they never decide the stage):")
            out += _criterion_lines(loaded, c, results.get(c.criterion.id), facts, record)
    out += [
        "",
        "How to read it: only the criteria of the table's cells decide the stage. "
        + (
            "The row is a continuum: a higher cell met counts for the cells below it, "
            "and a lower cell answered not met while a higher one is met is shown as answers "
            "to check."
            if dim.dimension.continuum
            else "Each cell must be met in turn, from the bottom."
        ),
        f"The overall stage is {RULE_WORDS.get(r.overall.rule, r.overall.rule)}; "
        f"the profile is {PROFILE_WORDS}.",
    ]
    if r.overall.dimensions is not None:
        deciding = [d.name for d in r.dimensions if r.overall.decides(d.id)]
        out[-1] += f" Only {', '.join(deciding)} decide{'s' if len(deciding) == 1 else ''} it" + (
            "."
            if r.overall.decides(dim.dimension.id)
            else f"; {dim.dimension.name} is read beside it, in its cells' words, and "
            "does not change it."
        )
    return "".join(wrap(visible(line), width) for line in out)


def _criterion_lines(
    loaded: LoadedRubric,
    c: CompiledCriterion,
    decided: CriterionResult | None,
    facts: dict[str, Fact],
    record: Record | None,
) -> list[str]:
    """One criterion or practice: what it asks, how it was decided, its source and advice."""
    k = c.criterion
    mark = MARKS[decided.outcome.value] if decided else "-"
    out = [f"  {mark} {k.text}  [{k.id}]"]
    if decided is not None:
        word = OUTCOME_WORDS[decided.outcome]
        why = f" ({decided.reason})" if decided.reason else ""
        skipped = "" if decided.counts else "; left out of the stage, as the rubric allows"
        out.append(f"      For this partnership: {word}{why}{skipped}.")
    for qid in c.questions:
        q = loaded.questions[qid]
        answer = f": {shown(facts.get(qid, Fact()))}" if record is not None else ""
        labels = {o.value: o.label for o in q.options}
        if answer and answer[2:] in labels:
            answer += f" ({labels[answer[2:]]})"
        out.append(f"      Asks {q.group}.{q.id}: “{q.text}”{answer}")
    if decided is not None and decided.evidence:
        out.append(f"      Evidence: {'; '.join(decided.evidence)}")
    skip = " (a 'not applicable' answer leaves it out)" if k.if_not_applicable == "skip" else ""
    if k.applies is not None:
        skip += f" (left out where it does not apply: {k.applies.otherwise})"
    out.append(f"      Source: {cited(cite(loaded.sources, k.sources))}{skip}")
    a = k.advice
    out.append(f"      If not met: {a.step} (effort {a.effort}; {a.owner})")
    return out


def wrap(line: str, width: int = 100) -> str:
    """One line, wrapped under its own indentation (and a little more)."""
    import textwrap

    indent = " " * (len(line) - len(line.lstrip()))
    return (
        textwrap.fill(
            line,
            width,
            subsequent_indent=indent + "  ",
            break_on_hyphens=False,
            break_long_words=False,
        )
        + "\n"
    )
