"""What every report format says the same way, and the one escaping of CI log commands."""

from __future__ import annotations

from collections.abc import Sequence

from checks.dates import Today

# A CI log command (GitHub's ``::error …::text``, Azure's ``##vso[…]text``) is one line
# whose parts end at given characters: each table replaces, in order (% first, so a
# replacement is never replaced again), what could end a part or start a new line, and
# so a second command.
GITHUB_DATA: tuple[tuple[str, str], ...] = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
GITHUB_PROPERTY = GITHUB_DATA + ((":", "%3A"), (",", "%2C"))
# Azure's agent reads %AZP25 back as % (its own task library writes it so).
AZURE_DATA: tuple[tuple[str, str], ...] = (("%", "%AZP25"), ("\r", "%0D"), ("\n", "%0A"))
AZURE_PROPERTY = AZURE_DATA + (("]", "%5D"), (";", "%3B"))


def escape_command(value: object, table: Sequence[tuple[str, str]]) -> str:
    """``value`` as text inside a CI log command, escaped with ``table``."""
    text = str(value)
    for char, replacement in table:
        text = text.replace(char, replacement)
    return text


def checked_line(today: Today) -> str:
    """``Kontrollerat per 2026-11-29 (angivet med --today).``"""
    return f"Kontrollerat per {today.date.isoformat()} ({today.origin_sv})."
