"""Risk levels on the 4×4 scale, tied to the gate's threshold for high risks (LIS031)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from checks.evaluate import risk_value
from checks.settings import Settings

MEDIUM_FROM = 4
SCALE = (1, 2, 3, 4)


class Level(StrEnum):
    LOW = "låg"
    MEDIUM = "medel"
    HIGH = "hög"


LEVEL_NOTES = {
    Level.LOW: "riskvärde 1–3",
    Level.MEDIUM: "riskvärde {medium_from}–{below_high}",
    Level.HIGH: "riskvärde {high} eller högre: ska hanteras av en aktivitet eller rutin",
}


def high_risk_threshold(settings: Settings | dict[str, Any]) -> int:
    """The gate's ``risk_threshold`` (LIS031): from this risk value a risk is high."""
    return Settings.from_dict(settings).risk_threshold


def level_of(risk_value: int, high: int) -> Level:
    if risk_value >= high:
        return Level.HIGH
    if risk_value >= MEDIUM_FROM:
        return Level.MEDIUM
    return Level.LOW


def level_note(level: Level, high: int) -> str:
    return LEVEL_NOTES[level].format(medium_from=MEDIUM_FROM, below_high=high - 1, high=high)


def risk_value_of(risk: dict[str, Any]) -> int | None:
    """The risk value as the gate reads it: risk_value, else likelihood × impact."""
    return risk_value(risk)
