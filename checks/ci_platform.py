"""Which CI platform ``lis check`` runs in, from the variables each platform sets itself.

Without ``--format``, ``lis check`` writes the format of the platform it runs in
(annotations on GitHub, a Code Quality report on GitLab, logging commands on Azure
Pipelines) and plain text elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Platform:
    format: str  # the lis check format written there
    name: str  # as people call it
    variable: str  # set to true by the platform in every job


# In this order: a runner of one platform started from another's job still says
# which platform it is first by its own variable.
PLATFORMS = (
    Platform("github", "GitHub Actions", "GITHUB_ACTIONS"),
    Platform("gitlab", "GitLab CI", "GITLAB_CI"),
    Platform("azure", "Azure Pipelines", "TF_BUILD"),
)
VARIABLES = tuple(p.variable for p in PLATFORMS)


def detect(env: Mapping[str, str] | None = None) -> Platform | None:
    """The platform whose variable is ``true`` (Azure writes ``True``), else None."""
    env = os.environ if env is None else env
    for platform in PLATFORMS:
        if env.get(platform.variable, "").strip().lower() == "true":
            return platform
    return None


def chosen_line(platform: Platform) -> str:
    """What ``lis check`` says (on standard error) about the format it chose by itself."""
    return (
        f"Utdataformat: {platform.format} ({platform.name}: {platform.variable} är satt). "
        "Välj ett annat med --format."
    )
