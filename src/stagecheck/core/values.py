"""How a written value is read by its question's type: yes/no words, option values (any
case), whole numbers and lower bounds ("at least 12"), dates, text. Answers in partnership
files and values in the rubric's conditions are read by the same functions, so `is: yes` in a
criterion and `mou: yes` in a file always mean the same thing.

The loader keeps every scalar as the text written (`no` stays "no", `017` stays "017"). A
reader takes that text and returns the typed value, or raises stagecheck's error saying what is
wrong (worded in `stagecheck.core.validation`). Beside each reader, `accepted` says what an
editor may write there, as it sees the file (YAML 1.2: `true` is a boolean, `yes` a string,
`12` a number), as a pydantic core schema: the JSON Schema for editors is derived from it.
Case is folded for ASCII letters only and only the digits 0-9 are digits, so that the JSON
Schema's patterns (ECMA-262) say exactly what the readers accept.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any

from pydantic_core import CoreSchema, PydanticCustomError
from pydantic_core import core_schema as cs

from stagecheck.core import words
from stagecheck.core.outcome import Value
from stagecheck.core.rubric import ANSWER_KEYS, Question
from stagecheck.core.validation import fail, message

__all__ = ["ANSWER_KEYS"]
YES = ("yes", "y", "true", "on")
NO = ("no", "n", "false", "off")
UNSURE = ("", "unknown", "not known", "not_known", "?", "don't know", "not sure")
MAX_DIGITS = 15  # longer is no count of anything (and int() refuses beyond 4,300)
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = str.maketrans(_UPPER, _UPPER.lower())
_SPACE = " \t"  # around an option or a word in quotes; ASCII, as JSON Schema's [ \t]
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"[+-]?[0-9]+")
# a number known only from below: "at least 3", "no fewer than 3", "3+", "3 or more",
# "more than 2", "over 2" (not ">= 3" or "> 2": unquoted, YAML reads ">" as a folded block)
_NUM = r"([+-]?[0-9]+)"
_AT_LEAST = re.compile(
    rf"(?:at[ \t]+least|no[ \t]+fewer[ \t]+than)[ \t]*{_NUM}|{_NUM}[ \t]*(?:\+|or[ \t]+more)"
)
_MORE_THAN = re.compile(rf"(?:more[ \t]+than|over)[ \t]*{_NUM}")
_BLANK = re.compile(r"[ \t\r\n]*")
blank = _BLANK.fullmatch  # nothing but spaces, tabs and line breaks (or nothing at all)


def folded(text: str) -> str:
    """`text` in lower case, for ASCII letters only (`Senior` is the option `senior`)."""
    return text.translate(_LOWER)


# --- the readers -------------------------------------------------------------------------------


def read_scalar(q: Question, raw: str) -> tuple[Value | None, str | None]:
    """One written value read by its question's type: (value, None) or (None, what is wrong).
    A rubric's conditions read their values with it."""
    try:
        return read(q, raw), None
    except PydanticCustomError as error:
        return None, message(error)


def read(q: Question, raw: str) -> Value:
    """One written value (for a `choices` question, one option)."""
    return reader(q)(raw)


def reader(q: Question) -> Callable[[str], Value]:
    """The reader of `q`'s values, chosen once (a partnership file's model binds one to each
    question, rather than choosing by type for every answer of every file)."""
    match q.type:
        case "choice" | "choices":
            options = [o.value for o in q.options]
            return lambda raw: option(options, raw)
        case "boolean":
            return boolean
        case "integer":
            return lambda raw: number(q, raw)[0]
        case "date":
            return date
        case _:
            return text


def option(options: list[str], raw: str) -> str:
    if raw in options:
        return raw
    if (word := folded(raw.strip(_SPACE))) in options:
        return word
    hint = words.did_you_mean(raw, options)
    shown = words.quoted(raw)
    raise fail("option", f"{shown} is not allowed{hint}; use one of {words.listing(options)}")


def boolean(raw: str) -> bool:
    word = folded(raw)
    if word in YES or word in NO:
        return word in YES
    raise fail("yes_no", f"{words.quoted(raw)} is not a yes/no answer; write yes or no")


def number(q: Question, raw: str, *, bounds: bool = False) -> tuple[int, bool]:
    """A whole number, or with `bounds` also a lower bound ("at least 12"): (the number, True
    if it is a lower bound). Only the digits 0-9, at most MAX_DIGITS of them (leading zeros
    aside)."""
    written = folded(raw).strip(_SPACE)
    plain = _NUMBER.fullmatch(written)
    at_least = _AT_LEAST.fullmatch(written) if bounds and not plain else None
    more_than = _MORE_THAN.fullmatch(written) if bounds and not plain else None
    found = plain or at_least or more_than
    if found is None:
        shown = words.quoted(raw)
        ascii_digits = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in raw)
        if ascii_digits != raw:
            try:
                number(q, ascii_digits, bounds=bounds)
            except PydanticCustomError:
                pass
            else:
                said = f"{shown} has digits other than 0-9; write it as '{ascii_digits}'"
                raise fail("digits", said)
        if bounds and written.startswith(">"):  # "> 5": YAML reads `> 5` unquoted as a block
            said = f"{shown} is not a whole number; write a lower bound in words: 'more than 5'"
            raise fail("whole_number", said)
        if bounds and written.startswith(("at least", "more than")):  # a bound, in words
            said = f"{shown} is not a whole number; write the bound in digits, e.g. 'at least 4'"
            raise fail("whole_number", said)
        raise fail("whole_number", f"{shown} is not a whole number; write a number such as 4")
    text = found.group(0) if plain else next(g for g in found.groups() if g is not None)
    digits = text.lstrip("+-").lstrip("0") or "0"
    if len(digits) > MAX_DIGITS:
        said = f"{words.quoted(raw)} is too large a number; give a count such as 4"
        raise fail("too_large", said)
    value = (-1 if text.startswith("-") else 1) * int(digits) + (1 if more_than else 0)
    low, high = q.minimum, q.maximum
    if low is not None and value < low:
        said = str(value) if plain else words.quoted(raw)
        raise fail("minimum", f"{said} is below the minimum of {low}; give at least {low}")
    if high is not None and value > high:
        said = str(value) if plain else words.quoted(raw)
        raise fail("maximum", f"{said} is above the maximum of {high}; give at most {high}")
    return value, plain is None


def date(raw: str) -> dt.date:
    if _DATE.fullmatch(raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    shown = words.quoted(raw)
    raise fail("date", f"{shown} is not a date; write it as YYYY-MM-DD, e.g. 2024-09-01")


def text(raw: str) -> str:
    if _BLANK.fullmatch(raw):
        raise fail("empty", "is empty; write a value here, or leave the answer out")
    return raw


def said(raw: Any) -> bool | None:
    """One option of a choose-all answer written as a mapping: yes (True), no (False) or not
    known (None)."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise fail("yes_no_unknown", f"expected yes, no or unknown, found {words.kind(raw)}")
    word = folded(raw.strip(_SPACE))
    if word in UNSURE:
        return None
    if word in YES or word in NO:
        return word in YES
    raise fail(
        "yes_no_unknown", f"{words.quoted(raw)} is not yes, no or unknown; write one of them"
    )


# --- what an editor may write: core schemas of the input, for the JSON Schema ------------------

MAX_NUMBER = 10**MAX_DIGITS - 1
_SYNTAX = set("^$\\.*+?()[]{}|/")


def any_case(word: str) -> str:
    """A regular expression (ECMA-262 and Python alike) for `word` in any ASCII case."""
    out = ""
    for c in word:
        if c.isascii() and c.isalpha():
            out += f"[{c.lower()}{c.upper()}]"
        else:
            out += "\\" + c if c in _SYNTAX else c
    return out


def one_of(words_: tuple[str, ...] | list[str], *, padded: bool = False) -> str:
    """A pattern for any of `words_` in any case, whole (and with `padded`, with spaces or tabs
    around it)."""
    body = "|".join(any_case(w) for w in words_)
    return f"^[ \\t]*(?:{body})[ \\t]*$" if padded else f"^(?:{body})$"


def plain_values(texts: list[str]) -> list[Any]:
    """Texts as an editor may see them written plainly: `1` is a number, `true` a boolean."""
    out: list[Any] = []
    for t in texts:
        out.append(t)
        if re.fullmatch(r"-?[1-9][0-9]*|0", t):  # a number written as YAML would show it
            out.append(int(t))
        elif t in ("true", "false", "True", "False", "TRUE", "FALSE"):
            out.append(t.lower() == "true")
    return out


NON_BLANK = "[^ \\t\\r\\n]"


def _phrases(*phrases: str) -> str:
    return "|".join(any_case(p).replace(" ", "[ \\t]+") for p in phrases)


_BOUND_NUMBER = rf"[+-]?0*[0-9]{{1,{MAX_DIGITS}}}"
BOUND_PATTERN = (
    rf"^[ \t]*(?:(?:{_phrases('at least', 'no fewer than', 'more than', 'over')})[ \t]*"
    rf"{_BOUND_NUMBER}|{_BOUND_NUMBER}[ \t]*(?:\+|{_phrases('or more')}))[ \t]*$"
)
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@cache
def text_accepted() -> CoreSchema:
    """Text: anything but blanks; a plain `2024` or `true` is text to stagecheck too."""
    return cs.union_schema([cs.str_schema(pattern=NON_BLANK), cs.float_schema(), cs.bool_schema()])


def options_accepted(values: list[str]) -> CoreSchema:
    return _options_accepted(tuple(values))


@cache
def _options_accepted(values: tuple[str, ...]) -> CoreSchema:
    """One of `values` (editors offer them), in any case, with spaces around it if quoted."""
    return cs.union_schema(
        [
            cs.literal_schema(plain_values(list(values))),
            cs.str_schema(pattern=one_of(values, padded=True)),
        ]
    )


def accepted(q: Question) -> CoreSchema:
    """What an editor may write for one value of `q` (for `choices`, one option)."""
    match q.type:
        case "choice" | "choices":
            return options_accepted([o.value for o in q.options])
        case "boolean":
            return _boolean_accepted()
        case "integer":
            low = -MAX_NUMBER if q.minimum is None else max(q.minimum, -MAX_NUMBER)
            high = MAX_NUMBER if q.maximum is None else min(q.maximum, MAX_NUMBER)
            return cs.int_schema(ge=low, le=high)
        case "date":
            return cs.date_schema()
        case _:
            return text_accepted()


@cache
def _boolean_accepted() -> CoreSchema:
    return cs.union_schema(
        [
            cs.bool_schema(),
            cs.literal_schema(["yes", "no"]),
            cs.str_schema(pattern=one_of(YES + NO)),
        ]
    )


@cache
def bound_accepted() -> CoreSchema:
    return cs.str_schema(pattern=BOUND_PATTERN)


@cache
def said_accepted() -> CoreSchema:
    return cs.nullable_schema(
        cs.union_schema(
            [cs.bool_schema(), cs.str_schema(pattern=one_of(YES + NO + UNSURE, padded=True))]
        )
    )
