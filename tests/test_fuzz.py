"""Fuzzing (issue 12): whatever the bytes of a partnership or rubric file, loading, validating
and scoring it either gives a result or raises InputError whose every problem is located in
that file. Never another exception: no RecursionError, no UnicodeError, no crash.

The generators write YAML text themselves, so that they can reach what a YAML library would
never emit: nesting far past the loader's limit, raw control characters and lone surrogates,
escapes of surrogates, tags, anchors and aliases, merge keys, plain scalars that YAML reads as
something else, stray indicators, and byte-order marks of other encodings.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI
from stagecheck.core import compiled as rubrics
from stagecheck.core import loader
from stagecheck.core.assess import assess_document
from stagecheck.core.errors import InputError

FUZZ = settings(
    # a longer campaign: STAGECHECK_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py
    max_examples=int(os.environ.get("STAGECHECK_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
NAME = "fuzz.yaml"
DEFAULT_RECURSION_LIMIT = 1_000
MINI_DATA: dict[str, Any] = yaml.safe_load(MINI.read_text("utf-8"))

# -- scalars --------------------------------------------------------------------------------------

ODD = ["\0", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ud800", "\udfff"]
CHARACTERS = st.characters() | st.sampled_from([*ODD, "\U0010ffff", "\t", "\n", "\r"])
TRICKY = [
    "~", "null", "yes", "no", "NO", "017", "0x1F", "1e400", "-.inf", "2020-13-45", "2024-09-01",
    "&anchor x", "*anchor", "*nowhere", "!!python/object/apply:os.system ['true']", "!tag x",
    "<<", "- ", ": ", "? ", "{", "}", "[", "]", "#", "'", '"', "|", ">", "%YAML 1.1", "---",
    "...", "@", "`", ",", "senior", "head", "teacher", "trust", "school", "5", "500", "501", "-1",
]  # fmt: skip
KEYS = [
    "rubric", "partnership", "name", "partners", "sector", "phase", "lead_role", "started",
    "summary", "assessed", "date", "by", "answers", "people", "money", "lead", "mou", "goals",
    "staff", "funders", "fee_income", "answer", "evidence", "not_applicable", "expected",
    "dimensions", "overall", "format", "<<",
]  # fmt: skip
CLEAN = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12)
TEXT = st.text(CHARACTERS, max_size=12)


def plain(text: str) -> str:
    return text  # unsanitised: often a syntax error, sometimes a different type


def single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def double(text: str, raw: bool) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F or (raw and code > 0x7F):
            out.append(char)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")  # a surrogate becomes an escape YAML refuses
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


@st.composite
def scalars(draw: st.DrawFn) -> str:
    """Mostly text a person might write (so that most files parse, and reach what comes after
    parsing); one in four is odd characters or a YAML indicator."""
    kind = draw(st.sampled_from(["clean", "clean", "clean", "odd", "tricky"]))
    text = draw({"clean": CLEAN, "odd": TEXT, "tricky": st.sampled_from(TRICKY)}[kind])
    style = draw(st.sampled_from(["double", "double", "single", "plain", "raw-double"]))
    if style == "plain":
        return plain(text)
    if style == "single":
        return single(text)
    return double(text, raw=style == "raw-double")


# -- structures, written in flow style (no indentation to get right) ------------------------


def mapping(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


def sequence(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def keys() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(KEYS),
        scalars(),
    )


VALUES: st.SearchStrategy[str] = st.recursive(
    scalars(),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(sequence),
        st.lists(st.tuples(keys(), inner), max_size=4).map(mapping),
    ),
    max_leaves=12,
)


def levels(pattern: list[Any], depth: int) -> list[Any]:
    """`pattern` repeated to `depth` levels: a deep value costs hypothesis a few choices, not one
    per level (which would overrun its buffer, and never be tried)."""
    return (pattern * (depth // len(pattern) + 1))[:depth]


@st.composite
def deep(draw: st.DrawFn) -> str:
    """A value nested up to 1,100 levels (the C parser stops at 1,000): past the loader's limit
    of 64, and past the depth (about 500) at which building the data once overflowed the stack."""
    depth = draw(st.integers(1, 1_100))
    kinds = levels(draw(st.lists(st.booleans(), min_size=1, max_size=6)), depth)
    inside = draw(VALUES)
    opening = "".join("[" if k else "{k: " for k in kinds)
    closing = "".join("]" if k else "}" for k in reversed(kinds))
    return opening + inside + closing


ANY_VALUE = st.one_of(VALUES, deep())


@st.composite
def conditions(draw: st.DrawFn) -> str:
    """A criterion's `when:` of `all` and `any` nested up to 300 deep around a valid test: those
    within the loader's limit compile and score."""
    pattern = draw(st.lists(st.sampled_from(["all", "any"]), min_size=1, max_size=4))
    kinds = levels(pattern, draw(st.integers(0, 300)))
    test = draw(st.sampled_from(["{question: goals, is: yes}", "{question: staff, at_least: 5}"]))
    return "".join(f"{{{k}: [" for k in kinds) + test + "]}" * len(kinds)


@st.composite
def partnership_text(draw: st.DrawFn) -> str:
    """A top-level block mapping shaped like a partnership file, with random keys and values
    where the real ones go."""
    lead = draw(st.sampled_from(["senior", "head", "boss", "", "[]"]) | scalars())
    answers = mapping(
        [
            ("people", mapping([("lead", lead), ("mou", draw(scalars()))])),
            ("money", mapping([("staff", draw(scalars())), (draw(keys()), draw(ANY_VALUE))])),
            (draw(keys()), draw(ANY_VALUE)),
        ]
    )
    lines = [
        "partnership: " + mapping([("name", draw(scalars())), ("partners", draw(ANY_VALUE))]),
        f"answers: {draw(st.sampled_from([answers, 'null', '[]']) | ANY_VALUE)}",
    ]
    lines += [f"{draw(keys())}: {draw(ANY_VALUE)}" for _ in range(draw(st.integers(0, 3)))]
    return "\n".join(draw(st.permutations(lines))) + "\n"


def written(value: Any) -> str:
    """Plain data in flow style, every scalar double-quoted."""
    if isinstance(value, dict):
        return mapping([(written(k), written(v)) for k, v in value.items()])
    if isinstance(value, list):
        return sequence([written(v) for v in value])
    return "null" if value is None else double(str(value).lower(), raw=True)


def paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in plain data, to be replaced."""
    places = [at]
    if isinstance(value, dict):
        for k, v in value.items():
            places += paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            places += paths(v, (*at, i))
    return places


@st.composite
def rubric_text(draw: st.DrawFn) -> str:
    """The mini rubric with one of its values (a `when:` likeliest) replaced by a random value,
    a deep one often."""
    import copy

    data = copy.deepcopy(MINI_DATA)
    whens = [p for p in paths(data) if p and p[-1] == "when"]
    place = draw(st.sampled_from(whens) | st.sampled_from(paths(data)[1:]))
    holder = data
    for step in place[:-1]:
        holder = holder[step]
    holder[place[-1]] = "\0mark"
    value = draw(conditions() if place[-1] == "when" and draw(st.booleans()) else ANY_VALUE)
    return written(data).replace(double("\0mark", raw=True), value)


@st.composite
def damaged(draw: st.DrawFn, text: st.SearchStrategy[str]) -> bytes:
    """The text as bytes (a lone surrogate as invalid UTF-8), sometimes damaged as a file can be."""
    raw = draw(text).encode("utf-8", "surrogatepass")
    how = draw(st.sampled_from(["none"] * 6 + ["truncate", "bom", "nul"]))
    if how == "truncate":
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif how == "bom":
        boms = [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]
        raw = draw(st.sampled_from(boms)) + raw
    elif how == "nul":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + b"\0" + raw[at:]
    return raw


@contextlib.contextmanager
def cli_recursion_limit() -> Iterator[None]:
    """Python's default recursion limit, as the command runs with: hypothesis raises it while a
    test runs, which would hide a stack overflow."""
    raised = sys.getrecursionlimit()
    sys.setrecursionlimit(DEFAULT_RECURSION_LIMIT)
    try:
        yield
    finally:
        sys.setrecursionlimit(raised)


def located(exc: InputError) -> None:
    assert exc.problems
    for problem in exc.problems:
        assert problem.file == NAME, problem
        # a problem of the whole file (binary, empty, not UTF-8 text) has no place: 0, 0
        assert (problem.line >= 1 and problem.column >= 1) or (
            (problem.line, problem.column) == (0, 0) and not problem.path
        ), problem
        assert problem.message.strip(), problem


@FUZZ
@given(damaged(partnership_text()))
def test_a_partnership_file_is_scored_or_refused_with_located_problems(raw: bytes) -> None:
    rubric = rubrics.load_rubric(str(MINI))
    try:
        with cli_recursion_limit():
            assess_document(loader.parse(raw, NAME), rubric)
    except InputError as exc:
        located(exc)


@FUZZ
@given(damaged(rubric_text()))
def test_a_rubric_file_is_compiled_or_refused_with_located_problems(raw: bytes) -> None:
    try:
        with cli_recursion_limit():
            rubrics.compile_document(loader.parse(raw, NAME, max_bytes=rubrics.MAX_RUBRIC_BYTES))
    except InputError as exc:
        located(exc)


@FUZZ
@given(damaged(ANY_VALUE.map(lambda v: f"a: {v}\n")))
def test_any_yaml_text_loads_or_is_refused_with_a_located_problem(raw: bytes) -> None:
    try:
        with cli_recursion_limit():
            loader.parse(raw, NAME)
    except InputError as exc:
        located(exc)
