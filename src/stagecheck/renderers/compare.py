"""`stagecheck compare`: two reviews of one partnership as the table, JSON, Markdown or HTML.

Drawn from the one `Comparison` (core/compare.py); the wording is renderers/report.py's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from stagecheck.core.compare import Comparison
from stagecheck.renderers import words_over_time
from stagecheck.renderers.base import Format, Output
from stagecheck.renderers.markdown import md
from stagecheck.renderers.visible import visible_copy


def _counts(c: Comparison) -> dict[str, int]:
    return dict(Counter(d.moved for d in c.dimensions))


def headline(c: Comparison) -> str:
    """ "Overall: Established then, Regional now (moved up); 2 moved up, 1 moved down"."""
    o, n = c.old, c.new
    return (
        f"Overall: {o.overall_stage} then, {n.overall_stage} now "
        f"({words_over_time.MOVED_WORDS[c.overall]}); {words_over_time.moved_summary(_counts(c))}"
    )


def answer_change(old: str, new: str) -> str:
    """ "no → yes", or "yes (the evidence changed)" where only the evidence did."""
    return f"{new} (the evidence changed)" if old == new else f"{old} → {new}"


def within_note(c: Comparison) -> str | None:
    """What "within one cell" means, where some dimension says it."""
    return words_over_time.WITHIN_NOTE if any(d.within_merged_cell for d in c.dimensions) else None


def _rubrics(c: Comparison) -> str | None:
    o, n = c.old, c.new
    if (o.rubric_id, o.rubric_version) == (n.rubric_id, n.rubric_version):
        return None
    return (
        f"Note: {words_over_time.RUBRIC_CHANGED}: {o.rubric_id} {o.rubric_version} then, "
        f"{n.rubric_id} {n.rubric_version} now"
    )


def table(c: Comparison, out: Output) -> None:
    from rich.table import Table

    c = visible_copy(c)
    console = out.rich()
    console.print(f"{c.new.partnership}: {c.old.source} → {c.new.source}", style="bold")
    grid = Table(show_edge=False, pad_edge=False, expand=False)
    for name in ("Dimension", "Then", "Now", "Moved"):
        grid.add_column(name, overflow="fold")
    for d in c.dimensions:
        then, now = words_over_time.then_now(d.old_stage, d.new_stage)
        moved = words_over_time.moved_words(d)
        style = "green" if d.moved == "up" else "red" if d.moved == "down" else None
        grid.add_row(d.name, then, now, moved, style=style)
    console.print(grid)
    console.print(headline(c))
    for note in (_rubrics(c), within_note(c)):
        if note:
            console.print(note)
    for title, changes in (("Criteria", c.criteria), ("Practices", c.practices)):
        if not changes:
            continue
        console.print(f"\n{title} whose outcome changed:", style="bold")
        for ch in changes:
            console.print(
                f"  {ch.id}: {words_over_time.outcome_word(ch.old)} → "
                f"{words_over_time.outcome_word(ch.new)}"
                f" ({ch.text})"
            )
    if c.answers:
        console.print("\nAnswers that changed:", style="bold")
        for a in c.answers:
            console.print(f"  {a.question}: {answer_change(a.old, a.new)} ({a.text})")
            if a.old_evidence != a.new_evidence:
                console.print(f"    evidence then: {words_over_time.notes_text(a.old_evidence)}")
                console.print(f"    evidence now:  {words_over_time.notes_text(a.new_evidence)}")


def json(c: Comparison, out: Output) -> None:
    out.stream.write(c.to_json(indent=True) + "\n")


def markdown(c: Comparison) -> str:
    o, n = c.old, c.new
    lines = [
        f"# {md(n.partnership)}: what moved",
        "",
        f"- Then: {md(o.source)}" + (f" (assessed {o.assessed_on})" if o.assessed_on else ""),
        f"- Now: {md(n.source)}" + (f" (assessed {n.assessed_on})" if n.assessed_on else ""),
        "",
        f"**{md(headline(c))}**",
        "",
    ]
    if note := _rubrics(c):
        lines += [md(note), ""]
    lines += ["| Dimension | Then | Now | Moved |", "| --- | --- | --- | --- |"]
    for d in c.dimensions:
        then, now = words_over_time.then_now(d.old_stage, d.new_stage)
        moved = words_over_time.moved_words(d)
        lines.append(f"| {md(d.name)} | {md(then)} | {md(now)} | {moved} |")
    if note := within_note(c):
        lines += ["", md(note)]
    for title, changes in (("Criteria", c.criteria), ("Practices", c.practices)):
        if changes:
            lines += ["", f"## {title} whose outcome changed", ""]
            lines += [
                f"- {md(ch.text)} (`{md(ch.id)}`): {words_over_time.outcome_word(ch.old)} → "
                f"{words_over_time.outcome_word(ch.new)}"
                for ch in changes
            ]
    if c.answers:
        lines += ["", "## Answers that changed", ""]
        for a in c.answers:
            change = answer_change(md(a.old), md(a.new))
            lines.append(f"- {md(a.text)} (`{md(a.question)}`): {change}")
            if a.old_evidence != a.new_evidence:
                lines.append(f"  - evidence then: {md(words_over_time.notes_text(a.old_evidence))}")
                lines.append(f"  - evidence now: {md(words_over_time.notes_text(a.new_evidence))}")
    return "\n".join(lines) + "\n"


def html(c: Comparison) -> str:
    from stagecheck._version import __version__
    from stagecheck.renderers.html import environment

    return (
        environment()
        .get_template("compare.html.j2")
        .render(
            tool_version=__version__,
            c=c,
            headline=headline(c),
            rubrics=_rubrics(c),
            within=within_note(c),
        )
    )


def _text(draw: Callable[[Comparison], str]) -> Callable[[Comparison, Output], None]:
    def render(c: Comparison, out: Output) -> None:
        out.stream.write(draw(c))

    return render


RENDERERS: dict[Format, Callable[[Comparison, Output], None]] = {
    Format.table: table,
    Format.json: json,
    Format.markdown: _text(markdown),
    Format.html: _text(html),
}
