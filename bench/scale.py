"""Scale benchmark: `stagecheck assess DIR --format FMT` for every batch format, on 1,000 to
100,000 generated partnership files (bench/batch.py's generator), one run each.

    python bench/scale.py [--sizes 1000,10000] [--formats table,json,...] [--jobs N] [--keep DIR]

For each format and size it prints the wall seconds, files/s, the peak memory of the process
tree (the sum of the proportional set sizes of stagecheck, its forkserver and its workers,
sampled from /proc every 0.05 s, as bench/batch.py does) and the main process's share of the
tree's CPU time (user + system, from /proc/PID/stat, each process's last sample). The output
goes to /dev/null, so a 100,000-file `json` (3 GB of records) costs no disk.

Targets (issue 11): peak memory <= 150 MB and a main-process share < 10 % at 100,000 files,
in every format; cost linear in files. The machine is shared: run 100,000 only when it is
quiet, and read files/s as a comparison within one run. Not a timed test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch import check_generated, generate, tool, tree_rss

FORMATS = ("table", "json", "jsonl", "csv", "markdown", "html")
TICK = os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        stack += children.get(p, [])
    return out


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of one process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14 and 15)


def run(command: list[str]) -> tuple[float, int, int, float, float]:
    """Wall seconds, exit code, peak tree memory, main-process CPU and tree CPU seconds."""
    peak = 0
    cpu: dict[int, float] = {}
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
        done = threading.Event()

        def watch() -> None:
            nonlocal peak
            while not done.wait(0.05):
                peak = max(peak, tree_rss(proc.pid))
                for p in descendants(proc.pid):
                    if (seconds := cpu_seconds(p)) is not None:
                        cpu[p] = seconds

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, err = proc.communicate()
        done.set()
        watcher.join()
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.stderr.write(err.decode("utf-8", "replace")[-2000:])
    return seconds, proc.returncode, peak, cpu.get(proc.pid, 0.0), sum(cpu.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated file counts")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    parser.add_argument("--args", default="", help="more arguments for assess, e.g. --summary")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    formats = [f for f in args.formats.split(",") if f]
    assert all(s % 1000 == 0 for s in sizes), "sizes are multiples of 1000"
    stagecheck = tool("stagecheck")
    assert stagecheck, "install stagecheck into this environment first"
    with tempfile.TemporaryDirectory(prefix="stagecheck-scale-") as tmp:
        base = args.keep or Path(tmp)
        files = base / "set"
        if not (files / f"{sizes[-1] // 1000 - 1:03}").is_dir():
            started = time.perf_counter()
            generated = generate(files, sizes[-1])
            print(
                f"generated {sizes[-1]:,} files in {time.perf_counter() - started:.0f} s; "
                f"{check_generated(generated)}"
            )
        for size in sizes:  # a folder of each size: links to the first size/1000 subfolders
            folder = base / f"n{size}"
            folder.mkdir(exist_ok=True)
            for k in range(size // 1000):
                link = folder / f"{k:03}"
                if not link.exists():
                    link.symlink_to(files / f"{k:03}", target_is_directory=True)
        print(f"\n{args.jobs} processes; stagecheck assess DIR -f FMT {args.args} > /dev/null\n")
        print(
            f"{'format':9} {'files':>8} {'seconds':>8} {'files/s':>8} {'peak MB':>8} "
            f"{'main CPU':>9} {'exit':>5}"
        )
        for fmt in formats:
            for size in sizes:
                command = [stagecheck, "assess", str(base / f"n{size}"), "-f", fmt]
                command += ["-j", str(args.jobs), *args.args.split()]
                seconds, code, peak, main_cpu, total_cpu = run(command)
                share = main_cpu / total_cpu if total_cpu else 0.0
                print(
                    f"{fmt:9} {size:>8,} {seconds:8.1f} {size / seconds:8,.0f} "
                    f"{peak / 1e6:8.0f} {share:9.1%} {code:>5}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
