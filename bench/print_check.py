"""Print each example's HTML report to PDF in headless Chromium, as "Save as PDF" would, and
check the printed pages: A4, no rubric codes in the text, and no page that ends on a heading
(a heading cut off from what follows it).

    python bench/print_check.py [--keep DIR]

Needs Debian's `chromium` and `poppler-utils` (`pdfinfo`, `pdftotext`). Not part of the test
run (the suite checks that the print stylesheet is there: tests/test_staff_reports.py).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
from browser import browse  # noqa: E402  (the tests' headless Chromium)

CODE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\b[a-z_]{3,}\.[a-z_]{3,}\b")


def check(example: Path, folder: Path) -> list[str]:
    from stagecheck.api import assess, render
    from stagecheck.renderers import report

    record = assess(example)
    html = folder / f"{example.stem}.html"
    html.write_text(render(record, "html"), encoding="utf-8")
    pdf = html.with_suffix(".pdf")
    browse(html, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    problems = []
    if size is None or abs(float(size[1]) - 595) > 2 or abs(float(size[2]) - 842) > 2:
        problems.append(f"not A4: {size[0] if size else info.stdout}")
    codes = sorted({c for c in CODE.findall(text) if not c.endswith((".yaml", ".md"))})
    if codes:
        problems.append(f"codes in the printed text: {codes}")
    headings = {"Action plan", "Dimension by dimension", report.REST_TITLE, report.LEAD_TITLE}
    headings |= {d.name for d in record.dimensions}
    for number, page in enumerate(text.split("\f")[:-1], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        last = lines[-1] if lines else ""
        if any(last.startswith(h) and len(last) < len(h) + 40 for h in headings):
            problems.append(f"page {number} ends on the heading {last!r}")
    print(f"{example.relative_to(ROOT)}: {pages} A4 pages, {'ok' if not problems else 'PROBLEMS'}")
    for p in problems:
        print(f"    {p}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the HTML and PDF files here")
    args = parser.parse_args()
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        failed = [e for e in examples if check(e, folder)]
    print(f"{len(examples)} reports printed, {len(failed)} with problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
