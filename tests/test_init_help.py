"""`init --help` says what --rubric defaults to for a file that does not exist yet; the other
commands keep the shared wording (the file's own `rubric:` key)."""

from __future__ import annotations

from conftest import Run


def rubric_help(run: Run, command: str) -> str:
    result = run(command, "--help")
    block = result.out.split("--rubric", 1)[1].split("\n  -", 1)[0]
    return " ".join(block.split())


def test_init_says_its_own_default_for_rubric(run: Run) -> None:
    said = rubric_help(run, "init")
    assert "Default: four-stages." in said
    assert "the file's own" not in said


def test_the_other_commands_keep_the_files_own_rubric_key(run: Run) -> None:
    for command in ("assess", "interview"):
        assert "Default: the file's own `rubric:` key" in rubric_help(run, command), command
