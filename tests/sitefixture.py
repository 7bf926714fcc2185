"""Shared by the tests of checks/site: the site_basic fixture project, built once.

tests/fixtures/site_basic is a small lis project with every widget on a page and
content chosen so each dashboard number is one: a document past its review, one
due within 30 days, an overdue activity and an untreated high risk (its
``risk_threshold`` is 8, so the widgets are seen to follow the setting).
"""

from __future__ import annotations

import atexit
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from checks.needs import load_needs
from checks.project import load_project
from checks.site.context import SiteContext

FIXTURE = Path(__file__).parent / "fixtures" / "site_basic"
TODAY = date(2026, 11, 29)


def sphinx_build(
    out: Path, today: date = TODAY, builder: str = "html", *extra: str
) -> subprocess.CompletedProcess[str]:
    """Build the fixture with warnings as errors, in a process of its own (LIS_TODAY=today)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            builder,
            "-W",
            "--keep-going",
            "-q",
            *extra,
            "-c",
            str(FIXTURE),
            str(FIXTURE / "docs"),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LIS_TODAY": today.isoformat()},
        timeout=300,
    )


@lru_cache(maxsize=1)
def built() -> Path:
    """The fixture's HTML output, built once per test session."""
    tmp = Path(tempfile.mkdtemp(prefix="lis-site-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    out = tmp / "html"
    result = sphinx_build(out)
    assert result.returncode == 0, f"sphinx-build misslyckades:\n{result.stderr}"
    return out


def needs() -> dict[str, dict[str, Any]]:
    return load_needs(built() / "needs.json")


def context(today: date = TODAY, **overrides: Any) -> SiteContext:
    """A SiteContext over the fixture's needs, as a widget on a top-level page sees it."""
    values: dict[str, Any] = {
        "needs": needs(),
        "today": today,
        "settings": load_project(FIXTURE).settings,
        "doc_uri": lambda docname: f"{docname}.html",
        "source_titles": {"ALFA": "Alfalagen", "BETA": "Betastandarden"},
        "root": FIXTURE,
    }
    values.update(overrides)
    return SiteContext(**values)


# ---------------------------------------------------------------- a tiny DOM
VOID = {"br", "img", "meta", "link", "input", "hr", "col", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def iter(self) -> Any:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(
        self, tag: str | None = None, cls: str | None = None, **attrs: str
    ) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes)
            and all(e.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"inget <{tag or '*'}> med class={cls} {attrs}"
        return found[0]

    def by_id(self, element_id: str) -> Element:
        return self.find(id=element_id)

    def links(self) -> list[tuple[str, str]]:
        return [(a.attrs.get("href", ""), a.text()) for a in self.find_all("a")]


class _Builder(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(markup: str) -> Element:
    builder = _Builder()
    builder.feed(markup)
    builder.close()
    return builder.root


def page(docname: str) -> Element:
    return parse((built() / f"{docname}.html").read_text(encoding="utf-8"))
