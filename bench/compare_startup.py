"""Start-up of two installs of stagecheck, interleaved in one run: the figures for "before and
after" a change, under the same machine load.

    python bench/compare_startup.py BEFORE_PYTHON AFTER_PYTHON [--runs 20] [--example FILE]

Each PYTHON is the interpreter of a virtual environment with stagecheck installed (for example
the `.venv/bin/python` of a checkout of the earlier commit). Prints the median wall time of
`stagecheck assess FILE` for each, of the bare import of the dependencies, and the ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = "import typer, yaml, rich.console, rich.table; from pydantic import BaseModel"
# Both installs run from bytecode, as installed packages do (see startup.py).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--example", default=str(ROOT / "examples" / "established-mou.yaml"))
    args = parser.parse_args()
    commands = {
        "bare import": [args.after, "-c", IMPORTS],
        "before": [args.before, "-m", "stagecheck", "assess", args.example],
        "after": [args.after, "-m", "stagecheck", "assess", args.example],
    }
    for command in commands.values():  # warm the caches (bytecode and the rubric cache too)
        timed(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(timed(command))
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:<12} median {value:7.1f} ms")
    bare = medians["bare import"]
    print(
        f"before {medians['before'] / bare:.2f}x, after {medians['after'] / bare:.2f}x the bare "
        f"import; after/before {medians['after'] / medians['before']:.2f} "
        f"({args.runs} interleaved runs)"
    )


if __name__ == "__main__":
    main()
