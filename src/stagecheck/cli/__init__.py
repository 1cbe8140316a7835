"""The command line's entry point.

The plain forms of a one-file assessment (`stagecheck assess FILE` with any of -f/--format,
-o/--output, -r/--rubric, --color, --fail-under, --min-evidence, --detail, --force) are parsed
here, without importing Typer: its import and its set-up of each option's parameter cost about
as much as the assessment (issue 11). Everything else, `--help`, a batch and every argument
that is not plainly one of those forms, goes to the Typer app (`cli.app`), which defines the
command line and its help and says every usage error. A test runs argument lists through both
paths and compares their output and exit codes.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stagecheck.exitcodes import ExitCode

if TYPE_CHECKING:
    from stagecheck.renderers.base import Format

_VALUED = {
    "-f": "format",
    "--format": "format",
    "-o": "output",
    "--output": "output",
    "-r": "rubric",
    "--rubric": "rubric",
    "--color": "color",
    "--fail-under": "fail_under",
    "--min-evidence": "min_evidence",
}
_FLAGS = {"--detail": "detail", "--force": "force"}
_COLORS = ("auto", "always", "never")
_MINIMUMS = ("documented", "measured", "independent")


@dataclass
class _Plain:
    path: str = ""
    format: str | None = None
    output: str | None = None
    rubric: str | None = None
    color: str | None = None
    fail_under: list[str] = field(default_factory=list)
    min_evidence: str | None = None
    detail: bool = False
    force: bool = False


def _parse(args: list[str]) -> _Plain | None:
    """`assess FILE` and its plain options, or None for anything else (Typer's to parse)."""
    if len(args) < 2 or args[0] != "assess" or "_STAGECHECK_COMPLETE" in os.environ:
        return None
    plain = _Plain()
    rest = iter(args[1:])
    for token in rest:
        if not token or token == "-":
            return None
        if not token.startswith("-"):
            if plain.path:
                return None  # several paths: a batch
            plain.path = token
            continue
        name, equals, value = token.partition("=")
        if name in _FLAGS and not equals:
            if getattr(plain, _FLAGS[name]):
                return None
            setattr(plain, _FLAGS[name], True)
            continue
        key = _VALUED.get(name)
        if key is None or (equals and not name.startswith("--")):
            return None  # --help, a batch's option, -fjson, an unknown option: Typer's
        if not equals:
            value = next(rest, "")
        if not value or value.startswith("-"):
            return None
        if key == "fail_under":
            plain.fail_under.append(value)
        elif getattr(plain, key) is not None:
            return None  # given twice
        else:
            setattr(plain, key, value)
    return plain if plain.path else None


def _fast(plain: _Plain) -> int | None:
    """Assess one file as `stagecheck assess` does, or None if Typer's path must run."""
    from stagecheck.core.errors import UserError
    from stagecheck.renderers.base import Format, chosen

    path = Path(plain.path)
    formats = {f.value: f for f in Format}
    if plain.format is not None and plain.format not in formats:
        return None
    if plain.color is not None and plain.color not in _COLORS:
        return None
    if plain.min_evidence is not None and plain.min_evidence not in _MINIMUMS:
        return None  # said by Typer's path
    given: Format | None = formats[plain.format] if plain.format is not None else None
    try:
        fmt = chosen(given, plain.output)
    except UserError:
        return None  # said by Typer's path
    if fmt in (Format.jsonl, Format.csv) or path.is_dir():
        return None  # a batch view

    from stagecheck.cli.assess import assess
    from stagecheck.cli.streams import stdout_to_devnull, user_error

    try:
        return assess(
            [path],
            plain.rubric,
            given,
            plain.color or "auto",
            plain.detail,
            plain.fail_under,
            [],
            Path(plain.output) if plain.output is not None else None,
            plain.force,
            None,
            None,
            min_evidence=plain.min_evidence,
        )
    except BrokenPipeError:
        stdout_to_devnull()
        return ExitCode.CLOSED_PIPE
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except UserError as exc:  # InputError included
        return user_error(exc)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; a user error is one plain line on stderr."""
    args = sys.argv[1:] if argv is None else list(argv)
    plain = _parse(args)
    code = _fast(plain) if plain is not None else None
    if code is not None:
        return code
    from stagecheck.cli.app import main as typer_main

    return typer_main(args)


def run() -> None:
    sys.exit(main())
