"""Compiled rubrics are cached by content: a changed rubric is compiled again; an entry that is
damaged, edited, foreign or planted is ignored and rewritten, never trusted and never fatal; it
is JSON read back into the rubric's own dataclasses, so it cannot run code; an empty
STAGECHECK_CACHE_DIR turns the cache off."""

from __future__ import annotations

import os
import pickle
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from conftest import MINI
from stagecheck.core import cache
from stagecheck.core import compiled as rubrics


def load_fresh(path: Path) -> rubrics.LoadedRubric:
    rubrics._load.cache_clear()  # the in-process memo, not the cache on disk
    return rubrics.load_rubric(str(path))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STAGECHECK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("rubric-*.json"))


def no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any validation fail: a load that succeeds then came from the cache."""

    def refuse(*args: object) -> None:
        raise AssertionError("validated: the cache was not used")

    monkeypatch.setattr(rubrics, "validate", refuse)


def test_a_compiled_rubric_is_kept_and_read_back(
    folder: Path, monkeypatch: pytest.MonkeyPatch, mini_copy: Path
) -> None:
    first = load_fresh(mini_copy)
    assert len(entries(folder)) == 1
    with monkeypatch.context() as patched:
        no_validation(patched)
        again = load_fresh(mini_copy)
    assert again == first

    mini_copy.write_text(mini_copy.read_text("utf-8").replace("Mini rubric", "Edited"), "utf-8")
    edited = load_fresh(mini_copy)
    assert edited.rubric.title == "Edited for tests"
    assert len(entries(folder)) == 2


def test_a_rubric_with_warnings_is_read_back_with_them(
    folder: Path, monkeypatch: pytest.MonkeyPatch, mini_copy: Path
) -> None:
    unused = "  - id: unused\n    group: money\n    text: Unused?\n    type: boolean\n"
    text = mini_copy.read_text("utf-8").replace(
        "  - id: fee_income\n", unused + "  - id: fee_income\n"
    )
    mini_copy.write_text(text, "utf-8")
    first = load_fresh(mini_copy)
    assert [w.code for w in first.warnings] == ["SC201", "SC205"]  # mini names no table
    with monkeypatch.context() as patched:
        no_validation(patched)
        assert load_fresh(mini_copy) == first


@pytest.mark.parametrize("name", ["four-stages", "deep-and-tight"])
def test_the_bundled_rubrics_are_read_back_from_the_cache(
    folder: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # guards the cache against a field of a type it cannot read back (it would silently stop)
    rubrics._load.cache_clear()
    first = rubrics.load_rubric(name)
    with monkeypatch.context() as patched:
        no_validation(patched)
        rubrics._load.cache_clear()
        assert rubrics.load_rubric(name) == first


def damage(entry: Path, how: str, other: Path) -> None:
    data = entry.read_bytes()
    if how == "garbage":
        entry.write_bytes(b"not a cache entry")
    elif how == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "edited":  # a title changed, the keyed hash left as it was
        entry.write_bytes(data.replace(b"Mini rubric for tests", b"Forged rubric for tests"))
    elif how == "foreign":  # written by another cache folder, with its own key
        entry.write_bytes((other / entry.name).read_bytes())
    elif how == "key replaced":  # the key replaced: what it signed is refused
        entry.write_bytes(data.replace(b"Mini rubric", b"Forged rubric"))
        (entry.parent / "key").write_bytes(b"\0" * cache.KEY_BYTES)
    elif how == "pickle":
        entry.write_bytes(pickle.dumps(rubrics.load_rubric(str(MINI))))
    elif how == "a folder":
        entry.unlink()
        entry.mkdir()
    elif how == "a FIFO":  # reading it would wait for a writer for ever
        entry.unlink()
        os.mkfifo(entry)
    elif how == "a link to a device":
        entry.unlink()
        entry.symlink_to("/dev/zero")
    elif how == "a FIFO key":
        (entry.parent / "key").unlink()
        os.mkfifo(entry.parent / "key")


@pytest.mark.parametrize(
    "how",
    [
        "garbage",
        "truncated",
        "empty",
        "edited",
        "foreign",
        "key replaced",
        "pickle",
        "a folder",
        "a FIFO",
        "a link to a device",
        "a FIFO key",
    ],
)
def test_a_damaged_or_foreign_entry_is_ignored_and_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_copy: Path, how: str
) -> None:
    monkeypatch.setenv("STAGECHECK_CACHE_DIR", str(tmp_path / "other"))
    load_fresh(mini_copy)
    monkeypatch.setenv("STAGECHECK_CACHE_DIR", str(tmp_path / "cache"))
    fresh = load_fresh(mini_copy)
    (entry,) = entries(tmp_path / "cache")
    damage(entry, how, tmp_path / "other")
    loaded = load_fresh(mini_copy)
    assert loaded == fresh
    assert loaded.rubric.title == "Mini rubric for tests"
    assert not list((tmp_path / "cache").glob(".*.tmp")) and not list(
        (tmp_path / "cache").glob(".key.*")
    )
    if how != "a folder":  # a folder is left to the user to remove
        with monkeypatch.context() as patched:  # rewritten: the next run reads it
            no_validation(patched)
            assert load_fresh(mini_copy) == fresh


class Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (exec, ("open('PLANTED', 'w').close()",))


def test_a_planted_pickle_never_runs(
    folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    load_fresh(MINI)
    (entry,) = entries(folder)
    for target in (entry, entry.with_suffix(".pickle")):
        target.write_bytes(pickle.dumps(Planted()))
    assert load_fresh(MINI).rubric.id == "mini"
    assert not (tmp_path / "PLANTED").exists()


def test_a_cache_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", "utf-8")
    monkeypatch.setenv("STAGECHECK_CACHE_DIR", str(blocker / "cache"))
    assert load_fresh(MINI).rubric.id == "mini"


def test_an_empty_cache_dir_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAGECHECK_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert load_fresh(MINI).rubric.id == "mini"
    assert list(tmp_path.iterdir()) == []


def test_the_key_and_entries_are_private(folder: Path) -> None:
    load_fresh(MINI)
    assert (folder / "key").stat().st_mode & 0o077 == 0
    assert entries(folder)[0].stat().st_mode & 0o077 == 0


# --- the codec: stagecheck's own dataclasses, whatever their fields -----------------------------


def test_a_rubric_and_its_warnings_are_read_back_equal() -> None:
    from stagecheck.core.checks import Diagnostic

    checked = rubrics.Checked(
        rubrics.load_rubric("four-stages").rubric,
        (Diagnostic("SC201", "unused-question", "warning", ("questions", 3), "unused", "use it"),),
    )
    assert cache.loads(cache.dumps(checked)) == checked


@dataclass(frozen=True, slots=True)
class Shape:
    name: str


@dataclass(frozen=True, slots=True)
class ShapeWithMore:
    name: str
    note: str | None = None


def test_the_shape_follows_the_fields() -> None:
    assert cache.shape([Shape]) == cache.shape([Shape])  # stable
    ShapeWithMore.__qualname__ = "Shape"
    assert cache.shape([ShapeWithMore]) != cache.shape([Shape])  # a field more


@pytest.mark.parametrize(
    "value", [["a", "list"], date(2024, 9, 1), frozenset({"x"}), Shape("not stagecheck's")]
)
def test_a_value_it_cannot_read_back_is_not_cached(value: object) -> None:
    with pytest.raises(cache.Unsupported):
        cache.dumps(value)


def payload(body: str, classes: list[type] | None = None) -> bytes:
    from stagecheck.core.rubric import Citation

    return cache.shape(classes or [Citation]).encode() + b"\n" + body.encode()


@pytest.mark.parametrize(
    "body",
    [
        '{"@": "os:system", "command": "true"}',  # not a class of stagecheck
        '{"@": "builtins:dict"}',
        '{"@": "stagecheck.core.rubric:adapter"}',  # stagecheck's, but not a dataclass
        '{"@": "stagecheck.core.rubric:Citation.__init__"}',
        '{"@": "stagecheck.core.rubric:Citation", "source": "x"}',  # a field missing
        '{"@": "stagecheck.core.rubric:Citation", "source": "x", "where": null, "extra": 1}',
    ],
)
def test_an_entry_builds_only_stagecheck_dataclasses_with_their_fields(body: str) -> None:
    with pytest.raises((TypeError, ValueError)):
        cache.loads(payload(body))


def test_an_entry_whose_classes_changed_shape_is_not_read() -> None:
    body = '{"@": "stagecheck.core.rubric:Citation", "source": "x", "where": null}'
    from stagecheck.core.rubric import Citation

    assert cache.loads(payload(body)) == Citation(source="x")
    with pytest.raises(ValueError, match="changed shape"):
        cache.loads(payload(body, [Shape]))


def with_version(text: str, version: str) -> str:
    edited = re.sub(r"^version: .*$", f'version: "{version}"', text, count=1, flags=re.M)
    assert edited != text
    return edited


def test_a_rubric_named_by_a_relative_path_is_the_one_in_the_current_folder(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Bug: the compiled rubric was memoised by the path as written, so in one process (a
    # notebook, a test run) `rubric.yaml` in a second folder gave the first folder's rubric.
    text = MINI.read_text("utf-8")
    for name, version in (("one", "1.0.0"), ("two", "9.9.9")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "rubric.yaml").write_text(with_version(text, version), "utf-8")
    monkeypatch.chdir(tmp_path / "one")
    assert rubrics.load_rubric("rubric.yaml").rubric.version == "1.0.0"
    monkeypatch.chdir(tmp_path / "two")
    assert rubrics.load_rubric("rubric.yaml").rubric.version == "9.9.9"


def test_a_rubric_edited_in_a_running_program_is_read_again(tmp_path: Path, folder: Path) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text(with_version(MINI.read_text("utf-8"), "1.0.0"), "utf-8")
    assert rubrics.load_rubric(str(path)).rubric.version == "1.0.0"
    before = path.stat().st_mtime_ns
    path.write_text(with_version(MINI.read_text("utf-8"), "7.7.7"), "utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))  # a later edit, whatever the clock
    assert rubrics.load_rubric(str(path)).rubric.version == "7.7.7"
