"""`--format markdown` for a batch: the portfolio as Markdown tables (GitHub-flavoured), for a
report, a wiki page or a CI job summary. The same content as the terminal view."""

from __future__ import annotations

from typing import Any

from stagecheck.formats import BatchRenderer
from stagecheck.portfolio import Row, Summary, ordered
from stagecheck.render.portfolio import abbreviations, closing, heading


def cell(text: str) -> str:
    """Text made safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


class MarkdownPortfolio(BatchRenderer):
    shows_failures = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[Row] = []

    def scored(self, row: Row, payload: str | None, summary: Summary) -> None:
        self.rows.append(row)

    def end(self, summary: Summary) -> None:
        lines = [f"## {heading(summary)}", ""]
        if self.rows:
            lines += self.table(summary)
            lines += ["", *distribution(summary)]
            held = summary.holding_back()
            if held:
                named = ", ".join(f"{d.name} ({n} of {summary.scored})" for d, n in held)
                lines += ["", f"**Holding most partnerships back:** {named}"]
        if summary.failures:
            lines += ["", f"### Could not be scored ({len(summary.failures)})", ""]
            for f in summary.failures:
                more = f" (and {f.more} more)" if f.more else ""
                lines.append(f"- `{f.first}`{more}")
        lines += ["", closing(summary), ""]
        self.out.stream.write("\n".join(lines))

    def table(self, summary: Summary) -> list[str]:
        short = abbreviations(summary.dimensions)
        heads = ["Partnership", "File", *(short[d.id] for d in summary.dimensions)]
        heads += ["Overall", "Index"]
        lines = ["| " + " | ".join(heads) + " |"]
        aligns = ["---", "---"] + [":-:"] * len(summary.dimensions) + ["---", "--:"]
        lines.append("| " + " | ".join(aligns) + " |")
        for r in ordered(self.rows):
            cells = [cell(r.name), f"`{cell(r.path)}`"]
            for d in summary.dimensions:
                c = r.cell(d.id)
                cells.append("" if c is None else f"{c.number}{'?' if c.provisional else ''}")
            overall = r.overall + ("?" if r.provisional else "") + (" ✗" if r.below else "")
            cells += [overall, f"{r.index:.2f}"]
            lines.append("| " + " | ".join(cells) + " |")
        columns = ", ".join(f"{short[d.id]} = {d.name}" for d in summary.dimensions)
        stages = ", ".join(f"{i} = {s.name}" for i, s in enumerate(summary.stages, start=1))
        lines += ["", f"Columns: {columns}. Stages: {stages}; ? provisional; ✗ below a gate."]
        return lines


def distribution(summary: Summary) -> list[str]:
    lines = ["| Dimension | " + " | ".join(s.id for s in summary.stages) + " |"]
    lines.append("| --- | " + " | ".join("--:" for _ in summary.stages) + " |")
    for d in summary.dimensions:
        counts = [str(summary.distribution[d.id, s.id]) for s in summary.stages]
        lines.append(f"| {cell(d.name)} | " + " | ".join(counts) + " |")
    overall = [str(summary.overall[s.id]) for s in summary.stages]
    lines.append("| **Overall** | " + " | ".join(overall) + " |")
    return lines
