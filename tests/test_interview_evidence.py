"""The interview asks how strong a piece of evidence is (after a note only) and, for a kind
above asserted, its link; the file holds `{kind, note, link}` where they are given and the plain
note otherwise, so a file made through the interview is not all "asserted"."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import MINI, ROOT, Run
from stagecheck.api import assess
from stagecheck.authoring.evidence import KIND, read_kind
from stagecheck.core import loader
from stagecheck.exitcodes import ExitCode
from test_interview import ABOUT, ABOUT_END, Keyboard


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Any:
    def script(*lines: str) -> None:
        monkeypatch.setattr("sys.stdin", Keyboard(list(lines)))

    return script


def people(path: Path) -> Any:
    return loader.load(path).data["answers"]["people"]


def test_the_kind_and_link_are_asked_after_a_note_and_saved_with_it(
    run: Run, typed: Any, tmp_path: Path
) -> None:
    target = tmp_path / "ours.yaml"
    typed(
        *ABOUT,
        *ABOUT_END,
        "3",  # lead: the head
        "Minutes of 3 May",
        "D",  # documented, by its first letter
        "docs/minutes.pdf",  # not there (yet): a warning, and kept
        "yes",  # mou
        "MOU signed by the three heads",
        "dokumented",  # not a kind: did you mean, asked again
        "meas",  # nor the start of one
        "measured",
        "javascript:alert(1)",  # not a link: asked again
        "https://example.org/mou",
        "yes",  # goals
        "",  # no note: no kind asked
        "quit",
    )
    result = run("interview", target, "--rubric", MINI)
    assert result.code == ExitCode.OK, str(result)
    out = result.out
    assert out.count(KIND) == 4  # lead, mou and mou twice again; never for goals
    assert "'dokumented' is not a kind of evidence (did you mean 'documented'?)" in out
    assert "'meas' is not a kind of evidence (did you mean 'measured'?)" in out
    assert f"Warning: evidence link 'docs/minutes.pdf' is not found beside {target}" in out
    assert "'javascript:alert(1)' cannot be a link: a link is a path" in out
    assert "'https://example.org/mou'" not in out  # an address is never checked
    assert people(target) == {
        "lead": {
            "answer": "head",
            "evidence": [
                {"kind": "documented", "note": "Minutes of 3 May", "link": "docs/minutes.pdf"}
            ],
        },
        "mou": {
            "answer": "yes",
            "evidence": [
                {
                    "kind": "measured",
                    "note": "MOU signed by the three heads",
                    "link": "https://example.org/mou",
                }
            ],
        },
        "goals": "yes",
    }
    record = assess(target)
    assert [w.split(": ", 2)[1] for w in record.warnings] == [
        "answers.people.lead.evidence[0].link"
    ]
    assert record.evidence is not None and record.evidence.asserted < record.evidence.met
    kept = assess(target, min_evidence="documented")
    assert kept.evidence is not None
    assert kept.evidence.set_aside == ["coherence.goals"]  # only the answer given no evidence


def test_a_link_to_a_file_that_is_there_gets_no_warning_and_asserted_asks_no_link(
    run: Run, typed: Any, tmp_path: Path
) -> None:
    target = tmp_path / "ours.yaml"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "mou.pdf").write_bytes(b"%PDF")
    typed(*ABOUT, *ABOUT_END, "3", "Head's letter", "i", "docs/mou.pdf", "yes", "Said so", "a")
    result = run("interview", target, "--rubric", MINI)
    assert "Warning" not in result.out, str(result)
    assert result.out.count("A link to it") == 1  # not for the asserted one
    lead = {"kind": "independent", "note": "Head's letter", "link": "docs/mou.pdf"}
    assert people(target)["lead"]["evidence"] == [lead]
    assert people(target)["mou"] == {"answer": "yes", "evidence": ["Said so"]}


def test_evidence_already_in_the_file_is_kept_whatever_its_form(
    run: Run, typed: Any, tmp_path: Path
) -> None:
    # regression: a single `{kind, note}` mapping already there was dropped by a new note
    target = tmp_path / "ours.yaml"
    target.write_text(
        "partnership: {name: X, partners: [{name: A, sector: state}]}\n"
        "answers:\n  people:\n    lead:\n      answer:\n"
        "      evidence: {kind: documented, note: Governors' minutes}\n",
        encoding="utf-8",
    )
    typed("3", "Staff list", "", "quit")
    assert run("interview", target, "--rubric", MINI).code == ExitCode.OK
    assert people(target)["lead"] == {
        "answer": "head",
        "evidence": [{"kind": "documented", "note": "Governors' minutes"}, "Staff list"],
    }


def test_a_respondents_file_gets_the_kind_and_link_too(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "partnership.yaml"
    shutil.copy(sorted((ROOT / "examples" / "respondents").glob("*.yaml"))[1], source)
    answers = iter(["2", "", "2", "Board minutes", "d", "https://example.org/b"])

    def keyboard(prompt: str = "") -> str:
        line = next(answers, None)
        if line is None:
            raise EOFError
        return line

    monkeypatch.setattr("builtins.input", keyboard)
    result = run("interview", source, "--as", "Tom Reed")
    assert result.code == ExitCode.INTERRUPTED, str(result)
    assert "Stopped. Every answer you gave is saved" in result.out
    answers_of = loader.load(tmp_path / "partnership.tom-reed.yaml").data["answers"]
    (given,) = (a for group in answers_of.values() for a in group.values())
    assert given["evidence"] == [
        {"kind": "documented", "note": "Board minutes", "link": "https://example.org/b"}
    ]


@pytest.mark.parametrize(
    ("typed_kind", "kind"),
    [("a", "asserted"), ("D", "documented"), (" Measured ", "measured"), ("i", "independent")],
)
def test_a_kind_is_its_word_or_its_first_letter(typed_kind: str, kind: str) -> None:
    assert read_kind(typed_kind) == kind
    assert read_kind("x") is None and read_kind("doc") is None
