"""Renderers of `rubric check` diagnostics: human, concise, github and json.

Each takes the same report and returns the text for stdout; `render` picks one, and the type
checker proves every format is handled. `auto` is resolved before (see `resolve`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, assert_never

from stagecheck._version import __version__

if TYPE_CHECKING:  # the CLI imports the formats at start-up; the rest only when it runs
    from stagecheck.rubric.lint import Finding, Report


class DiagnosticFormat(StrEnum):
    auto = "auto"
    human = "human"
    concise = "concise"
    github = "github"
    json = "json"


def resolve(chosen: DiagnosticFormat, *, github_actions: bool, terminal: bool) -> DiagnosticFormat:
    """`auto`: github annotations under GitHub Actions, human on a terminal, else concise."""
    if chosen is not DiagnosticFormat.auto:
        return chosen
    if github_actions:
        return DiagnosticFormat.github
    return DiagnosticFormat.human if terminal else DiagnosticFormat.concise


def render(report: Report, chosen: DiagnosticFormat) -> str:
    match chosen:
        case DiagnosticFormat.human | DiagnosticFormat.auto:
            return human(report)
        case DiagnosticFormat.concise:
            return concise(report)
        case DiagnosticFormat.github:
            return github(report)
        case DiagnosticFormat.json:
            return as_json(report)
        case _:  # pragma: no cover
            assert_never(chosen)


def _where(f: Finding) -> str:
    return f"{f.file}:{f.line}:{f.column}"


def human(report: Report) -> str:
    """Each diagnostic on three lines: where and what, the path in the rubric, what to do."""
    out = []
    for f in report.findings:
        out.append(f"{_where(f)}: {f.severity} {f.code} {f.name}")
        out.append(f"  {f.path}: {f.message}" if f.path else f"  {f.message}")
        out.append(f"  hint: {f.hint}")
    return "".join(line + "\n" for line in out)


def concise(report: Report) -> str:
    """One line each: `file:line:col: CODE message`."""
    return "".join(f"{_where(f)}: {f.code} {f.message}\n" for f in report.findings)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(report: Report) -> str:
    """GitHub Actions workflow commands: each diagnostic annotates its line in the pull request."""
    out = []
    for f in report.findings:
        props = ",".join(
            [
                f"file={_escape_property(f.file)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_escape_property(f'{f.code} {f.name}')}",
            ]
        )
        where = f"{f.path}: " if f.path else ""
        message = _escape_data(f"{where}{f.message}\nhint: {f.hint}")
        out.append(f"::{f.severity} {props}::{message}\n")
    return "".join(out)


def as_json(report: Report) -> str:
    """One versioned document: the files checked, every diagnostic, and the counts."""
    import json as jsonlib

    document = {
        "schema_version": 1,
        "tool": {"name": "stagecheck", "version": __version__},
        "files": report.files,
        "diagnostics": [
            {
                "file": f.file,
                "line": f.line,
                "column": f.column,
                "code": f.code,
                "name": f.name,
                "severity": f.severity,
                "path": f.path,
                "message": f.message,
                "hint": f.hint,
            }
            for f in report.findings
        ],
        "summary": {
            "files": len(report.files),
            "errors": report.errors,
            "warnings": report.warnings,
        },
    }
    return jsonlib.dumps(document, indent=2, ensure_ascii=False) + "\n"


def summary(report: Report) -> str:
    files = len(report.files)
    rubrics = f"{files} rubric{'s' if files != 1 else ''}"
    if not report.findings:
        return f"{rubrics} checked: no problems"
    errors = f"{report.errors} error{'s' if report.errors != 1 else ''}"
    warnings = f"{report.warnings} warning{'s' if report.warnings != 1 else ''}"
    return f"{rubrics} checked: {errors}, {warnings}"
