"""Setting targets while writing a file: `init --target DIMENSION=STAGE@DATE` and the
interview's offer after its questions. A target is read by the same readers that check a file
(`core.targets`); one set at creation must have a date to come."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic_core import PydanticCustomError

from stagecheck.authoring.prompts import QUIT, SKIP, Quit
from stagecheck.core import targets
from stagecheck.core.errors import UserError
from stagecheck.core.rubric import Rubric
from stagecheck.core.validation import message
from stagecheck.core.words import did_you_mean

if TYPE_CHECKING:
    from stagecheck.authoring.interview import Interview

EXAMPLE_OPTION = "leadership=regional@2027-07"


def written(target: targets.Target) -> str:
    """A target as the file holds it: `regional by 2027-07`."""
    return f"{target.stage} by {target.written}"


def to_come(target: targets.Target, today: dt.date) -> str | None:
    """What is wrong with a new target's date, if it has passed."""
    if target.by >= today:
        return None
    return (
        f"{target.by.isoformat()} is in the past: a new target needs a date still to come "
        f"(today is {today.isoformat()})"
    )


def from_option(spec: str, rubric: Rubric, today: dt.date) -> tuple[str, str]:
    """`--target leadership=regional@2027-07` as (dimension id, the file's text)."""
    dimension, equals, rest = spec.partition("=")
    stage, at, date = rest.rpartition("@")
    if not equals or not at or not dimension.strip():
        raise UserError(
            f"--target {spec}: write DIMENSION=STAGE@DATE, e.g. --target {EXAMPLE_OPTION}"
        )
    ids = [d.id for d in rubric.dimensions]
    dimension = dimension.strip()
    if dimension not in ids:
        raise UserError(
            f"--target {spec}: no dimension '{dimension}'{did_you_mean(dimension, ids)}; "
            f"use one of {', '.join(ids)}"
        )
    try:
        target = targets.Target(
            targets.read_stage(rubric.stages, stage),
            targets.read_date(date),
            date.strip(),
        )
    except PydanticCustomError as exc:
        raise UserError(f"--target {spec}: {message(exc)}") from None
    if (past := to_come(target, today)) is not None:
        raise UserError(f"--target {spec}: {past}")
    return dimension, written(target)


def options(specs: list[str], rubric: Rubric, today: dt.date) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for spec in specs:
        dimension, text = from_option(spec, rubric, today)
        if dimension in chosen:
            raise UserError(f"--target {spec}: '{dimension}' has a target already; give one")
        chosen[dimension] = text
    return chosen


def template_lines(rubric: Rubric, chosen: dict[str, str]) -> list[str]:
    """The targets block of a new file: the targets chosen, or a commented example."""
    from stagecheck.authoring.template import comment

    example = targets.EXAMPLE
    out = comment(
        "Optional: targets, a stage to reach in a dimension by a date (YYYY-MM means the "
        f"month's last day), e.g. `leadership: {example}` or `leadership: {{stage: regional, "
        "by: 2027-07-31}`. They never change a stage: reports show each as met, due or "
        "overdue. Dimensions: " + ", ".join(d.id for d in rubric.dimensions) + ".",
        0,
    )
    if not chosen:
        return [*out, "# targets:", f"#   leadership: {example}"]
    return [*out, "targets:", *(f"  {d}: {text}" for d, text in chosen.items())]


Ask = Callable[[str], str]
Say = Callable[[str], None]

OFFER = (
    "Would you like to set targets (a stage to reach in a dimension by a date)? "
    "Type y for yes, or press Enter for no: "
)


def ask(
    rubric: Rubric,
    ask_line: Ask,
    say: Say,
    save: Callable[[str, str], None],
    *,
    set_already: set[str],
    reached: dict[str, str],
    today: dt.date,
) -> int:
    """After the questions: offer targets, then ask one dimension at a time (Enter skips).
    Returns how many were set. Input that ends at the offer is taken as no."""
    try:
        wanted = ask_line(OFFER).strip().lower()
    except EOFError:
        return 0
    if wanted not in ("y", "yes"):
        return 0
    say(
        f"For each dimension, type a stage and a date, e.g. '{targets.example(rubric.stages)}' "
        "(a month means "
        "its last day); press Enter to leave it without a target."
    )
    count = 0
    for d in rubric.dimensions:
        if d.id in set_already:
            continue
        now = f" (now: {reached[d.id]})" if d.id in reached else ""
        while True:
            text = ask_line(f"{d.name}{now}: ").strip()
            if text.lower() in QUIT:
                raise Quit
            if text.lower() in SKIP:
                break
            try:
                target = targets.read_written(rubric.stages, text)
            except PydanticCustomError as exc:
                say(f"  {message(exc)}.")
                continue
            if (past := to_come(target, today)) is not None:
                say(f"  {past}; give a later date, or press Enter to skip.")
                continue
            save(d.id, written(target))
            count += 1
            break
    return count


def offer(interview: Interview) -> None:
    """The interview's offer of targets, for the dimensions that have none yet."""
    given = interview.data().get("targets")
    interview.say("")
    ask(
        interview.loaded.rubric,
        interview.line,
        interview.say,
        lambda dimension, text: interview.save(("targets", dimension), text),
        set_already=set(given) if isinstance(given, dict) else set(),
        reached=_reached(interview),
        today=dt.date.today(),
    )


def _reached(interview: Interview) -> dict[str, str]:
    """Each dimension's stage as the file stands, shown beside its prompt."""
    from stagecheck.core import loader, partnership
    from stagecheck.core.assess import record_of
    from stagecheck.core.errors import InputError

    try:
        document = loader.parse(interview.text.encode("utf-8"), str(interview.path))
        checked = partnership.validate(document, interview.loaded.rubric)
    except InputError:
        return {}
    record = record_of(document, interview.loaded, checked)
    return {d.id: d.stage_label for d in record.dimensions}
