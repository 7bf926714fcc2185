"""What ``lis check --format azure`` writes for an Azure Pipelines run: the summary file.

The agent attaches a Markdown file to the run's summary page when a step logs
``##vso[task.uploadsummary]<file>``; the file must stay until the job ends, so it is
written to the agent's temporary folder for the job (``AGENT_TEMPDIRECTORY``, emptied
by the agent after each job). Outside a pipeline there is no such folder, and nothing
is written.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

TEMP_DIRECTORY = "AGENT_TEMPDIRECTORY"
SUMMARY_NAME = "lis-check.md"


def summary_path(env: Mapping[str, str] | None = None) -> Path | None:
    """Where the summary goes in this job, if anywhere."""
    env = os.environ if env is None else env
    value = env.get(TEMP_DIRECTORY, "").strip()
    return Path(value) / SUMMARY_NAME if value else None


def write_summary(path: Path, markdown: str) -> str:
    """Write the summary; '' on success, else why not (Swedish)."""
    try:
        path.write_text(markdown, encoding="utf-8")
    except OSError as err:
        return f"{path}: sammanfattningen kan inte skrivas: {err.strerror}."
    return ""
