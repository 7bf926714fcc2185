"""Plain text for a terminal: errors, then warnings, then 'N fel, M varningar'.

Each line starts with ``file:line``, so editors and terminals can open the place.
"""

from __future__ import annotations

from collections.abc import Sequence

from checks.dates import Today
from checks.findings import Finding, count, ordered, summary_line
from checks.reporters.common import checked_line


def _line(f: Finding) -> str:
    need = f" [{f.need_id}]" if f.need_id else ""
    indent = "      ↳ " if f.cause is not None else "  "  # a knock-on finding, under its cause
    return f"{indent}{f.file}:{f.line}: {f.code}{need} {f.message}"


def render(findings: Sequence[Finding], today: Today | None = None) -> str:
    found = ordered(findings)
    errors, warnings = count(found)
    lines: list[str] = [checked_line(today), ""] if today else []
    for heading, amount, group in (
        ("Fel", errors, [f for f in found if f.is_error]),
        ("Varningar", warnings, [f for f in found if not f.is_error]),
    ):
        if group:
            lines.append(f"{heading} ({amount}):")
            lines.extend(_line(f) for f in group)
            lines.append("")
    if not found:
        lines.append("Inga fel eller varningar.")
    lines.append(summary_line(found))
    return "\n".join(lines) + "\n"
