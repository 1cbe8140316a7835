"""stagecheck: where a school partnership stands, and what to do next."""

from stagecheck._version import __version__

__all__ = ["__version__"]
