"""Help and option errors are plain and uniform on every command (issue 12, item 13)."""

from __future__ import annotations

import re

import pytest

from conftest import Run
from stagecheck.cli.app import app
from stagecheck.exitcodes import ExitCode


def commands() -> list[tuple[str, ...]]:
    import typer.main

    root = typer.main.get_command(app)
    found: list[tuple[str, ...]] = [()]

    def walk(group: object, prefix: tuple[str, ...]) -> None:
        for name, sub in getattr(group, "commands", {}).items():
            found.append((*prefix, name))
            walk(sub, (*prefix, name))

    walk(root, ())
    return found


COMMANDS = commands()


def test_every_command_is_reached() -> None:
    assert ("assess",) in COMMANDS and ("rubric", "diff") in COMMANDS and len(COMMANDS) >= 11


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "stagecheck")
def test_help_names_what_to_type_never_a_python_type(run: Run, command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.code == ExitCode.OK, str(result)
    assert not re.search(r"<[\w\[\]|, .-]*>", result.out), result.out  # <list[Path]>, <str>, ...
    assert not re.search(r"\{[a-z]+\}", result.out), result.out  # {path}: an internal name
    for line in result.out.splitlines():  # the rubric option reads the same everywhere
        if line.lstrip().startswith(("-r,", "--rubric")):  # the option, not a mention of it
            assert "-r, --rubric RUBRIC" in line, line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("assess", "x.yaml", "-f", "pdf"),
            "stagecheck: --format 'pdf' is not one of table, json, jsonl, csv, markdown, html, "
            "docx; see 'stagecheck assess --help'\n",
        ),
        (
            ("rubric", "check", "-f", "xml"),
            "stagecheck: --format 'xml' is not one of auto, human, concise, github, json; "
            "see 'stagecheck rubric check --help'\n",
        ),
        (
            ("schema", "table"),
            "stagecheck: KIND 'table' is not one of partnership, rubric; "
            "see 'stagecheck schema --help'\n",
        ),
        (
            ("assess", "x.yaml", "-j", "0"),
            "stagecheck: --jobs '0' is too small: give 1 or more; see 'stagecheck assess --help'\n",
        ),
        (
            ("assess", "x.yaml", "-j", "two"),
            "stagecheck: --jobs 'two' is not a whole number; see 'stagecheck assess --help'\n",
        ),
        (("assess",), "stagecheck: missing argument 'PATH'; see 'stagecheck assess --help'\n"),
    ],
)
def test_a_bad_option_value_is_one_plain_sentence(
    run: Run, args: tuple[str, ...], message: str
) -> None:
    result = run(*args)
    assert result.code == ExitCode.ERROR
    assert result.err == message
    assert result.out == ""
