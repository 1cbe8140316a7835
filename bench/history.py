"""History benchmark: `stagecheck history FILE` on a file with N committed versions.

    python bench/history.py [--commits 1000] [--runs 3]

Builds a git repository in a temporary folder with `git fast-import` (seconds, where N
`git commit` calls would take minutes): one partnership file (examples/regional-hub.yaml, on
the bundled rubric), committed N times with its review date and one answer changing, and
every 50th version not valid (a gap). Then times `stagecheck history FILE --format json` and
the terminal table, in a fresh process each run, and prints the median of each. The file is
read by one `git log` and one `git cat-file --batch` whatever N is. Not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "regional-hub.yaml"
STAGECHECK = [sys.executable, "-m", "stagecheck"]


def version(text: str, n: int) -> str:
    day = dt.date(2000, 1, 1) + dt.timedelta(days=7 * n)
    lines = [
        f"  date: {day.isoformat()}" if line.startswith("  date: ") else line
        for line in text.splitlines()
    ]
    body = "\n".join(lines) + "\n"
    if n % 50 == 49:
        body = body.replace("answers:", "answers:\n  no_such_group: {x: 1}", 1)
    return body + f"# version {n}\n"


def build(repo: Path, commits: int) -> Path:
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    stream = []
    for n in range(commits):
        data = version(text, n).encode()
        when = 946_684_800 + n * 604_800
        stream.append(
            b"commit refs/heads/main\n"
            + f"committer Bench <bench@example.org> {when} +0000\n".encode()
            + b"data 7\nversion\n"
            + f"M 100644 inline review.yaml\ndata {len(data)}\n".encode()
            + data
            + b"\n"
        )
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
    return repo / "review.yaml"


def timed(args: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU (user + system) seconds of the command, in a fresh process
    each run: on a shared machine the CPU time is the steadier figure."""
    times, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [*STAGECHECK, *args],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "COLUMNS": "120"},
            check=False,
        )
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            sys.exit(f"stagecheck failed: {done.stderr.decode()}")
    return statistics.median(times), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        started = time.perf_counter()
        build(repo, options.commits)
        built = time.perf_counter() - started
        print(f"repository of {options.commits} commits built in {built:.1f} s")
        for label, args in (
            ("history --format json", ["history", "review.yaml", "--format", "json"]),
            ("history (terminal table)", ["history", "review.yaml"]),
        ):
            median, cpu = timed(args, repo, options.runs)
            rate = options.commits / median
            print(
                f"stagecheck {label}: {median:.2f} s wall, {cpu:.2f} s CPU, median of "
                f"{options.runs} runs ({rate:,.0f} versions/s)"
            )


if __name__ == "__main__":
    main()
