"""`rubric diff` notices every change to a rubric: each field of each part of the bundled rubric
edited in memory (generically, so a field added to the format is covered by itself), and a set
of ordinary edits to the rubric file, each seen by `--fail-on-change` and worded plainly."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Run
from stagecheck.core import rubric as fmt
from stagecheck.core.compiled import load_rubric
from stagecheck.exitcodes import ExitCode
from stagecheck.rubric import compare

FOUR = ROOT / "rubrics" / "four-stages.yaml"
Path_ = tuple[str | int, ...]


def _edited(value: Any) -> Any:
    """A value changed, whatever its type (compare reads values, never validates them)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + " (edited)"
    if isinstance(value, tuple):
        return (*value, value[-1]) if value else ("edited",)
    return "edited"  # None: now given


def edits(
    value: Any, path: Path_ = (), kind: tuple[str, ...] = (), seen: set[Any] | None = None
) -> Iterator[tuple[Path_, Any]]:
    """(place, its edited value) once for each kind of place under `value` (`kind`: the
    fields that lead to it, without the list positions), at the first such place found; and
    once for each kind of list of two or more parts, reordered and shortened."""
    seen = set() if seen is None else seen
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            inner = getattr(value, f.name)
            where = (*kind, f"{type(value).__name__}.{f.name}")
            if where not in seen and not _is_parent(inner) and inner != ():
                seen.add(where)
                yield (*path, f.name), _edited(inner)
            yield from edits(inner, (*path, f.name), where, seen)
    elif isinstance(value, tuple) and value and _is_parent(value[0]):
        if len(value) > 1 and kind not in seen:
            seen.add(kind)
            yield path, tuple(reversed(value))
            yield path, value[:-1]
        for i, item in enumerate(value):
            yield from edits(item, (*path, i), kind, seen)


def _is_parent(value: Any) -> bool:
    return dataclasses.is_dataclass(value) or (
        isinstance(value, tuple) and bool(value) and dataclasses.is_dataclass(value[0])
    )


def rebuilt(value: Any, path: Path_, leaf: Any) -> Any:
    if not path:
        return leaf
    step, rest = path[0], path[1:]
    if isinstance(step, int):
        items = list(value)
        items[step] = rebuilt(items[step], rest, leaf)
        return tuple(items)
    return dataclasses.replace(value, **{step: rebuilt(getattr(value, step), rest, leaf)})


BUNDLED = load_rubric(str(FOUR)).rubric
EDITS = list(edits(BUNDLED))


def _name(path: Path_) -> str:
    return ".".join(str(s) for s in path)


@pytest.mark.parametrize(("path", "value"), EDITS, ids=[_name(p) for p, _ in EDITS])
def test_every_field_edited_is_a_change(path: Path_, value: Any) -> None:
    edited = rebuilt(BUNDLED, path, value)
    assert edited != BUNDLED
    changes = list(compare.compare(BUNDLED, edited))
    assert changes, f"no change seen for {_name(path)}"
    for change in changes:
        assert change.kind in ("added", "removed", "reworded", "changed", "moved")
        assert change.what and change.id
    assert list(compare.compare(edited, BUNDLED))  # and back


def test_the_edits_reach_every_part_of_the_format() -> None:
    reached = set()  # (part, field) of every field an edit is in
    for path, _ in EDITS:
        value: Any = BUNDLED
        for step in path:
            if isinstance(step, str):
                reached.add((type(value).__name__, step))
            value = value[step] if isinstance(step, int) else getattr(value, step)
    classes = [fmt.Source, fmt.Citation, fmt.Stage, fmt.Group, fmt.Option, fmt.Question,
               fmt.Retired, fmt.Test, fmt.Advice, fmt.Applies, fmt.Criterion, fmt.Cell,
               fmt.Dimension, fmt.OverallRule, fmt.ChangeNote, fmt.Rubric]  # fmt: skip
    every = {(c.__name__, f.name) for c in classes for f in dataclasses.fields(c)}
    assert every - reached == set()


def changes_of(old: fmt.Rubric, new: fmt.Rubric) -> list[str]:
    return [
        f"{c.kind} {c.what} {c.id}" + (f": {c.detail}" if c.detail else "")
        for c in compare.compare(old, new)
    ]


def test_the_common_changes_keep_their_wording() -> None:
    stage = BUNDLED.stages[1]
    edited = dataclasses.replace(
        BUNDLED,
        stages=(BUNDLED.stages[0], dataclasses.replace(stage, summary="Planned together."),
                *BUNDLED.stages[2:]),
        groups=(dataclasses.replace(BUNDLED.groups[0], title="People"), *BUNDLED.groups[1:]),
        overall=fmt.OverallRule(rule="mean", dimensions=("leadership",)),
        table=None,
    )  # fmt: skip
    assert changes_of(BUNDLED, edited) == [
        "changed rubric table: was: four_stages; now: none",
        f"reworded stage established: summary was: {stage.summary}; now: Planned together.",
        "reworded group people_and_leadership: was: People and leadership; now: People",
        "changed overall rule: was: weakest; now: mean",
        "changed overall dimensions: was: all; now: leadership",
    ]


# --- the same through the command line, on edits of the rubric file ---

FILE_EDITS = {
    "source title": (
        "title: Potential for growth",
        "title: Potential for more growth",
        "reworded source ascl_growth: was: Potential for growth; now: Potential for more growth",
    ),
    "source author": (
        "author: Bill Malcolm",
        "author: W. Malcolm",
        "changed source ascl_growth: author was: Bill Malcolm; now: W. Malcolm",
    ),
    "source year": (
        "year: 2021",
        "year: 2022",
        "changed source four_stages: year was: 2021; now: 2022",
    ),
    "source url": (
        "    kind: blog post\n    file: 002_fb68e4423f376b18.txt",
        "    kind: blog post\n    file: 002_fb68e4423f376b18.txt\n    url: https://example.org/p",
        "changed source deep_and_tight: url was: none; now: https://example.org/p",
    ),
    "stage name": (
        "name: Regional excellence",
        "name: Regional strength",
        "reworded stage regional: was: Regional excellence; now: Regional strength",
    ),
    "group hint": (
        "hint: Who leads the partnership, how senior they are, and what happens if they leave.",
        "hint: Who leads the partnership.",
        "reworded group people_and_leadership: hint was: Who leads the partnership, how senior",
    ),
    "option label": (
        '{value: government, label: "Government (the DfE or another department)"}',
        '{value: government, label: "Government"}',
        "reworded option national_bodies.government: was: Government (the DfE or another "
        "department); now: Government",
    ),
    "option order": (
        "      - {value: universities, label: Universities}\n"
        '      - {value: agencies, label: "National agencies and charities"}\n',
        '      - {value: agencies, label: "National agencies and charities"}\n'
        "      - {value: universities, label: Universities}\n",
        "changed option national_bodies (order): now: agencies, universities, government",
    ),
    "retired instead": (
        "of fee income pays for the partnership",
        "of fee income pays for it",
        "reworded retired question fee_income_share: instead was: list where the money comes",
    ),
    "overall dimensions": (
        "overall:\n  rule: weakest",
        "overall:\n  rule: weakest\n  dimensions: [leadership, planning]",
        "changed overall dimensions: was: all; now: leadership, planning",
    ),
    "continuum": (
        "  - id: leadership\n    name:",
        "  - id: leadership\n    continuum: false\n    name:",
        "changed dimension leadership: continuum was: True; now: False",
    ),
    "citation where": (
        "sources: [{source: four_stages, where: Leadership row}]",
        "sources: [{source: four_stages, where: Leadership (row 1)}]",
        "sources was: four_stages (Leadership row); now: four_stages (Leadership (row 1))",
    ),
    "changelog": (
        "    summary: First version.",
        "    summary: The first version.",
        "reworded change note 1.0.0: summary was: First version.; now: The first version.",
    ),
}


@pytest.mark.parametrize("case", sorted(FILE_EDITS))
def test_fail_on_change_sees_every_kind_of_edit(run: Run, tmp_path: Path, case: str) -> None:
    old, new, line = FILE_EDITS[case]
    text = FOUR.read_text("utf-8")
    assert old in text, old
    path = tmp_path / "edited.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run("rubric", "diff", FOUR, path, "--fail-on-change")
    assert result.code == ExitCode.FAILED, str(result)
    assert "No changes" not in result.out
    assert line in " ".join(result.out.split()), str(result)
    assert run("rubric", "diff", FOUR, FOUR, "--fail-on-change").code == ExitCode.OK
