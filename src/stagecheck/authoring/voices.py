"""`stagecheck interview PARTNERSHIP --as NAME`: a respondent's own file, started from the
partnership's file without its answers, then interviewed as any file is.

The respondent's file is written beside the partnership's, named after them
(`partnership.tom-reed.yaml` for `partnership.yaml --as "Tom Reed"`): the partnership's
`rubric:` and `partnership:` block (its id and name, so the files combine), and
`respondent: {name}`. A file of that name already there is never replaced: if it is this
respondent's it is carried on, otherwise the command stops and says so.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from stagecheck.core import loader
from stagecheck.core.errors import UserError

if TYPE_CHECKING:
    from stagecheck.authoring.interview import Interview


def slug(name: str) -> str:
    """A respondent's name as part of a file name: lower-case words joined by `-`."""
    words = re.findall(r"[^\W_]+", name.casefold())  # any script: 日本語 is not "respondent"
    return "-".join(words)[:60] or "respondent"


def respondent_path(source: Path, name: str) -> Path:
    return source.with_name(f"{source.stem}.{slug(name)}{source.suffix or '.yaml'}")


def start(source: Path, name: str, rubric: str | None) -> tuple[Path, bool]:
    """The respondent's file, and whether it was written now (False: carried on)."""
    from stagecheck.api import assess
    from stagecheck.files import write_atomic

    name = " ".join(name.split())
    if not name:
        raise UserError("--as needs the respondent's name, such as --as 'Tom Reed'")
    if not name.isprintable():
        raise UserError(
            "--as NAME has a control character; give the respondent's name as plain text, "
            "such as --as 'Tom Reed'"
        )
    target = respondent_path(source, name)
    if target.exists():
        given = _respondent(target)
        if given is not None and given.casefold() == name.casefold():
            return target, False
        who = f"{given!r}'s answers" if given else "not a respondent's file"
        raise UserError(
            f"{target} is there already and is {who}; it was left alone. Move it, or give "
            "--as the name written in it"
        )
    assess(source, rubric)  # the partnership's file must be one stagecheck reads
    data = loader.load(source).data
    kept: dict[str, Any] = {}
    if "rubric" in data:
        kept["rubric"] = data["rubric"]
    kept["respondent"] = {"name": name}
    kept["partnership"] = data["partnership"]
    body = yaml.safe_dump(kept, sort_keys=False, allow_unicode=True, width=100)
    # every respondent's file started from `source` is named `STEM.*.yaml`: one glob for all
    every = f"{_quoted(source.stem)}.*{_quoted(target.suffix)}"
    head = (  # each on its comment line: a name with a line break must not write YAML
        f"# {name}'s answers for {_line(data['partnership'].get('name'))}, started from "
        f"{_line(source.name)}\n# without its answers. Combine them with that file and every "
        f"other respondent's\n# started from it ({_line(every)}), in this folder:\n"
        f"#   stagecheck assess {_quoted(source.name)} {every} --combine\n"
    )
    write_atomic(target, head + body)
    return target, True


def _quoted(text: str) -> str:
    """A file name as one printable line, quoted for a shell where it needs it."""
    import shlex

    return shlex.quote(_line(text))


def _line(text: object) -> str:
    """Text as one printable line, for a comment."""
    return " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())


def _respondent(path: Path) -> str | None:
    try:
        data = loader.load(path).data
    except UserError:
        return None
    respondent = data.get("respondent")
    name = respondent.get("name") if isinstance(respondent, dict) else None
    return name if isinstance(name, str) else None


def organisation_options(partners: list[Any]) -> list[str]:
    """The partners' names a respondent may answer for."""
    return [p["name"] for p in partners if isinstance(p, dict) and isinstance(p.get("name"), str)]


def ask_respondent(interview: Interview, given: dict[str, Any]) -> None:
    """Ask which partner the respondent answers for (one of the partners, by number), and
    their role; each saved as it is given."""
    from stagecheck.core.rubric import Option

    about = interview.data().get("partnership") or {}
    names = organisation_options(about.get("partners") or [])
    if not names:
        return
    options = tuple(Option(value=str(i), label=n) for i, n in enumerate(names, start=1))
    interview.say("")
    chosen = interview.choose(f"Which partner does {given.get('name')} answer for?", options)
    interview.save(("respondent", "organisation"), names[int(chosen) - 1])
    role = interview.optional_text("Their role, e.g. Deputy Headteacher (Enter to leave out): ")
    if role:
        interview.save(("respondent", "role"), role)
