"""Batch benchmark: `stagecheck assess DIR --format jsonl` against the parse-only floor and
the peers, on N synthetic partnership files generated from the rubric, in one run.

    python bench/batch.py [--files 10000] [--memory-files 100000] [--peer-files 1000] [--jobs N]

- floor: PyYAML's C loader (`yaml.load(f, Loader=yaml.CSafeLoader)`) over the same files on the
  same number of processes (a `multiprocessing.Pool`), in a fresh interpreter;
- stagecheck: `stagecheck assess DIR --format jsonl --output FILE` (line positions and
  duplicate-key detection on, as always);
- peers, where installed in this environment: check-jsonschema (against a JSON Schema of the
  partnership file built here from the rubric) and yamllint (`-d relaxed`), on the first
  `--peer-files` files (they are 30-40x slower: the full set would take minutes each);
- peak memory of `stagecheck assess` on `--memory-files` files in jsonl: the largest total
  memory of its process tree (parent, forkserver and workers: the sum of their proportional
  set sizes, so pages they share are counted once), sampled from /proc every 0.1 s.

Targets (issue 3, on a 2-core machine, 10,000 files): stagecheck >= 0.8x the floor's files/s;
>= 5x each peer; peak memory <= 150 MB for 100,000 files in jsonl. Not a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

from stagecheck.core.compiled import load_rubric

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = 400  # distinct answer sets; the files cycle through them under their own names
FLOOR = """
import sys, yaml
from multiprocessing import Pool
def load(path):
    with open(path, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
if __name__ == "__main__":
    files = open(sys.argv[1], encoding="utf-8").read().split("\\n")
    with Pool(int(sys.argv[2])) as pool:
        for _ in pool.imap(load, files, chunksize=64):
            pass
"""


# --- synthetic files --------------------------------------------------------------------------


MATURITY = (0.35, 0.97, 0.99, 1.0)  # the chance of a mature answer, by the file's target stage


def answer(q: Any, target: int, rng: random.Random) -> Any:
    """An answer to a question, more mature the higher the file's target stage (0..3)."""
    mature = rng.random() < MATURITY[target]
    if q.type == "boolean":
        return "yes" if mature else "no"
    if q.type == "choice":
        options = [o.value for o in q.options]
        at = round((target + 1) / 4 * (len(options) - 1)) if mature else rng.randrange(len(options))
        return options[at]
    if q.type == "choices":
        options = [o.value for o in q.options]
        share = (0.3, 0.85, 0.95, 1.0)[target]
        return [o for o in options if rng.random() < share]
    if q.type == "integer":
        top = min(q.maximum or 10, 12)
        low = q.minimum or 0
        return str(max(low, round(top * (target + 1) / 4) if mature else rng.randint(low, top)))
    if q.type == "date":
        return f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
    return f"Free text answer about the partnership, written for stage {target + 1}."


def variant(i: int, rubric: Any) -> dict[str, Any]:
    rng = random.Random(i)
    target = i % 4
    gaps = (3 - target) / 3  # unknown and not-applicable answers, more in less mature files
    answers: dict[str, dict[str, Any]] = {g.id: {} for g in rubric.groups}
    for q in rubric.questions:
        if q.derived:  # read from another part of the file, never answered
            continue
        roll = rng.random()
        if roll < 0.05 * gaps:
            continue  # unknown
        value = answer(q, target, rng)
        if roll < 0.08 * gaps:
            answers[q.group][q.id] = {"not_applicable": "Does not apply to our partners."}
        elif roll < 0.30:
            answers[q.group][q.id] = {"answer": value, "evidence": [f"Minutes, item {i % 17}"]}
        else:
            answers[q.group][q.id] = value
    sectors = ["independent", "state", "academy", "free-school", "college", "university"]
    return {
        "rubric": "four-stages",
        "partnership": {
            "name": f"Partnership {i}",
            "summary": "Weekly enrichment planned together by the partner schools' leads.",
            "started": f"20{rng.randint(10, 25)}-09-01",
            "partners": [
                {
                    "name": f"School {i}-{k}",
                    "sector": rng.choice(sectors),
                    "phase": "secondary",
                    "lead_role": "Deputy Headteacher",
                }
                for k in range(rng.randint(2, 4))
            ],
        },
        "assessed": {"date": "2026-10-01", "by": "Partnerships lead"},
        "answers": answers,
    }


def generate(folder: Path, count: int) -> list[str]:
    rubric = load_rubric("four-stages").rubric
    texts = [
        yaml.safe_dump(variant(i, rubric), sort_keys=False, width=100) for i in range(VARIANTS)
    ]
    files = []
    for n in range(count):
        sub = folder / f"{n // 1000:03}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"partnership-{n:06}.yaml"
        name = f"name: Partnership {n % VARIANTS}\n"
        path.write_text(texts[n % VARIANTS].replace(name, f"name: Partnership {n}\n", 1))
        files.append(str(path))
    return files


def check_generated(files: list[str]) -> str:
    """Every sampled file scores (no error), and the stages vary: a bench of valid files."""
    from stagecheck.api import assess

    overall: dict[str, int] = {}
    dimension_stages: set[str] = set()
    for path in files[:VARIANTS]:
        record = assess(path)
        overall[record.overall.stage] = overall.get(record.overall.stage, 0) + 1
        dimension_stages.update(d.stage for d in record.dimensions)
    assert len(dimension_stages) == 4, dimension_stages
    size = sum(Path(f).stat().st_size for f in files[:VARIANTS]) / VARIANTS
    lines = sum(Path(f).read_text().count("\n") for f in files[:VARIANTS]) / VARIANTS
    return f"overall stages {overall}; mean {size:,.0f} bytes, {lines:.0f} lines a file"


# --- measuring --------------------------------------------------------------------------------


def tree_rss(pid: int) -> int:
    """The memory of a process and all its descendants (sum of PSS), in bytes."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        stack += children.get(p, [])
        try:  # proportional set size: pages shared between the processes counted once
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) * 1024
    return total


def timed(command: list[str], *, sample: bool = False) -> tuple[float, int, int]:
    """Wall seconds, exit code, and (when sampled) the peak memory of the process tree."""
    peak = 0
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
        done = threading.Event()

        def watch() -> None:
            nonlocal peak
            while not done.wait(0.1):
                peak = max(peak, tree_rss(proc.pid))

        watcher = threading.Thread(target=watch, daemon=True)
        if sample:
            watcher.start()
        _, err = proc.communicate()
        done.set()
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.stderr.write(err.decode("utf-8", "replace")[-2000:])
    return seconds, proc.returncode, peak


def schema(folder: Path) -> Path:
    """A JSON Schema of the partnership file for check-jsonschema, built from the rubric."""
    rubric = load_rubric("four-stages").rubric
    kinds = {"boolean": {"enum": ["yes", "no", "true", "false", True, False]}}

    def value(q: Any) -> dict[str, Any]:
        if q.type in ("choice", "choices"):
            one = {"enum": [o.value for o in q.options]}
            return one if q.type == "choice" else {"type": "array", "items": one}
        if q.type == "integer":
            return {"type": ["integer", "string"]}
        return kinds.get(q.type, {"type": "string"})

    def answer(q: Any) -> dict[str, Any]:
        wrapped = {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "answer": value(q),
                "evidence": {"type": ["string", "array"]},
                "not_applicable": {"type": "string", "minLength": 1},
            },
        }
        return {"anyOf": [value(q), wrapped, {"type": "null"}]}

    groups = {
        g.id: {
            "type": "object",
            "additionalProperties": False,
            "properties": {q.id: answer(q) for q in rubric.questions if q.group == g.id},
        }
        for g in rubric.groups
    }
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "additionalProperties": False,
        "required": ["partnership"],
        "properties": {
            "rubric": {"type": "string"},
            "format": {},
            "partnership": {
                "type": "object",
                "required": ["name", "partners"],
                "properties": {
                    "name": {"type": "string"},
                    "summary": {"type": "string"},
                    "started": {"type": "string"},
                    "partners": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["name", "sector"],
                            "additionalProperties": False,
                            "properties": {
                                k: {"type": "string"}
                                for k in ("name", "sector", "phase", "lead_role")
                            },
                        },
                    },
                },
            },
            "assessed": {"type": "object"},
            "answers": {"type": "object", "additionalProperties": False, "properties": groups},
            "expected": {"type": "object"},
        },
    }
    path = folder / "partnership.schema.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def tool(name: str) -> str | None:
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else None


def main() -> int:  # noqa: PLR0915 - one run, told in order
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--memory-files", type=int, default=100_000, help="0 to skip")
    parser.add_argument("--peer-files", type=int, default=1_000)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    stagecheck = tool("stagecheck")
    assert stagecheck, "install stagecheck into this environment first"
    with tempfile.TemporaryDirectory(prefix="stagecheck-bench-") as tmp:
        base = Path(tmp)
        count = max(args.files, args.memory_files)
        started = time.perf_counter()
        files = generate(base / "set", count)
        print(
            f"generated {count:,} files in {time.perf_counter() - started:.0f} s; "
            f"{check_generated(files)}"
        )
        subset = base / "bench"  # the first --files files, as their own folder
        subset.mkdir()
        for folder in sorted((base / "set").iterdir())[: (args.files + 999) // 1000]:
            folder.rename(subset / folder.name)
        bench_files = sorted(str(p) for p in subset.rglob("*.yaml"))[: args.files]
        assert len(bench_files) == args.files, "use a multiple of 1000 for --files"
        listing = base / "files.txt"
        listing.write_text("\n".join(bench_files), encoding="utf-8")
        results: dict[str, tuple[int, float]] = {}
        out = base / "out.jsonl"

        def measure(name: str, command: list[str], n: int) -> None:
            timed(command)  # warm the page cache and the rubric cache
            seconds, code, _ = timed(command)
            results[name] = (n, seconds)
            print(
                f"{name:44} {n:>7,} files {seconds:7.2f} s {n / seconds:9,.0f} files/s"
                f"  (exit {code})"
            )

        floor_cmd = [sys.executable, "-c", FLOOR, str(listing), str(args.jobs)]
        measure(f"floor: CSafeLoader, {args.jobs} processes", floor_cmd, args.files)
        ours = [stagecheck, "assess", str(subset), "--format", "jsonl", "--force", "-o", str(out)]
        measure(f"stagecheck assess DIR --format jsonl (-j {args.jobs})", ours, args.files)
        peers = bench_files[: args.peer_files]
        jsonschema = tool("check-jsonschema")
        if jsonschema and peers:
            command = [jsonschema, "--schemafile", str(schema(base)), *peers]
            measure("check-jsonschema (partnership schema)", command, len(peers))
        else:
            print("check-jsonschema: not installed here, or --peer-files 0; skipped")
        yamllint = tool("yamllint")
        if yamllint and peers:
            measure("yamllint -d relaxed", [yamllint, "-d", "relaxed", *peers], len(peers))
        else:
            print("yamllint: not installed here, or --peer-files 0; skipped")

        rate = {name: n / s for name, (n, s) in results.items()}
        names = list(rate)
        floor, mine = rate[names[0]], rate[names[1]]
        print(f"\nstagecheck / floor: {mine / floor:.2f}x (target >= 0.8x)")
        for peer in names[2:]:
            print(f"stagecheck / {peer}: {mine / rate[peer]:.1f}x (target >= 5x)")

        if args.memory_files:
            command = [stagecheck, "assess", str(base), "--format", "jsonl", "-o", str(out)]
            command += ["--force"]
            seconds, code, peak = timed(command, sample=True)
            n = count
            print(
                f"\nmemory: stagecheck assess on {n:,} files, jsonl: peak {peak / 1e6:.0f} MB "
                f"for the process tree (target <= 150 MB); {seconds:.1f} s, "
                f"{n / seconds:,.0f} files/s (exit {code})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
