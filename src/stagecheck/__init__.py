"""stagecheck: where a school partnership stands, and what to do next.

The library (see `stagecheck.api` and docs/library.md): `load_rubric`, `assess`, `assess_many`,
`combine`, `render`, `compare`, `history` and `review`; the record each returns has
`.to_dict()`.
Imported lazily, so that the command line's start-up does not pay for what it does not use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stagecheck._version import __version__

if TYPE_CHECKING:
    from stagecheck.api import (
        FileError,
        assess,
        assess_many,
        combine,
        compare,
        history,
        load_rubric,
        render,
        review,
    )
    from stagecheck.core.compare import Comparison
    from stagecheck.core.errors import InputError, UserError
    from stagecheck.core.record import Record
    from stagecheck.timeline.trend import History

__all__ = [
    "Comparison",
    "FileError",
    "History",
    "InputError",
    "Record",
    "UserError",
    "__version__",
    "assess",
    "assess_many",
    "combine",
    "compare",
    "history",
    "load_rubric",
    "render",
    "review",
]


def __getattr__(name: str) -> Any:
    if name == "Record":
        from stagecheck.core.record import Record

        return Record
    if name == "Comparison":
        from stagecheck.core.compare import Comparison

        return Comparison
    if name == "History":
        from stagecheck.timeline.trend import History

        return History
    if name in __all__:
        from stagecheck import api

        return getattr(api, name)
    raise AttributeError(f"module 'stagecheck' has no attribute {name!r}")
