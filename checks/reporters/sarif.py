"""SARIF 2.1.0, so GitHub code scanning shows the findings on the pull request.

Each rule of checks.rules is a ``reportingDescriptor`` with its Swedish title and
explanation; each finding a ``result`` with ``ruleId``, ``level`` and a physical
location (the file relative to the repository root, ``%SRCROOT%``, and its line).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from checks import __version__
from checks.dates import Today
from checks.findings import Finding, ordered
from checks.rules import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning"}


def _rule(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.code,
        "name": rule.code,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": rule.fix, "markdown": f"**Så åtgärdar du:** {rule.fix}"},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def document(findings: Sequence[Finding], today: Today | None = None) -> dict[str, object]:
    rules = list(Rule)
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = []
    for f in ordered(findings):
        result: dict[str, object] = {
            "ruleId": f.code,
            "level": LEVELS.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.file, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": max(f.line, 1)},
                    }
                }
            ],
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if f.need_id:
            result["properties"] = {"need_id": f.need_id}
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "lis",
                        "version": __version__,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "Projektets rotmapp"}}},
                "results": results,
                **({"properties": {"checkedAsOf": today.date.isoformat(), "dateOrigin": today.origin}} if today else {}),
            }
        ],
    }


def render(findings: Sequence[Finding], today: Today | None = None) -> str:
    return json.dumps(document(findings, today), ensure_ascii=False, indent=2) + "\n"
