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
    for f in ordered(findings):
        command = "error" if f.is_error else "warning"
        title = f"{f.code} {Rule[f.code].title}" if f.code in Rule.__members__ else f.code
        lines.append(
            f"::{command} file={_property(f.file)},line={f.line},title={_property(title)}::{_data(f.message)}"
        )
    lines.append(summary_line(findings))
    return "\n".join(lines) + "\n"
