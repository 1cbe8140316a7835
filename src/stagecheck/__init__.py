"""stagecheck: where a school partnership stands, and what to do next.

The library (see `stagecheck.api` and docs/library.md): `load_rubric`, `assess`,
`assess_many`, `combine` and `render`; the record each returns has `.to_dict()`. Imported
lazily, so that the command line's start-up does not pay for what it does not use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stagecheck._version import __version__

if TYPE_CHECKING:
    from stagecheck.api import FileError, assess, assess_many, combine, load_rubric, render
    from stagecheck.core.errors import InputError, UserError
    from stagecheck.core.record import Record

__all__ = [
    "FileError",
    "InputError",
    "Record",
    "UserError",
    "__version__",
    "assess",
    "assess_many",
    "combine",
    "load_rubric",
    "render",
]


def __getattr__(name: str) -> Any:
    if name == "Record":
        from stagecheck.core.record import Record

        return Record
    if name in __all__:
        from stagecheck import api

        return getattr(api, name)
    raise AttributeError(f"module 'stagecheck' has no attribute {name!r}")
