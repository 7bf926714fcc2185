"""Output formats of ``lis check``: text, github, json, sarif and junit.

Each module has ``render(findings) -> str``; ``render(fmt, findings)`` picks one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from checks.findings import Finding
from checks.reporters import github, json_report, junit, sarif, text

FORMATS: dict[str, Callable[[Sequence[Finding]], str]] = {
    "text": text.render,
    "github": github.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
}


def render(fmt: str, findings: Sequence[Finding]) -> str:
    return FORMATS[fmt](findings)
