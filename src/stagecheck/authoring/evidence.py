"""The interview's evidence step, after an answer: a note, then (only if a note is given) its
kind, and for a kind stronger than asserted a link. The file holds a plain note where no more
is given, and `{kind, note, link}` where it is (README "Evidence strength").

Each part is saved as soon as it is typed, so stopping at any prompt keeps what was given: a
note whose kind was not asked yet is a plain note, which is what Enter at the kind would give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic_core import PydanticCustomError

from stagecheck.authoring.prompts import ANSWER_LIKE, NotApplicable, Value
from stagecheck.authoring.yamledit import Data
from stagecheck.core.answers import (
    detailed_form,
    read_link,  # the reader that checks files
)
from stagecheck.core.links import WEB
from stagecheck.core.outcome import ASSERTED, KINDS
from stagecheck.core.rubric import Question
from stagecheck.core.validation import message
from stagecheck.core.words import did_you_mean, quoted

if TYPE_CHECKING:
    from stagecheck.authoring.interview import Interview

NOTE = "Evidence for this answer: what shows it, e.g. the MOU of June 2024 (Enter for none): "
KIND = "Its kind: asserted, documented, measured or independent? (a/d/m/i; Enter for asserted) "


def read_kind(text: str) -> str | None:
    """The kind typed (a whole word or its first letter, any case), or None."""
    word = text.strip().casefold()
    return next((k for k in KINDS if word in (k, k[0])), None)


def ask_evidence(interview: Interview, q: Question, answer: NotApplicable | Value) -> None:
    """Ask for evidence of the answer just saved, and save each part as it is given."""
    note = _note(interview, answer)
    if note is None:
        return
    place = ("answers", q.group, q.id)
    raw = interview.raw(q)
    detailed = isinstance(raw, dict) and detailed_form(q, raw)
    earlier = _pieces(raw.get("evidence")) if isinstance(raw, dict) and detailed else []

    def keep(piece: Data) -> None:
        if detailed:
            interview.save((*place, "evidence"), [*earlier, piece])
        else:  # a plain answer becomes `{answer, evidence}`
            assert isinstance(answer, Value)  # not applicable is always a mapping
            interview.save(place, {"answer": answer.value, "evidence": [*earlier, piece]})

    keep(note)
    kind = _kind(interview)
    if kind == ASSERTED:
        return
    keep({"kind": kind, "note": note})
    link = _link(interview)
    if link is not None:
        keep({"kind": kind, "note": note, "link": link})


def _note(interview: Interview, answer: NotApplicable | Value) -> str | None:
    """A note, or None. A bare yes, no or number here is most likely a second answer to the
    question, not evidence: it is asked again."""
    shown = "not applicable" if isinstance(answer, NotApplicable) else _shown(answer.value)
    while True:
        text = interview.optional_text(NOTE)
        if text is None or not ANSWER_LIKE.match(text):
            return text
        interview.say(
            f"  '{text}' looks like an answer, not evidence; the answer is saved as "
            f"{shown}. Describe the evidence in words (e.g. minutes of 3 May), or press "
            "Enter for none."
        )


def _kind(interview: Interview) -> str:
    while True:
        text = interview.optional_text(KIND)
        if text is None:
            return ASSERTED
        kind = read_kind(text)
        if kind is not None:
            return kind
        word = text.strip().casefold()
        begun = [k for k in KINDS if k.startswith(word)]  # "doc": did you mean documented?
        hint = f" (did you mean '{begun[0]}'?)" if len(begun) == 1 else did_you_mean(word, KINDS)
        interview.say(
            f"  {quoted(text)} is not a kind of evidence{hint}; type a, d, m or i, or press "
            "Enter for asserted."
        )


def _link(interview: Interview) -> str | None:
    """A path beside the file, or an http(s) address; a path to nothing is kept, with a
    warning (as `assess` gives)."""
    prompt = (
        f"A link to it: a path beside {interview.path.name} (e.g. docs/mou.pdf) or an http(s) "
        "address (Enter for none): "
    )
    while True:
        text = interview.optional_text(prompt)
        if text is None:
            return None
        try:
            link = read_link(text)
        except PydanticCustomError as error:
            interview.say(
                f"  {quoted(text)} cannot be a link: {message(error)}; type another, or press "
                "Enter for none."
            )
            continue
        if not link.lower().startswith(WEB) and not _exists(interview, link):
            interview.say(
                f"  Warning: evidence link {quoted(link)} is not found beside "
                f"{interview.path}; it is kept: check the path."
            )
        return link


def _exists(interview: Interview, link: str) -> bool:
    try:
        return (interview.path.parent / link).exists()
    except (OSError, ValueError):  # a name too long, or one the system cannot hold
        return False


def _pieces(kept: Any) -> list[Any]:
    """The evidence already in the file, as a list (one note or mapping, or a list)."""
    if isinstance(kept, str | dict):
        return [kept]
    return list(kept) if isinstance(kept, list) else []


def _shown(value: Data) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)
