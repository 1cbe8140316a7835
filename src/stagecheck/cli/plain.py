"""Typer, made plain for the people who use stagecheck, in one place:

- help names what to type (`PATH`, `RUBRIC`, `[table|json|...]`), never a Python type
  (`<list[Path]>`, `<str>`): every command's parameters get the display below;
- a bad option value is one sentence naming the allowed values, without the validation
  library's wording ("Value error, ...");
- a reader that goes away (`stagecheck ... | head`) ends any command with exit 141, where
  Typer itself would exit 1 (the code of "below a gate").
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from stagecheck.cli.streams import err, out, stdout_to_devnull
from stagecheck.exitcodes import ExitCode

__all__ = [
    "ForceOption",
    "InitRubricOption",
    "OutputOption",
    "PlainGroup",
    "RubricOption",
    "err",
    "out",
    "usage_message",
]


def _choices(param: TyperArgument | TyperOption) -> list[str]:
    return [str(getattr(c, "value", c)) for c in param.type_descriptor.choices or ()]


class _PlainArgument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        choices = _choices(self)
        return "[" + "|".join(choices) + "]" if choices else None  # the metavar says the rest


class _PlainOption(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        if self.metavar is not None:
            return self.metavar
        choices = _choices(self)
        return "[" + "|".join(choices) + "]" if choices else (self.name or "value").upper()


def _plain(command: Any) -> None:
    for param in getattr(command, "params", []):
        # same object, plain display: Typer builds its parameters itself and takes no class
        if type(param) is TyperArgument:
            param.__class__ = _PlainArgument
        elif type(param) is TyperOption:
            param.__class__ = _PlainOption
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            _plain(sub)


class PlainGroup(TyperGroup):
    """The group class of `stagecheck` and `stagecheck rubric`."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        _plain(self)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            stdout_to_devnull()
            raise typer.Exit(ExitCode.CLOSED_PIPE) from None


def usage_message(exc: Any) -> str:
    """A usage error of the command line (a Typer/Click `UsageError`) as one plain sentence:
    what is wrong, and where to read more."""
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "stagecheck"
    see = f"; see '{command} --help'"
    param = getattr(exc, "param", None)
    cause = exc.__cause__
    if param is not None and cause is not None and hasattr(cause, "errors"):
        if isinstance(param, TyperOption):
            name = max(param.opts, key=len)
        else:
            name = param.metavar or str(param.name).upper()
        error = cause.errors()[0]
        value = error.get("input")
        choices = _choices(param)
        if choices:
            return f"{name} '{value}' is not one of {', '.join(choices)}{see}"
        limits = error.get("ctx") or {}
        if "ge" in limits:
            return f"{name} '{value}' is too small: give {limits['ge']} or more{see}"
        if error.get("type") == "int_parsing":
            return f"{name} '{value}' is not a whole number{see}"
        message = str(error.get("msg", "")).removeprefix("Value error, ").rstrip(".")
        return f"{name} '{value}': {message}{see}"
    option = getattr(exc, "option_name", None)
    if option is not None and hasattr(
        exc, "possibilities"
    ):  # an unknown option: say the nearest, not every one that starts alike
        from stagecheck.core.words import did_you_mean

        return f"no such option {option}{did_you_mean(option, exc.possibilities or [])}{see}"
    message = exc.format_message().rstrip(".")
    return f"{message[:1].lower()}{message[1:]}{see}"


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the output to FILE (atomically) instead of stdout.",
        metavar="FILE",
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Let --output replace a file.")]

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

InitRubricOption = Annotated[  # `init` makes the file: it has no `rubric:` key to default to
    str | None,
    typer.Option(
        "--rubric",
        "-r",
        metavar="RUBRIC",
        help="The rubric whose questions the new file holds: a bundled rubric id "
        "(four-stages) or a rubric file. Default: four-stages. The file's `rubric:` key "
        "names it.",
    ),
]


def program() -> str:
    """How to type this program again: `stagecheck` where that name finds it, else the path it
    was run by (`.venv/bin/stagecheck`), so a suggested command is never "command not found"."""
    import shutil
    from pathlib import Path

    ran = sys.argv[0] if sys.argv and Path(sys.argv[0]).name == "stagecheck" else ""
    if not ran:
        return "stagecheck"
    found = shutil.which("stagecheck")
    if found and Path(found).resolve() == Path(ran).resolve():
        return "stagecheck"
    relative = os.path.relpath(ran)
    return relative if not relative.startswith("..") else str(Path(ran).absolute())
