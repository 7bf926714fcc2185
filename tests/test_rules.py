"""checks/rules.py: the codes, their severities and docstrings, and [tool.lis]."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.errors import ProjectError
from checks.rules import FIX_MARKER, Rule
from checks.settings import Settings
from checks.sphinxext.rules_page import rules_markdown

# The documented table of rules: code -> default severity.
DOCUMENTED = {
    "LIS001": "error",
    "LIS002": "error",
    "LIS003": "error",
    "LIS004": "error",
    "LIS005": "error",
    "LIS006": "error",
    "LIS007": "error",
    "LIS008": "warning",
    "LIS009": "error",
    "LIS010": "error",
    "LIS011": "error",
    "LIS012": "warning",
    "LIS013": "warning",
    "LIS014": "warning",
    "LIS015": "warning",
    "LIS016": "warning",
    "LIS017": "warning",
    "LIS018": "warning",
    "LIS019": "warning",
    "LIS020": "error",
    "LIS021": "warning",
    "LIS022": "error",
    "LIS023": "warning",
    "LIS024": "error",
    "LIS025": "warning",
    "LIS026": "error",
    "LIS027": "error",
    "LIS028": "error",
    "LIS029": "warning",
    "LIS030": "warning",
    "LIS031": "error",
    "LIS032": "error",
    "LIS033": "error",
    "LIS034": "warning",
    "LIS035": "warning",
    "LIS036": "warning",
    "LIS037": "warning",
    "LIS038": "error",
    "LIS039": "warning",
    "LIS050": "error",
    "LIS051": "error",
    "LIS052": "warning",
    "LIS053": "error",
    "LIS054": "error",
    "LIS055": "error",
    "LIS056": "error",
    "LIS057": "error",
    "LIS058": "error",
    "LIS040": "error",
    "LIS041": "error",
    "LIS042": "error",
    "LIS043": "error",
}


def test_every_code_of_the_design_with_its_severity() -> None:
    assert {rule.code: rule.severity for rule in Rule} == DOCUMENTED


def test_every_rule_explains_itself_and_how_to_fix_it() -> None:
    for rule in Rule:
        assert rule.title and rule.title[0].isupper(), rule
        assert FIX_MARKER in rule.doc, rule
        assert len(rule.explanation) > 80, rule
        assert len(rule.fix) > 30, rule
        # Swedish text: no English leftovers such as "TODO" or "the"
        assert not re.search(r"\b(TODO|the|and|fix)\b", rule.doc), rule


def test_docstrings_are_read_from_the_source() -> None:
    assert Rule.LIS010.explanation.startswith("Ett tillämpligt krav uppfylls inte")
    assert "applicable: false" in Rule.LIS010.fix
    assert str(Rule.LIS040) == "LIS040" and Rule["LIS040"] is Rule.LIS040


def test_no_valid_personnummer_in_the_rule_texts() -> None:
    from checks import personnummer

    for rule in Rule:
        assert personnummer.find(rule.doc) == [], rule


def test_settings_defaults() -> None:
    settings = Settings.from_dict({"content_as_of": "2026-11-29"})
    assert (settings.risk_threshold, settings.due_window_days, settings.review_max_age_months) == (9, 30, 12)
    assert settings.severity_of("LIS030") == "warning"


def test_severity_override() -> None:
    settings = Settings.from_dict({"severity": {"LIS030": "error", "LIS010": "warning"}})
    assert settings.severity_of("LIS030") == "error"
    assert settings.severity_of("LIS010") == "warning"
    assert settings.severity_of("LIS011") == "error"


@pytest.mark.parametrize(
    "settings, words",
    [
        ({"risk_threshold": 0}, "risk_threshold"),
        ({"risk_threshold": "9"}, "risk_threshold"),
        ({"due_window_days": True}, "due_window_days"),
        ({"review_max_age_months": 100}, "review_max_age_months"),
        ({"severity": "error"}, "severity"),
        ({"severity": {"LIS999": "error"}}, "LIS999"),
        ({"severity": {"LIS010": "off"}}, "LIS010"),
    ],
)
def test_bad_settings_stop_the_tool(settings: dict, words: str) -> None:
    with pytest.raises(ProjectError, match=words):
        Settings.from_dict(settings)


def test_the_real_settings_are_valid() -> None:
    from checks.project import load_project

    root = Path(__file__).resolve().parents[1]
    Settings.from_dict(load_project(root).settings)


def test_kontroller_page_text_has_every_rule() -> None:
    text = rules_markdown(Settings.from_dict({"severity": {"LIS030": "error"}}))
    for rule in Rule:
        assert f"## {rule.code} – {rule.title}" in text
        assert f"({rule.code.lower()})=" in text
    assert "**Allvarlighetsgrad:** fel (standard: varning, ändrat i [tool.lis])" in text
    assert text.count("**Så åtgärdar du:**") == len(Rule)
