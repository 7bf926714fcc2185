"""JSON in the documented shape (README, "Kommandon"):
``{"summary": {"errors": n, "warnings": n}, "findings": [{"code", "severity", "file", "line", "need_id", "message"}]}``,
and ``"checked": {"date", "origin"}`` (the date checked and where it came from) when known.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from checks.dates import Today
from checks.findings import Finding, count, ordered


def document(findings: Sequence[Finding], today: Today | None = None) -> dict[str, object]:
    found = ordered(findings)
    errors, warnings = count(found)
    data: dict[str, object] = {
        "summary": {"errors": errors, "warnings": warnings},
        # the documented keys (a finding's owner is for the terminal's groups, not part of the shape)
        "findings": [{k: v for k, v in f.as_dict().items() if k != "owner"} for f in found],
    }
    if today is not None:
        data["checked"] = {"date": today.date.isoformat(), "origin": today.origin}
    return data


def render(findings: Sequence[Finding], today: Today | None = None) -> str:
    return json.dumps(document(findings, today), ensure_ascii=False, indent=2) + "\n"
