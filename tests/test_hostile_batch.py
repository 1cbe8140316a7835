"""Hostile pass on the batch reader, --combine and evidence (issues 11 and 14): each test here
failed before its fix."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, Run
from stagecheck.exitcodes import ExitCode
from test_evidence import write
from test_jsonl_lean import rebuilt, same


def test_a_link_with_a_password_in_it_is_refused_not_shown_in_every_report(
    run: Run, tmp_path: Path
) -> None:
    for link in ("https://head:secret@example.org/mou", " HTTPS://token@example.org/"):
        piece = f"{{kind: documented, note: x, link: '{link}'}}"
        path = write(tmp_path, f"  people:\n    mou: {{answer: yes, evidence: [{piece}]}}\n")
        result = run("assess", path)
        assert result.code == ExitCode.ERROR, str(result)
        assert f"{path}:8:" in result.err and "user name or password" in result.err
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


# --- a batch (the fast reader) and one file (the loader) agree --------------------------------

# what a hand edit or another tool writes into a partnership file (issue 11's brief)
EDITS = [
    " #c", "#c", ' "b#c"', " b#c", "  ", ":", ": ", "- ", "- - x", "? ", "!t ", "!!str ", "&a ",
    "*a", "|+", ">2", "|", ">-", "\u2028", "\u0085", "\u00a0", "\ufeff", "x" * 3000, "...",
    "---", "1", "true", "null", "~", "'", '"', "[", "]", "{", "}", ", ", "[a, b]", "{a: b}",
    "%", "@", "`", "\\", "é", "\U0001f600", "\u200b", "=", "<<",
]  # fmt: skip
# whole lines: a key at another depth (a duplicate, a number, a boolean), markers, blocks
LINES = [
    "", "# a comment", "  # indented comment", "rubric: four-stages", "2024: x", "true: y",
    "null: z", "...", "---", "  answer: yes", "    - x", "- x", "? key", ": value",
    "  summary: |+", "  summary: >2", "    more text", "partnership:", "key:value",
    "  evidence: [{kind: documented, note: n, link: missing.pdf}]", "\ufeffa: b",
]  # fmt: skip
EXAMPLE_TEXTS = [
    p.read_text(encoding="utf-8")
    for p in sorted([*(ROOT / "examples").glob("*.yaml"), *RESPONDENTS.glob("*.yaml")])
]


@st.composite
def edited(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(EXAMPLE_TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        how = draw(
            st.sampled_from(
                ["insert", "line", "indent", "dedent", "trail", "join", "quote", "quote"]
            )
        )
        line = lines[at]
        if how == "insert":
            pos = draw(st.one_of(st.just(len(line)), st.integers(0, len(line))))  # often last
            lines[at] = line[:pos] + draw(st.sampled_from(EDITS)) + line[pos:]
        elif how == "line":
            lines.insert(at, draw(st.sampled_from(LINES)))
        elif how == "indent":
            lines[at] = " " * draw(st.integers(1, 2)) + line
        elif how == "dedent":
            lines[at] = line[1:]
        elif how == "trail":
            lines[at] = line + " " * draw(st.integers(1, 3))
        elif how == "quote":  # a value re-quoted: `'it''s'`, `"a: b"`
            m = re.match(r"( *(?:- )?[A-Za-z_]+: )(.+)$", line)
            if m is not None:
                value = m[2].strip("\"'") + draw(
                    st.sampled_from(["", " it's", " it's", " a: b", " #x"])
                )
                quote = draw(st.sampled_from(["'", '"']))
                value = value.replace("'", "''") if quote == "'" else value.replace('"', "")
                lines[at] = f"{m[1]}{quote}{value}{quote}"
        else:
            lines[at : at + 2] = [" ".join(lines[at : at + 2])]
    return "\n".join(lines)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(text=edited())
def test_a_batch_and_one_file_give_the_same_stages_and_errors(
    run: Run, tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    folder = tmp_path_factory.mktemp("batch")
    path = folder / "p.yaml"
    path.write_bytes(text.encode("utf-8"))
    batch = run("assess", folder, "-f", "jsonl")
    single = run("assess", path, "-f", "json")
    rows = [json.loads(line) for line in batch.out.split("\n") if line]
    records = [r for r in rows if r.get("type") == "assessment"]
    if records:
        assert single.code == batch.code == ExitCode.OK, str(single)
        rubric = next(r for r in rows if r.get("type") == "rubric")
        # the lean line and its rubric line rebuild the one file's whole record (README rules)
        assert same(rebuilt(rubric, records[0]), json.loads(single.out)), text
    else:
        assert single.code == batch.code == ExitCode.ERROR, (text, str(single), str(batch))
        first = batch.err.split("\n")[0]
        assert re.sub(r" \(and \d+ more problems?\)$", "", first) == single.err.split("\n")[0]


def test_files_sharing_an_id_under_different_names_are_combined_with_a_note(
    run: Run, tmp_path: Path
) -> None:
    """A copied partnership id joins two partnerships: the report says so, naming both."""
    shutil.copy(RESPONDENTS / "dockside-high.yaml", tmp_path / "a.yaml")
    other = (RESPONDENTS / "quayside-academy.yaml").read_text(encoding="utf-8")
    other = other.replace("name: Harbourside Reading Partnership", "name: Quayside Maths Club")
    (tmp_path / "b.yaml").write_text(other, encoding="utf-8")
    result = run("assess", tmp_path, "--combine", "-f", "json")
    assert result.code == ExitCode.OK, str(result)
    notes = json.loads(result.out)["notes"]
    assert len(notes) == 1 and "'harbourside-reading' but name it differently" in notes[0]
    assert "'Quayside Maths Club' in " in notes[0] and str(tmp_path / "b.yaml") in notes[0]
    # the same name in another case or spacing is the same name
    other = other.replace("name: Quayside Maths Club", "name: harbourside  reading partnership")
    (tmp_path / "b.yaml").write_text(other, encoding="utf-8")
    assert json.loads(run("assess", tmp_path, "--combine", "-f", "json").out)["notes"] == []


def test_a_broken_link_and_a_link_loop_are_said_alike_for_one_file_and_a_folder(
    run: Run, tmp_path: Path
) -> None:
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    folder = run("assess", tmp_path).err
    for name, said in [
        ("gone.yaml", "is a broken symbolic link; its target does not exist: fix the link"),
        ("a.yaml", "is a symbolic link that leads back to itself (a loop); fix the link"),
    ]:
        alone = run("assess", tmp_path / name)
        assert alone.code == ExitCode.ERROR
        assert alone.err.startswith(f"{tmp_path / name}: {said}"), str(alone)
        assert f"{tmp_path / name}: {said}" in folder
        assert "permissions" not in alone.err


def test_the_same_respondent_with_accents_encoded_apart_is_refused(
    run: Run, tmp_path: Path
) -> None:
    """ "Zoë" typed (one character) and pasted (e and a combining diaeresis) look the same."""
    for name, zoe in [("a.yaml", "Zo\u00eb Shah"), ("b.yaml", "Zoe\u0308 Shah")]:
        text = (RESPONDENTS / "dockside-high.yaml").read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace("Mira Shah", zoe), encoding="utf-8")
    result = run("assess", tmp_path / "a.yaml", tmp_path / "b.yaml", "--combine")
    assert result.code == ExitCode.ERROR, str(result)
    assert "answers twice" in result.err


def test_a_batch_says_an_evidence_link_not_found_as_one_file_does(run: Run, tmp_path: Path) -> None:
    first = (RESPONDENTS / "dockside-high.yaml").read_text(encoding="utf-8")
    evidence = "[{kind: documented, note: JD, link: missing.pdf}]"
    first = first.replace(
        "lead_role: partnerships_coordinator",
        f"lead_role: {{answer: partnerships_coordinator, evidence: {evidence}}}",
    )
    (tmp_path / "a.yaml").write_text(first, encoding="utf-8")
    shutil.copy(RESPONDENTS / "quayside-academy.yaml", tmp_path / "b.yaml")
    shutil.copy(ROOT / "examples" / "regional-hub.yaml", tmp_path / "c.yaml")
    alone = run("assess", tmp_path / "a.yaml")
    warning = next(line for line in alone.err.split("\n") if "missing.pdf" in line)
    assert warning.startswith(f"stagecheck: warning: {tmp_path / 'a.yaml'}:36:")
    for how in ([], ["-f", "csv"], ["-j", "2"], ["--combine"]):  # --combine: 2 partnerships
        batch = run("assess", tmp_path, *how)
        assert batch.code == ExitCode.OK, str(batch)
        assert batch.err.count(warning) == 1, (how, str(batch))
