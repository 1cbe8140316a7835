"""Hostile pass on the batch reader, --combine and evidence (issues 11 and 14): each test here
failed before its fix."""

from __future__ import annotations

from pathlib import Path

from conftest import Run
from stagecheck.exitcodes import ExitCode
from test_evidence import write


def test_a_link_with_a_password_in_it_is_refused_not_shown_in_every_report(
    run: Run, tmp_path: Path
) -> None:
    piece = "{kind: documented, note: x, link: 'https://head:secret@example.org/mou'}"
    path = write(tmp_path, f"  people:\n    mou: {{answer: yes, evidence: [{piece}]}}\n")
    result = run("assess", path)
    assert result.code == ExitCode.ERROR, str(result)
    assert f"{path}:" in result.err and "user name or password" in result.err
    assert result.out == ""
    # an '@' in the path of an address is no password
    piece = "{kind: documented, note: x, link: 'https://example.org/a@b'}"
    path = write(tmp_path, f"  people:\n    mou: {{answer: yes, evidence: [{piece}]}}\n")
    assert run("assess", path).code == ExitCode.OK
