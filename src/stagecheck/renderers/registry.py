"""The registry of output formats: for each `Format`, the renderer of one partnership and the
renderer of a batch, both built from the one result record.

`single` and `batch` below are a `match` over every `Format` member that ends in
`assert_never`, so adding a member to `Format` makes mypy (strict) fail until both say what the
new format does: a renderer, or None (`single`: fall back to the batch view of one file;
`batch`: the format shows one partnership only, and a batch run says so).

Renderers are imported inside the functions: the one-file path imports only what it prints.
"""

from __future__ import annotations

from typing import assert_never

from stagecheck.renderers.base import BatchRenderer, Format, Output, SingleRenderer


def single(fmt: Format) -> SingleRenderer | None:
    """The renderer of one partnership, or None to show one file as a batch of one."""
    match fmt:
        case Format.table:
            from stagecheck.renderers.terminal import render_to

            return render_to
        case Format.json:
            from stagecheck.renderers.json import render_to as json_to

            return json_to
        case Format.jsonl | Format.csv:
            return None  # one line, one row: the batch renderer says it the same way
        case Format.markdown:
            from stagecheck.renderers.markdown import render_to as markdown_to

            return markdown_to
        case Format.html:
            from stagecheck.renderers.html import render_to as html_to

            return html_to
        case Format.docx:
            from stagecheck.renderers.docx import render_to as docx_to

            return docx_to
        case unreachable:
            assert_never(unreachable)


def batch(fmt: Format, out: Output) -> BatchRenderer | None:
    """The renderer of many partnerships, or None where the format shows one partnership."""
    match fmt:
        case Format.table:
            from stagecheck.renderers.portfolio import PortfolioView

            return PortfolioView(out)
        case Format.json:
            from stagecheck.renderers.json_batch import JsonDocument

            return JsonDocument(out)
        case Format.jsonl:
            from stagecheck.renderers.jsonl import JsonLines

            return JsonLines(out)
        case Format.csv:
            from stagecheck.renderers.csv import CsvRows

            return CsvRows(out)
        case Format.markdown:
            from stagecheck.renderers.portfolio_markdown import MarkdownPortfolio

            return MarkdownPortfolio(out)
        case Format.html:
            from stagecheck.renderers.html import HtmlPortfolio

            return HtmlPortfolio(out)
        case Format.docx:
            return None  # a Word report is of one partnership
        case unreachable:
            assert_never(unreachable)
