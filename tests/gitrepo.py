"""A git repository made inside a test: files written and committed on fixed dates, so that
what the history and compare commands print is the same on every run."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import MINI

PARTNERSHIP = """\
rubric: rubric.yaml
partnership:
  name: {name}
  partners:
    - {{name: Hill School, sector: independent}}
    - {{name: Vale Academy, sector: academy}}
{assessed}answers:
  people:
    lead: {lead}
    mou:
      answer: {mou}
      evidence: {evidence}
    goals: yes
  money:
    funders: [trust]
    staff: {staff}
    fee_income:
      not_applicable: All state schools
"""


SHARED_GOALS = """\
      - stages: [high]
        descriptor: Cohesive and signed
        sources: [table]
        criteria:
          - id: coherence.signed
            text: The goals are signed by every partner
            when: {question: mou, is: yes}
            sources: [table]
            advice: {step: Sign the goals., effort: low, owner: partnership lead, sources: [table]}
"""


def partnership(
    *,
    lead: str = "senior",
    mou: str = "yes",
    evidence: str = "MOU signed 2024",
    staff: int = 3,
    name: str = "Hill and Vale",
    assessed: str | None = None,
) -> str:
    when = f"assessed:\n  date: {assessed}\n" if assessed else ""
    return PARTNERSHIP.format(
        name=name, lead=lead, mou=mou, evidence=evidence, staff=staff, assessed=when
    )


def git() -> str:
    found = shutil.which("git")
    if found is None:
        pytest.skip("git is not installed")
    return found


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "test@example.org")
        self.git("config", "user.name", "Test")
        self.git("config", "commit.gpgsign", "false")
        shutil.copy(MINI, root / "rubric.yaml")

    def git(self, *args: str, date: str = "2024-01-01T12:00:00+00:00") -> str:
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        done = subprocess.run(
            [git(), *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def bump_rubric(self, version: str) -> None:
        path = self.root / "rubric.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('version: "0.1"', f'version: "{version}"'), "utf-8")

    def split_coherence(self, version: str = "0.0") -> None:
        """The rubric as a version that gave Coherence a cell for each of mid and high, where
        the mini rubric merges them (one cell for stages 2-3); high needs a signed MOU too."""
        path = self.root / "rubric.yaml"
        text = path.read_text(encoding="utf-8")
        text = text.replace('version: "0.1"', f'version: "{version}"')
        text = text.replace(
            "      - stages: [mid, high]\n        descriptor: Cohesive\n"
            "        note: The source gives one cell for mid and high.\n",
            "      - stages: [mid]\n        descriptor: Cohesive\n",
        )
        text = text.replace("  - id: finance\n", SHARED_GOALS + "  - id: finance\n")
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, date: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=f"{date}T12:00:00+00:00")
        return self.git("rev-parse", "HEAD").strip()
