"""The evidence register (Belägg): one row per evidence need, for the site and ``lis export evidence``.

Each row says what the evidence shows working (its ``supports`` links), what it
is, the date or period it shows, until when it is valid, who owns it, where the
record is kept, and its status on the day: *aktuellt*, *utgånget*, *ej giltigt
än* (dated after the day) or *giltighet okänd* (no date or end is given: it is
never counted as current, see :mod:`checks.evidence`). What the pages do not
say is left empty and reads *uppgift saknas*, never a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from checks.evidence import SUPPORTS, valid_until
from checks.needs import as_date, id_list
from checks.register import own_of_type
from checks.table import Column, Table, Value

Need = Mapping[str, Any]
MISSING = "Uppgift saknas"


class EvidenceValidity(StrEnum):
    CURRENT = "aktuellt"
    EXPIRED = "utgånget"
    NOT_YET = "ej giltigt än"
    UNKNOWN = "giltighet okänd"


def validity(evidence: Need, today: dt.date) -> EvidenceValidity:
    until, shown = valid_until(evidence), as_date(evidence.get("date"))
    if until is None:
        return EvidenceValidity.UNKNOWN
    if until < today:
        return EvidenceValidity.EXPIRED
    if shown is not None and shown > today:
        return EvidenceValidity.NOT_YET
    return EvidenceValidity.CURRENT


EVIDENCE_COLUMNS: tuple[Column, ...] = (
    Column("ID", "id", 13),
    Column("Belägg", "title", 32),
    Column("Slag", "kind", 14),
    Column("Visar att det här fungerar", "supports", 24),
    Column("Datum", "date", 12, kind="date"),
    Column("Period", "period", 16),
    Column("Gäller till", "valid_until", 12, kind="date"),
    Column("Status", "status", 14),
    Column("Ansvarig", "owner", 22),
    Column("Finns i", "location", 24),
)


def evidence_row(evidence: Need, today: dt.date) -> tuple[Value, ...]:
    until = valid_until(evidence)

    def text(key: str) -> str | None:
        value = str(evidence.get(key) or "").strip()
        return value or None

    return (
        str(evidence.get("id") or ""),
        str(evidence.get("title") or ""),
        text("kind"),
        ", ".join(id_list(evidence.get(SUPPORTS))) or None,
        text("date"),
        text("period"),
        until.isoformat() if until else None,
        validity(evidence, today).value,
        text("owner"),
        text("location"),
    )


def evidence_table(needs: Mapping[str, Need], today: dt.date, as_of: str = "") -> Table:
    items = own_of_type(needs, "evidence")
    return Table(
        name="lis-belagg",
        title="Belägg",
        sheet="Belägg",
        columns=EVIDENCE_COLUMNS,
        rows=tuple(evidence_row(e, today) for e in items),
        as_of=as_of,
        missing=MISSING,
        note=f"Belägg som visar att rutiner, utbildningar, tillgångar och krav fungerar, med status den "
        f"{today.isoformat()}. Ett belägg utan känt datum eller slutdatum räknas aldrig som aktuellt.",
        freeze="C2",
    )
