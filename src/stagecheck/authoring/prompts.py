"""What a person types at the interview's prompts, read as an answer: a number for a choice,
numbers for a choose-all, yes/no words, a whole number or a lower bound ("at least 12"), a date,
"skip", "n/a, because ...", "quit". Typed values are checked by the same reader that checks
files, so a wrong one is explained and asked again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic_core import PydanticCustomError

from stagecheck.authoring.yamledit import Data
from stagecheck.core import values
from stagecheck.core.rubric import Option, Question
from stagecheck.core.validation import message

SKIP = {"", "skip", "s"}
QUIT = {"quit", "q", "stop", "exit"}
_NOT_APPLICABLE = re.compile(
    r"(?i)^\s*(?:n/?a|not applicable|does not apply)\b[\s,.:;-]*(?:because\b)?[\s,:]*(.*)$"
)
HELP = (
    "Answer each question and press Enter. Press Enter on its own (or type skip) to leave a\n"
    "question for later; type n/a, because ... if it does not apply to your partnership; type\n"
    "quit to stop. Every answer is saved as you go: run the same command again to carry on."
)
FIXED_PROBLEMS = ("partnership.name", "partnership.partners")
# what a question's answer looks like (yes/no, a number, numbers), never evidence on its own
ANSWER_LIKE = re.compile(
    r"(?i)^\s*(?:y|n|yes|no|true|false|on|off|n/?a|none|\d+(?:\s*[,\s]\s*\d+)*)\s*[.!]?\s*$"
)


class Quit(Exception):
    """The user typed quit."""


class Stopped(Exception):
    """The interview stopped before its end: quit, or (`interrupted`) end of input or Ctrl-C.
    Everything typed is saved by then, but for `unsaved`: the question whose "not applicable"
    was still waiting for its reason, if any."""

    def __init__(self, *, interrupted: bool, unsaved: str | None) -> None:
        super().__init__()
        self.interrupted = interrupted
        self.unsaved = unsaved


@dataclass(frozen=True, slots=True)
class Skip:
    pass


@dataclass(frozen=True, slots=True)
class NotApplicable:
    reason: str


@dataclass(frozen=True, slots=True)
class Value:
    value: Data


Answer = Skip | NotApplicable | Value


def prompt_for(q: Question) -> str:
    match q.type:
        case "boolean":
            return "Type yes or no."
        case "choice":
            return f"Type a number from 1 to {len(q.options)}."
        case "choices":
            return "Type the numbers that apply, e.g. 1, 3, or none."
        case "integer":
            low = "" if q.minimum is None else f" from {q.minimum}"
            high = "" if q.maximum is None else f" to {q.maximum}"
            return f"Type a whole number{low}{high}, or 'at least N' if you know no more."
        case "date":
            return "Type a date as YYYY-MM-DD, e.g. 2024-09-01."
        case _:
            return "Type your answer."


def _pick(options: tuple[Option, ...], word: str) -> Option | None:
    if re.fullmatch("[0-9]{1,3}", word) and 1 <= int(word) <= len(options):
        return options[int(word) - 1]
    return next((o for o in options if o.value == word), None)


def read_answer(q: Question, raw: str) -> Answer | str:
    """What the user typed, as an answer, or what is wrong with it (to ask again)."""
    text = raw.strip()
    if text.lower() in SKIP:
        return Skip()
    if text.lower() in QUIT:
        raise Quit
    na = _NOT_APPLICABLE.match(text)
    if na:
        return NotApplicable(na.group(1).strip())
    if q.type == "choice":
        picked = _pick(q.options, text)
        if picked is None:
            return f"'{text}' is not one of the choices; type a number from 1 to {len(q.options)}"
        return Value(picked.value)
    if q.type == "choices":
        if text.lower() in ("none", "0", "[]"):
            return Value([])
        chosen: list[str] = []
        for word in (w for w in re.split(r"[,\s]+", text) if w):
            picked = _pick(q.options, word)
            if picked is None:
                return (
                    f"'{word}' is not one of the choices; type numbers from 1 to "
                    f"{len(q.options)}, separated by commas"
                )
            if picked.value not in chosen:
                chosen.append(picked.value)
        alone = next((o for o in q.options if o.alone and o.value in chosen), None)
        if alone is not None and len(chosen) > 1:
            return (
                f"'{alone.label}' cannot be chosen together with other answers; type its "
                "number on its own, or leave it out"
            )
        return Value(chosen)
    if q.type == "integer":
        try:
            number, at_least = values.number(q, text, bounds=True)
        except PydanticCustomError as error:
            return message(error)
        return Value(f"at least {number}" if at_least else str(number))
    value, problem = values.read_scalar(q, text)
    if problem is not None:
        return problem
    if q.type == "boolean":
        return Value("yes" if value else "no")
    return Value(text)
