"""HTML that could run script, written into a page or a catalog (LIS041).

The site never passes raw HTML through (checks.sphinxext.safety turns MyST's
HTML and docutils' ``raw`` off), so such code shows as text at worst; the
finding says that it is there, at its line, so that it never reaches the
intranet at all. Text is read as shown (checks.normalize: entities decoded,
invisible characters removed), so ``java&#115;cript:`` counts too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.normalize import normalize

_CHECKS = [
    (
        re.compile(r"<\s*/?\s*(script|iframe|frame|frameset|object|embed|applet|style|link|meta|base|form|svg|math|template)\b", re.I),
        "taggen <{0}>",
    ),
    # an event handler in a tag (prose such as "onsdag = ..." is no tag)
    (re.compile(r"<[a-z][^<>]*?[\s/\"'](on[a-z]{3,})\s*=", re.I), "attributet {0}="),
    (re.compile(r"(?<![\w-])(javascript|vbscript|livescript)\s*:", re.I), "en länk som börjar med {0}:"),
    (re.compile(r"(?<![\w-])data\s*:\s*(text/html|image/svg\+xml|application/\w+)", re.I), "en data:-adress ({0})"),
    (re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{(raw)\}", re.I | re.M), "direktivet {{{0}}}"),
    (re.compile(r"^\s*\.\.\s+(raw)::", re.I | re.M), "direktivet {0}"),
]


@dataclass(frozen=True)
class Script:
    line: int
    column: int
    what: str  # Swedish, e.g. "taggen <script>"


def find(text: str) -> list[Script]:
    """Every place in ``text`` where HTML or a link could run script."""
    lowered = text.lower()
    if not any(mark in lowered for mark in ("<", "on", "script", "data", "raw", "&")):
        return []
    shown = normalize(text, markdown=False)
    found = []
    for pattern, what in _CHECKS:
        for m in pattern.finditer(shown.text):
            line, column = shown.position(m.start(1) if pattern.groups else m.start())
            found.append(Script(line, column, what.format(m.group(1).lower())))
    # one finding per line, naming everything on it
    by_line: dict[int, list[Script]] = {}
    for script in sorted(set(found), key=lambda s: (s.line, s.column)):
        by_line.setdefault(script.line, []).append(script)
    return [
        Script(line, items[0].column, " och ".join(dict.fromkeys(s.what for s in items)))
        for line, items in sorted(by_line.items())
    ]


def message(script: Script) -> str:
    return (
        f"Rad {script.line} innehåller {script.what} (kolumn {script.column}), som skulle kunna köra "
        "skript på intranätet. Ta bort koden och skriv innehållet i Markdown."
    )
