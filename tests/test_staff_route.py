"""The route a member of school staff takes, end to end (issue 16, item 5): the README's top
block, run as written (after its set-up line) in a real terminal: a pseudo-terminal drives the
interview with scripted answers, then the report is where it said, the Word report reads back,
and the HTML carries its print stylesheet.

The set-up line (a fresh venv and `pip install`) is too slow for the suite; the test runs the
block's other lines with the stagecheck this suite runs on, in place of `.venv/bin/stagecheck`
when the clone has no `.venv` of its own. `bench/print_check.py` prints the HTML to PDF in
headless Chromium (not part of the suite).
"""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from test_readme import README, sections, shell_lines

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def block() -> list[str]:
    return shell_lines(sections(README)["Start here: your partnership's report"])


def as_run_here(line: str) -> str:
    """A README line, with the stagecheck of this environment where the clone has no .venv."""
    if (ROOT / ".venv" / "bin" / "stagecheck").exists():
        return line
    return line.replace(".venv/bin/stagecheck", str(Path(sys.executable).parent / "stagecheck"))


class Terminal:
    """A program in a pseudo-terminal: read what it shows, type a line."""

    def __init__(self, command: str, env: dict[str, str]) -> None:
        import pty
        import termios

        self.master, slave = pty.openpty()
        mode = termios.tcgetattr(slave)
        mode[3] &= ~termios.ECHO  # what is typed is not shown back: only the program's output
        termios.tcsetattr(slave, termios.TCSANOW, mode)
        self.process = subprocess.Popen(
            ["bash", "-c", command],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.raw = ""

    @property
    def shown(self) -> str:
        return self.raw.replace("\r\n", "\n")

    def read_until_prompt(self, timeout: float = 30) -> str:
        """What is shown until the program waits for a line (a prompt, then quiet) or ends."""
        start, first = len(self.shown), len(self.raw)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            waiting = re.search(r"(> |: |\? )$", self.raw[first:]) is not None
            ready, _, _ = select.select([self.master], [], [], 0.05 if waiting else 0.5)
            if not ready:
                if waiting or self.process.poll() is not None:
                    return self.shown[start:]
                continue
            try:
                chunk = os.read(self.master, 65536).decode("utf-8", "replace")
            except OSError:  # the program ended
                return self.shown[start:]
            if not chunk:
                return self.shown[start:]
            self.raw += chunk
        raise AssertionError("no prompt in time; shown:\n" + self.shown[-3000:])

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())


def reply(screen: str) -> str:
    """What a deputy head types at this point of the interview."""
    if screen.endswith("What is the partnership called? "):
        return "Hillcrest Learning Partnership"
    if screen.endswith("Partner 1, its name: "):
        return "Hillcrest School"
    if "Which sector is" in screen and "2. A state school" in screen:
        return "2"
    last = screen.splitlines()[-1] if screen.strip() else ""
    if "Its phase" in last:
        return "secondary"
    if "role of its lead contact" in last:
        return "Deputy Head"
    if screen.endswith("Partner 2, its name: ") or "Evidence for this answer" in screen[-120:]:
        return ""
    if "cannot be chosen together" in screen:
        return "1"  # told why, the user chooses again
    asked = screen.rsplit("[", 1)[-1]
    if "review what its impact evidence shows" in asked:
        return "no"  # so that the follow-up on pupils' views is moot
    if "Type yes or no." in asked:
        return "yes"
    if "Type the numbers that apply" in asked:
        return "1, 5" if "Reputation or public-benefit reporting only" in asked else "1, 2"
    if "Type a number from 1 to" in asked:
        return "1"
    if "Type a whole number" in asked:
        return "at least 2"
    return ""  # a date, or anything else: left for later


def test_the_readme_route_from_the_top_block_to_the_reports(tmp_path: Path) -> None:
    lines = block()
    setup, folder, interview = lines[1], lines[2], lines[3]
    assert setup.startswith("python3 -m venv .venv")  # the one line not run here (too slow)
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "TERM": "dumb",
        "NO_COLOR": "1",
        "COLUMNS": "100",
    }
    subprocess.run(["bash", "-c", folder], check=True, cwd=ROOT, env=env)
    terminal = Terminal(as_run_here(interview), env)
    screen = ""
    for _ in range(400):
        screen += terminal.read_until_prompt()
        if terminal.process.poll() is not None:
            break
        if not screen.strip():
            continue  # nothing new yet
        terminal.type(reply(screen))
        screen = ""
    terminal.process.wait(timeout=30)
    shown = terminal.shown
    assert terminal.process.returncode == 0, shown[-3000:]
    assert "command not found" not in shown

    answers = tmp_path / "partnership" / "partnership.yaml"
    page = tmp_path / "partnership" / "partnership.html"
    flat = " ".join(shown.split())
    assert f"The report is in {page}, beside your answers." in flat
    assert "Open it in your web browser: double-click it in your file manager" in flat
    assert page.is_file() and "@media print" in page.read_text(encoding="utf-8")
    saved = yaml.safe_load(answers.read_text(encoding="utf-8"))
    voice = saved["answers"]["impact_and_review"]["learner_voice"]
    assert "not_applicable" in voice  # moot after "no review", and the file says why
    assert "(alumni_donor_comms)" not in shown and "not_applicable" not in shown
    assert "cannot be chosen together with other answers" in flat
    assert saved["answers"]["partners_and_reciprocity"]["lead_school_gains"] == [
        "staff_development"
    ]

    # the README's Word line, as written
    word_line = next(line for line in shell_lines(README) if line.endswith("report.docx"))
    done = subprocess.run(
        ["bash", "-c", as_run_here(word_line)],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    import docx

    report = docx.Document(io.BytesIO((tmp_path / "partnership" / "report.docx").read_bytes()))
    text = "\n".join(p.text for p in report.paragraphs)
    assert report.paragraphs[0].text == "Hillcrest Learning Partnership"
    assert "Overall stage: " in text and "Action plan" in text
    assert report.tables[-1].rows[0].cells[0].text == "Step"
