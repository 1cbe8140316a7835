"""`stagecheck assess` on many files, as the command line shows it: every file scored or
reported (in the view and on stderr), the portfolio or a machine format written, Ctrl-C said
plainly, and one exit code for the whole. The scoring itself is the library's."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from stagecheck.cli.streams import Color, console, err, wrote
from stagecheck.core.errors import Problem, UserError
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers import registry as formats
from stagecheck.renderers.base import Format, Output

if TYPE_CHECKING:
    from stagecheck.batch.portfolio import Combined, Summary
    from stagecheck.batch.run import FileOutcome, Job
    from stagecheck.batch.since import Since


PAGES = (Format.table, Format.markdown, Format.html)  # a row per file, drawn at the end


def assess_many(
    paths: list[Path],
    rubric: str | None,
    fail_under: list[str],
    format: Format,
    out: Output,
    color: Color,
    target: Path | None,
    force: bool,
    *,
    exclude: list[str],
    jobs: int | None,
    progress: bool | None,
    missed_targets: bool = False,
    scorer: Callable[[list[str], Job], Iterable[FileOutcome]] | None = None,
    since: str | None = None,
    min_evidence: str | None = None,
    summary_only: bool = False,
    all_rows: bool = False,
    combined: Combined | None = None,
) -> ExitCode:
    """Many files: every file scored or reported, the portfolio (or a machine format) drawn,
    and the exit code of the whole: 2 if any file could not be scored, else 1 if any fell
    below a gate, else 0. A portfolio of more than `SUMMARY_OVER` files is shown as its
    summary in the formats that draw a row per file, unless `--all` asks for every row.
    `scorer` replaces the worker processes (`--combine` scores and groups the files itself,
    and says with `combined` how many partnerships they made)."""
    from stagecheck.batch import driver
    from stagecheck.batch import run as batch
    from stagecheck.batch.portfolio import Summary
    from stagecheck.core.gates import failure
    from stagecheck.files import opened, refuse_inputs
    from stagecheck.renderers.portfolio import closing
    from stagecheck.renderers.progress import tracked, wanted

    found = driver.portfolio(paths, rubric, fail_under, exclude)  # usage errors before any work
    for warning in found.warnings:
        err(f"stagecheck: warning: {warning}")
    refuse_inputs(target, [*found.files, *([found.rubric.path] if found.rubric else [])])
    moved = _since(found.files, since, out) if since is not None else None  # a bad REV first
    summary = Summary(combined=combined)
    if found.rubric:
        summary.learn(found.rubric.rubric)
    total = len(found.files) + len(found.errors)
    # a portfolio is long by its rows: with --combine, one per partnership (and unread file)
    rows = combined.partnerships + combined.unread if combined else total
    out.summary = _summary_mode(format, rows, summary_only, all_rows)
    streams = format in (Format.json, Format.jsonl, Format.csv)  # written as files are scored
    with _interrupted(summary, total, target, streams), opened(target, force=force) as stream:
        out.stream = stream
        out.console = lambda: console(color, stream)
        view = formats.batch(format, out)
        if view is None:  # pragma: no cover - every format has a batch view today
            raise UserError(f"--format {format} shows one partnership; name one file")
        to_stderr = not (view.shows_failures and target is None)

        def failed(path: str, problems: Sequence[Problem], *, echo: bool = to_stderr) -> None:
            summary.fail(path, problems)  # in every format: its first problem and a count
            view.failed(summary.failures[-1], summary)
            if echo:
                err(summary.failures[-1])

        def below(path: str, gate: str) -> None:
            if to_stderr:
                err(f"stagecheck: {path}: {failure(gate)}")

        for problem in found.errors:
            failed(problem.file, [problem], echo=True)
        job = batch.Job(
            rubric,
            tuple(fail_under),
            view.encode,
            missed_targets=missed_targets,
            min_evidence=min_evidence,
        )
        show = wanted(len(found.files), progress)
        scored = scorer(found.files, job) if scorer else batch.score(found.files, job, jobs=jobs)
        outcomes = tracked(scored, len(found.files), show=show)
        if moved is not None:
            outcomes = moved.watch(outcomes)
        learnt = driver.collect(
            outcomes, summary, view, failed, below, lambda w: err(f"stagecheck: warning: {w}")
        )
        refuse_inputs(target, learnt)  # the rubrics the files named are inputs too
        view.end(summary)
        if moved is not None:
            _moved_since(moved, format, out)
    wrote(target)
    if to_stderr:
        err(f"stagecheck: {closing(summary)}")
    if summary.failures:
        return ExitCode.ERROR
    return ExitCode.FAILED if summary.below_gate else ExitCode.OK


def _summary_mode(
    format: Format, total: int, summary_only: bool, all_rows: bool
) -> Literal["", "asked", "large"]:
    """Whether the view shows the portfolio's summary alone: asked for, or a large portfolio
    in a format that draws a row per file."""
    from stagecheck.batch.portfolio import SUMMARY_OVER

    if summary_only:
        return "asked"
    if not all_rows and format in PAGES and total > SUMMARY_OVER:
        return "large"
    return ""


def _since(files: list[str], rev: str, out: Output) -> Since:
    """`--since REV`: each file's stages at REV, read before the batch is scored."""
    from functools import partial

    from stagecheck.batch.since import stages_at
    from stagecheck.renderers.since import CSV_HEADER, csv_cells

    moved = stages_at(files, rev)
    out.extra_header = CSV_HEADER
    out.extra_cells = partial(csv_cells, moved)
    return moved


def _moved_since(moved: Since, format: Format, out: Output) -> None:
    """The "moved since" section: after the view where it is text, else on stderr."""
    from stagecheck.renderers import since

    if format is Format.table:
        since.table(moved, out.rich())
    elif format is Format.markdown:
        out.stream.write(since.markdown(moved))
    elif format is not Format.csv:  # the CSV has it in its columns
        for line in since.plain(moved):
            err(line)


@contextlib.contextmanager
def _interrupted(
    summary: Summary, total: int, target: Path | None, streams: bool
) -> Iterator[None]:
    """Ctrl-C in a batch: say on stderr how far it got and what was written, then exit 130.
    Outside `opened`, which has removed its temporary file by the time this runs."""
    existed = target is not None and target.exists()
    try:
        yield
    except KeyboardInterrupt:
        done = f"{summary.files} of {total} files done, {summary.scored} scored"
        if target is None:
            wrote = "stdout has what was written until then" if streams else "nothing was shown"
        elif existed:
            wrote = f"{target} was left as it was"
        else:
            wrote = f"{target} was not written"
        err(f"stagecheck: interrupted: {done}; {wrote}")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
