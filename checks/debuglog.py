"""The libraries' own words, for developers only: written to standard error when LIS_DEBUG is set.

A finding speaks to its reader in Swedish, on the terminal and on the published
site. What Sphinx or sphinx-needs said behind it (English, with their internals)
never goes into the finding; ``LIS_DEBUG=1 lis check`` shows it here.
"""

from __future__ import annotations

import os
import sys

from checks.errors import DEBUG_ENV

# Said in a finding whose cause has no Swedish wording of its own yet.
ASK_FOR_DETAILS = f"Kör {DEBUG_ENV}=1 lis check för att se verktygets eget meddelande."


def enabled() -> bool:
    return bool(os.environ.get(DEBUG_ENV))


def library_said(who: str, text: str, where: str = "") -> None:
    """Log ``who``'s own message (Sphinx, sphinx-needs) when debugging; nothing otherwise."""
    if enabled():
        place = f"{where}: " if where else ""
        print(f"lis debug: {place}{who}: {text}", file=sys.stderr)
