"""Exit codes, documented in the README."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # scored (or checked) and nothing asked to fail did
    FAILED = 1  # scored, but a --fail-under gate (or a check the user asked for) failed
    ERROR = 2  # could not do the job: usage, unreadable or invalid input
    INTERRUPTED = 130  # Ctrl-C (or an interview's input ran out) before the end
    CLOSED_PIPE = 141  # the reader of the output went away (`stagecheck ... | head`)
