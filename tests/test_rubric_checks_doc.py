"""docs/rubric-checks.md documents every diagnostic code, and its examples are true: each
failing example gives its code, each passing one gives no diagnostic at all."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, Run
from stagecheck.core.checks import rules

DOC = ROOT / "docs" / "rubric-checks.md"
TEXT = DOC.read_text("utf-8")
HEADING = re.compile(r"^## (SC\d{3}) (\S+)\n\nSeverity: (error|warning)\.$", re.MULTILINE)
BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


def _sections() -> dict[str, tuple[str, str, str]]:
    """code -> (name, severity, section text)."""
    found = list(HEADING.finditer(TEXT))
    out = {}
    for m, following in zip(found, [*found[1:], None], strict=True):
        end = following.start() if following else len(TEXT)
        out[m.group(1)] = (m.group(2), m.group(3), TEXT[m.end() : end])
    return out


SECTIONS = _sections()
BASE = BLOCK.search(TEXT[: TEXT.index("\n## ")])
assert BASE is not None
RULES = {r.code: r for r in rules()}


def top_level(text: str) -> dict[str, str]:
    """A YAML text cut into its top-level keys, each with its lines."""
    out: dict[str, str] = {}
    key = ""
    for line in text.splitlines(keepends=True):
        m = re.match(r"([a-z_]+):", line)
        if m:
            key = m.group(1)
            out[key] = ""
        out[key] += line
    return out


def edited(fragment: str) -> str:
    """The base rubric with the top-level keys of `fragment` replaced (as the doc says)."""
    assert BASE is not None
    parts = top_level(BASE.group(1))
    parts.update(top_level(fragment))
    return "".join(parts.values())


def codes_of(run: Run, path: Path) -> list[str]:
    result = run("rubric", "check", path, "--format", "json")
    assert result.code in (0, 1), str(result)
    return [d["code"] for d in json.loads(result.out)["diagnostics"]]


def test_every_code_is_documented_with_its_name_and_severity() -> None:
    documented = {code: (name, severity) for code, (name, severity, _) in SECTIONS.items()}
    assert documented == {r.code: (r.name, r.severity) for r in rules()}


def test_the_base_rubric_has_no_problems(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "base.yaml"
    path.write_text(edited(""), encoding="utf-8")
    assert codes_of(run, path) == []


@pytest.mark.parametrize("code", sorted(SECTIONS))
def test_the_failing_example_gives_the_code_and_the_passing_one_nothing(
    run: Run, tmp_path: Path, code: str
) -> None:
    _, _, section = SECTIONS[code]
    assert RULES[code].hint in section.replace("\n", " ")
    failing, passing = BLOCK.findall(section)
    bad, good = tmp_path / "failing.yaml", tmp_path / "passing.yaml"
    bad.write_text(edited(failing), encoding="utf-8")
    good.write_text(edited(passing), encoding="utf-8")
    assert code in codes_of(run, bad)
    assert codes_of(run, good) == []
