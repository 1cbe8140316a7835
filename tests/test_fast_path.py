"""The one-file fast path of the entry point (`stagecheck.cli.main`, without Typer) against the
Typer app (`stagecheck.cli.app.main`): the same argument lists give the same stdout, stderr,
exit code and written file, and each list is taken by the path expected."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA, MINI, ROOT
from stagecheck import cli
from stagecheck.cli import app

EXAMPLE = ROOT / "examples" / "established-mou.yaml"
MIXED = DATA / "partnerships" / "mixed.yaml"
INVALID = DATA / "invalid" / "bad-choice.yaml"
DUPLICATE = DATA / "invalid" / "duplicate-key.yaml"
MISSING = DATA / "no-such-file.yaml"
OUT = "OUT"  # replaced by a file in the test's folder

FAST = [
    ["assess", EXAMPLE],
    ["assess", EXAMPLE, "-f", "json"],
    ["assess", EXAMPLE, "--format=json"],
    ["assess", "--format", "markdown", EXAMPLE],
    ["assess", EXAMPLE, "--detail", "--color", "never"],
    ["assess", EXAMPLE, "--color=always"],
    ["assess", MIXED, "--rubric", MINI, "--fail-under", "mid"],
    ["assess", MIXED, "-r", MINI, "--fail-under", "high", "--fail-under", "coherence=high"],
    ["assess", MIXED, "-r", MINI, "--fail-under", "hihg"],
    ["assess", EXAMPLE, "-r", "no-such-rubric"],
    ["assess", INVALID],
    ["assess", DUPLICATE, "-f", "json"],
    ["assess", MISSING],
    ["assess", EXAMPLE, "-o", OUT + ".json"],
    ["assess", EXAMPLE, "--output=" + OUT + ".md", "--force"],
    ["assess", EXAMPLE, "-f", "html", "-o", OUT + ".html"],
    ["assess", EXAMPLE, "-o", OUT + ".txt", "--detail"],
    ["assess", EXAMPLE, "-o", ROOT / "examples"],
    ["assess", EXAMPLE, "--min-evidence", "documented"],
    ["assess", EXAMPLE, "--min-evidence=independent", "-f", "json", "--fail-under", "regional"],
]
TYPER = [
    ["assess"],
    ["assess", "--help"],
    ["assess", EXAMPLE, "-h"],
    ["assess", EXAMPLE, "--formt", "json"],
    ["assess", EXAMPLE, "-f", "JSON"],
    ["assess", EXAMPLE, "-fjson"],
    ["assess", EXAMPLE, "-f"],
    ["assess", EXAMPLE, "-f", "json", "-f", "markdown"],
    ["assess", EXAMPLE, "--color", "sometimes"],
    ["assess", EXAMPLE, "--min-evidence", "documnted"],
    ["assess", EXAMPLE, "-f", "jsonl"],
    ["assess", EXAMPLE, "-f", "csv"],
    ["assess", EXAMPLE, "-f", "table", "-o", OUT + ".html"],
    ["assess", EXAMPLE, "--detail=yes"],
    ["assess", EXAMPLE, "--", "-x"],
    ["assess", EXAMPLE, EXAMPLE],
    ["assess", ROOT / "examples"],
    ["assess", EXAMPLE, "-j", "1"],
    ["assess", EXAMPLE, "-o", "-"],
    ["--version"],
    [],
    ["rubric", "--help"],
]


def _outcome(
    main: Callable[[list[str]], int],
    args: list[str | Path],
    folder: Path,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str, str, str | None]:
    for old in folder.iterdir():
        old.unlink()
    if any(str(a).endswith(".md") for a in args):  # --force replaces a file
        (folder / f"{OUT}.md").write_text("old\n")
    argv = [str(folder / a) if str(a).startswith(OUT) else str(a) for a in args]
    argv = [a.replace("=" + OUT, "=" + str(folder / OUT)) for a in argv]
    code = main(argv)
    captured = capsys.readouterr()
    written = [p.read_text() for p in sorted(folder.iterdir())]
    return code, captured.out, captured.err, "\n".join(written) if written else None


@pytest.mark.parametrize("args", FAST + TYPER, ids=lambda a: " ".join(map(str, a)) or "nothing")
def test_both_paths_give_the_same_output_and_exit_code(
    args: list[str | Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    typer_main = app.main
    typer_calls: list[list[str]] = []

    def counted(argv: list[str]) -> int:
        typer_calls.append(argv)
        return typer_main(argv)

    monkeypatch.setattr(app, "main", counted)
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)  # a relative output is written, and cleared, there
    fast = _outcome(cli.main, args, folder, capsys)
    took_typer = bool(typer_calls)
    slow = _outcome(typer_main, args, folder, capsys)
    assert fast == slow
    assert took_typer == (args in TYPER)
    assert "Traceback" not in fast[2]


def test_the_fast_path_does_not_import_typer(tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from stagecheck.cli import main; code = main(sys.argv[1:]); "
        "print(code, 'typer' in sys.modules, file=sys.stderr)"
    )
    for args, typer in ([EXAMPLE, "-f", "json"], False), ([EXAMPLE, "-j", "1"], True):
        result = subprocess.run(
            [sys.executable, "-c", probe, "assess", *map(str, args)],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        assert result.stderr.splitlines()[-1] == f"0 {typer}", result.stderr


def test_an_option_without_its_value_is_one_plain_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["assess", str(EXAMPLE), "-f"]) == 2
    assert capsys.readouterr().err == (
        "stagecheck: option '-f' requires an argument; see 'stagecheck --help'\n"
    )
