"""Knock-on findings grouped under their root cause, the cause first.

One mistake can give many findings: a routine whose id is used twice is dropped,
so every requirement only it fulfilled becomes untraced (LIS010); an emptied
catalog makes every link to its requirements unknown (LIS004). Reported flat,
the cause drowns among its consequences. Here each consequence is marked with
its cause, so reports list it right after the cause and say "fix that first".
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from checks.catalog import Catalog
from checks.findings import Finding
from checks.locations import lines_of
from checks.rules import Rule

_FULFILS = re.compile(r"^\s*:(?:fulfils|partly_fulfils):\s*(?P<ids>.*)$")
# LIS004's own message (checks.gate.messages): "<id> länkar till <target> i fältet …"
_UNKNOWN_TARGET = re.compile(r"länkar till (?P<target>\S+) i fältet '[^']+', men det id:t finns inte")


def _block_fulfils(path: Path, line: int) -> set[str]:
    """The ids in ``:fulfils:`` of the directive that starts at ``line``."""
    ids: set[str] = set()
    for text in lines_of(str(path))[line : line + 40]:
        if not text.strip() or text.strip().startswith(":::"):
            break
        if m := _FULFILS.match(text):
            ids.update(i.strip() for i in m["ids"].split(",") if i.strip())
    return ids


def _mark(finding: Finding, cause: Finding, why: str) -> Finding:
    return replace(
        finding,
        cause=(cause.file, cause.line, cause.code.name),
        message=f"{finding.message} (Följd av {cause.code.name} i {cause.file} rad {cause.line}: {why}.)",
    )


def group(findings: list[Finding], root: Path, catalogs: list[Catalog]) -> list[Finding]:
    """The findings with every knock-on one marked with its cause."""
    causes: dict[int, tuple[Finding, str]] = {}
    duplicates = [f for f in findings if f.code is Rule.LIS003 and f.file.endswith(".md")]
    # the untraced findings by need id: a copied page gives many duplicates, and each
    # duplicate looked through every finding
    untraced: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        if f.code is Rule.LIS010:
            untraced.setdefault(f.need_id, []).append(i)
    for dup in duplicates:
        lost = _block_fulfils(root / dup.file, dup.line)
        why = f"{dup.need_id or 'id:t'} används två gånger, så det ena objektet och dess länkar försvann"
        for need_id in lost:
            for i in untraced.get(need_id, []):
                causes.setdefault(i, (dup, why))
    empty = [c for c in catalogs if c.source is None and not c.requirements]
    if empty:
        known = {c.source.id for c in catalogs if c.source is not None}
        empty_findings = [f for f in findings if f.code is Rule.LIS002 and any(f.file.endswith(c.path.name) for c in empty)]
        for cause in empty_findings[:1]:
            for i, f in enumerate(findings):
                m = _UNKNOWN_TARGET.search(f.message) if f.code is Rule.LIS004 else None
                if m and m["target"].split("-")[0] not in known and i not in causes:
                    causes[i] = (cause, "katalogen är tom, så dess krav finns inte")
    return [_mark(f, *causes[i]) if i in causes else f for i, f in enumerate(findings)]
