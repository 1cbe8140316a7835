"""`stagecheck init`: a partnership file to fill in, generated from the rubric.

Every question is there, with its text, its allowed values and its hint as comments, and its
answer left blank: a blank answer is unknown, so an unfilled file scores "provisional" and never
claims anything. The name and the first partner are placeholders (a file needs both to be read);
`stagecheck interview` recognises them and asks for the real ones.

The editor modeline points at a JSON Schema written beside the file, one per rubric and folder
(`partnership.<rubric id>.schema.json`): it works offline and outside this repository, and
several partnership files in one folder share it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

from stagecheck.core.compiled import LoadedRubric, bundled, load_rubric
from stagecheck.core.partnership import SECTORS
from stagecheck.core.rubric import Question, Rubric
from stagecheck.files import refuse_existing, refuse_inputs, write_atomic

# the order of the keys stagecheck writes, for placing a new key among the author's
TOP_ORDER = (
    *("format", "rubric", "respondent", "partnership", "assessed", "targets", "answers"),
    "expected",
    *("name", "summary", "started", "partners"),
)
PLACEHOLDER_NAME = "Our partnership (write its name here)"
PLACEHOLDER_PARTNER = {"name": "Our school (write its name here)", "sector": "other"}
WIDTH = 96
# text YAML reads back as written without quotes, in block and in flow context (`[a, b]`)
_PLAIN = re.compile(r"[A-Za-z0-9][^\n\t:#\[\]{},\"]*")
_RESERVED = re.compile(r"(?i)(~|null|true|false|yes|no|on|off|y|n|[-+.0-9].*)")


def scalar(value: str) -> str:
    """A value as YAML reads it back as the same text: plain where that is safe, else quoted."""
    if _PLAIN.fullmatch(value) and value == value.strip() and not _RESERVED.fullmatch(value):
        return value
    if re.fullmatch(r"[a-z0-9][a-z0-9_-]*|\d{4}-\d{2}-\d{2}|[+-]?\d+", value):
        return value  # option values, dates and numbers: the loader keeps them as text
    return json.dumps(value, ensure_ascii=False)


def comment(text: str, indent: int, first: str = "") -> list[str]:
    pad = " " * indent + "# "
    lines = textwrap.wrap(
        " ".join(text.split()),
        WIDTH - len(pad),
        initial_indent=first,
        subsequent_indent="",
        break_on_hyphens=False,
    )
    return [pad + line for line in lines]


def allowed(q: Question) -> list[str]:
    """What may be written for a question, in words."""
    match q.type:
        case "boolean":
            return ["Answer yes or no."]
        case "choice" | "choices":
            head = (
                "Choose one:"
                if q.type == "choice"
                else "Choose any, as a list such as [a, b], or [] for none; or, where you "
                "know some and not others, one per line as option: yes / no / unknown:"
            )
            return [head, *(f"  {o.value}: {o.label}" for o in q.options)]
        case "integer":
            low = "" if q.minimum is None else f" from {q.minimum}"
            high = "" if q.maximum is None else f" to {q.maximum}"
            return [f'A whole number{low}{high}, or "at least N" if you know no more.']
        case "date":
            return ["A date, written YYYY-MM-DD."]
        case _:
            return ["In your own words."]


def schema_file_name(rubric: Rubric) -> str:
    return f"partnership.{rubric.id}.schema.json"


def rubric_key(loaded: LoadedRubric, target: Path) -> str:
    """What the file's `rubric:` says: the bundled id, or the rubric's path from the file."""
    known = bundled()
    if known.get(loaded.rubric.id) == Path(loaded.path) or loaded.path == loaded.rubric.id:
        return loaded.rubric.id
    if loaded.rubric.id in known and Path(loaded.path).resolve() == known[loaded.rubric.id]:
        return loaded.rubric.id
    return os.path.relpath(Path(loaded.path).resolve(), target.resolve().parent)


def render(
    loaded: LoadedRubric,
    target: Path,
    *,
    schema: str | None,
    targets: dict[str, str] | None = None,
) -> str:
    """The text of a new partnership file for `loaded`'s rubric (with `targets`: dimension id
    -> `regional by 2027-07`, else a commented example of them)."""
    from stagecheck.authoring.targets import template_lines

    r = loaded.rubric
    out = [f"# yaml-language-server: $schema={schema}", "#"] if schema else []
    out += [
        f"# A partnership file for stagecheck: {r.title} ({r.id} {r.version}).",
        "#",
        "# Write each answer after its colon. An answer left blank counts as 'not known yet',",
        "# never as 'no'. To add evidence, or to say a question does not apply (n/a, because",
        "# ...: the interview's words), write:",
        "#   mou:",
        "#     answer: signed",
        "#     evidence: [MOU signed by the three heads, 2024-09-12]",
        "#   (or, saying how strong it is: asserted, documented, measured or independent:",
        "#     evidence: [{kind: documented, note: The MOU, link: docs/mou.pdf}])",
        "#   alumni_donor_comms:",
        "#     not_applicable: State schools with no alumni association and no donors.",
        "#",
        f"# `stagecheck interview {target.name}` asks these questions one by one and fills this",
        f"# file in for you; `stagecheck assess {target.name}` shows where the partnership stands.",
        f"rubric: {scalar(rubric_key(loaded, target))}",
        "partnership:",
        "  # The partnership's name.",
        f"  name: {scalar(PLACEHOLDER_NAME)}",
        "  # Optional: what it does, in a sentence or two, and when it started (remove the #).",
        "  # summary: Weekly maths enrichment for Year 9, hosted in turn by each school.",
        "  # started: 2023-09-01",
        "  # The schools and organisations in it, at least one. Each has a name and a sector,",
        *comment("one of: " + ", ".join(SECTORS) + ".", 2, ""),
        "  # Optional for each: phase (primary, secondary, ...) and lead_role (its lead's role).",
        "  partners:",
        f"    - name: {scalar(PLACEHOLDER_PARTNER['name'])}",
        f"      sector: {PLACEHOLDER_PARTNER['sector']}",
        "# Optional: who made this assessment, and when (remove the #s).",
        "# assessed:",
        "#   date: 2026-10-01",
        "#   by: Partnerships co-ordinator",
        *template_lines(r, targets or {}),
        "answers:",
    ]
    for g in r.groups:
        out += ["", f"  # --- {g.title} ---"]
        if g.hint:
            out += comment(g.hint, 2)
        out.append(f"  {g.id}:")
        for q in (q for q in r.questions if q.group == g.id and not q.derived):
            out.append("")
            out += comment(q.text, 4)
            if q.hint:
                out += comment("Hint: " + q.hint, 4)
            for line in allowed(q):
                out += comment(line, 4) if not line.startswith("  ") else [f"    # {line}"]
            out.append(f"    {q.id}:")
    return "\n".join(out) + "\n"


def write_schema(loaded: LoadedRubric, folder: Path) -> Path | None:
    """Write the rubric's schema beside the file; None when an up-to-date one is there."""
    from stagecheck.rubric.schema import partnership_schema

    target = folder / schema_file_name(loaded.rubric)
    text = json.dumps(partnership_schema(loaded.rubric), indent=2, ensure_ascii=False) + "\n"
    if target.exists():
        try:
            current = target.read_text(encoding="utf-8")
            ours = json.loads(current).get("title", "").startswith("stagecheck partnership file")
        except (OSError, ValueError, AttributeError):
            return None  # not ours: leave it alone
        if current == text or not ours:
            return None
    write_atomic(target, text, force=True)
    return target


def init(
    path: Path,
    rubric_ref: str | None,
    *,
    force: bool = False,
    schema: bool = True,
    targets: Sequence[str] = (),
    today: dt.date | None = None,
) -> list[Path]:
    """Write a new partnership file (and its schema); the files written. `targets` are
    `--target DIMENSION=STAGE@DATE` options, each with a date still to come."""
    from stagecheck.authoring.targets import options

    refuse_existing(path, force=force)
    loaded = load_rubric(rubric_ref) if rubric_ref else load_rubric()
    chosen = options(list(targets), loaded.rubric, today or dt.date.today())
    refuse_inputs(path, [loaded.path])
    name = schema_file_name(loaded.rubric) if schema else None
    write_atomic(path, render(loaded, path, schema=name, targets=chosen), force=force)
    written = [path]
    if schema and (schema_path := write_schema(loaded, path.parent)) is not None:
        written.append(schema_path)
    return written
