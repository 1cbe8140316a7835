"""A CSV holds one rubric's columns: the files of another rubric are scored but not written,
and the closing count says so, apart from the files that could not be scored at all (the
README's `--min-evidence ... --format csv` example over a folder of mixed rubrics)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, Run
from stagecheck.exitcodes import ExitCode


def test_files_of_another_rubric_are_counted_as_not_written_not_as_unscored(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "partnerships"
    shutil.copytree(ROOT / "examples", folder)
    files = len(list(folder.rglob("*.yaml")))
    four = len([p for p in folder.rglob("*.yaml") if "deep-and-tight" not in p.parts])
    target = tmp_path / "evidence.csv"
    result = run("assess", folder, "--min-evidence", "measured", "-f", "csv", "-o", target)
    assert result.code == ExitCode.ERROR, str(result)  # as before: not every file written
    assert "could not be scored" not in result.err
    assert result.err.endswith(
        f"stagecheck: {files} files: {files} scored; {four} of them not written: scored with "
        "another rubric than this CSV's (named above).\n"
    )
    (folder / "broken.yaml").write_text("partnership: [", "utf-8")
    again = run("assess", folder, "--min-evidence", "measured", "-f", "csv")
    assert again.err.endswith(
        f"stagecheck: {files + 1} files: {files} scored; {four} of them not written: scored "
        "with another rubric than this CSV's (named above); 1 could not be scored.\n"
    )
