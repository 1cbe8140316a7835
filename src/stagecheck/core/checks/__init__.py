"""What a schema cannot see in a rubric: its parts must fit together.

Each check has a permanent code and a name, and yields diagnostics located by their path in the
rubric file. Errors make a rubric unusable for scoring; warnings point at a weaker rubric. The
checks are registered by the modules imported here (`parts`, `conditions`), in code order.
"""

from stagecheck.core.checks import conditions, parts
from stagecheck.core.checks.registry import (
    INVALID_YAML,
    Diagnostic,
    Rule,
    Severity,
    diagnose,
    reading_rule,
    rules,
)

__all__ = [
    "INVALID_YAML",
    "Diagnostic",
    "Rule",
    "Severity",
    "conditions",
    "diagnose",
    "parts",
    "reading_rule",
    "rules",
]
