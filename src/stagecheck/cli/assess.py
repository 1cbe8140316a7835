"""`stagecheck assess`, once its arguments are parsed: by the Typer app (`cli.app`) or by the
fast path of `stagecheck.cli`. Imports no Typer; a batch's module (`cli.batch`) is imported
only for a batch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stagecheck.cli.streams import err, wrote
from stagecheck.core.errors import UserError
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers import registry as formats
from stagecheck.renderers.base import Format, Output, chosen

if TYPE_CHECKING:
    from stagecheck.renderers.base import SingleRenderer
    from stagecheck.renderers.console import Console


def assess(
    paths: list[Path],
    rubric: str | None,
    format: Format | None,
    color: str,
    detail: bool,
    fail_under: list[str],
    exclude: list[str],
    output: Path | None,
    force: bool,
    jobs: int | None,
    progress: bool | None,
    verbose_records: bool = False,
    missed_targets: bool = False,
    combine: bool = False,
    since: str | None = None,
    min_evidence: str | None = None,
    *,
    summary: bool = False,
    all_rows: bool = False,
) -> ExitCode:
    """One file gives its report; several files or a folder give the portfolio (so does one
    file with `--summary` or `--all`, which are about a portfolio's view; with `combine`:
    each partnership's respondents combined, see `cli.voices`)."""
    if min_evidence is not None:
        from stagecheck.core.strength import minimum

        min_evidence = minimum(min_evidence)
    format = chosen(format, str(output) if output is not None else None)
    _check_view(format, summary=summary, all_rows=all_rows)
    if output is not None:
        from stagecheck.files import refuse_existing

        refuse_existing(output, force=force)  # before any work
    elif format is Format.html and sys.stdout.isatty():
        raise UserError("an HTML page goes to a file: add --output report.html")
    out = Output(detail=detail, verbose_records=verbose_records)
    if combine and since is not None:
        raise UserError(
            "--since cannot be used with --combine: --since shows how each file moved since a "
            "git revision, and --combine joins several respondents' files into one; run them "
            "separately"
        )
    if combine:
        from stagecheck.cli.voices import assess_combined

        code = assess_combined(
            paths,
            rubric,
            format,
            color,
            fail_under,
            exclude,
            output,
            force,
            out,
            jobs,
            progress,
            min_evidence,
            missed_targets,
        )
        if isinstance(code, ExitCode):
            return code
        if code is not None:  # one file, named twice or alone in a folder: its own report
            paths = [code]
    one = len(paths) == 1 and not paths[0].is_dir() and not (summary or all_rows)
    single = formats.single(format) if one else None
    if single is not None and since is not None:
        raise UserError(
            f"--since shows what moved in a portfolio; for one file run `stagecheck compare "
            f"{paths[0]}@{since} {paths[0]}`"
        )
    if single is not None:
        return _assess_one(
            paths[0],
            rubric,
            fail_under,
            single,
            out,
            color,
            output,
            force,
            missed_targets,
            min_evidence,
        )
    if detail:
        err(
            "stagecheck: --detail shows one partnership's criteria and steps, so a batch "
            "leaves it out; run `stagecheck assess FILE --detail` for one file"
        )
    from stagecheck.cli.batch import assess_many
    from stagecheck.cli.streams import Color

    return assess_many(
        paths,
        rubric,
        fail_under,
        format,
        out,
        Color(color),
        output,
        force,
        exclude=exclude,
        jobs=jobs,
        progress=progress,
        missed_targets=missed_targets,
        since=since,
        min_evidence=min_evidence,
        summary_only=summary,
        all_rows=all_rows,
    )


def _check_view(format: Format, *, summary: bool, all_rows: bool) -> None:
    """`--summary` and `--all` choose between a portfolio's views: not both, and only where the
    format has a summary (csv and jsonl are a row or a line per file, and nothing else)."""
    if summary and all_rows:
        raise UserError("--summary and --all ask for different views; give one of them")
    if summary and format not in (Format.table, Format.markdown, Format.html, Format.json):
        raise UserError(
            f"--format {format} has no summary (it is one entry per file); use --summary with "
            "table, markdown, html or json"
        )


def _assess_one(
    path: Path,
    rubric: str | None,
    fail_under: list[str],
    render: SingleRenderer,
    out: Output,
    color: str,
    target: Path | None,
    force: bool,
    missed_targets: bool = False,
    min_evidence: str | None = None,
) -> ExitCode:
    """One file: its own report, or exit 2 with every problem in it; its warnings (evidence
    links not found) on stderr."""
    from stagecheck import api
    from stagecheck.files import opened, refuse_inputs

    refuse_inputs(target, [path])
    record = api.assess(path, rubric, min_evidence=min_evidence)
    for warning in record.warnings:
        err(f"stagecheck: warning: {warning}")
    refuse_inputs(target, [record.rubric.path])
    if fail_under:  # the gates' module only when there are gates (start-up, issue 11)
        from stagecheck.core.gates import parse_gates

        gates = parse_gates(fail_under, api.load_rubric(record.rubric.path).rubric)
    with opened(target, force=force) as stream:
        out.stream = stream

        def rich() -> Console:
            from stagecheck.cli.streams import console

            return console(color, stream)

        out.console = rich
        render(record, out)
    wrote(target)
    if not (fail_under or missed_targets):
        return ExitCode.OK
    from stagecheck.core.gates import failed, failure, missed

    below = [str(g) for g in failed(gates, record)] if fail_under else []
    below += missed(record) if missed_targets else []
    for gate in below:
        err(f"stagecheck: {path}: {failure(gate)}")
    return ExitCode.FAILED if below else ExitCode.OK
