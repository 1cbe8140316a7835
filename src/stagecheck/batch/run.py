"""Many partnership files: find them, score them on every core, yield one outcome per file.

Pure: nothing here prints. `discover` turns the paths a user named (files and folders) into the
files to score, in a deterministic order, with what could not be searched. `score` yields one
`ScoredFile` or `FailedFile` per file in that same order, whatever the number of processes, and
holds only a bounded window of results: a consumer that streams them keeps memory flat.

Each worker builds the one result record of a file (`assess.assess_document`, as a single-file
run does), turns it into a small `portfolio.Row` and, when asked, into the rendered payload of
the output format (`encode`), so that the record itself never crosses a process boundary.
"""

from __future__ import annotations

import errno
import gc
import os
import stat
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

from stagecheck.batch.portfolio import Row, pickled_by_fields, row
from stagecheck.core.errors import InputError, Problem, UserError
from stagecheck.core.record import Record
from stagecheck.core.words import BROKEN_LINK, LINK_LOOP, special_file

if TYPE_CHECKING:
    from stagecheck.core.gates import Gate

SUFFIXES = (".yaml", ".yml")
Encoder = Callable[[Record], str]  # a top-level function: it is sent to the workers by name


# ---------------------------------------------------------------------------------------------
# Discovery


@dataclass(frozen=True, slots=True)
class Discovery:
    files: list[str]
    errors: list[Problem]  # entries that could not be searched: files may have been missed
    warnings: list[Problem]  # entries skipped without missing anything (symlink loops)


def discover(paths: Sequence[Path | str], exclude: Sequence[str] = ()) -> Discovery:
    """The files to score: named files as given, folders searched recursively for `*.yaml` and
    `*.yml` (entries sorted by name; hidden ones, named `.*`, skipped), minus `exclude` globs;
    each file once, in that order.

    A file named on the command line is always scored, whatever its name. Inside folders, a
    glob matches a file or folder by its name (`drafts`, `*.draft.yaml`) or by its path
    relative to the folder named on the command line (`archive/2019/*`). Symbolic links to
    folders are followed unless they lead back into a folder being searched (a loop: skipped
    with a warning); a broken link, a folder that cannot be listed and a path that does not
    exist are errors that do not stop the search.
    """
    walk = _Walk(tuple(exclude))
    for path in paths:
        walk.top(str(path))
    return Discovery(walk.files, walk.errors, walk.warnings)


class _Walk:
    def __init__(self, exclude: tuple[str, ...]) -> None:
        self.exclude = exclude
        self.files: list[str] = []
        self.seen: set[str] = set()
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def excluded(self, name: str, relative: str) -> bool:
        return any(fnmatchcase(name, g) or fnmatchcase(relative, g) for g in self.exclude)

    def add(self, path: str) -> None:
        key = os.path.normpath(path)
        if key not in self.seen:
            self.seen.add(key)
            self.files.append(path)

    def top(self, path: str) -> None:
        try:
            info = Path(path).stat()
        except FileNotFoundError:
            broken = Path(path).is_symlink()
            self.error(path, BROKEN_LINK if broken else "no such file or folder")
            return
        except OSError as exc:
            looped = exc.errno == errno.ELOOP
            self.error(
                path,
                LINK_LOOP if looped else f"cannot be read ({exc.strerror}); check its permissions",
            )
            return
        if stat.S_ISDIR(info.st_mode):
            self.folder(path, "", ((info.st_dev, info.st_ino),))
        else:
            self.add(path)  # a file named on the command line is scored whatever its suffix

    def folder(self, path: str, relative: str, ancestors: tuple[tuple[int, int], ...]) -> None:
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.error(path, f"cannot be listed ({exc.strerror}); its files were not scored")
            return
        for entry in entries:
            rel = f"{relative}/{entry.name}" if relative else entry.name
            if entry.name.startswith(".") or self.excluded(entry.name, rel):
                continue
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError as exc:  # a link that loops, or one the user may not follow
                self.error(
                    entry.path,
                    LINK_LOOP if exc.errno == errno.ELOOP else f"cannot be read ({exc.strerror})",
                )
                continue
            if is_dir:
                try:
                    info = entry.stat()
                except OSError as exc:  # pragma: no cover - raced away
                    self.error(entry.path, f"cannot be read ({exc.strerror})")
                    continue
                key = (info.st_dev, info.st_ino)
                if key in ancestors:
                    self.warnings.append(
                        Problem(
                            entry.path,
                            0,
                            0,
                            "is a symbolic link back into a folder being searched (a loop); "
                            "skipped",
                        )
                    )
                    continue
                self.folder(entry.path, rel, (*ancestors, key))
            elif not entry.name.endswith(SUFFIXES):
                continue
            elif is_file:
                self.add(entry.path)
            elif entry.is_symlink() and not Path(entry.path).exists():
                self.error(entry.path, BROKEN_LINK)
            else:  # a FIFO (reading it would wait forever), a socket or a device
                try:
                    what = special_file(entry.stat().st_mode)
                except OSError:  # pragma: no cover - raced away
                    what = "a special file"
                self.error(entry.path, f"is {what}, not a regular file; skipped")

    def error(self, path: str, message: str) -> None:
        self.errors.append(Problem(path, 0, 0, message))


# ---------------------------------------------------------------------------------------------
# Scoring


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ScoredFile:
    row: Row
    payload: str | None  # the record rendered by the batch's encoder, when it has one
    record: Record | None = None  # the whole record, when the job keeps it (the library API)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FailedFile:
    path: str
    problems: tuple[Problem, ...]  # sorted by position; at least one


FileOutcome = ScoredFile | FailedFile


@dataclass(frozen=True, slots=True)
class Job:
    """What every worker needs to score a file; sent once to each worker."""

    rubric: str | None  # the --rubric given, else each file's own
    gates: tuple[str, ...]  # --fail-under specs, checked per file against its rubric
    encode: Encoder | None
    keep: bool = False  # send each whole record back (a program wants them; the CLI does not)
    missed_targets: bool = False  # --fail-on-missed-target: an overdue target fails as a gate
    min_evidence: str | None = None  # --min-evidence: met criteria on weaker evidence unknown


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def score(files: Sequence[str], job: Job, *, jobs: int | None = None) -> Iterator[FileOutcome]:
    """One outcome per file, in the order of `files`, scored on `jobs` processes (all cores
    by default; small batches are scored in this process)."""
    jobs = jobs or default_jobs()
    # rendered payloads (a full json record is ~46 KB) wait in the worker and in this process
    # until their chunk's turn: smaller chunks keep that memory small
    size = _chunk_size(len(files), jobs, 16 if job.encode else 64)
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    if jobs == 1 or len(chunks) == 1:
        for chunk in chunks:
            yield from score_chunk(job, chunk)
        return
    yield from _in_pool(chunks, job, jobs)


def _chunk_size(count: int, jobs: int, most: int = 64) -> int:
    # small enough that every process stays busy to the end, large enough to pay for the trip
    return max(1, min(most, count // (jobs * 8)))


def _in_pool(chunks: Sequence[Sequence[str]], job: Job, jobs: int) -> Iterator[FileOutcome]:
    """Chunks scored on a pool of processes, their outcomes in order.

    A worker that dies (killed, out of memory, a crash in a C extension) breaks the pool and
    every chunk in flight with it. Those files are then scored again one at a time on a fresh
    pool: the one that stops a worker again is reported as not scored, the others are scored.
    """
    todo: deque[tuple[Sequence[str], bool]] = deque((chunk, False) for chunk in chunks)
    while todo:
        yield from _on_one_pool(todo, job, jobs)


def _on_one_pool(
    todo: deque[tuple[Sequence[str], bool]], job: Job, jobs: int
) -> Iterator[FileOutcome]:
    """Score `todo` (chunks, each with whether it is a suspect file to be scored alone) on one
    pool until all are done or a task fails; what is left stays in `todo`, in order."""
    window: deque[tuple[Sequence[str], bool, Future[list[FileOutcome]]]] = deque()
    # a chunk's results wait here until it is its turn: with rendered payloads, fewer chunks
    # in flight keep the batch's memory flat; two a worker still keep every worker busy
    limit = jobs * (2 if job.encode else 4)
    with _pool(jobs) as pool:
        try:
            while todo or window:
                # a bounded window of chunks in flight; a suspect is always alone in it
                while todo and len(window) < limit:
                    paths, alone = todo[0]
                    if window and (alone or window[-1][1]):
                        break
                    todo.popleft()
                    window.append((paths, alone, _submit(pool, job, paths)))
                paths, alone, future = window.popleft()
                try:
                    done = future.result()
                except Exception as exc:  # whatever it was, the batch goes on
                    if alone:
                        yield _not_scored(paths[0], exc)
                    else:  # any file in flight may be the cause: each is tried on its own
                        lost = [paths, *(chunk for chunk, _, _ in window)]
                        suspects = [((path,), True) for chunk in lost for path in chunk]
                        todo.extendleft(reversed(suspects))
                    return  # on a fresh pool: this one may be broken
                yield from done
        finally:
            for _, _, future in window:
                future.cancel()


def _submit(pool: ProcessPoolExecutor, job: Job, paths: Sequence[str]) -> Future[list[FileOutcome]]:
    try:
        return pool.submit(score_chunk, job, paths)
    except Exception as exc:  # a pool already broken refuses new work: it fails as a task would
        failed: Future[list[FileOutcome]] = Future()
        failed.set_exception(exc)
        return failed


def _pool(jobs: int) -> ProcessPoolExecutor:
    import multiprocessing

    # forkserver (spawn where there is none): workers start from a clean process that has
    # imported only stagecheck, never from a copy of the caller's threads and state
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["stagecheck.batch.run"])
    return ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    )


def _not_scored(path: str, exc: BaseException) -> FailedFile:
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, BrokenProcessPool):
        why = "the process scoring it stopped (it crashed or was killed)"
    else:
        why = f"stagecheck failed on it unexpectedly ({type(exc).__name__})"
    return FailedFile(path, (Problem(path, 0, 0, f"{why}; it was not scored"),))


def _start_worker(batch_pid: int) -> None:
    # A worker keeps nothing between files but the rubric: move what it has loaded so far out
    # of the cycle collector's sight, and let it run less often on the short-lived objects of
    # each file (freed by reference counting; see NOTES on the GC with many models).
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    # A batch killed outright (kill -9) cannot shut its pool down, and its workers would wait
    # for work for ever: each leaves once the batch is gone.
    import threading

    threading.Thread(target=_leave_with, args=(batch_pid,), daemon=True).start()


def _leave_with(batch_pid: int) -> None:
    import time

    while True:
        time.sleep(1.0)
        try:
            os.kill(batch_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except OSError:  # pragma: no cover - not ours to signal, so still there
            pass


def score_chunk(job: Job, paths: Sequence[str]) -> list[FileOutcome]:
    """Score some files in this process: the work of one worker task."""
    return [_score_one(job, path) for path in paths]


def _score_one(job: Job, path: str) -> FileOutcome:
    from stagecheck.core import loader
    from stagecheck.core.assess import assess_document, declared_rubric
    from stagecheck.core.compiled import load_rubric
    from stagecheck.core.gates import failed, missed

    try:
        document = loader.load(path, fast=True)
        rubric = load_rubric(job.rubric or declared_rubric(document))
        record = assess_document(document, rubric, min_evidence=job.min_evidence)
        below = [str(g) for g in failed(_gates(job.gates, rubric.path), record)]
        below += missed(record) if job.missed_targets else []
        encoded = job.encode(record) if job.encode else None
        kept = record if job.keep else None
        return ScoredFile(row(record, below), encoded, kept)
    except InputError as exc:
        return FailedFile(path, tuple(exc.problems))
    except UserError as exc:  # e.g. the rubric a file names cannot be found
        return FailedFile(path, (Problem(path, 0, 0, str(exc)),))
    except Exception as exc:  # a bug must not end the batch: the file is reported instead
        return _not_scored(path, exc)


_GATES: dict[tuple[tuple[str, ...], str], list[Gate]] = {}


def _gates(specs: tuple[str, ...], rubric_path: str) -> list[Gate]:
    from stagecheck.core.compiled import load_rubric
    from stagecheck.core.gates import parse_gates

    key = (specs, rubric_path)
    if key not in _GATES:
        # checked before the batch against the rubrics it may use; here, a gate that does not
        # fit this file's rubric (another rubric's stage) does not apply to it
        _GATES[key] = parse_gates(list(specs), load_rubric(rubric_path).rubric, lenient=True)
    return _GATES[key]
