"""What a batch worker sends back (`ScoredFile`, `FailedFile` and their rows) arrives whole:
they are pickled as their field values (`portfolio.pickled_by_fields`)."""

from __future__ import annotations

import pickle

from conftest import DATA, EXAMPLES
from stagecheck.batch.run import FailedFile, Job, ScoredFile, score_chunk
from stagecheck.renderers.jsonl import encode


def test_outcomes_survive_the_trip_between_processes() -> None:
    paths = [str(p) for p in EXAMPLES] + [str(DATA / "invalid" / "bad-choice.yaml")]
    outcomes = score_chunk(Job(None, (), encode), paths)
    assert {type(o) for o in outcomes} == {ScoredFile, FailedFile}
    back = pickle.loads(pickle.dumps(outcomes, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == outcomes
    assert [type(o) for o in back] == [type(o) for o in outcomes]
