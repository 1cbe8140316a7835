"""Start-up benchmark: `stagecheck assess` on an example against the bare import of its four
dependencies, interleaved in one run so that both see the same machine load.

    python bench/startup.py [--runs 30] [--example examples/established-mou.yaml]

Target (issue 2): median wall time of the assessment <= 1.5x the median of the bare import.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = "import typer, pydantic, yaml, rich.console, rich.table"
TARGET = 1.5


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--example", default=str(ROOT / "examples" / "established-mou.yaml"))
    args = parser.parse_args()
    script = Path(sys.executable).with_name("stagecheck")
    stagecheck = [str(script)] if script.exists() else [sys.executable, "-m", "stagecheck"]
    commands = {
        "bare import of typer, pydantic, yaml, rich": [sys.executable, "-c", IMPORTS],
        f"stagecheck assess {Path(args.example).name}": [*stagecheck, "assess", args.example],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache
        wall(command)
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(wall(command))
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, median in medians.items():
        print(f"{name:55} median {median * 1000:6.1f} ms  (min {min(times[name]) * 1000:.1f})")
    floor, ours = medians.values()
    ratio = ours / floor
    verdict = "meets" if ratio <= TARGET else "misses"
    print(f"ratio {ratio:.2f}x over {args.runs} interleaved runs; {verdict} the {TARGET}x target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
