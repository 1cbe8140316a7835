"""Compiled rubrics are cached by content: a changed rubric is compiled again, a damaged
cache entry is ignored, and an empty STAGECHECK_CACHE_DIR turns the cache off."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINI
from stagecheck import rubrics


def load_fresh(path: Path) -> rubrics.LoadedRubric:
    rubrics._load.cache_clear()  # the in-process memo, not the cache on disk
    return rubrics.load_rubric(str(path))


def test_a_compiled_rubric_is_kept_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_copy: Path
) -> None:
    monkeypatch.setenv("STAGECHECK_CACHE_DIR", str(tmp_path / "cache"))
    first = load_fresh(mini_copy)
    entries = list((tmp_path / "cache").glob("rubric-*.pickle"))
    assert len(entries) == 1
    again = load_fresh(mini_copy)
    assert again == first

    mini_copy.write_text(mini_copy.read_text("utf-8").replace("Mini rubric", "Edited"), "utf-8")
    edited = load_fresh(mini_copy)
    assert edited.rubric.title == "Edited for tests"
    assert len(list((tmp_path / "cache").glob("rubric-*.pickle"))) == 2


def test_a_damaged_cache_entry_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAGECHECK_CACHE_DIR", str(tmp_path))
    load_fresh(MINI)
    (entry,) = tmp_path.glob("rubric-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert load_fresh(MINI).rubric.id == "mini"


def test_an_empty_cache_dir_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAGECHECK_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert load_fresh(MINI).rubric.id == "mini"
    assert not list(tmp_path.rglob("*.pickle"))
