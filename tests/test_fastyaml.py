"""The fast reader (`core.fastyaml`) against the loader's libyaml path: on any text, it gives
exactly the loader's data (same keys, order, text, types) or declines; and every file under
examples/ and tests/data gives the same record, or the same located errors, either way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, ROOT
from stagecheck.core import fastyaml, loader
from stagecheck.core.assess import assess_document, declared_rubric
from stagecheck.core.compiled import load_rubric
from stagecheck.core.errors import InputError, UserError
from stagecheck.core.record import to_json

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# values as a person or a tool writes them, the tricky ones for YAML 1.1 among them
SCALARS = [
    "yes", "no", "on", "off", "y", "n", "true", "False", "017", "0x1F", "0o17", "1e3", ".5",
    "-5", "+3", "1_000", ".inf", ".NaN", "2024-09-01", "2024-09-01 10:00:00", "12:30", "~",
    "null", "Null", "NULL", "", "''", '""', "'yes'", '"no"', "'it''s'", "'a # b'", '"a: b"',
    "'  padded  '", "plain text", "text, with commas", "schools' leads", "a#b", "a #b", "a: b",
    "a:b", "http://example.org/x?y=1", "x:", "- x", "&a x", "*a", "!!str x", "!x y", "<<",
    "[]", "{}", "[ ]", "[a, b]", "{a: 1}", "|", ">", "|-", "? x", "@x", "`x`", "%x", "é ü ß",
    "caf\u00e9\u00a0", "\u00a0lead", "a\u2028b", "a\u0085b", "\ufeffx", "a\tb", "tail   ",
    "x # comment", "'x' # comment", "'x'#c", '"x\\ty"', '"a"b', "'a", "...", "---", "-",
    "Minutes, item 1", "=", "a]b", "x {y}", "[a, b]", "[ yes , no ]", "[a,b]", "[x,]", "[a: b]",
    "[a, [b]]", "[a #c]", "[a, 'b']", "[~, null, <<]", "[a b , c] # c", "{a: b c, d: e}", "{a}",
    "{a: b, a: c}", "{a:b}", "{ k: ~ , j: 017 }", "{a: -1}", "{a: x:y}", "[-]", "[ a ]x",
    '["a, b", \'c\']', "[it's, x]", '{note: "x: y", kind: documented}', '["a" , b]', '["a"b]',
    "['a''b']", '["a\\"b"]', '[""]', "['']", '{a: "", b: \'\'}', '["]"]', "['}', a]", '[a, "b]',
    '{"q": a}', "[a, ] ", "[a]  #c", "[a]#c", '["x" # c]',
]  # fmt: skip
KEYS = ["a", "b", "name", "answer", "evidence", "x-y", "k.1", "2024", "yes", "null", "~", "<<",
        "'q'", '"dq"', "a b", "-k", "? k", "k ", "é"]  # fmt: skip


PLAIN_SCALARS = ["", "yes", "017", "1e3", "plain text", "'it''s'", '"a, b"', "~", "[]", "x # c",
                 "[a, b c]", "{name: A School, sector: state}", '["A note, with a comma", \'b\']',
                 '{kind: documented, note: "MOU: clause 7"}']  # fmt: skip
PLAIN_KEYS = ["a", "b", "name", "answer", "x-y", "k.1", "2024", "yes", "null"]


@st.composite
def documents(
    draw: st.DrawFn, depth: int = 0, keys: list[str] = KEYS, scalars: list[str] = SCALARS
) -> list[str]:
    """Lines of a block mapping, with nested mappings and sequences (indented, indentless and
    compact), comments and blank lines, at an indentation of 1 to 4 spaces a level; with
    `keys` of their own, its keys are unique."""
    step = draw(st.integers(1, 4))
    lines: list[str] = []
    unique = keys is not KEYS
    for key in draw(st.lists(st.sampled_from(keys), min_size=1, max_size=4, unique=unique)):
        kind = draw(
            st.sampled_from(["scalar", "scalar", "map", "seq", "indentless", "empty", "block"])
        )
        if depth >= 3 and kind in ("map", "seq", "indentless"):
            kind = "scalar"
        if kind == "scalar":
            lines.append(f"{key}: {draw(st.sampled_from(scalars))}")
        elif kind == "empty":
            lines.append(f"{key}:{draw(st.sampled_from(['', '  ', ' # note']))}")
        elif kind == "block":
            lines.append(f"{key}: {draw(st.sampled_from(HEADERS[:4] if unique else HEADERS))}")
            lines += draw(_block(step, plain=unique))
        elif kind == "map":
            lines.append(f"{key}:")
            lines += [" " * step + line for line in draw(documents(depth + 1, keys, scalars))]
        else:
            lines.append(f"{key}:")
            pad = "" if kind == "indentless" else " " * step
            lines += [pad + line for line in draw(_items(depth + 1, keys, scalars))]
        if draw(st.integers(0, 5)) == 0:
            others = ["", "# a comment"] if unique else ["", "# a comment", "   # comment", "  "]
            lines.append(draw(st.sampled_from(others)))
    return lines


HEADERS = [">", ">-", "|", "|-", "> # c", "|-  ", ">+", "|2", ">-x", "|#", ">1-"]
BLOCK_LINES = ["text", "more text, with: colons # and hashes", "- item", "key: value", "'q'", "",
               "  more indented", "trailing ", "# not a comment", "[a, b]", "\u00a0x"]  # fmt: skip


@st.composite
def _block(draw: st.DrawFn, step: int, *, plain: bool) -> list[str]:
    """The lines of a block of text (plain: one or more simple lines, indented by `step`)."""
    if plain:
        lines = st.lists(st.sampled_from(BLOCK_LINES[:2]), min_size=1, max_size=3)
        return [" " * step + line for line in draw(lines)]
    pad = " " * draw(st.integers(0, step + 1))
    return [pad + line for line in draw(st.lists(st.sampled_from(BLOCK_LINES), max_size=4))]


@st.composite
def _items(draw: st.DrawFn, depth: int, keys: list[str], scalars: list[str]) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["scalar", "compact", "nested", "empty", "block"]))
        if kind == "scalar" or depth >= 3:
            lines.append(f"- {draw(st.sampled_from(scalars))}")
        elif kind == "block":
            lines.append(f"- {draw(st.sampled_from(HEADERS[:4] if keys is not KEYS else HEADERS))}")
            lines += draw(_block(draw(st.integers(1, 3)) + 1, plain=keys is not KEYS))
        elif kind == "empty":
            lines.append(draw(st.sampled_from(["-", "- ", "- # nothing"])))
        else:
            inner = draw(documents(depth + 1, keys, scalars))
            gap = draw(st.integers(1, 3))
            if kind == "compact":
                lines.append("-" + " " * gap + inner[0])
                lines += [" " * (gap + 1) + line for line in inner[1:]]
            else:
                lines.append("-")
                lines += [" " * (gap + 1) + line for line in inner]
    return lines


# small damage to a good document: what a hand edit does
EDITS = ["\t", "\r", "\r\n", " ", "  ", "- ", "---", "...", "&x ", "*x", "!t ", "#", ": ", "'", '"']


@st.composite
def damaged(draw: st.DrawFn) -> str:
    lines = draw(documents())
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["insert", "dedent", "indent", "duplicate", "join"]))
        line = lines[at]
        if edit == "insert":
            pos = draw(st.integers(0, len(line)))
            lines[at] = line[:pos] + draw(st.sampled_from(EDITS)) + line[pos:]
        elif edit == "dedent":
            lines[at] = line[1:]
        elif edit == "indent":
            lines[at] = " " + line
        elif edit == "duplicate":
            lines.insert(at, line)
        else:
            lines[at] = line + " " + lines[min(at + 1, len(lines) - 1)]
    end = draw(st.sampled_from(["\n", "", "\n\n", "\n---\nb: 1\n"]))
    return "\n".join(lines) + end


def _slow(text: str) -> Any:
    try:
        return loader.parse(text.encode("utf-8"), "f.yaml", fast=False).data
    except InputError:
        return "refused"


def _typed(value: Any) -> Any:
    """A value with its types spelt out, so that "1" and 1, or [] and {}, never compare equal."""
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, value)


def _agrees(text: str) -> bool:
    fast = fastyaml.parse(text)
    if fast is None:
        return False
    assert _typed(fast) == _typed(_slow(text)), text
    return True


@SETTINGS
@given(documents())
def test_the_fast_reader_gives_the_loaders_data_or_declines(lines: list[str]) -> None:
    _agrees("\n".join(lines) + "\n")


@SETTINGS
@given(damaged())
def test_on_damaged_files_too(text: str) -> None:
    _agrees(text)


@SETTINGS
@given(st.text(alphabet="ab:- #'\"[]{}\n\t&*!|>?,~01\u00a0", max_size=40))
def test_on_any_short_text(text: str) -> None:
    _agrees(text)


@SETTINGS
@given(documents(keys=PLAIN_KEYS, scalars=PLAIN_SCALARS))
def test_plain_files_are_read_fast(lines: list[str]) -> None:
    """A file of plain keys and values (the generated bench files, most hand-written ones) is
    not declined: otherwise the reader would be correct and useless."""
    text = "\n".join(lines) + "\n"
    assert _agrees(text), text


def test_a_sample_of_tricky_values_is_read_as_the_loader_reads_them() -> None:
    for value in SCALARS:
        for text in (f"k: {value}\n", f"k:\n- {value}\n", f"k:\n  - a: {value}\n    b: 1\n"):
            _agrees(text)
    assert fastyaml.parse("k: '017'\nn: 017\nd: 2024-09-01\no: off\n") == {
        "k": "017", "n": "017", "d": "2024-09-01", "o": "off"
    }  # fmt: skip


def test_a_byte_order_mark_and_crlf_give_the_same_document() -> None:
    for raw in (b"\xef\xbb\xbfa: 1\nb: [ ]\n", b"a: 1\r\nb:\r\n- x\r\n"):
        fast, slow = loader.parse(raw, "f", fast=True), loader.parse(raw, "f")
        assert _typed(fast.data) == _typed(slow.data)


def test_a_fast_read_document_still_locates_errors_and_warnings() -> None:
    doc = loader.parse(b"a: 1\nb:\n  c: x\n", "f.yaml", fast=True)
    assert doc._root is None  # read fast
    assert loader.locate(doc.root, ("b", "c")) == (3, 6, 2)


# --- every file the project carries ----------------------------------------------------------

FILES = sorted(
    p for p in [*(ROOT / "examples").rglob("*.yaml"), *DATA.rglob("*.yaml")] if p.is_file()
)


def _outcome(path: Path, *, fast: bool) -> str:
    try:
        document = loader.parse(loader.read(path), str(path), fast=fast)
        rubric = load_rubric(declared_rubric(document))
        record = assess_document(document, rubric, today=dt.date(2026, 12, 1))
    except InputError as exc:
        return "\n".join(map(str, exc.problems))
    except UserError as exc:
        return str(exc)
    return to_json(record)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_gives_the_same_record_or_errors(path: Path) -> None:
    assert _outcome(path, fast=True) == _outcome(path, fast=False)


def test_its_limits_decline_where_they_did() -> None:
    """Deeper than 32 levels, more than 40,000 keys and items in blocks (an item `- key:` is
    two), or more than 40,000 values in lists and mappings on one line: declined, not misread."""

    def nested(levels: int) -> str:
        keys = "".join(" " * i + f"k{i}:\n" for i in range(levels - 1))
        return keys + " " * (levels - 1) + "k: v\n"

    def items(count: int) -> str:
        return "a:\n" + "- b: c\n" * count

    assert _agrees(nested(32))
    assert fastyaml.parse(nested(33)) is None
    assert _agrees(items(19_999))  # 39,999 keys and items
    assert fastyaml.parse(items(20_000)) is None
    assert fastyaml.parse("".join(f"k{i}: v\n" for i in range(40_000))) is not None
    assert fastyaml.parse("".join(f"k{i}: v\n" for i in range(40_001))) is None
    flow = "[" + ", ".join("x" * 20_000) + "]"
    assert _agrees(f"a: {flow}\nb: {flow}\n")
    assert fastyaml.parse(f"a: {flow}\nb: {flow}\nc: [x]\n") is None
    for listed in ("- a\n", "- a: 1\n", "-\n  a: 1\n", "# only\n\n"):
        assert fastyaml.parse(listed) is None
