"""Look at the HTML reports as a reader would: render them in headless Chromium to PNGs at a
screen size and, through a PDF, at A4 print size.

    python bench/screenshot.py [--out screenshots] [--example examples/established-mou.yaml]

Needs Debian's `chromium` and `poppler-utils` (for `pdftoppm`). Not part of the test run: the
tests check the HTML's structure; this is for checking it by eye. Chromium runs with the
network features it can switch off switched off, so a page that needed the network would show
it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import browse, installed  # noqa: E402  (the tests' headless Chromium)


def screen(html: Path, png: Path, width: int, height: int) -> None:
    browse(html, f"--screenshot={png}", f"--window-size={width},{height}")


def print_pages(html: Path, stem: Path) -> list[Path]:
    pdf = stem.with_suffix(".pdf")
    browse(html, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(stem)], check=True)
    return sorted(stem.parent.glob(f"{stem.name}-*.png"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument(
        "--example", type=Path, action="append", help="partnership files (default: all examples)"
    )
    args = parser.parse_args()
    if installed() is None:
        sys.exit("screenshot: no chromium found; install it with `apt-get install -y chromium`")
    examples = args.example or sorted((ROOT / "examples").glob("*.yaml"))
    args.out.mkdir(parents=True, exist_ok=True)

    from stagecheck.api import assess
    from stagecheck.cli import main as stagecheck
    from stagecheck.renderers import html

    pages = {f"report-{path.stem}": html.render(assess(path)) for path in examples}
    for name, text in pages.items():
        (args.out / f"{name}.html").write_text(text, encoding="utf-8")
    # the portfolio page as a batch run draws it, with one file that cannot be scored
    broken = args.out / "broken.yaml"
    broken.write_text("partnership: [\n", encoding="utf-8")
    portfolio = args.out / "portfolio.html"
    stagecheck(
        ["assess", *map(str, examples), str(broken), "-f", "html", "-o", str(portfolio), "--force"]
    )
    for name in [*pages, "portfolio"]:
        page = args.out / f"{name}.html"
        screen(page, args.out / f"{name}-screen-1280.png", 1280, 2400)
        screen(page, args.out / f"{name}-screen-420.png", 420, 2400)
        printed = print_pages(page, args.out / f"{name}-a4")
        print(f"{name}: screen 1280 and 420 wide, {len(printed)} A4 page(s) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
