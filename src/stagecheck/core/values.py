"""How a written value is read by its question's type: yes/no words, option values (any
case), whole numbers and lower bounds ("at least 12"), dates. Answers in partnership files and
values in the rubric's conditions are read by the same functions, so `is: yes` in a criterion
and `mou: yes` in a file always mean the same thing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from stagecheck.core import words
from stagecheck.core.outcome import Value
from stagecheck.core.rubric import Question

ANSWER_KEYS = ("answer", "evidence", "not_applicable")
YES = {"yes", "y", "true", "on"}
NO = {"no", "n", "false", "off"}
# yes/no words as an editor may see them written (the reader ignores case)
YES_NO_WORDS = sorted(w for word in YES | NO for w in {word, word.capitalize(), word.upper()})
_INTEGER = re.compile(r"[+-]?\d{1,15}")  # longer is no count of anything (and int() refuses)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# a number known only from below: "at least 3", "3+", "3 or more", "more than 2"
_AT_LEAST = re.compile(r"(?:at least|no fewer than|>=)\s*(\d+)|(\d+)\s*(?:\+|or more)")
_MORE_THAN = re.compile(r"(?:more than|over|>)\s*(\d+)")
# the same forms for a JSON Schema (any case, any spacing)
AT_LEAST_PATTERN = (
    r"^\s*((at least|no fewer than|more than|over)\s+\d+|(>=|>)\s*\d+|\d+\s*(\+|or more))\s*$"
)
UNSURE = {"", "unknown", "not known", "not_known", "?", "don't know", "not sure"}


def lower_bound(raw: str) -> str | None:
    """The least value a written lower bound allows, as text, or None if it is not one."""
    text = " ".join(raw.lower().split())
    if m := _AT_LEAST.fullmatch(text):
        return m.group(1) or m.group(2)
    if m := _MORE_THAN.fullmatch(text):
        return str(int(m.group(1)) + 1)
    return None


def option_map_given(question: Question, raw: dict[Any, Any]) -> bool:
    """A choose-all answer written as options mapped to yes/no/unknown, not as
    `answer:`/`evidence:`/`not_applicable:`."""
    return question.type == "choices" and not any(k in ANSWER_KEYS for k in raw)


def read_scalar(q: Question, raw: str) -> tuple[Value | None, str | None]:
    """One written value read by its question's type: (value, None) or (None, what is wrong).

    Conditions in the rubric are read with the same function, so `is: yes` in a criterion and
    `mou: yes` in a partnership file always mean the same thing.
    """
    shown = words.quoted(raw)
    if q.type in ("choice", "choices"):
        options = [o.value for o in q.options]
        if raw in options:
            return raw, None
        folded = raw.strip().lower()  # `Signed` means the option `signed`
        if folded in options:
            return folded, None
        hint = words.did_you_mean(raw, options)
        return None, f"{shown} is not allowed{hint}; use one of {words.listing(options)}"
    if q.type == "boolean":
        word = raw.lower()
        if word in YES or word in NO:
            return word in YES, None
        return None, f"{shown} is not a yes/no answer; write yes or no"
    if q.type == "integer":
        if not _INTEGER.fullmatch(raw.strip()):
            if raw.strip().lstrip("+-").isdigit():
                return None, f"{shown} is too large a number; give a count such as 4"
            return None, f"{shown} is not a whole number; write a number such as 4"
        number = int(raw)
        if q.minimum is not None and number < q.minimum:
            return None, f"{number} is below the minimum of {q.minimum}; give at least {q.minimum}"
        if q.maximum is not None and number > q.maximum:
            return None, f"{number} is above the maximum of {q.maximum}; give at most {q.maximum}"
        return number, None
    if q.type == "date":
        try:
            if _DATE.fullmatch(raw):
                return dt.date.fromisoformat(raw), None
        except ValueError:
            pass
        return None, f"{shown} is not a date; write it as YYYY-MM-DD, e.g. 2024-09-01"
    if raw.strip():
        return raw, None
    return None, "is empty; write a value here, or leave the answer out"
