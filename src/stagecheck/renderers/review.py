"""`stagecheck review`: the annual review as Markdown or as one self-contained HTML page, for a
head to take to governors. Where we were, where we are, what moved, the targets and whether
they were met, and next year's plan (the first steps, with owners, effort and sources).

Both formats read the same selections below, and the one-file report's wording
(`renderers.report`), so they agree with each other and with `assess`.
"""

from __future__ import annotations

from dataclasses import dataclass

from stagecheck.core.compare import StageChange
from stagecheck.core.record import Record, Step
from stagecheck.core.review import Review
from stagecheck.renderers import report, words_over_time
from stagecheck.renderers.markdown import checklist_item, md, targets_section
from stagecheck.renderers.report import sentence

PLAN_WORDS = (
    "The first steps, those that would move the overall stage first. Each has a suggested "
    "owner and an effort, and cites the source it comes from."
)


def title(review: Review) -> str:
    return f"{review.now.partnership.name}: annual review"


def where_we_were(review: Review) -> list[str]:
    """The paragraphs of "Where we were": which version, how it was chosen, and its stage;
    or why there is no comparison."""
    since, then = review.since, review.then
    out = []
    if since is not None:
        commit = since.revision[:7]
        which = (
            f"the review assessed on {since.assessed_on.isoformat()} (commit {commit})"
            if since.assessed_on
            else f"the version committed on {since.date.isoformat()} (commit {commit}; it gives "
            "no assessment date)"
        )
        out.append(f"Compared with {which}, {since.chosen}.")
    if then is None:
        out.append(f"No comparison: {sentence(review.why_no_comparison or 'no earlier version')}")
        return out
    out.append(f"Overall stage then: {report.overall_sentence(then)}")
    if (then.rubric.id, then.rubric.version) != (review.now.rubric.id, review.now.rubric.version):
        out.append(
            f"That version was scored with the rubric {then.rubric.id} {then.rubric.version}, "
            f"this one with {review.now.rubric.id} {review.now.rubric.version}: a change of "
            "stage may come from the rubric as well as from the partnership."
        )
    return out


def moved_summary(review: Review) -> str:
    """One sentence: which dimensions moved up and down, and the overall stage then and now."""
    then, now = review.then, review.now
    assert then is not None
    assert review.comparison is not None
    up = [m.name for m in review.comparison.dimensions if m.moved == "up"]
    down = [m.name for m in review.comparison.dimensions if m.moved == "down"]
    names = report.stage_names(now) | {
        s.id: s.name for s in then.stages if s.id not in report.stage_names(now)
    }
    before, after = names[then.overall.stage], names[now.overall.stage]
    went = now.overall.stage_number - then.overall.stage_number
    if went == 0:
        overall = f"The overall stage stayed at {after}."
    else:
        overall = f"The overall stage went {'up' if went > 0 else 'down'} from {before} to {after}."
    return (
        f"Moved up: {', '.join(up) or 'none'}. Moved down: {', '.join(down) or 'none'}. {overall}"
    )


@dataclass(frozen=True, slots=True)
class EarlierTarget:
    name: str
    target: str
    met_now: bool


def earlier_targets(review: Review) -> list[EarlierTarget]:
    """The targets the earlier version set, and whether the partnership meets each now."""
    if review.then is None:
        return []
    names = report.stage_names(review.then)
    reached = {d.id: d.counts_as for d in review.now.dimensions}
    # the target's stage as the rubric now numbers it (a rubric may add a stage between reviews)
    number = {s.id: i for i, s in enumerate(review.now.stages, start=1)}
    return [
        EarlierTarget(
            t.name,
            f"{names[t.stage]} by {t.by_written}",
            reached.get(t.dimension, 0) >= number.get(t.stage, t.stage_number),
        )
        for t in review.then.targets
    ]


def plan(record: Record) -> list[Step]:
    return record.first_steps


def markdown(review: Review) -> str:
    now = review.now
    p = now.partnership
    assessed = p.assessed_on.isoformat() if p.assessed_on else "date not given"
    by = f", by {md(p.assessed_by)}" if p.assessed_by else ""
    out = [f"# {md(title(review))}", ""]
    out += [
        f"Assessed: {assessed}{by}. Rubric: {md(now.rubric.title)} ({md(now.rubric.id)} "
        f"{md(now.rubric.version)}).",
        "",
    ]
    out += ["## Where we were", ""]
    for line in where_we_were(review):
        out += [md(line), ""]
    out += ["## Where we are", "", f"**Overall stage: {md(report.overall_sentence(now))}**", ""]
    if now.overall.holding_back:
        out += [f"Held there by: {sentence(md(', '.join(report.held_by(now))))}", ""]
    out += [md(report.profile_sentence(now))]
    out += ["", "## What moved", ""]
    if review.then is None:
        out.append('Nothing to compare with: see "Where we were".')
    else:
        out += [md(moved_summary(review)), ""]
        out += ["| Dimension | Then | Now | Moved |", "| --- | --- | --- | --- |"]
        out += [_move_row(m) for m in moves(review)]
        out += ["", md(answers_sentence(review))]
    out += targets_section(now) or ["", "## Targets", "", "This file sets no targets."]
    earlier = earlier_targets(review)
    if earlier:
        out += ["", "Targets the earlier version set:", ""]
        out += [
            f"- {md(t.name)}: {md(t.target)}: {'met now' if t.met_now else 'not met yet'}"
            for t in earlier
        ]
    out += ["", "## Next year's plan", "", PLAN_WORDS, ""]
    steps = plan(now)
    out += [checklist_item(now, s) for s in steps] or [
        "Nothing left to do at this rubric's top stage."
    ]
    out += ["", "---", "", md(footer(review))]
    return "\n".join(out).rstrip("\n") + "\n"


def moves(review: Review) -> list[StageChange]:
    return review.comparison.dimensions if review.comparison is not None else []


def answers_sentence(review: Review) -> str:
    """How many answers changed, and the command that quotes each with its evidence."""
    assert review.comparison is not None and review.since is not None
    n = len(review.comparison.answers)
    path = report.shared_path(review.now.input.path)
    then = report.shared_path(review.since.path) if review.since.path else path
    counted = f"{n} answer{'' if n == 1 else 's'} changed" if n else "No answer changed"
    return (
        f"{counted} since then; stagecheck compare {then}@{review.since.revision[:7]} {path}, "
        "run in the file's folder, quotes each, with its evidence, and the criteria whose "
        "outcome changed."
    )


def _move_row(m: StageChange) -> str:
    then, now = (md(x) for x in words_over_time.then_now(m.old_stage, m.new_stage))
    return f"| {md(m.name)} | {then} | {now} | {words_over_time.moved_words(m)} |"


def footer(review: Review) -> str:
    now = review.now
    return (
        f"Made by {now.tool.name} {now.tool.version} from {report.shared_path(now.input.path)} "
        f"(sha256 {now.input.sha256[:12]}) with the rubric {now.rubric.id} "
        f"{now.rubric.version} (sha256 {now.rubric.sha256[:12]})."
    )


def html(review: Review) -> str:
    from stagecheck.renderers.html import environment

    return (
        environment()
        .get_template("review.html.j2")
        .render(
            tool_version=review.now.tool.version,
            review=review,
            record=review.now,
            title=title(review),
            where=where_we_were(review),
            summary=moved_summary(review) if review.then is not None else None,
            moves=moves(review),
            moved_words=words_over_time.moved_words,
            then_now=words_over_time.then_now,
            answers=answers_sentence(review) if review.comparison is not None else None,
            earlier=earlier_targets(review),
            plan_words=PLAN_WORDS,
            steps=plan(review.now),
            footer=footer(review),
        )
    )
