"""The command line: parse options, call the core, render, return an exit code. Nothing else.

Heavy modules are imported inside the commands so that `--help` and start-up stay fast.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from stagecheck import formats
from stagecheck._version import __version__
from stagecheck.errors import InputError, Problem, UserError, shown
from stagecheck.exitcodes import ExitCode
from stagecheck.formats import Format, Output
from stagecheck.render.diagnostics import DiagnosticFormat

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from stagecheck.formats import BatchRenderer
    from stagecheck.portfolio import Summary
    from stagecheck.rubric import Rubric
    from stagecheck.rubrics import LoadedRubric

app = typer.Typer(
    name="stagecheck",
    help="Where a school partnership stands on a staged rubric, and what to do next.",
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        print(f"stagecheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Where a school partnership stands on a staged rubric, and what to do next."""


RubricOption = Annotated[
    str | None,
    typer.Option(
        "--rubric",
        "-r",
        metavar="RUBRIC",
        help="A bundled rubric id (four-stages) or a rubric file. "
        "Default: the file's own `rubric:` key, else four-stages.",
    ),
]


@app.command()
def assess(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Partnership YAML files, and folders to search for *.yaml and *.yml files.",
            metavar="PATH",
            show_default=False,
        ),
    ],
    rubric: RubricOption = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    color: Annotated[Color, typer.Option(help="Colour in the table output.")] = Color.auto,
    detail: Annotated[
        bool, typer.Option("--detail", help="Show every criterion and every next step.")
    ] = False,
    fail_under: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-under",
            metavar="[DIMENSION=]STAGE",
            help="Exit 1 if the overall stage (or a dimension's) is below STAGE, for any "
            "file. Repeatable.",
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            "-x",
            metavar="GLOB",
            help="Skip files and folders found in folders whose name or relative path "
            "matches GLOB. Repeatable.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the output to FILE (atomically) instead of stdout.",
            metavar="FILE",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --output replace a file.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, metavar="N", help="Processes for a batch. Default: one per core."
        ),
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="A progress bar on stderr. Default: for a large batch when stderr is a terminal.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Score partnership files: each dimension's stage, why, and the next steps. One file
    gives its report; several files or a folder give the portfolio."""
    if output is not None:
        from stagecheck.files import refuse_existing

        refuse_existing(output, force=force)  # before any work
    elif format is Format.html and sys.stdout.isatty():
        raise UserError("an HTML page goes to a file: add --output report.html")
    out = Output(detail=detail)
    single = formats.single(format) if len(paths) == 1 and not paths[0].is_dir() else None
    try:
        if single is not None:
            code = _assess_one(
                paths[0], rubric, fail_under or [], single, out, color, output, force
            )
        else:
            code = _assess_many(
                paths,
                rubric,
                fail_under or [],
                format,
                out,
                color,
                output,
                force,
                exclude=exclude or [],
                jobs=jobs,
                progress=progress,
            )
    except BrokenPipeError:
        # the reader went away (`| head`): stop quietly; the pool has been shut down on the
        # way out, and nothing more may be flushed to the closed pipe
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115, PTH123
        code = ExitCode.CLOSED_PIPE
    if code:
        raise typer.Exit(code)


def _assess_one(
    path: Path,
    rubric: str | None,
    fail_under: list[str],
    render: formats.SingleRenderer,
    out: Output,
    color: Color,
    target: Path | None,
    force: bool,
) -> ExitCode:
    """One file: its own report (today's output), or exit 2 with every problem in it."""
    from stagecheck.assess import assess as assess_file
    from stagecheck.files import opened, refuse_inputs
    from stagecheck.gates import failed, parse_gates

    refuse_inputs(target, [path])
    record = assess_file(path, rubric)
    refuse_inputs(target, [record.rubric.path])
    gates = parse_gates(fail_under, _rubric_of(record.rubric.path))
    with opened(target, force=force) as stream:
        out.stream = stream
        out.console = lambda: console(color, stream)
        render(record, out)
    _wrote(target)
    below = failed(gates, record)
    for gate in below:
        print(f"stagecheck: {path}: below the gate --fail-under {gate}", file=sys.stderr)
    return ExitCode.FAILED if below else ExitCode.OK


def _assess_many(
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
) -> ExitCode:
    """Many files: every file scored or reported, the portfolio (or a machine format) drawn,
    and the exit code of the whole: 2 if any file could not be scored, else 1 if any fell
    below a gate, else 0."""
    from stagecheck import batch
    from stagecheck.files import opened, refuse_inputs
    from stagecheck.portfolio import Summary
    from stagecheck.render.portfolio import closing
    from stagecheck.render.progress import tracked, wanted
    from stagecheck.rubrics import load_rubric

    found = batch.discover(paths, exclude)
    for warning in found.warnings:
        print(f"stagecheck: warning: {warning}", file=sys.stderr)
    if not found.files and not found.errors:
        named = ", ".join(map(str, paths))
        raise UserError(f"no .yaml or .yml files found in {named}; check the path or --exclude")
    # usage errors stop the run before any file is scored
    chosen = load_rubric(rubric) if rubric else None
    refuse_inputs(target, [*found.files, *([chosen.path] if chosen else [])])
    _check_gates(fail_under, chosen or _first_rubric(found.files))
    summary = Summary()
    if chosen:
        summary.learn(chosen.rubric)
    with opened(target, force=force) as stream:
        out.stream = stream
        out.console = lambda: console(color, stream)
        view = formats.batch(format, out)
        if view is None:  # pragma: no cover - every format has a batch view today
            raise UserError(f"--format {format} shows one partnership; name one file")
        to_stderr = not (view.shows_failures and target is None)
        for problem in found.errors:
            _failed(summary, view, problem.file, [problem], echo=True)
        job = batch.Job(rubric, tuple(fail_under), view.encode)
        learnt: set[str] = set()
        show = wanted(len(found.files), progress)
        for outcome in tracked(
            batch.score(found.files, job, jobs=jobs), len(found.files), show=show
        ):
            if isinstance(outcome, batch.Failed):
                _failed(summary, view, outcome.path, outcome.problems, echo=to_stderr)
                continue
            row = outcome.row
            if row.rubric_path not in learnt:
                learnt.add(row.rubric_path)
                summary.learn(load_rubric(row.rubric_path).rubric)
            refused = view.scored(row, outcome.payload, summary)
            if refused:
                _failed(summary, view, row.path, [Problem(row.path, 1, 1, refused)], echo=True)
                continue
            summary.add(row)
            if to_stderr:
                for gate in row.below:
                    print(
                        f"stagecheck: {row.path}: below the gate --fail-under {gate}",
                        file=sys.stderr,
                    )
        refuse_inputs(target, learnt)  # the rubrics the files named are inputs too
        view.end(summary)
    _wrote(target)
    if to_stderr:
        print(f"stagecheck: {closing(summary)}", file=sys.stderr)
    if summary.failures:
        return ExitCode.ERROR
    return ExitCode.FAILED if summary.below_gate else ExitCode.OK


def _failed(
    summary: Summary, view: BatchRenderer, path: str, problems: Sequence[Problem], *, echo: bool
) -> None:
    """A file (or folder) that could not be scored: counted, shown by the view, and printed
    on stderr unless the view lists it itself; in every format, its first problem and a count
    of the rest."""
    summary.fail(path, problems)
    view.failed(summary.failures[-1], summary)
    if echo:
        print(summary.failures[-1], file=sys.stderr)


def _check_gates(specs: list[str], first: LoadedRubric) -> None:
    """Before any file is scored: each gate must fit the first file's rubric (or --rubric's),
    or else one of the bundled rubrics (a folder may mix them); a gate that fits none is a
    usage error, reported against the first rubric."""
    from stagecheck.gates import parse_gates
    from stagecheck.rubrics import bundled, load_rubric

    candidates = [first.rubric]
    candidates += [load_rubric(ref).rubric for ref in bundled() if ref != first.rubric.id]
    for spec in specs:
        if any(parse_gates([spec], r, lenient=True) for r in candidates):
            continue
        problems = []
        for r in candidates:
            try:
                parse_gates([spec], r)
            except UserError as exc:
                problems.append(exc)
        # say it against the rubric that has a near miss, else the first file's
        raise next((p for p in problems if "did you mean" in str(p)), problems[0])


def _wrote(target: Path | None) -> None:
    if target is not None:
        print(f"stagecheck: wrote {target}", file=sys.stderr)


def _first_rubric(files: list[str]) -> LoadedRubric:
    """The rubric `--fail-under` is checked against without --rubric: the first file's own
    (the default rubric if that file cannot be read)."""
    from stagecheck import loader
    from stagecheck.assess import declared_rubric
    from stagecheck.rubrics import DEFAULT, load_rubric

    try:
        return load_rubric(declared_rubric(loader.load(files[0])) if files else DEFAULT)
    except Exception:  # whatever is wrong with it, it is reported when it is scored
        return load_rubric(DEFAULT)


@app.command()
def init(
    path: Annotated[
        Path, typer.Argument(help="The partnership file to create.", show_default=False)
    ],
    rubric: RubricOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    schema: Annotated[
        bool, typer.Option(help="Also write the rubric's JSON Schema beside it, for editors.")
    ] = True,
) -> None:
    """Start a partnership file: every question, with its allowed answers, left blank."""
    from stagecheck.template import init as write_template

    for written in write_template(path, rubric, force=force, schema=schema):
        print(f"stagecheck: wrote {written}", file=sys.stderr)
    print(f"Next: fill it in, or run `stagecheck interview {path}`.", file=sys.stderr)


@app.command()
def interview(
    path: Annotated[Path, typer.Argument(help="The partnership file (created if missing).")],
    rubric: RubricOption = None,
) -> None:
    """Answer the rubric's questions one at a time; saved after every answer."""
    from stagecheck.interview import Quit
    from stagecheck.interview import interview as ask_all

    try:
        summary = ask_all(path, rubric, input, print)
    except (EOFError, KeyboardInterrupt, Quit) as exc:
        print(
            f"\nStopped. Every answer you gave is saved in {path}; run "
            f"`stagecheck interview {path}` to carry on."
        )
        if not isinstance(exc, Quit):
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        return
    if summary.skipped:
        n = len(summary.skipped)
        print(f"\n{n} question{'s' if n != 1 else ''} left for later; run this again to answer.")
    print(f"\nSaved {path}. Where the partnership stands now:\n")
    from stagecheck.assess import assess as assess_file
    from stagecheck.render import terminal

    terminal.render(assess_file(path, rubric), console(Color.auto))


@app.command()
def explain(
    dimension: Annotated[str, typer.Argument(help="A dimension's id or name, e.g. leadership.")],
    path: Annotated[
        Path | None, typer.Argument(help="A partnership file: show how it was decided.")
    ] = None,
    rubric: RubricOption = None,
) -> None:
    """A dimension's row of the rubric: each stage, its criteria and questions."""
    from stagecheck.explain import explain as explain_row

    sys.stdout.write(explain_row(dimension, path, rubric))


def _rubric_of(path: str) -> Rubric:
    from stagecheck.rubrics import load_rubric

    return load_rubric(path).rubric


def console(color: Color, file: TextIO | None = None) -> Console:
    """The console every table is printed on: plain when piped, with NO_COLOR or `never`.

    Markup and emoji codes are off: names and reasons come from users' files and are printed
    as written (a "[draft]" in a partnership's name is text, not a style).
    """
    from functools import partial

    from rich.console import Console

    plain = partial(Console, file=file, highlight=False, markup=False, emoji=False)
    if color is Color.always:
        forced = plain(force_terminal=True)
        # even where TERM says the terminal has no colours: the user asked for them
        return (
            forced if forced.color_system else plain(force_terminal=True, color_system="standard")
        )
    if color is Color.never or os.environ.get("NO_COLOR"):
        return plain(color_system=None)
    return plain()


# --- Rubric maintenance (issue 4): rubric check/test/diff/docs, and JSON Schemas. Each command's
# logic lives in its own module (rubric_lint, rubric_test, rubric_diff, rubric_docs, schema).
rubric_app = typer.Typer(
    help="Check, test, compare and document rubrics, as code is.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(rubric_app, name="rubric")
RubricFiles = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Rubric files or folders. Default: the bundled rubrics.", show_default=False
    ),
]


@rubric_app.command("check")
def rubric_check(
    paths: RubricFiles = None,
    format: Annotated[
        DiagnosticFormat,
        typer.Option(
            "--format",
            "-f",
            help="auto: github under GitHub Actions, human on a terminal, else concise.",
        ),
    ] = DiagnosticFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
) -> None:
    """Check rubric files: every problem, with its code, file:line:col and a fix hint."""
    from stagecheck.render import diagnostics as d
    from stagecheck.rubric_lint import check_paths

    report = check_paths(paths or [])
    chosen = d.resolve(
        format,
        github_actions=os.environ.get("GITHUB_ACTIONS") == "true",
        terminal=sys.stdout.isatty(),
    )
    sys.stdout.write(d.render(report, chosen))
    print(d.summary(report), file=sys.stderr)
    if report.failed(strict=strict):
        raise typer.Exit(ExitCode.FAILED)


@rubric_app.command("test")
def rubric_test(
    examples: Annotated[
        list[Path] | None,
        typer.Argument(help="Example files or folders. Default: examples/.", show_default=False),
    ] = None,
    rubric: Annotated[
        str | None,
        typer.Option(
            "--rubric", "-r", help="Score with this rubric. Default: each file's own `rubric:`."
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every expected stage.")
    ] = False,
) -> None:
    """Re-score examples and compare with their `expected:` stages, like a test runner."""
    from stagecheck import rubric_test as t

    results = t.run(examples or [], rubric)
    sys.stdout.write(t.render(results, verbose=verbose))
    print(t.summary(results), file=sys.stderr)
    if t.failed(results):
        raise typer.Exit(ExitCode.FAILED)


@rubric_app.command("diff")
def rubric_diff(
    old: Annotated[str, typer.Argument(help="The rubric before: a file or a bundled id.")],
    new: Annotated[str, typer.Argument(help="The rubric after: a file or a bundled id.")],
    corpus: Annotated[
        list[Path] | None,
        typer.Option(help="Partnership files or folders to score with both. Repeatable."),
    ] = None,
    format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format.")
    ] = DiffFormat.text,
    fail_on_change: Annotated[
        bool,
        typer.Option(
            "--fail-on-change",
            help="Exit 1 if anything changes, unless NEW declares it (new version + changes:).",
        ),
    ] = False,
) -> None:
    """What an edit changes: criteria and advice, and which partnerships move stage."""
    from stagecheck import rubric_diff as rd
    from stagecheck.rubrics import load_rubric

    result = rd.diff(load_rubric(old), load_rubric(new), corpus or [])
    if format is DiffFormat.json:
        from stagecheck.record import to_json

        sys.stdout.write(to_json(result, indent=True) + "\n")
    else:
        sys.stdout.write(rd.render(result))
    if fail_on_change and result.changed and not result.declared:
        print("stagecheck: the rubric changes and NEW does not declare it", file=sys.stderr)
        raise typer.Exit(ExitCode.FAILED)


@rubric_app.command("docs")
def rubric_docs(
    rubric: Annotated[
        str, typer.Option("--rubric", "-r", help="A bundled rubric id or a rubric file.")
    ] = "four-stages",
) -> None:
    """Print a Markdown reference of a rubric (stages, cells, criteria, advice, sources)."""
    from stagecheck.rubric_docs import render
    from stagecheck.rubrics import load_rubric

    sys.stdout.write(render(load_rubric(rubric).rubric, f"stagecheck rubric docs -r {rubric}"))


class SchemaKind(StrEnum):
    partnership = "partnership"
    rubric = "rubric"


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file the schema describes.")],
    rubric: Annotated[
        str,
        typer.Option("--rubric", "-r", help="For partnership files: the rubric they answer."),
    ] = "four-stages",
) -> None:
    """Print the JSON Schema of partnership files (for a rubric) or of rubric files."""
    import json

    from stagecheck import schema as schemas

    if kind is SchemaKind.rubric:
        document = schemas.rubric_schema()
    else:
        document = schemas.partnership_schema(_rubric_of(rubric))
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


# --- end of rubric maintenance


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; a user error is one plain line on stderr."""
    try:
        app(args=argv, prog_name="stagecheck")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else ExitCode.ERROR
    except InputError as exc:
        for line in shown(exc.problems):  # each already says file:line:col
            print(line, file=sys.stderr)
        return ExitCode.ERROR
    except UserError as exc:
        print(f"stagecheck: {exc}", file=sys.stderr)
        return ExitCode.ERROR
    return ExitCode.OK


def run() -> None:
    sys.exit(main())
