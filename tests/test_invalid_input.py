"""Every class of bad input: exit 2, one located sentence per problem, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import DATA, MINI, Run
from stagecheck.core import loader
from stagecheck.core.errors import InputError

INVALID = DATA / "invalid"
CASES: dict[str, list[object]] = yaml.safe_load((INVALID / "cases.yaml").read_text("utf-8"))


def test_every_invalid_file_has_a_case() -> None:
    files = {p.name for p in INVALID.glob("*.yaml")} - {"cases.yaml"}
    assert files == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_invalid_file_is_reported_where_it_is_wrong(run: Run, name: str) -> None:
    line, column, message = CASES[name]
    path = INVALID / name
    declares_rubric = b"rubric:" in path.read_bytes()
    result = run("assess", path) if declares_rubric else run("assess", path, "--rubric", MINI)
    assert result.code == 2, str(result)
    assert result.out == ""
    first = result.err.splitlines()[0]
    where = f"{path}:{line}:{column}" if line else str(path)  # 0: the whole file, no position
    assert first.startswith(f"{where}: "), str(result)
    assert str(message) in first


def test_all_problems_of_a_file_are_reported_at_once(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "partnership:\n  name: T\n  partners: [{name: A, sector: stat}]\n"
        "answers:\n  people: {lead: boss, mou: maybe}\n  mony: {}\n",
        encoding="utf-8",
    )
    result = run("assess", path, "--rubric", MINI)
    lines = result.err.splitlines()
    assert result.code == 2
    assert [line.split(": ")[0] for line in lines] == [
        f"{path}:3:32",
        f"{path}:5:18",
        f"{path}:5:29",
        f"{path}:6:3",
    ]


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * 200 + b"\n")
    with pytest.raises(InputError, match="is larger than 100 bytes"):
        loader.load(path, max_bytes=100)


def test_plain_scalars_are_kept_as_written(tmp_path: Path) -> None:
    path = tmp_path / "norway.yaml"
    path.write_text("country: NO\ncode: 017\ndate: 2020-01-01\nblank:\ntilde: ~\n", "utf-8")
    assert loader.load(path).data == {
        "country": "NO",
        "code": "017",
        "date": "2020-01-01",
        "blank": None,
        "tilde": None,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assess", "missing.yaml"], "missing.yaml: no such file; check the path"),
        (["assess", "docs"], "no .yaml or .yml files found in docs"),
        (
            ["assess", "x.yaml", "--rubric", "four-stagez"],
            "no such rubric (did you mean 'four-stages'?)",
        ),
    ],
)
def test_bad_arguments_are_one_plain_line(run: Run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_the_c_loader_is_used_where_pyyaml_has_it() -> None:
    assert yaml.__with_libyaml__, "PyYAML without libyaml: batch speed depends on it"
    assert issubclass(loader._Loader, yaml.CSafeLoader.__mro__[1])  # libyaml's CParser
