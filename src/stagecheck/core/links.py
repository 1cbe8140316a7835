"""Evidence links that are paths, checked to exist beside the partnership file (issue 14).

A missing one is a warning, located `file:line:col`, never an error: the file still scores. A
URL is never fetched (nor looked up): it is only shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from stagecheck.core import loader
from stagecheck.core.errors import Problem
from stagecheck.core.outcome import Fact
from stagecheck.core.words import dotted, quoted

WEB = ("http://", "https://")


def missing(document: loader.Document, facts: Mapping[str, Fact]) -> list[Problem]:
    """A warning for each evidence link that is a path to nothing, relative to the file's
    folder (for a document built in memory, the current folder). Call it once the file is
    valid (`facts` are its answers): the answers are then mappings of mappings."""
    if not any(e.link for f in facts.values() for e in f.items):
        return []
    base = Path(document.path).parent
    out = []
    for loc, link in _links(document.data.get("answers")):
        if link.lower().startswith(WEB) or _exists(base, link):
            continue
        line, col, _ = loader.locate(document.root, loc)
        said = f"evidence link {quoted(link)} is not found beside this file; check the path"
        out.append(Problem(document.path, line, col, said, dotted(loc)))
    return out


def _exists(base: Path, link: str) -> bool:
    try:
        return (base / link).exists()
    except (OSError, ValueError):  # a name too long, or one the system cannot hold
        return False


def _links(answers: Any) -> list[tuple[tuple[str | int, ...], str]]:
    found: list[tuple[tuple[str | int, ...], str]] = []
    if not isinstance(answers, dict):
        return found
    for group, questions in answers.items():
        for qid, answer in (questions or {}).items() if isinstance(questions, dict) else ():
            evidence = answer.get("evidence") if isinstance(answer, dict) else None
            if isinstance(evidence, dict):
                pieces: list[tuple[tuple[str | int, ...], Any]] = [((), evidence)]
            elif isinstance(evidence, list):
                pieces = [((i,), e) for i, e in enumerate(evidence)]
            else:
                continue
            for at, piece in pieces:
                link = piece.get("link") if isinstance(piece, dict) else None
                if isinstance(link, str):
                    found.append((("answers", group, qid, "evidence", *at, "link"), link))
    return found
