"""The overview as a table for ``lis export overview`` (xlsx, csv, json): one row per office."""

from __future__ import annotations

from checks.coverage import Coverage
from checks.overview.model import City, OfficeFigures
from checks.site.dashboard import MET
from checks.table import Column, Table, Value

COLUMNS = (
    Column("Kontor", "office", 28),
    Column("Kan läsas", "readable", 10),
    Column("Varför inte", "problem", 36),
    Column("Senaste genomgång", "review", 14),
    Column("Datum", "review_date", 12, kind="date"),
    Column("Status", "review_status", 12),
    Column("Diarienummer", "case_number", 16),
    Column("Fastställd i år", "adopted_this_year", 12),
    Column("Tillämpliga krav", "applicable", 12),
    Column("Uppfyllda krav", "met", 12),
    *(Column(state.value.capitalize(), state.name.lower(), 12) for state in Coverage),
    Column("Täckning per källa", "by_source", 48),
    Column("Dokument efter granskningsdatum", "overdue_documents", 30),
    Column("Aktiviteter efter slutdatum", "overdue_activities", 30),
    Column("Höga risker", "high_risks", 24),
    Column("Höga risker utan åtgärd", "untreated_risks", 24),
)


def _row(office: OfficeFigures) -> tuple[Value, ...]:
    if not office.readable:
        return (office.name, "Nej", office.problem, *([None] * (len(COLUMNS) - 3)))
    totals = office.totals
    by_source = "; ".join(
        f"{source} {sum(n for s, n in counts.items() if s in MET)} av "
        f"{sum(n for s, n in counts.items() if s is not Coverage.NOT_APPLICABLE)}"
        for source, counts in office.by_source.items()
    )
    return (
        office.name,
        "Ja",
        "",
        office.review_id or None,
        office.review_date or None,
        office.review_status or None,
        office.case_number or None,
        "Ja" if office.adopted_this_year else "Nej",
        office.applicable,
        office.met,
        *(totals.get(state, 0) for state in Coverage),
        by_source,
        ", ".join(office.overdue_documents),
        ", ".join(office.overdue_activities),
        ", ".join(office.high_risks),
        ", ".join(office.untreated_risks),
    )


def overview_table(city: City) -> Table:
    return Table(
        name="lis-stadsoversikt",
        title="Informationssäkerhet i stadens förvaltningar",
        sheet="Översikt",
        columns=COLUMNS,
        rows=tuple(_row(office) for office in city.offices),
        as_of=city.today.isoformat(),
        missing="",
        note=f"Läget per {city.today.isoformat()} enligt varje kontors publicerade needs.json.",
        freeze="B2",
    )
