"""The comment `interview --as` writes at the top of a respondent's file gives the command the
README gives, and that command combines the partnership's file with every respondent's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, Run
from stagecheck.exitcodes import ExitCode

COMMAND = "stagecheck assess partnership.yaml partnership.*.yaml --combine"


def test_the_started_files_comment_gives_the_readmes_command_and_it_combines_everyone(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "partnership.yaml"
    shutil.copy(ROOT / "examples" / "regional-hub.yaml", source)
    for who in ("Tom Reed", "Ana Patel"):
        typed = iter(["2", "", "quit"])
        monkeypatch.setattr("builtins.input", lambda prompt="", typed=typed: next(typed))
        assert run("interview", source, "--as", who).code == ExitCode.OK
    head = (tmp_path / "partnership.tom-reed.yaml").read_text("utf-8").split("\nrubric:")[0]
    assert f"#   {COMMAND}" in head.splitlines()
    assert f"`{COMMAND}`" in " ".join((ROOT / "README.md").read_text("utf-8").split())
    monkeypatch.chdir(tmp_path)
    files = ["partnership.yaml", *sorted(p.name for p in tmp_path.glob("partnership.*.yaml"))]
    combined = run("assess", *files, "--combine")
    assert combined.code == ExitCode.OK, str(combined)
    said = " ".join(combined.out.split())
    # both started files are read; they quit before answering, so they are left out for now
    assert "Tom Reed has not answered yet: left out of the combination" in said
    assert "Ana Patel has not answered yet: left out of the combination" in said
    assert "1 respondent combined" in said
