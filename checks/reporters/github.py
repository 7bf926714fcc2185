"""GitHub Actions workflow commands: one annotation per finding on the pull request.

``::error file=requirements/gdpr.yaml,line=12,title=LIS010::Kravet GDPR-30 …``
"""

from __future__ import annotations

from collections.abc import Sequence

from checks.dates import Today
from checks.findings import Finding, ordered, summary_line
from checks.reporters.common import checked_line


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(findings: Sequence[Finding], today: Today | None = None) -> str:
    lines = []
    found = ordered(findings)
    # errors first, as in the text output
    for f in sorted(found, key=lambda f: not f.is_error):
        command = "error" if f.is_error else "warning"
        # the title is the code alone; the rule's title leads the text
        text = f"{f.code.title}: {f.message}"
        lines.append(f"::{command} file={_property(f.file)},line={f.line},title={f.code}::{_data(text)}")
    if today is not None:
        lines.append(checked_line(today))
    lines.append(summary_line(found))
    return "\n".join(lines) + "\n"
