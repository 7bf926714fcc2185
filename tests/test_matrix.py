"""checks.matrix: rows, order, the fulfilling needs, the summary and the filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from exportfixture import EXPECTED, FIXTURE, ORDER, catalogs, matrix

from checks.catalog import load_catalog
from checks.coverage import Coverage
from checks.matrix import build_matrix, matrix_rows, parse_states, sources_of, summary


def need(nid: str, type_: str, **fields: Any) -> dict[str, Any]:
    fields.setdefault("title", f"Titel {nid}")
    fields.setdefault("docname", "sida")
    return {"id": nid, "type": type_, **fields}


def req(nid: str, source: str = "ALFA", back: list[str] | None = None, **fields: Any) -> dict[str, Any]:
    fields.setdefault("applicable", True)
    return need(nid, "req", source=source, ref="1 §", fulfils_back=back or [], **fields)


def by_id(rows: list[Any]) -> dict[str, Any]:
    return {r.id: r for r in rows}


# ---------------------------------------------------------------- synthetic needs


def synthetic() -> dict[str, dict[str, Any]]:
    needs = [
        req("ALFA-1", back=["RUT-001", "RUT-003", "AKT-2026-01"]),
        req("ALFA-2", back=["AKT-2026-02"]),
        req("ALFA-3", back=["AKT-2025-01"]),
        req("ALFA-4", applicable=False, justification="Ingen sjöfart."),
        req("BETA-2", source="BETA", back=["RUT-002", "RUT-004"]),
        req("BETA-1", source="BETA", back=["UTB-01"]),
        req("GAMMA-1", source="GAMMA", docname="krav/gamma"),
        req("DELTA-1", source="DELTA"),
        need("RUT-001", "routine", status="gällande", owner="Samordnare", reviewed="2025-10-01", fulfils=["ALFA-1"]),
        need("RUT-003", "routine", status="utkast", owner="Registrator", reviewed="2026-09-01", fulfils=["ALFA-1"]),
        need("RUT-002", "routine", status="under revidering", owner="IT", reviewed="2026-02-15", fulfils=["BETA-2"]),
        need("RUT-004", "routine", status="gällande", owner="IT", reviewed="2026-05-01", fulfils=["BETA-2"]),
        need("UTB-01", "training", fulfils=["BETA-1"]),
        need("AKT-2026-01", "activity", status="planerad", owner="Samordnare", fulfils=["ALFA-1"]),
        need("AKT-2026-02", "activity", status="pågående", owner="Säkerhetschef", fulfils=["ALFA-2"]),
        need("AKT-2025-01", "activity", status="genomförd", owner="Säkerhetschef", fulfils=["ALFA-3"]),
    ]
    return {n["id"]: n for n in needs}


def test_one_row_per_requirement_in_catalog_then_yaml_order() -> None:
    rows = matrix_rows(synthetic(), catalogs(), FIXTURE)
    # catalog rows first (alfa.yaml, then beta.yaml in YAML order), then the rest by source and id
    assert [r.id for r in rows] == [*ORDER, "DELTA-1", "GAMMA-1"]
    assert len({r.id for r in rows}) == len(rows)


def test_coverage_comes_from_checks_coverage() -> None:
    rows = by_id(matrix_rows(synthetic(), catalogs(), FIXTURE))
    assert {i: rows[i].coverage for i in EXPECTED} == EXPECTED
    assert rows["DELTA-1"].coverage is Coverage.UNTRACED


def test_fulfilling_needs_are_split_into_routines_and_activities() -> None:
    row = by_id(matrix_rows(synthetic(), catalogs(), FIXTURE))["ALFA-1"]
    assert [n.id for n in row.fulfilled_by] == ["RUT-001", "RUT-003"]
    assert [n.id for n in row.activities] == ["AKT-2026-01"]
    assert [n.counts for n in row.fulfilled_by] == [True, False]
    assert row.fulfilled_by[1].label() == "RUT-003 Titel RUT-003 (utkast)"
    assert row.fulfilled_by[0].label() == "RUT-001 Titel RUT-001"
    assert row.fulfilled_by[1].short() == "RUT-003 (utkast)"


def test_owners_are_listed_once_in_order() -> None:
    rows = by_id(matrix_rows(synthetic(), catalogs(), FIXTURE))
    assert rows["ALFA-1"].owners == ("Samordnare", "Registrator")
    assert rows["BETA-2"].owners == ("IT",)


def test_last_reviewed_is_the_latest_among_counting_routines() -> None:
    rows = by_id(matrix_rows(synthetic(), catalogs(), FIXTURE))
    # the draft RUT-003 was reviewed later, but a draft does not fulfil anything
    assert rows["ALFA-1"].last_reviewed == "2025-10-01"
    assert rows["BETA-2"].last_reviewed == "2026-05-01"
    assert rows["BETA-1"].last_reviewed == ""  # a training without a review date
    assert rows["ALFA-2"].last_reviewed == ""


def test_not_applicable_keeps_its_justification() -> None:
    row = by_id(matrix_rows(synthetic(), catalogs(), FIXTURE))["ALFA-4"]
    assert row.applicable is False
    assert row.justification == "Ingen sjöfart."


def test_location_of_each_row_in_its_catalog() -> None:
    rows = by_id(matrix_rows(synthetic(), catalogs(), FIXTURE))
    assert (rows["ALFA-3"].file, rows["ALFA-3"].line) == ("requirements/alfa.yaml", 14)
    assert rows["BETA-1"].file == "requirements/beta.yaml"
    assert (rows["GAMMA-1"].file, rows["GAMMA-1"].line) == ("", 0)


def test_a_catalog_requirement_no_page_renders_is_still_a_row(tmp_path: Path) -> None:
    needs = {"ALFA-1": req("ALFA-1")}  # the rest of alfa.yaml never became needs
    rows = by_id(matrix_rows(needs, catalogs(), FIXTURE))
    assert set(rows) == set(EXPECTED)
    assert rows["ALFA-2"].coverage is Coverage.UNTRACED
    assert rows["ALFA-4"].coverage is Coverage.NOT_APPLICABLE
    assert rows["ALFA-4"].justification == "Kontoret bedriver ingen sjöfart."
    assert rows["ALFA-2"].docname == ""


def test_an_id_in_two_catalogs_is_one_row(tmp_path: Path) -> None:
    copy = tmp_path / "alfa-copy.yaml"
    copy.write_text((FIXTURE / "requirements" / "alfa.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    two = [*catalogs(), load_catalog(copy)]
    rows = matrix_rows(synthetic(), two, FIXTURE)
    assert [r.id for r in rows].count("ALFA-1") == 1


def test_url_on_the_published_site() -> None:
    row = by_id(matrix_rows(synthetic(), catalogs(), FIXTURE))["GAMMA-1"]
    assert row.url("https://lis.example.se") == "https://lis.example.se/krav/gamma.html#GAMMA-1"
    assert row.url("https://lis.example.se/") == "https://lis.example.se/krav/gamma.html#GAMMA-1"
    assert row.url("") == ""


def test_external_requirement_links_to_its_own_url() -> None:
    needs = {"EXT-1": req("EXT-1", source="EXT", is_external=True, external_url="https://central.example/krav#EXT-1")}
    (row,) = matrix_rows(needs, [], None)
    assert row.url("") == "https://central.example/krav#EXT-1"


def test_summary_counts_per_source_in_row_order() -> None:
    rows = matrix_rows(synthetic(), catalogs(), FIXTURE)
    sums = summary(rows, {"ALFA": "Alfalagen"})
    assert [s.source for s in sums] == ["ALFA", "BETA", "DELTA", "GAMMA"]
    alfa = sums[0]
    assert alfa.title == "Alfalagen"
    assert alfa.total == 4
    assert {c: alfa.counts[c] for c in Coverage} == {
        c: 0 if c in (Coverage.INHERITED, Coverage.PARTIAL) else 1 for c in Coverage
    }
    # of the applicable requirements (3); ej tillämplig of all 4
    assert alfa.share(Coverage.FULFILLED) == pytest.approx(1 / 3)
    assert alfa.share(Coverage.NOT_APPLICABLE) == pytest.approx(0.25)
    assert sums[1].title == "BETA"  # no catalog title known: the id


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("ospårad", [Coverage.UNTRACED]),
        ("ospårad,planerad", [Coverage.UNTRACED, Coverage.PLANNED]),
        (" Planerad , ospårad ,", [Coverage.PLANNED, Coverage.UNTRACED]),
        ("ej-tillämplig", [Coverage.NOT_APPLICABLE]),
        ("ej_tillämplig,ej tillämplig", [Coverage.NOT_APPLICABLE]),
    ],
)
def test_parse_states(text: str, states: list[Coverage]) -> None:
    assert parse_states(text) == states


@pytest.mark.parametrize("text", ["klar", "ospårad,klar", "", " , "])
def test_parse_states_rejects_unknown_or_empty(text: str) -> None:
    with pytest.raises(ValueError):
        parse_states(text)


def test_only_lists_the_gaps_but_the_summary_covers_everything() -> None:
    m = build_matrix(synthetic(), catalogs(), FIXTURE, only=[Coverage.UNTRACED])
    assert [r.id for r in m.rows] == ["ALFA-3", "DELTA-1", "GAMMA-1"]
    assert sum(s.total for s in m.summary) == 8
    assert m.selection() == "täckning ospårad"


def test_source_limits_rows_and_summary() -> None:
    m = build_matrix(synthetic(), catalogs(), FIXTURE, source="BETA", only=[Coverage.FULFILLED])
    assert [r.id for r in m.rows] == ["BETA-2", "BETA-1"]
    assert [s.source for s in m.summary] == ["BETA"]
    assert m.total.total == 2
    assert m.selection() == "källa BETA; täckning uppfylld"


def test_sources_of_catalogs_and_needs() -> None:
    assert sources_of(synthetic(), catalogs()) == ["ALFA", "BETA", "DELTA", "GAMMA"]


# ---------------------------------------------------------------- the fixture, built


def test_fixture_matrix_from_a_real_build() -> None:
    m = matrix()
    assert [r.id for r in m.rows] == ORDER
    assert {r.id: r.coverage for r in m.rows} == EXPECTED
    rows = by_id(m.rows)
    assert rows["ALFA-1"].docname == "krav"
    assert [n.id for n in rows["ALFA-1"].fulfilled_by] == ["RUT-001", "RUT-003"]
    assert rows["ALFA-1"].last_reviewed == "2025-10-01"
    assert [n.id for n in rows["BETA-1"].fulfilled_by] == ["UTB-01"]
    assert rows["ALFA-3"].activities[0].status == "genomförd"
    assert [(s.source, s.title, s.total) for s in m.summary] == [("ALFA", "Alfalagen", 4), ("BETA", "Betastandarden", 2)]
