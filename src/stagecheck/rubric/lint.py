"""`stagecheck rubric check`: every problem of every rubric file, as located diagnostics.

A file is read in three steps, each giving diagnostics with permanent codes: the YAML (SC001),
the rubric format (SC002, SC107, SC110), then the semantic checks of `rubric_checks` (which need
a rubric the format accepts). A file that cannot be parsed is one more diagnostic, and the run
goes on; a file that cannot be found or read at all stops the run (exit 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stagecheck.core import loader
from stagecheck.core.checks import INVALID_YAML, Rule, Severity, diagnose, reading_rule
from stagecheck.core.compiled import MAX_RUBRIC_BYTES, bundled
from stagecheck.core.errors import InputError, UserError
from stagecheck.core.rubric import Rubric, adapter


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One diagnostic where it is: `file:line:col`, the logical path, code, message, hint."""

    file: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str
    hint: str
    path: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    files: list[str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    def failed(self, *, strict: bool) -> bool:
        return bool(self.errors or (strict and self.warnings))


def rubric_files(paths: Sequence[Path]) -> list[Path]:
    """The files named, the YAML files of the folders named, or else the bundled rubrics."""
    if not paths:
        return list(bundled().values())
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
            if not found:
                raise UserError(f"{path}: holds no .yaml files")
            out += found
        elif path.exists():
            out.append(path)
        else:
            raise UserError(f"{path}: no such file or folder; check the path")
    return out


def check_paths(paths: Sequence[Path]) -> Report:
    files = rubric_files(paths)
    return Report(files=[str(p) for p in files], findings=[f for p in files for f in check(p)])


def check(path: Path) -> list[Finding]:
    """Every diagnostic of one rubric file, sorted by position."""
    from stagecheck.core.words import dotted

    raw = loader.read(path, MAX_RUBRIC_BYTES)  # cannot read it at all: the run stops
    try:
        document = loader.parse(raw, str(path), max_bytes=MAX_RUBRIC_BYTES)
    except InputError as exc:
        return [_finding(INVALID_YAML, p.file, p.line, p.column, p.message) for p in exc.problems]
    rubric = _validated(document)
    if isinstance(rubric, list):
        found = rubric
    else:
        found = []
        for d in diagnose(rubric):
            line, col, _ = loader.locate(document.root, d.loc)
            rule = Rule(d.code, d.name, d.severity, d.hint)
            found.append(_finding(rule, document.path, line, col, d.message, dotted(d.loc)))
    return sorted(found, key=lambda f: (f.line, f.column, f.code))


def _validated(document: loader.Document) -> Rubric | list[Finding]:
    """The rubric, or what the rubric format refuses in it."""
    from pydantic import ValidationError

    from stagecheck.core.compiled import format_errors

    try:
        return adapter().validate_python(document.data)
    except ValidationError as exc:
        found = []
        for error, loc, p in format_errors(exc, document):
            rule = reading_rule(error["type"], loc, error.get("input"))
            found.append(_finding(rule, p.file, p.line, p.column, p.message, p.path))
        return found


def _finding(
    rule: Rule,
    file: str,
    line: int,
    column: int,
    message: str,
    path: str = "",
) -> Finding:
    return Finding(
        file=file,
        line=line,
        column=column,
        path=path,
        message=message,
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        hint=rule.hint,
    )
