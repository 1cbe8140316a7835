"""The interview's report, written beside the partnership file, and how to open it."""

from __future__ import annotations

from pathlib import Path

from stagecheck.files import write_atomic


def report_beside(path: Path, html: str) -> Path | None:
    """Write the HTML report beside the partnership file (`partnership.html`); None where a
    file of that name is there and is not a stagecheck report, which is left alone."""
    target = path.with_suffix(".html")
    if target.exists():
        try:
            head = target.read_text(encoding="utf-8", errors="replace")[:2000]
        except OSError:
            return None
        if not target.is_file() or '<meta name="generator" content="stagecheck' not in head:
            return None
    write_atomic(target, html, force=True)
    return target


def how_to_open(target: Path) -> str:
    """How to open a report from this computer, in plain words."""
    import sys

    command = {"darwin": "open", "win32": "start"}.get(sys.platform, "xdg-open")
    return (
        "Open it in your web browser: double-click it in your file manager, or type "
        f"{command} {target}"
    )
