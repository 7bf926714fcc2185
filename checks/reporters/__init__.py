"""Output formats of ``lis check``: text, github, gitlab, azure, json, sarif and junit.

Each module has ``render(findings, today=None) -> str``; ``render(fmt, findings, today)``
picks one. ``today`` (the date checked and where it came from) is stated in every
format when given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from checks.dates import Today
from checks.findings import Finding
from checks.reporters import azure, github, gitlab, json_report, junit, sarif, text

FORMATS: dict[str, Callable[[Sequence[Finding], Today | None], str]] = {
    "text": text.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "azure": azure.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
}


def render(fmt: str, findings: Sequence[Finding], today: Today | None = None) -> str:
    return FORMATS[fmt](findings, today)
