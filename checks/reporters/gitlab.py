"""GitLab Code Quality: the JSON report GitLab shows in a merge request (free tier).

A JSON array of issues, each with ``description``, ``check_name`` (the code),
``fingerprint``, ``severity`` and ``location`` (``path`` relative to the project
root and ``lines.begin``), as GitLab's Code Quality format asks; ``type`` and
``content.body`` (the rule's explanation, how to fix it and the date checked) are
from the Code Climate format that GitLab's is a subset of.

GitLab compares the fingerprints of the merge request with those of its target
branch: a fingerprint is made from the code, the file and the need id, not the line,
so a finding that only moved is not "new". Two findings of one code for one need in
one file are told apart by their place in line order (the first keeps the plain
fingerprint, so it does not change when a second appears).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from checks.dates import Today
from checks.findings import Finding, ordered
from checks.reporters.common import checked_line

# lis has errors and warnings; GitLab's scale is info, minor, major, critical, blocker.
SEVERITY = {"error": "major", "warning": "minor"}


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding (in the given order), unique within the report."""
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    # the n-th of a kind counts in line order, whatever order the findings came in
    rank: dict[int, int] = {}
    for index in sorted(range(len(findings)), key=lambda i: (findings[i].line, findings[i].message)):
        f = findings[index]
        key = (f.code.name, f.file, f.need_id)
        rank[index] = seen.get(key, 0)
        seen[key] = rank[index] + 1
    for index, f in enumerate(findings):
        parts = [f.code.name, f.file, f.need_id] + ([str(rank[index])] if rank[index] else [])
        out.append(hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest())
    return out


def _body(f: Finding, today: Today | None) -> str:
    rule = f.code
    lines = [rule.explanation, "", f"**Så åtgärdar du:** {rule.fix}"]
    if today is not None:
        lines += ["", checked_line(today)]
    return "\n".join(lines)


def document(findings: Sequence[Finding], today: Today | None = None) -> list[dict[str, object]]:
    found = ordered(findings)
    return [
        {
            "type": "issue",
            "check_name": f.code.name,
            "description": f"{f.code.name} {f.code.title}: {f.message}",
            "content": {"body": _body(f, today)},
            "fingerprint": fingerprint,
            "severity": SEVERITY.get(f.severity, "minor"),
            "location": {"path": f.file, "lines": {"begin": max(f.line, 1)}},
        }
        for f, fingerprint in zip(found, fingerprints(found))
    ]


def render(findings: Sequence[Finding], today: Today | None = None) -> str:
    return json.dumps(document(findings, today), ensure_ascii=False, indent=2) + "\n"
