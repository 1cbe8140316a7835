"""Instructions per file of each stage of the batch's path, counted by callgrind: where
`bench/per_file.py`'s total goes, the same whatever the load of the machine.

    python bench/stages.py [--files 100] [--data DIR] [STAGE ...]

Each STAGE (default: all) runs in a process of its own under `valgrind --tool=callgrind`, once
with one pass over `--files` generated files (`bench/batch.py`) and once with three; the
difference over two passes is the cost of the stage for one file, without start-up or the
passes that prepare its input. Stages: load (read and parse: `loader.load(fast=True)`),
validate (`partnership.validate`), score (`scoring.score`), record (`assess.record_of`, which
scores), encode (the lean jsonl line), row (the batch's row), whole (all of them, as a worker
does for each file). Needs valgrind.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import generate  # bench/ is not a package: run as a script
from per_file import counted

STAGES = ("load", "validate", "score", "record", "encode", "row", "whole")


def passes(stage: str, count: int, files: list[str]) -> None:
    """`count` passes of `stage` over `files` (in this process: run under callgrind)."""
    import gc

    from stagecheck.batch.portfolio import row
    from stagecheck.core import loader, partnership, scoring
    from stagecheck.core.assess import assess_document, record_of
    from stagecheck.core.compiled import load_rubric
    from stagecheck.renderers.jsonl import encode

    gc.freeze()  # as a worker does (batch.run._start_worker)
    gc.set_threshold(50_000, 20, 100)
    rubric = load_rubric("four-stages")
    documents = {p: loader.load(p, fast=True) for p in files}
    valid = {p: partnership.validate(documents[p], rubric.rubric) for p in files}
    records = {p: record_of(documents[p], rubric, valid[p]) for p in files}

    def whole(p: str) -> Any:
        record = assess_document(loader.load(p, fast=True), rubric)
        return row(record, []), encode(record)

    run: Callable[[str], Any] = {
        "load": lambda p: loader.load(p, fast=True),
        "validate": lambda p: partnership.validate(documents[p], rubric.rubric),
        "score": lambda p: scoring.score(rubric, valid[p].facts),
        "record": lambda p: record_of(documents[p], rubric, valid[p]),
        "encode": lambda p: encode(records[p]),
        "row": lambda p: row(records[p], []),
        "whole": whole,
    }[stage]
    for _ in range(count):
        for p in files:
            run(p)


def instructions(stage: str, count: int, data: Path, out: Path) -> int:
    return counted([sys.executable, __file__, "--run", stage, str(count), str(data)], out)


def main() -> int:
    if sys.argv[1:2] == ["--run"]:
        stage, count, data = sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
        passes(stage, count, sorted(str(p) for p in data.rglob("*.yaml")))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--data", type=Path, help="a folder of partnership files to take")
    parser.add_argument("stages", nargs="*", metavar="STAGE", help=", ".join(STAGES))
    args = parser.parse_args()
    if unknown := [s for s in args.stages if s not in STAGES]:
        parser.error(f"no stage {', '.join(unknown)}; use {', '.join(STAGES)}")
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed")
    with tempfile.TemporaryDirectory(prefix="stagecheck-stages-") as tmp:
        base = Path(tmp)
        data = base / "files"
        data.mkdir()
        if args.data:
            for f in sorted(args.data.rglob("*.yaml"))[: args.files]:
                shutil.copy(f, data / f.name)
        else:
            generate(data, args.files)
        count = len(list(data.rglob("*.yaml")))
        for stage in args.stages or STAGES:
            one, three = (instructions(stage, n, data, base / f"cg-{stage}-{n}") for n in (1, 3))
            print(f"{stage:10} {(three - one) / (2 * count) / 1e6:6.2f} M instructions a file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
