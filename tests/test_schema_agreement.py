"""The JSON Schema editors use and stagecheck's validator agree, on generated partnership files
(valid and nearly valid) for every bundled rubric: a file stagecheck accepts validates against
the schema, and a file the schema accepts is accepted by stagecheck.

Each file is generated as YAML text, read by stagecheck's loader (every scalar kept as the
text written) and validated; the schema sees the same text as a YAML 1.2 editor does (`12`
is a number, `true` a boolean, `yes` a string). The generator leaves out the differences
docs/partnership-format.md lists ("The JSON Schema"): a number in quotes for a number
question, a lower bound beyond the question's limits, the same option twice in different
case, and numbers YAML 1.2 reads that are not decimal whole numbers (0x1F, 1e3, 12.0).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI
from stagecheck.core import loader, partnership
from stagecheck.core.compiled import bundled, load_rubric
from stagecheck.core.errors import InputError
from stagecheck.core.outcome import KINDS
from stagecheck.core.rubric import Question, Rubric
from stagecheck.core.values import NO, UNSURE, YES
from stagecheck.rubric.schema import partnership_schema

RUBRICS = [*sorted(bundled()), str(MINI)]


@dataclass(frozen=True)
class Plain:
    """A scalar written without quotes."""

    text: str


Node = Any  # Plain, str (written in double quotes), None (written `null`), list, dict


def emit(node: Node) -> str:
    """YAML in flow style: JSON for the structure, each scalar plain or double-quoted."""
    if isinstance(node, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {emit(v)}" for k, v in node.items()) + "}"
    if isinstance(node, list):
        return "[" + ", ".join(emit(v) for v in node) + "]"
    if isinstance(node, Plain):
        return node.text
    return "null" if node is None else json.dumps(node, ensure_ascii=False)


_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def as_editor_sees(node: Node) -> Any:
    """The value a YAML 1.2 editor validates (core schema: null, bool, int, float, str)."""
    if isinstance(node, dict):
        return {k: as_editor_sees(v) for k, v in node.items()}
    if isinstance(node, list):
        return [as_editor_sees(v) for v in node]
    if not isinstance(node, Plain):
        return node
    text = node.text
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return text.lower() == "true"
    if _INT.fullmatch(text):
        return int(text)
    assert not _FLOAT.fullmatch(text) and not text.startswith("0x") and not text.startswith("0o")
    return text


_SAFE = re.compile(r"[A-Za-z0-9+][A-Za-z0-9 _'+-]*[A-Za-z0-9_+]|[A-Za-z0-9]")


def written(text: str) -> st.SearchStrategy[Node]:
    """`text` written plainly where YAML allows it here, else (or sometimes) in quotes; only a
    plain scalar can be read as a number or a boolean."""
    if _SAFE.fullmatch(text) and not _FLOAT.fullmatch(text) and ": " not in text:
        return st.sampled_from([Plain(text), text])
    return st.just(text)


def any_case(words: tuple[str, ...] | list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(list(words)).flatmap(
        lambda w: st.sampled_from([w, w.upper(), w.capitalize(), w.swapcase()])
    )


def padded(word: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(["", " ", "\t"]), word, st.sampled_from(["", " "])).map(
        "".join
    )


NOISE = st.sampled_from(["perhaps", "a few", "", " ", "yess", "12.5x", "\u0661\u0662", "²"])
TEXT = st.sampled_from(["Hill School", "A", "x y", "2024", "true", "no", " padded ", "\u3000"])


def value(q: Question) -> st.SearchStrategy[Node]:
    """One value for `q`: mostly valid, sometimes not."""
    options = [o.value for o in q.options]
    bad = NOISE.flatmap(written)
    match q.type:
        case "boolean":
            good = st.one_of(any_case(YES + NO).flatmap(written), st.sampled_from(["yes", "no"]))
        case "choice":
            good = padded(any_case(options)).flatmap(written)
            bad = st.one_of(bad, st.sampled_from([o + "x" for o in options]).flatmap(written))
        case "choices":
            one = padded(any_case(options)).flatmap(written)
            good = st.one_of(one, st.lists(one, max_size=4), option_map(options))
            bad = st.one_of(bad, st.lists(st.one_of(one, bad), min_size=1, max_size=3))
        case "integer":
            good = st.one_of(numbers(q).map(lambda n: Plain(str(n))), bounds(q))
            bad = st.one_of(bad, st.just(Plain(str((q.maximum or 10**15) + 1))))
        case "date":
            good = st.dates().map(lambda d: Plain(d.isoformat()))
            bad = st.one_of(bad, st.sampled_from([Plain("2020-13-45"), Plain("2021-02-30")]))
        case _:
            good = TEXT.flatmap(written)
    return st.one_of(good, good, bad, st.lists(good, min_size=1, max_size=1))


def numbers(q: Question) -> st.SearchStrategy[int]:
    return st.integers(q.minimum if q.minimum is not None else -50, q.maximum or 10_000)


def bounds(q: Question) -> st.SearchStrategy[Node]:
    low = q.minimum if q.minimum is not None else 0

    def phrase(n: int, form: str) -> str:
        return form.format(n=n, m=n - 1)

    forms = ["at least {n}", "{n}+", "{n} or more", "no fewer than {n}", "more than {m}",
             "over {m}", "AT  LEAST {n}", "{n}  Or More"]  # fmt: skip
    top = (q.maximum or 10_000) - 1
    return st.builds(
        phrase, st.integers(low + 1, max(low + 1, top)), st.sampled_from(forms)
    ).flatmap(written)


def option_map(options: list[str]) -> st.SearchStrategy[Node]:
    said = st.one_of(
        padded(any_case(YES + NO + UNSURE)).flatmap(written),
        st.sampled_from([Plain("true"), Plain("FALSE"), None, "maybe", Plain("1")]),
    )
    keys = st.lists(st.sampled_from(options), unique=True, max_size=len(options))
    return keys.flatmap(
        # each option once: the same option twice in another case is a documented difference
        lambda chosen: st.fixed_dictionaries(dict.fromkeys(chosen, said))
    ).flatmap(
        lambda mapping: (
            st.just(mapping)
            if not mapping
            else st.sampled_from([mapping, {k.upper(): v for k, v in mapping.items()}])
        )
    )


LINKS = st.sampled_from(
    [
        "docs/mou.pdf",
        "../minutes 2024.docx",
        "C:/reports/evaluation.pdf",
        "https://example.org/evaluation",
        "HTTP://example.org",
        "javascript:alert(1)",
        "mailto:head@example.org",
        "file:///etc/passwd",
        "https://head:secret@example.org/mou",
        "//me@example.org/x",
        " https://me:secret@example.org/x",
        "https://example.org/a@b",
        "two\nlines",
        " ",
        "a\tb",
    ]
)


def described() -> st.SearchStrategy[Node]:
    """A piece of evidence written as `{kind, note, link}`: mostly valid, sometimes not (an
    unknown kind, no note, a link with a scheme other than http(s), an unknown key)."""
    kind = st.one_of(padded(any_case(list(KINDS))).flatmap(written), st.just("measurd"))
    return st.one_of(
        st.fixed_dictionaries(
            {"kind": kind, "note": TEXT.flatmap(written)},
            optional={"link": st.one_of(LINKS, st.just(Plain("2024")))},
        ),
        st.fixed_dictionaries({"kind": kind}, optional={"link": LINKS}),
        st.fixed_dictionaries({"note": TEXT.flatmap(written), "source": TEXT}),
    )


def answer(q: Question) -> st.SearchStrategy[Node]:
    v = value(q)
    piece = st.one_of(TEXT.flatmap(written), described())
    evidence = st.one_of(piece, st.lists(piece, max_size=2))
    return st.one_of(
        v,
        v,
        st.none(),
        st.fixed_dictionaries({"answer": st.one_of(v, st.none())}, optional={"evidence": evidence}),
        st.fixed_dictionaries(
            {"not_applicable": st.one_of(TEXT.flatmap(written), st.none())},
            optional={"evidence": evidence, "answer": st.one_of(st.none(), v)},
        ),
        st.fixed_dictionaries({"evidnce": evidence}),
    )


def document(rubric: Rubric) -> st.SearchStrategy[Node]:
    asked = [q for q in rubric.questions if not q.derived]
    sectors = padded(any_case(list(partnership.SECTORS))).flatmap(written)
    partner = st.fixed_dictionaries(
        {"name": TEXT.flatmap(written), "sector": st.one_of(sectors, sectors, st.just("stat"))},
        optional={"phase": st.one_of(TEXT.flatmap(written), st.none())},
    )
    about = st.fixed_dictionaries(
        {"name": TEXT.flatmap(written), "partners": st.lists(partner, max_size=3)},
        optional={"started": st.dates().map(lambda d: Plain(d.isoformat()))},
    )
    questions = st.lists(st.sampled_from(asked), unique_by=lambda q: q.id, max_size=8)

    def grouped(chosen: list[Question]) -> st.SearchStrategy[Node]:
        groups: dict[str, dict[str, st.SearchStrategy[Node]]] = {}
        for q in chosen:
            groups.setdefault(q.group, {})[q.id] = answer(q)
        return st.fixed_dictionaries(
            {g: st.fixed_dictionaries(fields) for g, fields in groups.items()}
        )

    stages = [s.id for s in rubric.stages]
    wrong = {rubric.groups[0].id: {"no_such_question": Plain("yes")}}
    return st.fixed_dictionaries(
        {"partnership": about},
        optional={
            "format": st.sampled_from([Plain("1"), "1", Plain("2")]),
            "answers": st.one_of(questions.flatmap(grouped), st.just(wrong)),
            "expected": st.fixed_dictionaries(
                {"overall": st.sampled_from([*stages, "nowhere"]).flatmap(written)}
            ),
            "assesed": st.just(Plain("x")),
        },
    )


def accepted_by_stagecheck(text: str, rubric: Rubric) -> bool:
    try:
        partnership.validate(loader.parse(text.encode(), "generated.yaml"), rubric)
    except InputError:
        return False
    return True


@pytest.mark.parametrize("rubric_id", RUBRICS)
def test_the_schema_and_the_validator_agree_on_generated_files(rubric_id: str) -> None:
    rubric = load_rubric(rubric_id).rubric
    schema = jsonschema.Draft202012Validator(
        partnership_schema(rubric), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    seen = {True: 0, False: 0}

    @settings(
        max_examples=300,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(document(rubric))
    def agree(doc: Node) -> None:
        text = emit(doc)
        ours = accepted_by_stagecheck(text, rubric)
        theirs = schema.is_valid(as_editor_sees(doc))
        seen[ours] += 1
        assert ours == theirs, (
            f"stagecheck {'accepts' if ours else 'refuses'} and the schema "
            f"{'accepts' if theirs else 'refuses'}:\n{text}\n"
            + "\n".join(e.message for e in schema.iter_errors(as_editor_sees(doc)))
        )

    agree()
    assert seen[True] > 20 and seen[False] > 20, seen  # both kinds were generated
