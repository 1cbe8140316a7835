"""The built wheel carries the rubrics and runs outside the source tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def sh(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False, env=env
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def test_wheel_installs_into_a_clean_venv_and_assesses_an_example(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT, cwd=tmp_path)
    wheel = next(dist.glob("stagecheck-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    sh(python, "-m", "pip", "install", "-q", wheel, cwd=tmp_path)

    # run from a folder that holds only a copy of one example: no source tree in sight
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    example = next((ROOT / "examples").glob("*.yaml"))
    shutil.copy(example, elsewhere / "partnership.yaml")
    done = sh(
        env_dir / "bin" / "stagecheck",
        "assess",
        "partnership.yaml",
        "--format",
        "json",
        cwd=elsewhere,
    )
    record = json.loads(done.stdout)
    assert record["rubric"]["id"] == "four-stages"
    assert "site-packages" in record["rubric"]["path"]
    assert len(record["dimensions"]) == 10

    # the report templates ship in the wheel, and init finds the bundled rubric by its id
    sh(env_dir / "bin" / "stagecheck", "assess", "partnership.yaml", "-f", "html", "-o",
       "report.html", cwd=elsewhere)  # fmt: skip
    assert "<svg" in (elsewhere / "report.html").read_text("utf-8")
    sh(env_dir / "bin" / "stagecheck", "init", "new.yaml", cwd=elsewhere)
    assert "\nrubric: four-stages\n" in (elsewhere / "new.yaml").read_text("utf-8")
    assert (elsewhere / "partnership.four-stages.schema.json").is_file()
