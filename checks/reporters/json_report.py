"""JSON exactly as DESIGN.md gives it:
``{"summary": {"errors": n, "warnings": n}, "findings": [{"code", "severity", "file", "line", "need_id", "message"}]}``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from checks.findings import Finding, count, ordered

KEYS = ("code", "severity", "file", "line", "need_id", "message")


def document(findings: Sequence[Finding]) -> dict[str, object]:
    found = ordered(findings)
    errors, warnings = count(found)
    return {
        "summary": {"errors": errors, "warnings": warnings},
        "findings": [{key: getattr(f, key) for key in KEYS} for f in found],
    }


def render(findings: Sequence[Finding]) -> str:
    return json.dumps(document(findings), ensure_ascii=False, indent=2) + "\n"
