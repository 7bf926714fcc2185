"""GitHub Actions workflow commands: one annotation per finding on the pull request.

``::error file=requirements/gdpr.yaml,line=12,title=LIS010::Kravet GDPR-30 …``
"""

from __future__ import annotations

from collections.abc import Sequence

from checks.findings import Finding, ordered, summary_line
from checks.rules import Rule


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(findings: Sequence[Finding]) -> str:
    lines = []
    found = ordered(findings)
    # errors first, as in the text output
    for f in sorted(found, key=lambda f: not f.is_error):
        command = "error" if f.is_error else "warning"
        # the title is the code alone, as DESIGN.md shows; the rule's title leads the text
        title = Rule[f.code].title if f.code in Rule.__members__ else ""
        text = f"{title}: {f.message}" if title else f.message
        lines.append(f"::{command} file={_property(f.file)},line={f.line},title={f.code}::{_data(text)}")
    lines.append(summary_line(found))
    return "\n".join(lines) + "\n"
