"""What ``lis check --format github`` reads from and writes to a GitHub Actions run.

The side effects of the github format, kept out of the pure reporter
(checks.reporters.github): the files a pull request changes, and the job summary
file. Outside GitHub Actions (no ``GITHUB_BASE_REF``, no ``GITHUB_STEP_SUMMARY``)
both do nothing.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

BASE_REF = "GITHUB_BASE_REF"
STEP_SUMMARY = "GITHUB_STEP_SUMMARY"
GIT_TIMEOUT_SECONDS = 20


def changed_files(root: Path, env: Mapping[str, str] | None = None) -> frozenset[str]:
    """The files the pull request changes, relative to ``root`` in posix form; empty when unknown.

    On a ``pull_request`` run GitHub sets ``GITHUB_BASE_REF`` (the target branch);
    the checkout needs its history (``fetch-depth: 0``) for the merge base. Any
    failure (no git, shallow clone, not a repository) gives the normal order,
    never an error: the order of the annotations is a convenience.
    """
    env = os.environ if env is None else env
    base = env.get(BASE_REF, "").strip()
    if not base:
        return frozenset()
    try:
        result = subprocess.run(
            # -z: names unquoted (å, ä, ö); --relative: relative to root, as findings are
            ["git", "diff", "--name-only", "-z", "--relative", f"origin/{base}...HEAD", "--"],
            cwd=root,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    if result.returncode != 0:
        return frozenset()
    names = result.stdout.decode("utf-8", errors="replace").split("\0")
    return frozenset(name for name in names if name)


def step_summary_path(env: Mapping[str, str] | None = None) -> Path | None:
    """The job summary file GitHub gave this step, if any."""
    env = os.environ if env is None else env
    value = env.get(STEP_SUMMARY, "").strip()
    return Path(value) if value else None


def append_step_summary(path: Path, markdown: str) -> str:
    """Append to the job summary (GitHub expects appends); '' on success, else why not (Swedish)."""
    try:
        # one write of the whole text, so a failure leaves no half table
        with path.open("a", encoding="utf-8") as summary:
            summary.write(markdown if markdown.endswith("\n") else markdown + "\n")
    except OSError as err:
        return f"{path}: jobbsammanfattningen kan inte skrivas: {err.strerror}."
    return ""
