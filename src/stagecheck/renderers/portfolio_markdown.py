"""`--format markdown` for a batch: the portfolio as Markdown tables (GitHub-flavoured), for a
report, a wiki page or a CI job summary. The same content as the terminal view."""

from __future__ import annotations

from stagecheck.batch.portfolio import Row, Section, Summary, by_section
from stagecheck.core.words import profile_figure
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
        lines = [f"## {heading(summary)}", ""]
        for section, rows in by_section(self.rows, summary):
            lines += [f"### {md(section_heading(section))}", ""]
            lines += table(section, rows)
            lines += ["", *distribution(section)]
            if apart := beside_lines(section):
                lines += ["", f"**{md(apart[0])}**", ""]
                lines += [f"- {md(line.strip())}" for line in apart[1:]]
            if held := held_back(section):
                lines += ["", f"**Holding most partnerships back:** {md(held)}"]
            lines.append("")
        if summary.failures:
            lines += [f"### Could not be scored ({len(summary.failures)})", ""]
            for f in summary.failures:
                more = f" (and {f.more} more)" if f.more else ""
                lines.append(f"- {md(str(f.first))}{more}")
            lines.append("")
        lines += [md(closing(summary)), ""]
        self.out.stream.write("\n".join(lines))


def table(section: Section, rows: list[Row]) -> list[str]:
    short = abbreviations(section.dimensions)
    heads = ["Partnership", "File", *(short[d.id] for d in section.deciding), "Overall", "Index"]
    heads += [f"*{short[b.id]}*" for b in section.beside]  # read beside the stage
    lines = ["| " + " | ".join(heads) + " |"]
    aligns = ["---", "---"] + [":-:"] * len(section.deciding) + ["---", "--:"]
    aligns += [":-:"] * len(section.beside)
    lines.append("| " + " | ".join(aligns) + " |")
    for r in rows:
        cells = [md(r.name), md(r.path)]
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
        counts = [str(section.distribution[d.id, s.id]) for s in section.stages]
        lines.append(f"| {md(d.name)} | " + " | ".join(counts) + " |")
    overall = [str(section.overall[s.id]) for s in section.stages]
    lines.append("| **Overall** | " + " | ".join(overall) + " |")
    return lines
