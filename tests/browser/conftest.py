"""The built site in a real browser: Debian's Chromium, driven by Playwright.

The site is built once per session with ``lis build`` (as of the content's
snapshot date), served from 127.0.0.1 by a thread of this process, and loaded in
headless Chromium started with the flags for a closed network. Every request the
browser makes is recorded; one that leaves 127.0.0.1 is blocked and fails the test.
Screenshots at desktop and phone width go to ``_build/screenshots``.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "_build" / "screenshots"
# The desktop: 1400 × 1000 (the start page must fit in 1,500 px there).
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = {"data", "blob", "about"}


def content_date() -> str:
    """The date the real content is checked as of ([tool.lis] content_as_of)."""
    from checks.project import load_project

    return load_project(ROOT).settings.content_as_of


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} saknas: webbläsartesterna kräver Debians paket chromium"
    )
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def site_date() -> str:
    return content_date()


@pytest.fixture(scope="session")
def viewports() -> dict[str, dict[str, int]]:
    return {"desktop": DESKTOP, "mobil": PHONE}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_date: str) -> Path:
    """The real site, built once with `lis build` into a temporary folder."""
    out = tmp_path_factory.mktemp("browser") / "html"
    today = site_date
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "checks.main",
            "build",
            "--root",
            str(ROOT),
            "--today",
            today,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LIS_TODAY": today},
        timeout=600,
    )
    assert result.returncode == 0, f"lis build misslyckades:\n{result.stdout}\n{result.stderr}"
    assert (out / "index.html").is_file()
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@dataclass
class Visit:
    """A browser page with what it asked for and what it complained about."""

    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        return [u for u in self.requests if not is_local(u)]


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == "127.0.0.1"


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """open_page(url, viewport, color_scheme) -> Visit: every request recorded, outside ones blocked."""
    contexts: list[Any] = []

    def _open(url: str, viewport: dict[str, int] = DESKTOP, color_scheme: str = "light") -> Visit:
        context = browser.new_context(viewport=viewport, locale="sv-SE", color_scheme=color_scheme)
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page)

        def route(route: Any) -> None:
            if is_local(route.request.url):
                route.continue_()
            else:
                visit.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("request", lambda request: visit.requests.append(request.url))
        page.on(
            "console",
            lambda msg: visit.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda err: visit.console_errors.append(str(err)))
        page.on(
            "response",
            lambda response: (
                visit.failed.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )
        page.goto(url, wait_until="networkidle")
        return visit

    yield _open
    for context in contexts:
        context.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SCREENSHOTS.is_dir():
        shots = sorted(p.name for p in SCREENSHOTS.glob("*.png"))
        if shots:
            terminalreporter.write_line(
                f"Skärmbilder ({len(shots)}) i {SCREENSHOTS}: {', '.join(shots)}"
            )
