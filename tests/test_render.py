"""Every output format is drawn from one shared result record."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from rich.console import Console

from conftest import DATA
from stagecheck.api import assess
from stagecheck.core.record import Record, as_dict
from stagecheck.renderers import json as json_format
from stagecheck.renderers import terminal


@pytest.fixture(scope="module")
def record() -> Record:
    return assess(DATA / "partnerships" / "mixed.yaml")


def table(record: Record, *, detail: bool = False) -> str:
    out = StringIO()
    console = Console(file=out, width=100, force_terminal=False, color_system=None)
    terminal.render(record, console, detail=detail)
    return out.getvalue()


def test_json_is_the_record_as_data(record: Record) -> None:
    assert json.loads(json_format.render(record)) == json.loads(json.dumps(as_dict(record)))


def test_table_shows_what_the_record_says(record: Record) -> None:
    # cells wrap: compare the words of each column with the box drawing taken out
    words = " ".join(table(record).replace("│", " ").split())
    for dim in record.dimensions:
        assert dim.name in words
        for word in dim.reason.split():
            assert word in words
    for step in record.first_steps:
        assert step.text in words


def test_detail_lists_every_criterion_of_the_record(record: Record) -> None:
    text = " ".join(table(record, detail=True).split())
    for dim in record.dimensions:
        for criterion in dim.criteria:
            assert criterion.text in text


def test_json_and_table_agree_on_every_stage(record: Record) -> None:
    data = json.loads(json_format.render(record))
    names = [s["name"] for s in data["stages"]]
    text = table(record)
    rows = [d["name"] for d in data["dimensions"]]
    lines = text.splitlines()
    for i, dim in enumerate(data["dimensions"]):
        start = next(n for n, line in enumerate(lines) if rows[i][:10] in line)
        after = rows[i + 1][:10] if i + 1 < len(rows) else "└"
        end = next(n for n in range(start + 1, len(lines)) if after in lines[n])
        cell = " ".join(
            line.split("│")[2].strip() for line in lines[start:end] if line.count("│") > 2
        )
        assert " ".join(dim["stage_label"].split()) in cell
        if len(dim["span"]) > 1:
            # a cell the source gives for several stages: its words and span, never a stage name
            assert "the source does not tell them apart" in cell
            assert not any(name in cell for name in names)
