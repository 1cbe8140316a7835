"""Start-up benchmark: `stagecheck assess` on an example against the bare import of its four
dependencies, interleaved in one run so that all commands see the same machine load.

    python bench/startup.py [--runs 30] [--example examples/established-mou.yaml]

Target (issue 11): median wall time of the assessment <= 1.3x the median of the bare import.
The bare import is `import typer, yaml, rich.console, rich.table; from pydantic import
BaseModel` (`import pydantic` alone defers everything). A third line times an empty typer
command with the same options as `assess`: the floor of any typer command, which builds a
pydantic adapter per option (see ../shared/NOTES.md).

`--instructions` counts instead the instructions each command executes, once, under valgrind's
callgrind: repeatable to a fraction of a percent on a loaded machine, so the way to compare two
versions of the code (wall time also pays for loading shared libraries, which counts few
instructions, so the two ratios differ).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = "import typer, yaml, rich.console, rich.table; from pydantic import BaseModel"
EMPTY_COMMAND = """
import sys
from pathlib import Path
from typing import Annotated
import typer, yaml, rich.console, rich.table
from pydantic import BaseModel
app = typer.Typer(rich_markup_mode=None, add_completion=False)
@app.callback()
def root() -> None: ...
@app.command()
def assess(
    paths: list[Path],
    rubric: Annotated[str | None, typer.Option("--rubric")] = None,
    format: Annotated[str, typer.Option("--format")] = "table",
    color: Annotated[str, typer.Option("--color")] = "auto",
    detail: Annotated[bool, typer.Option("--detail")] = False,
    fail_under: Annotated[list[str] | None, typer.Option("--fail-under")] = None,
    exclude: Annotated[list[str] | None, typer.Option("--exclude")] = None,
    output: Annotated[Path | None, typer.Option("--output")] = None,
    force: Annotated[bool, typer.Option("--force")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs")] = None,
    progress: Annotated[bool | None, typer.Option("--progress/--no-progress")] = None,
) -> None: ...
app(sys.argv[1:])
"""
TARGET = 1.3  # issue 11
# Installed packages run from bytecode (pip compiles it); an editable checkout writes it on the
# first run unless PYTHONDONTWRITEBYTECODE is set, and then compiles every module on every run.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
    )
    return time.perf_counter() - start


def instructions(command: list[str]) -> int:
    """The instructions `command` executes, counted by callgrind."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=ENV,
        )
        totals = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
        assert totals is not None, "callgrind wrote no total"
        return int(totals.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--example", default=str(ROOT / "examples" / "established-mou.yaml"))
    parser.add_argument("--instructions", action="store_true", help="count under callgrind")
    args = parser.parse_args()
    script = Path(sys.executable).with_name("stagecheck")
    stagecheck = [str(script)] if script.exists() else [sys.executable, "-m", "stagecheck"]
    commands = {
        "bare import of typer, pydantic, yaml, rich": [sys.executable, "-c", IMPORTS],
        "empty typer command with assess's options": [
            sys.executable,
            "-c",
            EMPTY_COMMAND,
            "assess",
            args.example,
        ],
        f"stagecheck assess {Path(args.example).name}": [*stagecheck, "assess", args.example],
    }
    if args.instructions:
        for command in commands.values():  # the bytecode and the rubric cache
            wall(command)
        counts = {name: instructions(command) for name, command in commands.items()}
        for name, count in counts.items():
            print(f"{name:45} {count / 1e6:8.1f} M instructions")
        bare, _, assess = counts.values()
        print(f"ratio {assess / bare:.2f}x the bare import's instructions")
        return 0
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache, the bytecode and the rubric cache
        wall(command)
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(wall(command))
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, median in medians.items():
        print(f"{name:45} median {median * 1000:6.1f} ms  (min {min(times[name]) * 1000:.1f})")
    floor, typer_floor, ours = medians.values()
    ratio = ours / floor
    verdict = "meets" if ratio <= TARGET else "misses"
    print(
        f"ratio {ratio:.2f}x the bare import ({ours / typer_floor:.2f}x the empty typer command) "
        f"over {args.runs} interleaved runs; {verdict} the {TARGET}x target"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
