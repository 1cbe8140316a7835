"""The library: what programs and notebooks call. The command line calls the same functions.

    import stagecheck

    record = stagecheck.assess("partnership.yaml")          # or a mapping already in memory
    record.overall.stage, record.to_dict()
    print(stagecheck.render(record, "markdown"))
    for result in stagecheck.assess_many(["portfolio/"], jobs=4):
        ...                                                  # a Record, or a FileError

Nothing here prints or exits: every user error is raised as `UserError` (`InputError` for a
file's located problems), and a batch yields a `FileError` for a file it could not score and
goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stagecheck.core.compiled import DEFAULT, LoadedRubric
from stagecheck.core.errors import InputError, Problem, UserError, shown
from stagecheck.renderers.base import Format

if TYPE_CHECKING:
    from stagecheck.core.combine import Combined
    from stagecheck.core.compare import Comparison
    from stagecheck.core.record import Record
    from stagecheck.core.review import Review
    from stagecheck.timeline.trend import History

Source = str | Path | Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class FileError:
    """A file a batch could not score: where, and every problem found in it."""

    path: str
    problems: tuple[Problem, ...]

    def __str__(self) -> str:
        return "\n".join(shown(self.problems))


def load_rubric(id_or_path: str = DEFAULT) -> LoadedRubric:
    """A bundled rubric by id (`four-stages`, `deep-and-tight`) or a rubric file, validated,
    checked and compiled."""
    from stagecheck.core import compiled

    if not isinstance(id_or_path, str | Path) or "\0" in str(id_or_path):
        raise UserError(f"a rubric is named by its id or its file's path, not {id_or_path!r}")
    return compiled.load_rubric(str(id_or_path))


def assess(
    source: Source,
    rubric: str | LoadedRubric | None = None,
    *,
    name: str = "<memory>",
    min_evidence: str | None = None,
) -> Record:
    """Score one partnership: a file's path, or its content as a mapping (as `yaml.safe_load`
    or a program builds it; problems are then located in that mapping written out as YAML,
    under `name`). `rubric` is a bundled id, a rubric file or one already loaded; by default
    the one the partnership names, else four-stages. `min_evidence` (documented, measured or
    independent) treats a met cell criterion resting on weaker evidence as unknown, so the
    stage is the one the evidence supports; the record's `evidence.set_aside` names them."""
    from stagecheck.core import loader, strength
    from stagecheck.core.assess import assess_document, declared_rubric

    min_evidence = strength.minimum(min_evidence)

    # a rubric named by the caller is checked first: its mistake is theirs, whatever the file
    if rubric is not None and not isinstance(rubric, LoadedRubric):
        rubric = load_rubric(rubric)
    if isinstance(source, str | Path):
        document = loader.load(_path(source))
    else:
        document = _document(source, name)
    chosen = rubric or load_rubric(declared_rubric(document))
    return assess_document(document, chosen, min_evidence=min_evidence)


def _path(path: str | Path) -> str | Path:
    if "\0" in str(path):
        raise UserError(f"{path!r}: a file's name cannot hold a NUL character")
    return path


def _document(data: Mapping[str, Any], name: str) -> Any:
    """A mapping as the loader would read it from a file: written out as YAML (the loader
    keeps scalars as text and each value's place, which every message needs)."""
    import yaml

    from stagecheck.core import loader

    if not isinstance(data, Mapping):
        raise UserError(f"{name}: a partnership is a mapping of keys and values")
    plain = _plain(data, name, ())
    try:
        text = yaml.safe_dump(plain, sort_keys=False, allow_unicode=True)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # pragma: no cover - _plain
        raise UserError(f"{name}: the mapping cannot be written out as YAML ({exc})") from None
    return loader.parse(text.encode("utf-8"), name)


MAX_DEPTH = 64  # as the loader's limit for a file


def _plain(value: Any, name: str, at: tuple[str, ...]) -> Any:
    """A mapping in memory as the plain values a file holds (text, whole numbers, yes/no,
    dates, lists and mappings), or a UserError naming where it holds something else."""
    import datetime as dt

    where = f"{name}: {'.'.join(at) or 'the mapping'}"
    if len(at) > MAX_DEPTH:
        raise UserError(f"{where}: nested more than {MAX_DEPTH} levels deep (or a cycle)")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        if abs(value) >= 10**15:
            raise UserError(f"{where}: too large a number; give a count such as 4")
        return int(value)
    if isinstance(value, float | dt.date):
        return value
    try:
        if isinstance(value, Mapping):
            return {
                _plain(k, name, at): _plain(v, name, (*at, str(k)[:40])) for k, v in value.items()
            }
        if isinstance(value, list | tuple):
            return [_plain(v, name, (*at, str(i))) for i, v in enumerate(value)]
    except UserError:
        raise
    except Exception as exc:  # a mapping of the caller's that fails while read
        raise UserError(f"{where}: could not be read ({type(exc).__name__})") from None
    raise UserError(
        f"{where}: a {type(value).__name__} cannot be written in a partnership; use text, a "
        "number, yes/no, a date, a list or a mapping"
    )


def assess_many(
    paths: Iterable[str | Path],
    *,
    rubric: str | None = None,
    jobs: int | None = None,
    exclude: Sequence[str] = (),
    min_evidence: str | None = None,
) -> Iterator[Record | FileError]:
    """Score files and folders (searched for *.yaml and *.yml, in a fixed order) on `jobs`
    processes (all cores by default): one Record or FileError per file, in that order,
    whatever the number of processes. A file that cannot be scored, for any reason, is a
    FileError; the others are still scored. `min_evidence`: as for `assess`."""
    from stagecheck.batch import run
    from stagecheck.core import strength

    min_evidence = strength.minimum(min_evidence)

    if isinstance(paths, str | Path):  # one path, not the characters of its name
        paths = [paths]
    if not isinstance(paths, Iterable):
        raise UserError(f"assess_many takes a list of files and folders, not {paths!r}")
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise UserError(f"jobs is a number of processes (1 or more), not {jobs!r}")
    found = run.discover([_path(p) for p in paths], exclude)
    for problem in found.errors:
        yield FileError(problem.file, (problem,))
    if rubric is not None:
        load_rubric(rubric)  # a rubric that cannot be loaded is the caller's error, at once
    job = run.Job(rubric, (), None, keep=True, min_evidence=min_evidence)
    for outcome in run.score(found.files, job, jobs=jobs):
        if isinstance(outcome, run.FailedFile):
            yield FileError(outcome.path, outcome.problems)
        else:
            assert outcome.record is not None  # kept: the job asks for it
            yield outcome.record


def combine(
    paths: Iterable[str | Path],
    rubric: str | None = None,
    *,
    exclude: Sequence[str] = (),
    min_evidence: str | None = None,
) -> Combined:
    """One partnership as all its respondents see it: files (one per respondent) and folders
    of them, each scored, then combined under the rubric's `combine` rule, with the
    perspective gaps between them. A file that cannot be scored raises its InputError; files
    of different partnerships, different rubrics or the same respondent twice, a UserError.
    `min_evidence`: as for `assess`, for every respondent."""
    from stagecheck.batch import run, voices
    from stagecheck.core import strength
    from stagecheck.core.combine import combine as combined

    min_evidence = strength.minimum(min_evidence)
    if isinstance(paths, str | Path):
        paths = [paths]
    if not isinstance(paths, Iterable):
        raise UserError(f"combine takes a list of files and folders, not {paths!r}")
    found = run.discover([_path(p) for p in paths], exclude)
    if found.errors:
        raise InputError(list(found.errors))
    if rubric is not None:
        load_rubric(rubric)
    responses = [voices.response(path, rubric, min_evidence) for path in found.files]
    if not responses:
        raise UserError("no .yaml or .yml files to combine; name each respondent's file")
    return combined(load_rubric(responses[0].record.rubric.path), responses)


def render(
    record: Record,
    format: str | Format = Format.table,
    *,
    width: int = 100,
    color: bool = False,
    detail: bool = False,
) -> str:
    """One partnership's record as text in one of the output formats (`table`, `json`,
    `jsonl`, `csv`, `markdown`, `html`), as the command line would write it."""
    import io

    from stagecheck.core.record import Record
    from stagecheck.renderers import registry
    from stagecheck.renderers.base import Output
    from stagecheck.renderers.console import console

    if not isinstance(record, Record):
        raise UserError(f"render takes a record from assess, not {type(record).__name__}")
    try:
        fmt = Format(str(format).strip().lower())
    except ValueError:
        names = ", ".join(f.value for f in Format)
        raise UserError(f"unknown format {format!r}; use one of {names}") from None
    if not isinstance(width, int) or isinstance(width, bool) or not 20 <= width <= 1000:
        raise UserError(f"width is a number of columns from 20 to 1000, not {width!r}")
    stream = io.StringIO()
    out = Output(stream=stream, detail=detail)
    out.console = lambda: console("always" if color else "never", stream, width=width)
    single = registry.single(fmt)
    if single is not None:
        single(record, out)
        return stream.getvalue()
    view = registry.batch(fmt, out)
    assert view is not None  # every format that has no one-file renderer has a batch one
    from stagecheck.batch.portfolio import Summary, row

    summary = Summary()
    summary.learn(load_rubric(record.rubric.path).rubric)
    scored = row(record)
    view.scored(scored, view.encode(record) if view.encode else None, summary)
    summary.add(scored)
    view.end(summary)
    return stream.getvalue()


def review(path: str | Path, since: str | None = None, *, rubric: str | None = None) -> Review:
    """The annual review of one partnership file: its record now, and an earlier version from
    its git repository (the one at `since`, a revision; by default the latest review dated at
    least 300 days before this one, each version dated by its own `assessed.date`, else its
    commit's: see `stagecheck.versions`), compared with it as `compare` does. Outside git, or
    with no earlier version (or one that cannot be scored), the review has the record now only
    and says why."""
    import datetime as dt

    from stagecheck import versions
    from stagecheck.core.compare import compare as compared
    from stagecheck.core.review import Review, Since
    from stagecheck.timeline.git import split_rev
    from stagecheck.timeline.reviews import load_review

    if not isinstance(path, str | Path):
        raise UserError(f"review takes a partnership file's path, not {path!r}")
    if since is not None and not isinstance(since, str):
        raise UserError(f"since is a git revision written as text (HEAD~1), not {since!r}")
    file, rev = split_rev(str(_path(path)))
    if rev is not None:  # the review is of the file as it is now
        raise UserError(
            f"{path}: the review is of {file} as it is now: leave out '@{rev}' "
            f"(`--since {rev}` compares with that version)"
        )
    where = Path(path)
    loaded = load_rubric(rubric) if rubric is not None else None
    now, now_name = load_review(where, loaded)
    record = now.record
    earlier = versions.earlier(where, since, record.partnership.assessed_on, dt.date.today())
    if earlier.version is None:
        return Review(
            now=record, then=None, since=None, why_no_comparison=earlier.why_not, comparison=None
        )
    version = earlier.version
    said = Since(
        revision=version.commit,
        date=version.date,
        chosen=earlier.chosen,
        assessed_on=version.assessed_on,
        path=version.path,
    )
    try:
        then, then_name = load_review(earlier.source, loaded)
    except UserError as exc:
        why = f"that version could not be scored: {str(exc).splitlines()[0]}"
        return Review(now=record, then=None, since=said, why_no_comparison=why, comparison=None)
    return Review(
        now=record,
        then=then.record,
        since=said,
        why_no_comparison=None,
        comparison=compared(then, now, then_name, now_name),
    )


def compare(
    old: str | Path,
    new: str | Path,
    *,
    rubric: str | LoadedRubric | None = None,
    force: bool = False,
) -> Comparison:
    """Two reviews of one partnership compared: each a file's path, or `FILE@REV` for the file
    as a git revision holds it (`review.yaml@HEAD~1`, `review.yaml@v2025`). Each is scored with
    the rubric it names (as it was at that revision), or with `rubric` if given. Two different
    partnerships are refused (a UserError naming both) unless `force`."""
    from stagecheck.core.compare import compare as compared
    from stagecheck.timeline.reviews import load_review

    for given in (old, new):
        if not isinstance(given, str | Path):
            raise UserError(f"compare takes a file's path or FILE@REV, not {given!r}")
        _path(given)
    if rubric is not None and not isinstance(rubric, LoadedRubric):
        rubric = load_rubric(rubric)
    before, old_name = load_review(old, rubric)
    after, new_name = load_review(new, rubric)
    a, b = before.record.partnership.name, after.record.partnership.name
    if a != b and not force:
        raise UserError(
            f"{old_name} is '{a}' and {new_name} is '{b}': two different partnerships; "
            "compare two reviews of one partnership, or add --force"
        )
    return compared(before, after, old_name, new_name)


def history(path: str | Path, *, rubric: str | None = None, rescore: bool = False) -> History:
    """A partnership's reviews over time: every committed version of a file in its git
    repository, or the dated review files of a folder (dated by `assessed.date`, else by a
    date in the file's name). Each point gives its date, the rubric used and the stage of each
    dimension and overall; a version that does not validate is a point with its error. With
    `rescore`, every version is scored with today's rubric (`rubric`, else the one the newest
    version names)."""
    from stagecheck.timeline.trend import history as traced

    if not isinstance(path, str | Path):
        raise UserError(f"history takes a file's or a folder's path, not {path!r}")
    _path(path)
    if rubric is not None:
        load_rubric(rubric)  # the caller's mistake, said at once
    return traced(Path(path), rubric=rubric, rescore=rescore)


__all__ = [
    "FileError",
    "InputError",
    "UserError",
    "assess",
    "assess_many",
    "combine",
    "compare",
    "history",
    "load_rubric",
    "render",
    "review",
]
