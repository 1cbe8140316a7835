"""Several respondents at the edges (issue 14, follow-up): a respondent who has not answered
yet, a dimension one respondent left unanswered, and the options that meet `--combine`
(`--since` refused; `--fail-on-missed-target` and `--fail-under` applied to the combined
stages)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from conftest import ROOT, Run
from stagecheck.exitcodes import ExitCode

EXAMPLE = ROOT / "examples" / "respondents"
FILES = sorted(EXAMPLE.glob("*.yaml"))  # dockside (Mira), harbourside (Ana), quayside (Tom)


def _data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLE / name).read_text(encoding="utf-8"))
    data.pop("expected", None)
    return data


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _stages(record: dict[str, Any]) -> dict[str, str]:
    return {d["id"]: d["stage"] for d in record["dimensions"]}


# --- the options that meet --combine ---------------------------------------------------------


def test_combine_with_since_is_refused_plainly(run: Run) -> None:
    for paths in (FILES, [EXAMPLE]):
        result = run("assess", *paths, "--combine", "--since", "HEAD~1")
        assert result.code == ExitCode.ERROR, str(result)
        assert result.err.startswith("stagecheck: --since cannot be used with --combine:")
        assert "run them separately" in result.err and result.out == ""


def _with_target(tmp_path: Path, folder: Path | None = None) -> list[Path]:
    """The three respondents, Ana's file (she sees communication at regional) setting a target
    of established for communication by 2026-01, overdue on 2026-11-20: met in her own eyes,
    not on the combined stages (Mira sees it emerging)."""
    where = folder or tmp_path
    where.mkdir(parents=True, exist_ok=True)
    ana = _data("harbourside-college.yaml")
    ana["targets"] = {"communication": "established by 2026-01"}
    files = [_write(where / "harbourside-college.yaml", ana)]
    for name in ("dockside-high.yaml", "quayside-academy.yaml"):
        files.append(_write(where / name, _data(name)))
    return files


def test_fail_on_missed_target_judges_the_combined_stages(run: Run, tmp_path: Path) -> None:
    files = _with_target(tmp_path)
    alone = run("assess", files[0], "--fail-on-missed-target")
    assert alone.code == ExitCode.OK, str(alone)  # Ana alone: met
    plain = run("assess", *files, "--combine", "-f", "json")
    assert plain.code == ExitCode.OK, str(plain)  # without the flag: reported, no failure
    target = json.loads(plain.out)["combined"]["targets"]
    assert [(t["dimension"], t["status"], t["reached"]) for t in target] == [
        ("communication", "overdue", "emerging")
    ]
    gated = run("assess", *files, "--combine", "--fail-on-missed-target")
    assert gated.code == ExitCode.FAILED, str(gated)
    assert (
        "missed the target communication=established by 2026-01 (--fail-on-missed-target)"
        in gated.err
    )
    assert "Targets" in gated.out and "Overdue" in gated.out
    markdown = run("assess", *files, "--combine", "-f", "markdown").out
    assert "## Targets" in markdown
    page = tmp_path / "combined.html"
    assert run("assess", *files, "--combine", "-o", page).code == ExitCode.OK
    assert 'id="targets"' in page.read_text(encoding="utf-8")


def test_fail_on_missed_target_applies_to_combined_rows_of_a_batch(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "portfolio"
    _with_target(tmp_path, folder / "harbourside")
    shutil.copy(ROOT / "examples" / "one-off-project.yaml", folder / "one-off.yaml")
    assert run("assess", folder, "--combine", "-f", "csv").code == ExitCode.OK
    result = run("assess", folder, "--combine", "-f", "csv", "--fail-on-missed-target")
    assert result.code == ExitCode.FAILED, str(result)
    row = next(r for r in result.out.splitlines() if "Harbourside" in r)
    assert ",target communication=established by 2026-01," in row
    assert "missed the target communication=established by 2026-01" in result.err


def test_respondents_who_set_different_targets_have_each_judged(run: Run, tmp_path: Path) -> None:
    files = _with_target(tmp_path)
    tom = _data("quayside-academy.yaml")
    tom["targets"] = {"communication": "emerging by 2026-01"}  # met on any stage
    files[2] = _write(files[2], tom)
    data = json.loads(run("assess", *files, "--combine", "-f", "json").out)
    assert [(t["stage"], t["status"]) for t in data["combined"]["targets"]] == [
        ("emerging", "met"),  # by date, then the lower stage first
        ("established", "overdue"),
    ]


def test_fail_under_applies_to_combined_rows_of_a_batch(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE, folder / "harbourside")
    shutil.copy(ROOT / "examples" / "regional-hub.yaml", folder / "regional-hub.yaml")
    result = run("assess", folder, "--combine", "-f", "csv", "--fail-under", "established")
    assert result.code == ExitCode.FAILED, str(result)
    rows = {r.split(",")[1]: r for r in result.out.strip().splitlines()[1:]}
    assert rows["Harbourside Reading Partnership"].endswith(",established,1")
    assert ",established," not in rows["Severn Vale Learning Partnership"][-20:]
