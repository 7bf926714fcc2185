"""``lis build --axe``: the automatic accessibility check of the built site (axe-core in Chromium).

The site's main pages are opened in headless Chromium (Playwright, the ``browser``
extra; Debian's ``chromium``) at a computer's width in the light theme and at a
phone's width in the dark theme, and axe-core checks each against the WCAG 2.1 A
and AA rules it can test automatically. The results are written next to the site
(``tillganglighet-axe.json``) and into the tillgänglighetsredogörelse, between its
markers, so the statement says what this very build was checked for. Nothing here
reaches the network: pages are opened as files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from checks.errors import ProjectError
from checks.exporters.atomic import write_atomic

RESULTS_NAME = "tillganglighet-axe.json"
STATEMENT_PAGE = "tillganglighet"
START, END = "<!--lis-axe-start-->", "<!--lis-axe-end-->"
CHROMIUM_ENV = "LIS_CHROMIUM"
CHROMIUM = "/usr/bin/chromium"
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
# The pages checked: the overview pages, the findings, the catalogs' index and the statement itself.
PAGES = (
    "index",
    "oversikt/matris",
    "oversikt/riskmatris",
    "oversikt/handlingsplan",
    "kontrollresultat",
    "krav/index",
    "genomgang/index",
    STATEMENT_PAGE,
)
MODES = (
    ("dator, ljust tema", {"width": 1280, "height": 900}, "light"),
    ("mobil, mörkt tema", {"width": 390, "height": 844}, "dark"),
)


@dataclass
class PageResult:
    page: str
    title: str
    mode: str
    violations: list[dict[str, Any]] = field(default_factory=list)  # id, impact, help, nodes
    incomplete: int = 0  # rules axe could not decide: a person has to look
    passes: int = 0


@dataclass
class AxeResults:
    checked_on: str
    axe_version: str
    pages: list[PageResult]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def load(path: Path) -> AxeResults | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return AxeResults(data["checked_on"], data["axe_version"], [PageResult(**p) for p in data["pages"]])


def _axe_source() -> str:
    try:
        import axe_playwright_python
    except ImportError as err:
        raise ProjectError(
            "--axe kräver webbläsartillägget: installera lis med pip install -e \".[browser]\"."
        ) from err
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def run(site: Path, today: dt.date, pages: tuple[str, ...] = PAGES) -> AxeResults:
    """axe-core over the built site's pages (those that exist), in both modes."""
    source = _axe_source()
    chromium = os.environ.get(CHROMIUM_ENV, CHROMIUM)
    if not Path(chromium).exists():
        raise ProjectError(f"--axe kräver Chromium ({chromium} finns inte; ange en annan sökväg med {CHROMIUM_ENV}).")
    from playwright.sync_api import sync_playwright

    found: list[PageResult] = []
    version = ""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        try:
            for mode, viewport, scheme in MODES:
                context = browser.new_context(viewport=viewport, color_scheme=scheme, locale="sv-SE")
                # a page opened as a file must never fetch anything from outside
                context.route("http*://**/*", lambda route: route.abort())
                page = context.new_page()
                for name in pages:
                    path = site / f"{name}.html"
                    if not path.is_file():
                        continue
                    page.goto(path.as_uri(), wait_until="load")
                    page.add_script_tag(content=source)
                    result = page.evaluate(
                        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(TAGS)
                    )
                    version = result.get("testEngine", {}).get("version", version)
                    found.append(
                        PageResult(
                            page=name,
                            title=page.title().split(" - ")[0],
                            mode=mode,
                            violations=[
                                {"id": v["id"], "impact": v.get("impact") or "", "help": v["help"], "nodes": len(v["nodes"])}
                                for v in result["violations"]
                            ],
                            incomplete=len(result["incomplete"]),
                            passes=len(result["passes"]),
                        )
                    )
                context.close()
        finally:
            browser.close()
    return AxeResults(today.isoformat(), version, found)


def write(site: Path, results: AxeResults) -> None:
    """The results as JSON next to the site, and in the statement page between its markers."""
    from checks.site.accessibility import render_axe_results

    write_atomic(site / RESULTS_NAME, results.to_json().encode("utf-8"))
    page = site / f"{STATEMENT_PAGE}.html"
    if not page.is_file():
        return
    text = page.read_text(encoding="utf-8")
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return
    markup = render_axe_results(results)
    write_atomic(page, (text[: start + len(START)] + markup + text[end:]).encode("utf-8"))
