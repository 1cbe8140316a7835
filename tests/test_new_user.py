"""A new user's rough edges (issue 12, items 10 and 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA, EXAMPLES, Run
from stagecheck.exitcodes import ExitCode

MIXED = DATA / "partnerships" / "mixed.yaml"


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("report.html", "<!DOCTYPE html>"),
        ("report.HTM", "<!DOCTYPE html>"),
        ("report.md", "# Mixed partnership"),
        ("report.json", '{\n  "schema_version"'),
        ("report.jsonl", '{"schema_version"'),
        ("report.csv", "file,partnership,"),
        ("report.txt", "Mixed partnership\n"),
        ("report", "Mixed partnership\n"),  # no known extension: the table
    ],
)
def test_the_output_file_s_extension_names_the_format(
    run: Run, tmp_path: Path, name: str, starts: str
) -> None:
    target = tmp_path / name
    result = run("assess", MIXED, "-o", target)
    assert result.code == ExitCode.OK, str(result)
    assert target.read_text("utf-8").startswith(starts)


def test_an_explicit_format_that_fits_the_extension_is_fine(run: Run, tmp_path: Path) -> None:
    result = run("assess", MIXED, "-f", "json", "-o", tmp_path / "r.json")
    assert result.code == ExitCode.OK, str(result)
    json.loads((tmp_path / "r.json").read_text("utf-8"))


def test_a_format_that_contradicts_the_extension_is_refused_before_any_work(
    run: Run, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    result = run("assess", MIXED, "-f", "table", "-o", target)
    assert result.code == ExitCode.ERROR
    assert result.err == (
        f"stagecheck: --format table does not fit the output file {target}, whose extension "
        ".html means html; drop --format or change the file's extension\n"
    )
    assert not target.exists()


def test_a_bad_condition_says_which_question_or_operator_was_meant(
    run: Run, mini_copy: Path
) -> None:
    text = mini_copy.read_text("utf-8")
    assert "question: lead," in text
    text = text.replace("question: lead,", "question: laed,", 1)
    mini_copy.write_text(text, "utf-8")
    result = run("rubric", "check", mini_copy, "-f", "concise")
    assert result.code == ExitCode.FAILED, str(result)
    assert "SC105 there is no question 'laed' (did you mean 'lead'?)" in result.out


def test_detail_with_a_batch_says_it_is_left_out(run: Run, tmp_path: Path) -> None:
    result = run("assess", MIXED, MIXED.parent, "--detail")
    assert result.code == ExitCode.OK, str(result)
    assert "--detail shows one partnership's criteria and steps, so a batch leaves it out" in (
        result.err
    )
    assert "--detail" not in run("assess", MIXED, MIXED.parent).err


@pytest.fixture
def interrupted_after_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user presses Ctrl-C while the second file is being scored."""
    from stagecheck.batch import run as batch

    score = batch.score

    def one_then_ctrl_c(files: list[str], job: batch.Job, **kw: object) -> object:
        yield from score(files[:1], job, jobs=1)
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "score", one_then_ctrl_c)


@pytest.mark.usefixtures("interrupted_after_one")
@pytest.mark.parametrize("existing", [False, True])
def test_ctrl_c_in_a_batch_says_what_was_written(run: Run, tmp_path: Path, existing: bool) -> None:
    target = tmp_path / "portfolio.csv"
    if existing:
        target.write_text("the old portfolio\n", "utf-8")
    result = run("assess", *EXAMPLES[:2], tmp_path / "missing.yaml", "-o", target, "--force")
    assert result.code == ExitCode.INTERRUPTED
    what = "was left as it was" if existing else "was not written"
    assert result.err.endswith(
        f"stagecheck: interrupted: 2 of 3 files done, 1 scored; {target} {what}\n"
    ), result.err
    assert target.read_text("utf-8") == "the old portfolio\n" if existing else not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == (["portfolio.csv"] if existing else [])


@pytest.mark.usefixtures("interrupted_after_one")
def test_ctrl_c_in_a_table_batch_says_nothing_was_shown(run: Run) -> None:
    result = run("assess", MIXED, MIXED.parent)
    assert result.code == ExitCode.INTERRUPTED
    assert result.out == ""
    assert result.err == "stagecheck: interrupted: 1 of 1 files done, 1 scored; nothing was shown\n"


def test_the_html_footer_never_shows_an_absolute_path(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re
    import shutil

    from conftest import MINI, ROOT

    monkeypatch.chdir(tmp_path)
    bundled = run("assess", ROOT / "examples" / "regional-hub.yaml", "-f", "html").out
    footer = re.search(r"<footer.*?</footer>", bundled, re.S)
    assert footer is not None
    assert "from regional-hub.yaml" in footer.group()
    assert re.search(r"four-stages \d+\.\d+\.\d+, bundled with stagecheck", footer.group())
    assert str(ROOT) not in bundled and str(Path.home()) + "/" not in footer.group()
    # a rubric of one's own: relative to the working folder inside it, else its name alone
    (tmp_path / "rubrics").mkdir()
    shutil.copy(MINI, tmp_path / "rubrics" / "ours.yaml")
    inside = run("assess", MIXED, "-r", tmp_path / "rubrics" / "ours.yaml", "-f", "html").out
    assert "mini 0.1, rubrics/ours.yaml (sha256" in inside
    outside = run("assess", MIXED, "-r", MINI, "-f", "html").out
    assert "mini 0.1, mini.yaml (sha256" in outside
    assert str(DATA) not in outside


def test_the_portfolio_page_has_a_short_title(run: Run) -> None:
    from conftest import ROOT

    page = run("assess", ROOT / "examples", MIXED, "-f", "html").out
    assert "<title>Partnership portfolio</title>" in page  # three rubrics: not all their names
    one = run("assess", MIXED, MIXED.parent, "-f", "html").out
    assert "<title>Partnership portfolio: Mini rubric for tests</title>" in one


def test_rotated_headers_wrap_instead_of_growing_the_row() -> None:
    import stagecheck.renderers.html

    css = (
        Path(stagecheck.renderers.html.__file__).parent / "templates" / "base.html.j2"
    ).read_text()
    rule = next(line for line in css.splitlines() if line.startswith("th.rot span"))
    assert "white-space: normal" in rule and "max-height" in rule
