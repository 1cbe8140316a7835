"""The README is for school staff first (issue 16, item 1): its top block works as written,
it explains its words, and the developer material lives in docs/development.md."""

from __future__ import annotations

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DEVELOPMENT = ROOT / "docs" / "development.md"


def sections(text: str) -> dict[str, str]:
    parts = re.split(r"(?m)^## (.+)$", text)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def shell_lines(text: str) -> list[str]:
    blocks = re.findall(r"(?ms)^\s*```sh\n(.*?)^\s*```", text)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def top_block() -> list[str]:
    return shell_lines(sections(README)["Start here: your partnership's report"])[:4]


def test_the_top_block_sets_up_and_starts_the_interview_for_your_own_file() -> None:
    block = top_block()
    assert block[1].startswith("python3 -m venv .venv && .venv/bin/pip install")
    assert block[-1] == ".venv/bin/stagecheck interview ~/partnership/partnership.yaml"
    start = sections(README)["Start here: your partnership's report"]
    assert "~/partnership/partnership.yaml" in start  # where the answers are
    assert "~/partnership/partnership.html" in start  # where the report is
    assert "Double-click" in start  # and how to open it


def test_no_command_in_the_readme_calls_a_bare_stagecheck() -> None:
    """A bare `stagecheck` is not on the PATH after the README's set-up: command not found."""
    bare = [line for line in shell_lines(README) if re.match(r"stagecheck\b", line)]
    assert not bare


def test_the_glossary_explains_every_word_of_the_report() -> None:
    glossary = sections(README)["Words used in the report"]
    for word in (
        "Stage",
        "Dimension",
        "Cell",
        "Criteria",
        "Practices",
        "Provisional",
        "Lower cell not confirmed",
        "The source does not tell them apart",
        "Profile",
    ):
        assert f"- **{word}**" in glossary, word


def test_the_overall_rule_is_one_sentence_near_the_top() -> None:
    intro = README.split("\n## ", 1)[0]
    assert "**Your overall stage is your weakest area:**" in intro


def test_exactly_two_commands_for_a_fresh_machine_each_labelled() -> None:
    body = sections(README)["Two commands for a fresh machine"]
    commands = [line for line in shell_lines(body) if not line.startswith("#")]
    labels = [line for line in shell_lines(body) if line.startswith("#")]
    assert len(commands) == 2
    assert "stagecheck assess" in commands[0] and "pytest" in commands[1]
    assert "main job" in labels[0] and "developers only" in labels[1]


def test_developer_material_is_in_its_own_document() -> None:
    heads = sections(README)
    for gone in ("Development", "Maintaining a rubric"):
        assert gone not in heads
    assert "### Adding a format" not in README and "pre-commit" not in README
    assert "pytest" not in README.replace(heads["Two commands for a fresh machine"], "")
    dev = DEVELOPMENT.read_text(encoding="utf-8")
    for kept in ("## Maintaining a rubric", "### GitHub Actions", "bench/batch.py", "ruff"):
        assert kept in dev, kept
    for kept in ("Reliability", "How scoring works", "Using stagecheck from a program"):
        assert kept in heads, kept


def test_links_between_the_documents_resolve() -> None:
    for doc in (ROOT / "README.md", DEVELOPMENT):
        text = doc.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert (doc.parent / target).exists(), f"{doc.name}: {target}"
        for anchor in re.findall(r"\]\(#([^)]+)\)", text):
            titles = re.findall(r"(?m)^#+ (.+)$", text)
            slugs = {re.sub(r"[^\w -]", "", t.lower()).replace(" ", "-") for t in titles}
            assert anchor in slugs, f"{doc.name}: #{anchor}"
