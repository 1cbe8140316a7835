"""Hostile pass on the batch reader, --combine and evidence (issues 11 and 14): each test here
failed before its fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOT, Run
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


RESPONDENTS = ROOT / "examples" / "respondents"


def test_combined_evidence_as_answered_is_the_same_with_and_without_a_minimum(
    run: Run, tmp_path: Path
) -> None:
    """Two respondents at one stage of leadership, the first on documents: without a minimum
    the rule picks the first's leadership, with one the second's (the first's stands). The
    share of met criteria resting on assertion describes the answers, not the minimum."""
    first = (RESPONDENTS / "dockside-high.yaml").read_text(encoding="utf-8")
    for plain, documented in [
        ("lead_role: partnerships_coordinator", "partnerships_coordinator"),
        ("head_directs: yes", "yes"),
    ]:
        key = plain.split(":")[0]
        evidence = "[{kind: documented, note: Minutes}]"
        first = first.replace(plain, f"{key}: {{answer: {documented}, evidence: {evidence}}}")
    (tmp_path / "a.yaml").write_text(first, encoding="utf-8")
    shutil.copy(RESPONDENTS / "quayside-academy.yaml", tmp_path / "b.yaml")
    shares = []
    for minimum in ([], ["--min-evidence", "documented"]):
        result = run("assess", tmp_path, "--combine", "-f", "json", *minimum)
        assert result.code == ExitCode.OK, str(result)
        evidence = json.loads(result.out)["combined"]["evidence"]
        shares.append((evidence["met"], evidence["asserted"], evidence["asserted_share"]))
    assert shares[0] == shares[1] == (14, 12, 0.86)
