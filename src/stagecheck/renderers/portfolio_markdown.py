"""`--format markdown` for a batch: the portfolio as Markdown tables (GitHub-flavoured), for a
report, a wiki page or a CI job summary. The same content as the terminal view."""

from __future__ import annotations

from stagecheck.batch.portfolio import SUMMARY_OVER, Row, Section, Summary, by_section
from stagecheck.core.words import profile_figure
from stagecheck.renderers import words_portfolio
from stagecheck.renderers.base import PageView
from stagecheck.renderers.markdown import md
from stagecheck.renderers.portfolio import (
    abbreviations,
    beside_legend,
    beside_lines,
    closing,
    heading,
    held_back,
    section_heading,
)


class MarkdownPortfolio(PageView):
    def end(self, summary: Summary) -> None:
        if self.out.summary:
            self.out.stream.write("\n".join(summary_lines(summary, self.out.summary)))
            return
        lines = [f"## {heading(summary)}", ""]
        for section, rows in by_section(self.rows, summary):
            lines += [f"### {md(section_heading(section))}", ""]
            lines += table(section, rows)
            lines += ["", *distribution(section)]
            lines += counts(section)
            lines.append("")
        lines += failed(summary)
        lines += [md(closing(summary)), ""]
        self.out.stream.write("\n".join(lines))


def summary_lines(summary: Summary, mode: str) -> list[str]:
    """The summary alone: each rubric's distribution, what holds partnerships back, its weakest
    few; the files that could not be scored; how to see every partnership."""
    lines = [f"## {heading(summary)} (summary)", ""]
    for section in summary.sections.values():
        if not section.scored:
            continue
        lines += [f"### {md(section_heading(section))}", "", *distribution(section)]
        lines += counts(section)
        if ranked := section.blocking():
            lines += [
                "",
                f"**{md(words_portfolio.BLOCKING_TITLE)}** ({md(words_portfolio.BLOCKING_WORDS)}):",
                "",
            ]
            for c, n in ranked:
                lines.append(
                    f"- {md(words_portfolio.blocking_line(c.dimension, c.text, n, section.scored))}"
                )
        weakest = section.weakest()
        lines += ["", f"**{md(words_portfolio.weakest_title(len(weakest), section.scored))}**", ""]
        lines += [*table(section, weakest), ""]
    lines += failed(summary)
    lines += [md(words_portfolio.summary_note(mode, summary.files, SUMMARY_OVER)), ""]
    lines += [md(closing(summary)), ""]
    return lines


def counts(section: Section) -> list[str]:
    lines: list[str] = []
    if apart := beside_lines(section):
        lines += ["", f"**{md(apart[0])}**", ""]
        lines += [f"- {md(line.strip())}" for line in apart[1:]]
    if held := held_back(section):
        lines += ["", f"**Holding most partnerships back:** {md(held)}"]
    return lines


def failed(summary: Summary) -> list[str]:
    if not summary.failures:
        return []
    lines = [f"### Could not be scored ({len(summary.failures)})", ""]
    for f in summary.failures:
        more = f" (and {f.more} more)" if f.more else ""
        lines.append(f"- {md(str(f.first))}{more}")
    return [*lines, ""]


def table(section: Section, rows: list[Row]) -> list[str]:
    short = abbreviations(section.dimensions)
    heads = ["Partnership", "File", *(short[d.id] for d in section.deciding), "Overall", "Index"]
    heads += [f"*{short[b.id]}*" for b in section.beside]  # read beside the stage
    lines = ["| " + " | ".join(heads) + " |"]
    aligns = ["---", "---"] + [":-:"] * len(section.deciding) + ["---", "--:"]
    aligns += [":-:"] * len(section.beside)
    lines.append("| " + " | ".join(aligns) + " |")
    for r in rows:
        cells = [md(r.name), md(words_portfolio.where(r))]
        for d in section.deciding:
            c = r.cell(d.id)
            cells.append("" if c is None else c.mark)
        stage = section.stage_name(r.overall)
        overall = md(stage) + ("?" if r.provisional else "") + (" ✗" if r.below else "")
        cells += [overall, profile_figure(r.index)]
        cells += [b.mark(r.cell(b.id)) for b in section.beside]
        lines.append("| " + " | ".join(cells) + " |")
    columns = ", ".join(f"{short[d.id]} = {d.name}" for d in section.deciding)
    stages = ", ".join(f"{i} = {s.name}" for i, s in enumerate(section.stages, start=1))
    legend = f"Columns: {md(columns)}. Stages: {md(stages)}; ? provisional; ✗ below a gate."
    lines += ["", legend + md(beside_legend(section, short).replace("\n", " "))]
    return lines


def distribution(section: Section) -> list[str]:
    lines = ["| Dimension | " + " | ".join(md(s.name) for s in section.stages) + " |"]
    lines.append("| --- | " + " | ".join("--:" for _ in section.stages) + " |")
    for d in section.deciding:
        counts = []
        for first, last, n in section.heat(d.id):  # a merged cell: its span, then arrows
            counts += [words_portfolio.heat_count(first, last, n)]
            counts += [words_portfolio.COVERED] * (last - first)
        lines.append(f"| {md(d.name)} | " + " | ".join(counts) + " |")
    overall = [str(section.overall[s.id]) for s in section.stages]
    lines.append("| **Overall** | " + " | ".join(overall) + " |")
    if spans := words_portfolio.span_legend(section):
        lines += ["", md(spans)]
    return lines
