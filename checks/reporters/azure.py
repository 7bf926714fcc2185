"""Azure Pipelines (Azure DevOps Services and Server): one ``task.logissue`` per finding.

``##vso[task.logissue type=error;sourcepath=requirements/gdpr.yaml;linenumber=12;code=LIS010]…``

The agent turns each line into an error or a warning on the run's summary page, with
its file and line. Every value is escaped as the agent's logging commands require
(checks.reporters.common), so no value can end its property or start a second command.
When the run gives a file for it, the Markdown table of every finding (the same as
GitHub's job summary) is attached to the run's summary page with
``##vso[task.uploadsummary]``; the file is written by ``lis check``
(checks.azure_pipelines), nothing here reads or writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from checks.dates import Today
from checks.findings import Finding, ordered, summary_line
from checks.reporters.common import AZURE_DATA, AZURE_PROPERTY, checked_line, escape_command


def _property(value: object) -> str:
    return escape_command(value, AZURE_PROPERTY)


def _data(value: object) -> str:
    return escape_command(value, AZURE_DATA)


def logissue(f: Finding) -> str:
    properties = {
        "type": "error" if f.is_error else "warning",
        "sourcepath": f.file,
        "linenumber": max(f.line, 1),
        "code": f.code.name,
    }
    head = ";".join(f"{key}={_property(value)}" for key, value in properties.items())
    # the code leads the text too: Azure's summary page does not show the code property
    return f"##vso[task.logissue {head}]{_data(f'{f.code.name} {f.code.title}: {f.message}')}"


def render(findings: Sequence[Finding], today: Today | None = None, *, summary: Path | None = None) -> str:
    """The logging commands, the date checked, the summary line and, given ``summary``, its upload."""
    found = ordered(findings)
    # errors first, as the other formats list them
    lines = [logissue(f) for f in sorted(found, key=lambda f: not f.is_error)]
    if today is not None:
        lines.append(checked_line(today))
    lines.append(summary_line(found))
    if summary is not None:
        lines.append(f"##vso[task.uploadsummary]{_data(summary)}")
    return "\n".join(lines) + "\n"
