"""Text from files and paths never reaches a terminal as control characters (issue 12, item 4),
and a closed pipe ends every view with 141 (item 12)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, Run
from stagecheck.exitcodes import ExitCode
from stagecheck.renderers.visible import visible, visible_copy

# a screen clear, an OSC-8 hyperlink, a bell, a C1 CSI, a right-to-left override and an isolate
HOSTILE = "\x1b[2J\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ \x07 \x9b1m \u202e \u2066"
SHOWN = (
    "\\x1b[2J\\x1b]8;;http://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\ \\x07 \\x9b1m "
    "\\u202e \\u2066"
)
# rich's own colour codes, the only escape sequences a coloured view may contain
SGR = re.compile(r"\x1b\[[0-9;]*m")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_partnership(folder: Path, name: str = "hostile.yaml") -> Path:
    """The mixed partnership with hostile text in every field a view shows: the name, a
    partner, evidence, a not-applicable reason, and the file's own name."""
    text = (DATA / "partnerships" / "mixed.yaml").read_text("utf-8")
    text = text.replace("rubric: ../rubrics/mini.yaml", f"rubric: {DATA / 'rubrics' / 'mini.yaml'}")
    quoted = json.dumps(HOSTILE)  # a YAML double-quoted string with the escapes spelt out
    text = text.replace("name: Mixed partnership", f"name: {quoted}")
    text = text.replace("{name: Hill School,", f"{{name: {quoted},")
    text = text.replace("evidence: MOU signed 2024", f"evidence: {quoted}")
    text = text.replace("not_applicable: All state schools", f"not_applicable: {quoted}")
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def assert_safe(text: str) -> None:
    found = UNSAFE.search(SGR.sub("", text))
    assert found is None, f"raw {found.group()!r} in:\n{text}"


def test_visible_escapes_every_kind_of_control_character() -> None:
    assert visible(HOSTILE) == SHOWN
    assert visible("tab\tand\nnewline") == "tab\\x09and\\x0anewline"
    assert visible("tab\tand\nnewline", layout=True) == "tab\tand\nnewline"
    shown = "\\x00\\x7f\\x85\\u202a\\u2069 café ✓ \\x1b"
    assert visible("\x00\x7f\x85\u202a\u2069 café ✓ \\x1b") == shown


def test_visible_copy_keeps_what_needs_no_escaping() -> None:
    value = ("plain", ["text"], {"a": 1})
    assert visible_copy(value) is value
    assert visible_copy(("x\x1b", ["y"])) == ("x\\x1b", ["y"])


@pytest.mark.parametrize("color", ["never", "always"])
def test_the_table_shows_escapes_not_control_characters(
    run: Run, tmp_path: Path, color: str
) -> None:
    path = hostile_partnership(tmp_path)
    result = run("assess", path, "--detail", "--color", color)
    assert result.code == ExitCode.OK, str(result)
    assert_safe(result.out)
    assert "\\x1b[2J" in SGR.sub("", result.out)


def test_the_portfolio_shows_escapes_in_names_and_file_names(run: Run, tmp_path: Path) -> None:
    hostile_partnership(tmp_path)
    hostile_partnership(tmp_path, "name\x1b[2J\u202e.yaml")
    (tmp_path / "bad\x07.yaml").write_text("partnership: [\n", "utf-8")
    result = run("assess", tmp_path)
    assert result.code == ExitCode.ERROR, str(result)
    assert_safe(result.out)
    assert_safe(result.err)
    assert "name\\x1b[2J\\u202e.yaml" in result.out
    assert "bad\\x07.yaml" in result.out


def test_explain_shows_escapes(run: Run, tmp_path: Path) -> None:
    result = run("explain", "leading", hostile_partnership(tmp_path))
    assert result.code == ExitCode.OK, str(result)
    assert_safe(result.out)
    assert "\\x1b[2J" in result.out


def test_error_messages_show_escapes(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad\x1b[2J.yaml"
    path.write_text(f"partnership:\n  name: {json.dumps(HOSTILE)}\n  bogus\x07key: 1\n", "utf-8")
    result = run("assess", path)
    assert result.code == ExitCode.ERROR
    assert_safe(result.err)
    assert "bad\\x1b[2J.yaml" in result.err


def test_machine_formats_keep_the_data_exact(run: Run, tmp_path: Path) -> None:
    path = hostile_partnership(tmp_path)
    record = json.loads(run("assess", path, "-f", "json").out)
    assert record["partnership"]["name"] == HOSTILE
    jsonl = json.loads(run("assess", path, "-f", "jsonl").out.splitlines()[-1])
    assert jsonl["partnership"]["name"] == HOSTILE
    # regression (final hostile pass): raw control characters reached the terminal through CSV;
    # it shows them as escapes, as JSON does
    text = run("assess", path, "-f", "csv").out
    assert_safe(text)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["partnership"] == visible(HOSTILE)


def test_a_closed_pipe_ends_the_table_with_141_as_it_does_json(tmp_path: Path) -> None:
    # a portfolio far larger than a pipe holds; the reader stops after the first bytes
    for i in range(400):
        hostile_partnership(tmp_path, f"p{i:03}.yaml")
    command = [sys.executable, "-m", "stagecheck", "assess", str(tmp_path), "-j", "1"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(9) == b"Portfolio"
        process.stdout.close()
        errors = process.stderr.read().decode()
        process.wait()
    assert process.returncode == ExitCode.CLOSED_PIPE, errors  # rich alone gives 1
    assert errors == ""


def test_line_separators_and_bidi_marks_are_shown_as_escapes() -> None:
    # Found by the hostile pass: U+2028 and U+2029 break a line where nothing shows one (and
    # split a report's lines for any reader using str.splitlines); LRM/RLM/ALM reorder text.
    for char in ("\u2028", "\u2029", "\u200e", "\u200f", "\u061c"):
        assert visible(f"a{char}b") == f"a\\u{ord(char):04x}b"
        assert visible(f"a{char}b", layout=True) == f"a\\u{ord(char):04x}b"
    assert visible("Zoë — “quoted”") == "Zoë — “quoted”"  # ordinary text untouched
