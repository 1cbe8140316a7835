"""A progress bar on stderr for a large batch, and only where stderr is a terminal: never in
machine output, never when piped."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
LARGE = 200  # files: below this a batch is over before a bar is worth drawing


def wanted(total: int, setting: bool | None) -> bool:
    """`--progress` / `--no-progress`, or by default a large batch on a terminal's stderr."""
    if setting is not None:
        return setting
    return total >= LARGE and sys.stderr.isatty()


def tracked(items: Iterable[T], total: int, *, show: bool) -> Iterator[T]:
    if not show:
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = Console(file=sys.stderr, force_terminal=True)  # shown: asked for, or a terminal
    with Progress(
        "Scoring",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    ) as progress:
        task = progress.add_task("files", total=total)
        for item in items:
            yield item
            progress.advance(task)
