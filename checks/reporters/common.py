"""What every report format says the same way."""

from __future__ import annotations

from checks.dates import Today


def checked_line(today: Today) -> str:
    """``Kontrollerat per 2026-11-29 (angivet med --today).``"""
    return f"Kontrollerat per {today.date.isoformat()} ({today.origin_sv})."
