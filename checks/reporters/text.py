"""Plain text for a terminal: errors, then warnings, then 'N fel, M varningar'.

Each line starts with ``file:line``, so editors and terminals can open the place.
Findings of one rule, GROUP_FROM or more of them, are one group: the rule and the
count, then per owner (who answers for the documents) the count and the ids, one
example and the command that lists them all (``lis check --code …``). ``render(…, grouped=False)``
and the other formats list every finding.
"""

from __future__ import annotations

from collections.abc import Sequence

from checks.dates import Today
from checks.findings import Finding, count, ordered, summary_line
from checks.reporters.common import checked_line

# From this many findings of one rule and owner, the terminal shows them as one group.
GROUP_FROM = 3
# Ids named in a group's line; the rest are counted.
IDS_SHOWN = 6


def _line(f: Finding) -> str:
    need = f" [{f.need_id}]" if f.need_id else ""
    indent = "      ↳ " if f.cause is not None else "  "  # a knock-on finding, under its cause
    return f"{indent}{f.file}:{f.line}: {f.code}{need} {f.message}"


def list_command(code: str, today: Today | None) -> str:
    """The command that lists every finding of ``code`` (as of the same date when it was given)."""
    fixed = f" --today {today.date.isoformat()}" if today is not None and today.origin == "--today" else ""
    return f"lis check --code {code}{fixed}"


def _group_lines(group: list[Finding], today: Today | None) -> list[str]:
    first = group[0]
    by_owner: dict[str, list[str]] = {}
    for f in group:
        ids = by_owner.setdefault(f.owner, [])
        if f.need_id and f.need_id not in ids:
            ids.append(f.need_id)
    lines = [f"  {first.code} × {len(group)}: {first.code.title}"]
    for owner, ids in sorted(by_owner.items(), key=lambda item: (-len(item[1]), item[0])):
        named = ", ".join(ids[:IDS_SHOWN]) + (f" och {len(ids) - IDS_SHOWN} till" if len(ids) > IDS_SHOWN else "")
        lines.append(f"      {owner or 'ingen ansvarig angiven'}: {len(ids)}" + (f" ({named})" if named else ""))
    lines.append(f"      till exempel {first.file}:{first.line}: {first.message}")
    lines.append(f"      alla: {list_command(first.code.name, today)}")
    return lines


def _lines(found: list[Finding], grouped: bool, today: Today | None) -> list[str]:
    if not grouped:
        return [_line(f) for f in found]
    groups: dict[str, list[Finding]] = {}
    for f in found:
        if f.cause is None:
            groups.setdefault(f.code.name, []).append(f)
    lines: list[str] = []
    for f in found:
        group = groups.get(f.code.name, []) if f.cause is None else []
        if len(group) < GROUP_FROM:
            lines.append(_line(f))
        elif f is group[0]:
            lines.extend(_group_lines(group, today))
    return lines


def render(findings: Sequence[Finding], today: Today | None = None, grouped: bool = True) -> str:
    found = ordered(findings)
    errors, warnings = count(found)
    lines: list[str] = [checked_line(today), ""] if today else []
    for heading, amount, group in (
        ("Fel", errors, [f for f in found if f.is_error]),
        ("Varningar", warnings, [f for f in found if not f.is_error]),
    ):
        if group:
            lines.append(f"{heading} ({amount}):")
            lines.extend(_lines(group, grouped, today))
            lines.append("")
    if not found:
        lines.append("Inga fel eller varningar.")
    lines.append(summary_line(found))
    return "\n".join(lines) + "\n"
