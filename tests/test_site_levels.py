"""checks.site.levels: risk levels follow the gate's risk_threshold."""

from __future__ import annotations

import pytest

from checks.errors import ProjectError
from checks.site.levels import (
    Level,
    high_risk_threshold,
    level_note,
    level_of,
    risk_value_of,
)


@pytest.mark.parametrize(
    ("value", "high", "level"),
    [
        (1, 9, Level.LOW),
        (3, 9, Level.LOW),
        (4, 9, Level.MEDIUM),
        (8, 9, Level.MEDIUM),
        (9, 9, Level.HIGH),
        (16, 9, Level.HIGH),
        (8, 8, Level.HIGH),
        (6, 12, Level.MEDIUM),
    ],
)
def test_level_of(value: int, high: int, level: Level) -> None:
    assert level_of(value, high) is level


def test_threshold_comes_from_the_gate_settings() -> None:
    assert high_risk_threshold({}) == 9
    assert high_risk_threshold({"risk_threshold": 6}) == 6
    with pytest.raises(ProjectError):
        high_risk_threshold({"risk_threshold": 40})


def test_notes_name_the_ranges() -> None:
    assert level_note(Level.MEDIUM, 9) == "riskvärde 4–8"
    assert level_note(Level.HIGH, 12).startswith("riskvärde 12 eller högre")


def test_risk_value_as_the_gate_reads_it() -> None:
    assert risk_value_of({"risk_value": 6}) == 6
    assert risk_value_of({"likelihood": 2, "impact": 4}) == 8
    assert risk_value_of({"likelihood": 2}) is None
