"""The asset register and the record of processing (registerförteckning) as tables.

One definition of the columns, shared by ``lis export assets|register`` (every
format), ``lis import assets`` (which reads the columns the export writes) and
the site. Each is a :class:`checks.table.Table` of plain values; each format
decides how an unknown value reads (an empty cell in a sheet, *uppgift saknas*
in the record of processing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from checks.assets import (
    ASPECTS,
    ClassStatus,
    blank,
    class_status,
    classification_due,
    covering_activities,
    gaps_of,
    legal_basis_text,
    level,
)
from checks.needs import as_date, as_int, id_list
from checks.table import Column, Table, Value

Need = Mapping[str, Any]
Needs = Mapping[str, Need]


# ---------------------------------------------------------------- the asset register

ASSET_COLUMNS: tuple[Column, ...] = (
    Column("ID", "id", 16, "id"),
    Column("Namn", "title", 30, "title"),
    Column("Informationsägare", "information_owner", 20, "information_owner"),
    Column("Objektägare", "object_owner", 18, "object_owner"),
    Column("Objektledare", "object_manager", 18, "object_manager"),
    Column("Leverantör", "supplier", 16, "supplier"),
    Column("Driftavtal", "operation_agreement", 12, "operation_agreement"),
    Column("Nätverkszon", "network_zone", 12, "network_zone"),
    Column("Samhällsviktig", "vital", 10, "vital", "bool"),
    Column("Klassad", "classified", 11, "classified", "date"),
    Column("Klassad med", "classification_tool", 11, "classification_tool"),
    *(Column(name, field, 9, field, "level") for field, name, _ in ASPECTS),
    Column("Klassningsintervall (månader)", "review_interval", 11, "review_interval", "months"),
    Column("Behörighetshantering dokumenterad i", "access_routine", 14, "access_routine", "links"),
    # computed from other pages or the date: shown, never imported
    Column("Nästa klassning", "next_classification", 11, kind="date", editable=False),
    Column("Status", "status", 22, editable=False),
    Column("Omfattas av", "covered_by", 16, kind="links", editable=False),
    Column("Behandlingar", "processings", 14, kind="links", editable=False),
)
ASSET_SHEET = "Informationstillgångar"
YES, NO = "Ja", "Nej"


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None if value is None else (YES if value else NO)
    text = str(value).strip()
    return text or None


def _bool(value: Any) -> str | None:
    if value is True or (isinstance(value, str) and value.strip().lower() == "true"):
        return YES
    if value is False or (isinstance(value, str) and value.strip().lower() == "false"):
        return NO
    return None


def _links(value: Any) -> str | None:
    ids = id_list(value)
    return ", ".join(sorted(ids)) if ids else None


def asset_status(asset: Need, needs: Needs, today: dt.date) -> str:
    """The classification status, and the activities that will establish what is missing."""
    status = class_status(asset, today)
    text = status.value
    planned = covering_activities(asset, needs)
    if planned and (status is not ClassStatus.CLASSIFIED or gaps_of(asset, today)):
        text += f" – planerad i {', '.join(planned)}"
    return text


def asset_row(asset: Need, needs: Needs, today: dt.date) -> tuple[Value, ...]:
    values: list[Value] = []
    for column in ASSET_COLUMNS:
        if column.kind == "level":
            values.append(level(asset, column.field))
        elif column.kind == "months":
            values.append(as_int(asset.get(column.field)))
        elif column.kind == "bool":
            values.append(_bool(asset.get(column.field)))
        elif column.kind == "date" and column.field:
            day = as_date(asset.get(column.field))
            values.append(day.isoformat() if day else None)
        elif column.kind == "links" and column.field:
            values.append(_links(asset.get(column.field)))
        elif column.key == "next_classification":
            due = classification_due(asset)
            values.append(due.isoformat() if due else None)
        elif column.key == "status":
            values.append(asset_status(asset, needs, today))
        elif column.key == "covered_by":
            values.append(", ".join(covering_activities(asset, needs)) or None)
        elif column.key == "processings":
            values.append(_links(asset.get("runs_in_back")))
        else:
            values.append(_text(asset.get(column.field)))
    return tuple(values)


def own_of_type(needs: Needs, kind: str) -> list[Need]:
    return [n for _, n in sorted(needs.items()) if n.get("type") == kind and not n.get("is_external")]


def asset_table(needs: Needs, today: dt.date, as_of: str = "") -> Table:
    assets = own_of_type(needs, "asset")
    return Table(
        name="lis-tillgangar",
        title="Informationstillgångar",
        sheet=ASSET_SHEET,
        columns=ASSET_COLUMNS,
        rows=tuple(asset_row(a, needs, today) for a in assets),
        as_of=as_of,
        note=f"Informationstillgångar och deras klassning enligt KLASSA (nivå 0–4 per aspekt), status den "
        f"{today.isoformat()}. En tom cell är en uppgift som inte är känd.",
        level_keys=tuple(field for field, _, _ in ASPECTS),
    )


# ---------------------------------------------------------------- the record of processing (art. 30.1)

REGISTER_COLUMNS: tuple[Column, ...] = (
    Column("ID", "id", 10),
    Column("Behandling", "title", 26),
    Column("Personuppgiftsansvarig (art. 30.1 a)", "controller", 18),
    Column("Ändamål (art. 30.1 b)", "purpose", 26),
    Column("Rättslig grund (art. 6.1)", "legal_basis", 20),
    Column("Nationell rättslig grund", "national_basis", 18),
    Column("Kategorier av registrerade (art. 30.1 c)", "data_subjects", 24),
    Column("Kategorier av personuppgifter (art. 30.1 c)", "data_categories", 34),
    Column("Särskilda kategorier (art. 9)", "special_categories", 11),
    Column("Lagöverträdelser (art. 10)", "criminal_data", 11),
    Column("Kategorier av mottagare (art. 30.1 d)", "recipients", 20),
    Column("Personuppgiftsbiträde", "processor", 16),
    Column("Biträdesavtal", "agreement", 13),
    Column("Överföring till tredje land (art. 30.1 e)", "third_country", 16),
    Column("Skyddsåtgärd för överföringen (art. 30.1 e)", "transfer_mechanism", 20),
    Column("Gallring (art. 30.1 f)", "retention", 18),
    Column("Säkerhetsåtgärder (art. 30.1 g)", "security_measures", 22),
    Column("System", "runs_in", 16),
    Column("Konsekvensbedömning (art. 35)", "dpia", 18),
    Column("Brister", "gaps", 30),
)
MISSING = "Uppgift saknas"


def dpia_text(processing: Need) -> str | None:
    done = as_date(processing.get("dpia_done"))
    if done:
        return f"Genomförd {done.isoformat()}"
    triggers = [
        word
        for field, word in (("special_categories", "art. 9"), ("criminal_data", "art. 10"), ("high_risk", "hög risk"))
        if _bool(processing.get(field)) == YES
    ]
    if triggers:
        return f"Krävs ({', '.join(triggers)}), inte genomförd"
    if _bool(processing.get("high_risk")) == NO:
        return "Inte hög risk enligt bedömning"
    return None


def processing_row(processing: Need, needs: Needs, today: dt.date) -> tuple[Value, ...]:
    gaps = gaps_of(processing, today)
    planned = covering_activities(processing, needs)
    gap_text = "; ".join(f"{g.text} ({g.rule})" for g in gaps)
    if gap_text and planned:
        gap_text += f". Planerat i {', '.join(planned)}"
    return (
        _text(processing.get("id")),
        _text(processing.get("title")),
        _text(processing.get("controller")),
        _text(processing.get("purpose")),
        legal_basis_text(processing) or None,
        _text(processing.get("national_basis")),
        _text(processing.get("data_subjects")),
        _text(processing.get("data_categories")),
        _bool(processing.get("special_categories")),
        _bool(processing.get("criminal_data")),
        _text(processing.get("recipients")),
        _text(processing.get("processor")),
        _links(processing.get("agreement")) or (None if not blank(processing.get("processor")) else "–"),
        _text(processing.get("third_country")),
        _text(processing.get("transfer_mechanism")),
        _text(processing.get("retention")),
        _text(processing.get("security_measures")),
        _links(processing.get("runs_in")),
        dpia_text(processing),
        gap_text or "Inga",
    )


def register_table(needs: Needs, today: dt.date, as_of: str = "") -> Table:
    processings = own_of_type(needs, "processing")
    return Table(
        name="lis-registerforteckning",
        title="Registerförteckning",
        sheet="Registerförteckning",
        columns=REGISTER_COLUMNS,
        rows=tuple(processing_row(p, needs, today) for p in processings),
        as_of=as_of,
        missing=MISSING,
        note="Förteckning över behandlingar av personuppgifter enligt artikel 30.1 i dataskyddsförordningen, "
        f"en rad per behandling, den {today.isoformat()}. \u201dUppgift saknas\u201d betyder att uppgiften "
        "inte är dokumenterad.",
    )
