"""`--format jsonl`: one line per scored file, written as each file is scored, in the batch's
order. Nothing is kept per file. `encode` runs in the workers.

Lines are lean (since schema version 3; version 4 adds the evidence keys): before the first
record scored with a rubric comes one rubric line (`"type": "rubric"`) with that rubric's fixed
text by id, and each record (`"type": "assessment"`) leaves that text out (see
`core.record.lean`). `--verbose-records` writes instead the full record of `--format json` on
every line, and no rubric line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stagecheck.batch.portfolio import Row, Summary
from stagecheck.core.record import FIXED_CRITERION, FIXED_STEP, Record, as_dict, lean, to_json
from stagecheck.renderers.base import BatchRenderer, Output

if TYPE_CHECKING:
    from stagecheck.core.compiled import LoadedRubric


def encode(record: Record) -> str:
    """One lean record as one line of JSON, with its newline."""
    return to_json(lean(record)) + "\n"


def encode_verbose(record: Record) -> str:
    """One full record (the one-file `json` record) as one line of JSON, with its newline."""
    return to_json(record) + "\n"


def rubric_line(loaded: LoadedRubric) -> dict[str, Any]:
    """The fixed text of a rubric that lean records refer to: each criterion's (and
    practice's) by its id, each step's under its criterion, by kind (an `answer` step by
    question too)."""
    from stagecheck.core.record import SCHEMA_VERSION

    r = loaded.rubric
    criteria: dict[str, Any] = {}
    steps: dict[str, Any] = {}
    for dimension in loaded.dimensions:
        for criterion_id, compiled in dimension.criteria.items():
            criteria[criterion_id] = {
                key: as_dict(value)
                for key, value in zip(
                    FIXED_CRITERION,
                    (
                        compiled.stage,
                        compiled.criterion.text,
                        compiled.practice,
                        compiled.questions,
                        compiled.sources,
                    ),
                    strict=True,
                )
            }
            fixed = {key: as_dict(getattr(compiled.act, key)) for key in FIXED_STEP}
            steps[criterion_id] = {
                compiled.act.kind: fixed,
                "answer": {
                    q: {key: as_dict(getattr(step, key)) for key in FIXED_STEP}
                    for q, step in compiled.ask.items()
                },
            }
    return {
        "schema_version": SCHEMA_VERSION,
        "type": "rubric",
        "rubric": {
            "id": r.id,
            "version": r.version,
            "title": r.title,
            "path": loaded.path,
            "sha256": loaded.sha256,
        },
        "criteria": criteria,
        "steps": steps,
    }


class JsonLines(BatchRenderer):
    encode = staticmethod(encode)

    def __init__(self, out: Output) -> None:
        super().__init__(out)
        self.verbose = out.verbose_records
        if self.verbose:
            self.encode = encode_verbose
        self.described: set[str] = set()  # the rubrics whose line is written

    def scored(self, row: Row, payload: str | None, summary: Summary) -> None:
        assert payload is not None
        if not self.verbose and row.rubric_path not in self.described:
            from stagecheck.core.compiled import load_rubric

            self.described.add(row.rubric_path)
            self.out.stream.write(to_json(rubric_line(load_rubric(row.rubric_path))) + "\n")
        self.out.stream.write(payload)

    def end(self, summary: Summary) -> None:
        self.out.stream.flush()
