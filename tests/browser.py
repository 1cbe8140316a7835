"""Headless Chromium for the tests that check a report as a browser draws it (the HTML trend
chart, the respondents' radar overlay): `dom` gives the page's DOM after the browser has parsed
and laid it out, `screenshot` a PNG. Tests that use them skip where no Chromium is installed
(`.ci/run` installs Debian's where it can). The flags switch off what would reach the network,
so a page that needed the network would show it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def installed() -> str | None:
    """The browser's path, or None where there is none."""
    return next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )


def chromium() -> str:
    """The browser's path; skips the calling test where there is none."""
    found = installed()
    if found is None:
        pytest.skip("no headless Chromium on this machine (apt-get install chromium)")
    return found


def browse(page: Path, *extra: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    return done.stdout


def dom(page: Path, window: tuple[int, int] | None = None) -> str:
    """The DOM Chromium built from `page`, serialised after its scripts ran (laid out in a
    window of `window` pixels, width and height, where given)."""
    size = [f"--window-size={window[0]},{window[1]}"] if window else []
    return browse(page, "--dump-dom", "--virtual-time-budget=2000", *size)


def screenshot(page: Path, png: Path, width: int = 1200, height: int = 1600) -> Path:
    browse(page, f"--screenshot={png}", f"--window-size={width},{height}")
    return png
