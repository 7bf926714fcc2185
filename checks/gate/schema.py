"""sphinx-needs' schema violations (schema_violations.json) as findings, one per need and field."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from checks.debuglog import ASK_FOR_DETAILS, library_said
from checks.findings import Finding, emit
from checks.gate.messages import Context
from checks.locations import field_line, page_path
from checks.rules import Rule

_SCHEMA_CODE = re.compile(r"^(LIS\d{3})")
_NOT_DATE = re.compile(r'^"(?P<value>.*)" is not a "date"$')
_NOT_ONE_OF = re.compile(r'^(?P<value>.+?) is not one of ')
_REQUIRED = re.compile(r'^"(?P<field>[^"]+)" is a required property$')
_PATTERN = re.compile(r'^"(?P<value>.*)" does not match ')
_MINIMUM = re.compile(r"^(?P<value>\S+) is (?:less|greater) than the (?P<which>minimum|maximum) of (?P<limit>\S+)$")
_TOO_FEW = re.compile(r"Too few valid incoming links of type '(?P<link>[^']+)'")


def _schema_text(details: dict[str, Any]) -> tuple[str, str]:
    """(field, Swedish description) of one violation."""
    raw = str(details.get("validation_msg", ""))
    name = str(details.get("field", ""))
    if m := _REQUIRED.match(raw):
        return m["field"], f"fältet '{m['field']}' saknas"
    if m := _NOT_DATE.match(raw):
        return name, f"fältet '{name}' har värdet {m['value']!r}, som inte är ett giltigt datum (ÅÅÅÅ-MM-DD)"
    if m := _NOT_ONE_OF.match(raw):
        return name, f"fältet '{name}' har värdet {m['value']}, som inte är tillåtet"
    if m := _PATTERN.match(raw):
        return name, f"fältet '{name}' har värdet {m['value']!r}, som inte har rätt form"
    if m := _MINIMUM.match(raw):
        word = "minst" if m["which"] == "minimum" else "högst"
        return name, f"fältet '{name}' har värdet {m['value']} men ska vara {word} {m['limit']}"
    if m := _TOO_FEW.search(raw):
        return "", f"inga giltiga inkommande länkar av typen '{m['link']}'"
    # a violation with no Swedish wording yet: a Swedish frame; sphinx-needs' words to the debug log
    library_said("sphinx-needs", raw)
    if name:
        return name, f"fältet '{name}' har ett värde som datamodellen inte godtar. {ASK_FOR_DETAILS[:-1]}"
    return name, f"objektet följer inte datamodellen. {ASK_FOR_DETAILS[:-1]}"


def schema_findings(path: Path, needs: dict[str, dict[str, Any]], ctx: Context) -> list[Finding]:
    """Findings from sphinx-needs' schema_violations.json."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    findings = []
    seen: set[tuple[str, str, str]] = set()
    for nid, violations in sorted((data.get("validation_warnings") or {}).items()):
        need = needs.get(nid, {})
        # A value both the field's schema and the type's schema reject is reported
        # once, preferably with the type schema's message (it lists what is allowed).
        ranked = sorted(violations, key=lambda v: not (v.get("details") or {}).get("user_msg"))
        for violation in ranked:
            details = violation.get("details") or {}
            m = _SCHEMA_CODE.match(str(details.get("schema_path", "")))
            code = Rule(m[1]) if m else Rule.LIS002
            name, text = _schema_text(details)
            if name and (code, nid, name) in seen:
                continue
            seen.add((code, nid, name))
            message = f"{nid}: {text}."
            if user := details.get("user_msg"):
                message += f" {user}"
            file, line = _need_field_location(nid, need, name, ctx)
            findings.append(emit(ctx.settings, code, file, line, message, nid))
    return findings


def _need_field_location(nid: str, need: dict[str, Any], name: str, ctx: Context) -> tuple[str, int]:
    if nid in ctx.index.locations:
        file, line = ctx.index.locations[nid]
        return file, ctx.index.field_lines.get(nid, {}).get(name, line) if name else line
    file = page_path(ctx.root, need.get("docname") or "index")
    line = int(need.get("lineno") or 1)
    if name:
        line = field_line(str(ctx.root / file), line, name)
    return file, line


