"""Plain text for a terminal: errors, then warnings, then 'N fel, M varningar'.

Each line starts with ``file:line``, so editors and terminals can open the place.
Many findings of one code at one place (every untraced requirement of a source, at
the page that shows it) are one line with their ids and the rule's fix, so a new
office's first check reads as a to-do list, not a wall; the other formats keep them
one by one.
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


# From this many findings of one code at one file and line, they are listed as one.
GROUP_FROM = 3


def _lines(group: list[Finding]) -> list[str]:
    lines: list[str] = []
    i = 0
    while i < len(group):
        first = group[i]
        j = i + 1
        while j < len(group) and _same_place(group[j], first):
            j += 1
        run = group[i:j]
        ids = [f.need_id for f in run]
        if len(run) >= GROUP_FROM and all(ids) and len(set(ids)) == len(ids):
            lines.append(f"  {first.file}:{first.line}: {first.code} {first.code.title} – {len(run)} st: {', '.join(ids)}")
            lines.append(f"      Så åtgärdar du: {' '.join(first.code.fix.split())}")
        else:
            lines.extend(_line(f) for f in run)
        i = j
    return lines


def _same_place(f: Finding, first: Finding) -> bool:
    return (f.code, f.file, f.line, f.cause, first.cause) == (first.code, first.file, first.line, None, None)


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
            lines.extend(_lines(group))
            lines.append("")
    if not found:
        lines.append("Inga fel eller varningar.")
    lines.append(summary_line(found))
    return "\n".join(lines) + "\n"
