"""The command line: parse options, call the core, render, return an exit code. Nothing else.

Heavy modules are imported inside the commands so that `--help` and start-up stay fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from stagecheck._version import __version__
from stagecheck.cli_plain import PlainGroup, usage_message
from stagecheck.core.errors import InputError, Problem, UserError, shown
from stagecheck.exitcodes import ExitCode
from stagecheck.render import registry as formats
from stagecheck.render.base import Format, Output, chosen
from stagecheck.render.diagnostics import DiagnosticFormat

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from rich.console import Console

    from stagecheck.batch import run as batch
    from stagecheck.batch.portfolio import Summary
    from stagecheck.core.compiled import LoadedRubric
    from stagecheck.core.rubric import Rubric
    from stagecheck.render.base import BatchRenderer, SingleRenderer

app = typer.Typer(
    name="stagecheck",
    cls=PlainGroup,
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
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: the one --output's extension names (.html, .md, "
            ".json, .jsonl, .csv), else table.",
            show_default=False,
        ),
    ] = None,
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
    format = chosen(format, str(output) if output is not None else None)
    if output is not None:
        from stagecheck.files import refuse_existing

        refuse_existing(output, force=force)  # before any work
    elif format is Format.html and sys.stdout.isatty():
        raise UserError("an HTML page goes to a file: add --output report.html")
    out = Output(detail=detail)
    single = formats.single(format) if len(paths) == 1 and not paths[0].is_dir() else None
    if single is not None:
        code = _assess_one(paths[0], rubric, fail_under or [], single, out, color, output, force)
    else:
        if detail:
            _err(
                "stagecheck: --detail shows one partnership's criteria and steps, so a batch "
                "leaves it out; run `stagecheck assess FILE --detail` for one file"
            )
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
    if code:
        raise typer.Exit(code)


def _assess_one(
    path: Path,
    rubric: str | None,
    fail_under: list[str],
    render: SingleRenderer,
    out: Output,
    color: Color,
    target: Path | None,
    force: bool,
) -> ExitCode:
    """One file: its own report (today's output), or exit 2 with every problem in it."""
    from stagecheck.core.assess import assess as assess_file
    from stagecheck.core.gates import failed, parse_gates
    from stagecheck.files import opened, refuse_inputs

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
        _err(f"stagecheck: {path}: below the gate --fail-under {gate}")
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
    from stagecheck.batch import run as batch
    from stagecheck.batch.portfolio import Summary
    from stagecheck.core.compiled import load_rubric
    from stagecheck.files import opened, refuse_inputs
    from stagecheck.render.portfolio import closing
    from stagecheck.render.progress import tracked, wanted

    found = batch.discover(paths, exclude)
    for warning in found.warnings:
        _err(f"stagecheck: warning: {warning}")
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
    total = len(found.files) + len(found.errors)
    streams = format in (Format.json, Format.jsonl, Format.csv)  # written as files are scored
    with _interrupted(summary, total, target, streams), opened(target, force=force) as stream:
        out.stream = stream
        out.console = lambda: console(color, stream)
        view = formats.batch(format, out)
        if view is None:  # pragma: no cover - every format has a batch view today
            raise UserError(f"--format {format} shows one partnership; name one file")
        to_stderr = not (view.shows_failures and target is None)
        for problem in found.errors:
            _failed(summary, view, problem.file, [problem], echo=True)
        job = batch.Job(rubric, tuple(fail_under), view.encode)
        show = wanted(len(found.files), progress)
        outcomes = tracked(batch.score(found.files, job, jobs=jobs), len(found.files), show=show)
        learnt = _collect(outcomes, summary, view, to_stderr=to_stderr)
        refuse_inputs(target, learnt)  # the rubrics the files named are inputs too
        view.end(summary)
    _wrote(target)
    if to_stderr:
        _err(f"stagecheck: {closing(summary)}")
    if summary.failures:
        return ExitCode.ERROR
    return ExitCode.FAILED if summary.below_gate else ExitCode.OK


def _collect(
    outcomes: Iterable[batch.FileOutcome], summary: Summary, view: BatchRenderer, *, to_stderr: bool
) -> set[str]:
    """Each file's outcome counted and handed to the view; the rubric paths the files used."""
    from stagecheck.batch import run as batch
    from stagecheck.core.compiled import load_rubric

    learnt: set[str] = set()
    for outcome in outcomes:
        if isinstance(outcome, batch.FailedFile):
            _failed(summary, view, outcome.path, outcome.problems, echo=to_stderr)
            continue
        row = outcome.row
        if row.rubric_path not in learnt:
            learnt.add(row.rubric_path)
            summary.learn(load_rubric(row.rubric_path).rubric)
        refused = view.scored(row, outcome.payload, summary)
        if refused:
            _failed(summary, view, row.path, [Problem(row.path, 0, 0, refused)], echo=True)
            continue
        summary.add(row)
        if to_stderr:
            for gate in row.below:
                _err(f"stagecheck: {row.path}: below the gate --fail-under {gate}")
    return learnt


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
        _err(f"stagecheck: interrupted: {done}; {wrote}")
        raise typer.Exit(ExitCode.INTERRUPTED) from None


def _failed(
    summary: Summary, view: BatchRenderer, path: str, problems: Sequence[Problem], *, echo: bool
) -> None:
    """A file (or folder) that could not be scored: counted, shown by the view, and printed
    on stderr unless the view lists it itself; in every format, its first problem and a count
    of the rest."""
    summary.fail(path, problems)
    view.failed(summary.failures[-1], summary)
    if echo:
        _err(summary.failures[-1])


def _check_gates(specs: list[str], first: LoadedRubric) -> None:
    """Before any file is scored: each gate must fit the first file's rubric (or --rubric's),
    or else one of the bundled rubrics (a folder may mix them); a gate that fits none is a
    usage error, reported against the first rubric."""
    from stagecheck.core.compiled import bundled, load_rubric
    from stagecheck.core.gates import parse_gates

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
        _err(f"stagecheck: wrote {target}")


def _first_rubric(files: list[str]) -> LoadedRubric:
    """The rubric `--fail-under` is checked against without --rubric: the first file's own
    (the default rubric if that file cannot be read)."""
    from stagecheck.core import loader
    from stagecheck.core.assess import declared_rubric
    from stagecheck.core.compiled import DEFAULT, load_rubric

    try:
        return load_rubric(declared_rubric(loader.load(files[0])) if files else DEFAULT)
    except Exception:  # whatever is wrong with it, it is reported when it is scored
        return load_rubric(DEFAULT)


@app.command()
def init(
    path: Annotated[
        Path,
        typer.Argument(help="The partnership file to create.", metavar="PATH", show_default=False),
    ],
    rubric: RubricOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    schema: Annotated[
        bool, typer.Option(help="Also write the rubric's JSON Schema beside it, for editors.")
    ] = True,
) -> None:
    """Start a partnership file: every question, with its allowed answers, left blank."""
    from stagecheck.authoring.template import init as write_template

    for written in write_template(path, rubric, force=force, schema=schema):
        _err(f"stagecheck: wrote {written}")
    _err(f"Next: fill it in, or run `stagecheck interview {path}`.")


@app.command()
def interview(
    path: Annotated[
        Path, typer.Argument(help="The partnership file (created if missing).", metavar="PATH")
    ],
    rubric: RubricOption = None,
) -> None:
    """Answer the rubric's questions one at a time; saved after every answer."""
    from stagecheck.authoring.interview import Quit
    from stagecheck.authoring.interview import interview as ask_all
    from stagecheck.render.visible import visible

    def say(text: str) -> None:
        print(visible(text, layout=True))

    try:
        summary = ask_all(path, rubric, input, say)
    except (EOFError, KeyboardInterrupt, Quit) as exc:
        say(
            f"\nStopped. Every answer you gave is saved in {path}; run "
            f"`stagecheck interview {path}` to carry on."
        )
        if not isinstance(exc, Quit):
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        return
    if summary.skipped:
        n = len(summary.skipped)
        say(f"\n{n} question{'s' if n != 1 else ''} left for later; run this again to answer.")
    say(f"\nSaved {path}. Where the partnership stands now:\n")
    from stagecheck.core.assess import assess as assess_file
    from stagecheck.render import terminal

    terminal.render(assess_file(path, rubric), console(Color.auto))


@app.command()
def explain(
    dimension: Annotated[
        str,
        typer.Argument(help="A dimension's id or name, e.g. leadership.", metavar="DIMENSION"),
    ],
    path: Annotated[
        Path | None,
        typer.Argument(help="A partnership file: show how it was decided.", metavar="PATH"),
    ] = None,
    rubric: RubricOption = None,
) -> None:
    """A dimension's row of the rubric: each stage, its criteria and questions."""
    from stagecheck.authoring.explain import explain as explain_row
    from stagecheck.core.words import text_width

    sys.stdout.write(explain_row(dimension, path, rubric, width=text_width()))


def _rubric_of(path: str) -> Rubric:
    from stagecheck.core.compiled import load_rubric

    return load_rubric(path).rubric


def console(color: Color, file: TextIO | None = None) -> Console:
    """The console every table is printed on (see stagecheck.render.console)."""
    from stagecheck.render.console import console as make

    return make(color.value, file)


def _err(message: object) -> None:
    """A message on stderr: every one goes through here, with the text of files and paths
    in it made visible (a control character from a file never reaches the terminal)."""
    from stagecheck.render.visible import visible

    print(visible(str(message)), file=sys.stderr)


def _out(text: str) -> None:
    """A text report on stdout (not JSON: that keeps the data exact and escapes it itself)."""
    from stagecheck.render.visible import visible

    sys.stdout.write(visible(text, layout=True))


# --- Rubric maintenance (issue 4): rubric check/test/diff/docs, and JSON Schemas. Each command's
# logic lives in its own module (rubric_lint, rubric_test, rubric_diff, rubric_docs, schema).
rubric_app = typer.Typer(
    cls=PlainGroup,
    help="Check, test, compare and document rubrics, as code is.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(rubric_app, name="rubric")
RubricFiles = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Rubric files or folders. Default: the bundled rubrics.",
        metavar="PATH",
        show_default=False,
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
    from stagecheck.rubric.lint import check_paths

    report = check_paths(paths or [])
    chosen = d.resolve(
        format,
        github_actions=os.environ.get("GITHUB_ACTIONS") == "true",
        terminal=sys.stdout.isatty(),
    )
    text = d.render(report, chosen)
    if chosen is d.DiagnosticFormat.json:
        sys.stdout.write(text)
    else:
        _out(text)
    _err(d.summary(report))
    if report.failed(strict=strict):
        raise typer.Exit(ExitCode.FAILED)


@rubric_app.command("test")
def rubric_test(
    examples: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Example files or folders. Default: examples/.",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    rubric: Annotated[
        str | None,
        typer.Option(
            "--rubric",
            "-r",
            metavar="RUBRIC",
            help="Score with this rubric. Default: each file's own `rubric:`.",
        ),
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="List every expected stage and fidelity case."),
    ] = False,
    with_examples: Annotated[
        bool, typer.Option("--examples/--no-examples", help="Re-score the examples.")
    ] = True,
    with_fidelity: Annotated[
        bool,
        typer.Option(
            "--fidelity/--no-fidelity",
            help=(
                "Run the fidelity checks on each rubric tested (the one given, else the examples' "
                "rubrics): generated answers for every cell must reach exactly that cell, miss "
                "it without any one of its criteria, and no practice may move a stage."
            ),
        ),
    ] = True,
) -> None:
    """Re-score examples and compare with their `expected:` stages, like a test runner; then
    check that each rubric tested scores as its cells say (fidelity)."""
    from stagecheck.rubric import regression as t

    report = t.run_all(examples or [], rubric, examples=with_examples, generated=with_fidelity)
    _out(t.render(report, verbose=verbose))
    _err(t.summary(report))
    if t.failed(report):
        raise typer.Exit(ExitCode.FAILED)


@rubric_app.command("diff")
def rubric_diff(
    old: Annotated[
        str, typer.Argument(help="The rubric before: a file or a bundled id.", metavar="OLD")
    ],
    new: Annotated[
        str, typer.Argument(help="The rubric after: a file or a bundled id.", metavar="NEW")
    ],
    corpus: Annotated[
        list[Path] | None,
        typer.Option(
            metavar="PATH", help="Partnership files or folders to score with both. Repeatable."
        ),
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
    from stagecheck.core.compiled import load_rubric
    from stagecheck.rubric import diff as rd

    result = rd.diff(load_rubric(old), load_rubric(new), corpus or [])
    if format is DiffFormat.json:
        from stagecheck.core.record import to_json

        sys.stdout.write(to_json(result, indent=True) + "\n")
    else:
        _out(rd.render(result))
    if fail_on_change and result.changed and not result.declared:
        _err("stagecheck: the rubric changes and NEW does not declare it")
        raise typer.Exit(ExitCode.FAILED)


@rubric_app.command("docs")
def rubric_docs(
    rubric: Annotated[
        str,
        typer.Option(
            "--rubric", "-r", metavar="RUBRIC", help="A bundled rubric id or a rubric file."
        ),
    ] = "four-stages",
) -> None:
    """Print a Markdown reference of a rubric (stages, cells, criteria, advice, sources)."""
    from stagecheck.core.compiled import load_rubric
    from stagecheck.rubric.docs import render

    _out(render(load_rubric(rubric).rubric, f"stagecheck rubric docs -r {rubric}"))


class SchemaKind(StrEnum):
    partnership = "partnership"
    rubric = "rubric"


@app.command()
def schema(
    kind: Annotated[
        SchemaKind, typer.Argument(help="Which file the schema describes.", metavar="KIND")
    ],
    rubric: Annotated[
        str,
        typer.Option(
            "--rubric",
            "-r",
            metavar="RUBRIC",
            help="For partnership files: the rubric they answer.",
        ),
    ] = "four-stages",
) -> None:
    """Print the JSON Schema of partnership files (for a rubric) or of rubric files."""
    import json

    from stagecheck.rubric import schema as schemas

    if kind is SchemaKind.rubric:
        document = schemas.rubric_schema()
    else:
        document = schemas.partnership_schema(_rubric_of(rubric))
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


# --- end of rubric maintenance


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; a user error is one plain line on stderr."""
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    try:
        code = app(args=argv, prog_name="stagecheck", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else ExitCode.ERROR
    except NoArgsIsHelpError as exc:
        exc.show()
        return ExitCode.ERROR
    except UsageError as exc:
        _err(f"stagecheck: {usage_message(exc)}")
        return ExitCode.ERROR
    except typer.Abort:  # pragma: no cover - input ended at a prompt of Typer's own
        return ExitCode.INTERRUPTED
    except InputError as exc:
        for line in shown(exc.problems):  # each already says file:line:col
            _err(line)
        return ExitCode.ERROR
    except UserError as exc:
        _err(f"stagecheck: {exc}")
        return ExitCode.ERROR
    return code if isinstance(code, int) else ExitCode.OK


def run() -> None:
    sys.exit(main())
