"""checks.site.dashboard: the start page for management, in plain Swedish, from the gate's findings."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import sitefixture
from sitefixture import FIXTURE, context, parse

from checks.coverage import COVERAGE_ORDER, Coverage
from checks.evaluate import evaluate
from checks.site.dashboard import change_text, plural_of, render_dashboard, snapshot_states

CARDS = ["#lis-krav", "#lis-forsenat", "#lis-hoga-risker", "#lis-genomgang"]


@pytest.fixture(scope="module")
def doc() -> sitefixture.Element:
    return parse(render_dashboard(context()))


def cards(doc: sitefixture.Element) -> dict[str, sitefixture.Element]:
    return {a.attrs["href"]: a for a in doc.find("ul", cls="lis-kpis").find_all("a")}


def test_four_cards_each_a_link_to_its_section(doc: sitefixture.Element) -> None:
    found = cards(doc)
    assert list(found) == CARDS
    for anchor in found:
        assert doc.by_id(anchor[1:]).tag == "section"


def test_no_rule_codes_on_the_start_page(doc: sitefixture.Element) -> None:
    assert "LIS0" not in doc.text()


def test_requirement_card_says_of_applicable_requirements(doc: sitefixture.Element) -> None:
    # the fixture: ALFA 1 uppfylld, 1 planerad, 1 ospårad, 1 ej tillämplig; BETA 2 uppfyllda
    krav = cards(doc)["#lis-krav"]
    assert krav.find(cls="lis-kpi-value").text() == "60 %"
    # the headline and how much of it evidence shows; the other states are the table's columns below
    assert krav.text().endswith("av tillämpliga krav uppfyllda (3 av 5), varav 0 med aktuellt belägg")


def test_requirements_per_source_table(doc: sitefixture.Element) -> None:
    section = doc.by_id("lis-krav")
    heads = [th.text() for th in section.find("thead").find_all("th")]
    # one column per coverage state some applicable requirement is in, in checks.coverage's order
    # (the fixture has none ärvd or delvis: no empty columns on a page meant to fit a screen)
    states = [plural_of(c).capitalize() for c in COVERAGE_ORDER if c in (Coverage.FULFILLED, Coverage.PLANNED, Coverage.UNTRACED)]
    assert heads == ["Källa", *states, "Uppfyllda av tillämpliga krav"]
    assert states == ["Uppfyllda", "Planerade", "Ospårade"]
    rows = section.find("tbody").find_all("tr")
    assert [r.find("th").text() for r in rows] == ["Alfalagen", "Betastandarden", "Alla källor"]
    assert ("krav.html", "Alfalagen") in rows[0].links()
    assert rows[0].text().endswith("33 % (1 av 3)")
    assert rows[2].text().endswith("60 % (3 av 5)")
    assert "Ingen ögonblicksbild av LG-2025" in section.text()


def norm(text: str) -> str:
    """Text as read: the tiny DOM joins an element's parts with spaces."""
    return re.sub(r"\s+([).;:,])", r"\1", text)


def test_overdue_lists_title_and_date_grouped_by_owner(doc: sitefixture.Element) -> None:
    ctx = context()
    codes = [f.code for f in evaluate(ctx.needs, ctx.settings, ctx.today)]
    section = doc.by_id("lis-forsenat")
    assert codes.count("LIS020") + codes.count("LIS030") == 2
    assert [h.text() for h in section.find_all("h3")] == ["Kontorets egna (2)"]
    (owner,) = section.find("ul", cls="lis-late").find_all("li")
    text = norm(owner.text())
    assert text.startswith("Samordnare (2): Försenad aktivitet (skulle vara klar 31 december 2025);")
    assert "(skulle vara granskad 1 juni 2026)" in text
    assert cards(doc)["#lis-forsenat"].find(cls="lis-kpi-value").text() == "2"
    assert "1 dokument ska granskas inom 30 dagar" in section.text()
    assert ("kontrollresultat.html", "Kontrollresultatet") in section.links()


def test_the_citys_documents_apart_from_the_offices(tmp_path: Path) -> None:
    ctx = context()
    needs = {k: dict(v) for k, v in ctx.needs.items()}
    (late,) = [f.need_id for f in evaluate(ctx.needs, ctx.settings, ctx.today) if f.code == "LIS020"]
    needs["RUT-101"] = {**needs[late], "id": "RUT-101", "title": "Stadens riktlinje", "owner": "Stockholms stad"}
    page = parse(render_dashboard(context(needs=needs)))
    section = page.by_id("lis-forsenat")
    assert [h.text() for h in section.find_all("h3")] == ["Kontorets egna (2)", "Stadens gemensamma (ärvda) (1)"]
    assert section.find_all("ul", cls="lis-late")[1].text().startswith("Stockholms stad (1): Stadens riktlinje")


def test_att_besluta_names_what_waits_for_a_decision(doc: sitefixture.Element) -> None:
    block = doc.by_id("lis-besluta")
    review = norm(block.by_id("lis-genomgang").text())
    assert review == (
        "Ledningens genomgång: LG-2025 fastställd 1 december 2025 av förvaltningschef; nästa senast "
        "1 december 2026 (om 2 dagar). LG-2026 är inte påbörjad: lis review new --year 2026."
    )
    lines = [norm(li.text()) for li in block.find("ul", cls="lis-decide").find_all("li")]
    assert any(line.startswith("Höga risker utan åtgärd eller beslut om att acceptera dem: Hög risk utan åtgärd") for line in lines)
    # the block comes right after the cards, before the requirements
    ids = [e.attrs.get("id") for e in doc.find("div", cls="lis-lage").children if hasattr(e, "attrs")]
    assert ids.index("lis-besluta") < ids.index("lis-krav")


def test_att_besluta_with_a_draft_proposals_and_objectives() -> None:
    ctx = context()
    needs = {k: dict(v) for k, v in ctx.needs.items()}
    needs["LG-2026"] = {"id": "LG-2026", "type": "review", "title": "Ledningens genomgång 2026", "status": "utkast",
                        "docname": "innehall"}
    needs["AKT-2027-01"]["tags"] = ["förslag"]
    needs["MAL-2026-01"] = {"id": "MAL-2026-01", "type": "objective", "title": "Mål", "status": "pågående",
                            "docname": "innehall", "indicator": "Andel", "owner": "Samordnare"}
    block = parse(render_dashboard(context(needs=needs))).by_id("lis-besluta")
    review = norm(block.by_id("lis-genomgang").text())
    assert "LG-2026 är ett utkast; fastställs med lis review close LG-2026 --date … --case-number …" in review
    lines = [norm(li.text()) for li in block.find_all("li")]
    assert "Förslag: 1 förslag till ledningens genomgång väntar på beslut" in lines[0]
    assert lines[-1] == "Mål som inte följs upp eller nås: MAL-2026-01 (målvärde saknas)."



def test_att_besluta_names_expired_evidence_and_not_current() -> None:
    ctx = context()
    needs = {k: dict(v) for k, v in ctx.needs.items()}
    needs["BEL-2025-01"] = {"id": "BEL-2025-01", "type": "evidence", "title": "Stickprov", "kind": "stickprov",
                            "date": "2025-01-10", "interval": 12, "docname": "innehall"}
    needs["BEL-2026-01"] = {"id": "BEL-2026-01", "type": "evidence", "title": "Protokoll", "kind": "protokoll",
                            "date": "2026-06-01", "valid_until": "2027-06-01", "docname": "innehall"}
    block = parse(render_dashboard(context(needs=needs))).by_id("lis-besluta")
    lines = [norm(li.text()) for li in block.find_all("li") if "Belägg" in li.text()]
    assert lines == [
        "Belägg som har gått ut: BEL-2025-01. Det de stödde räknas inte som visat fungerande förrän ett nytt belägg finns."
    ]
    del needs["BEL-2025-01"]
    block = parse(render_dashboard(context(needs=needs))).by_id("lis-besluta")
    assert not [li for li in block.find_all("li") if "Belägg" in li.text()]

def test_high_risks_and_their_treatment(doc: sitefixture.Element) -> None:
    section = doc.by_id("lis-hoga-risker")
    assert section.find("h2").text() == "Höga risker (riskvärde 8 eller mer)"
    rows = [r.text() for r in section.find("tbody").find_all("tr")]
    assert rows == [
        "Hög risk som hanteras 9 Försenad aktivitet (pågående)",
        "Hög risk utan åtgärd 8 Ingen åtgärd",
    ]
    assert "alert" in " ".join(doc.find_all("li", cls="lis-kpi")[2].classes)
    assert "1 saknar bedömning" in section.text()


def test_management_review_and_when_the_next_is_due(doc: sitefixture.Element) -> None:
    card = cards(doc)["#lis-genomgang"]
    assert card.find(cls="lis-kpi-value").text() == "1 december 2025"
    assert "nästa senast 1 december 2026 (om 2 dagar)" in card.text()
    section = doc.by_id("lis-genomgang")
    assert ("innehall.html#LG-2025", "LG-2025") in section.links()
    late = parse(render_dashboard(context(today=date(2027, 1, 15))))
    assert "lis-kpi-alert" in late.find_all("li", cls="lis-kpi")[3].classes
    assert "Försenad: nästa skulle ha hållits senast 1 december 2026" in late.by_id("lis-genomgang").text()


def test_no_review_at_all() -> None:
    ctx = context()
    without = {k: v for k, v in ctx.needs.items() if v["type"] != "review"}
    page = parse(render_dashboard(context(needs=without)))
    assert "Ingen fastställd ledningens genomgång" in page.by_id("lis-genomgang").text()


def test_change_since_the_review_from_its_snapshot(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(FIXTURE, root)
    folder = root / "docs" / "genomgang" / "2025"
    folder.mkdir(parents=True)
    # at the review ALFA-1 was planerad and BETA had one requirement less
    snap = {
        "format": "lis-genomgang-ogonblicksbild",
        "review": "LG-2025",
        "taken_as_of": "2025-12-01",
        "coverage": {"ALFA-1": "planerad", "ALFA-2": "planerad", "ALFA-3": "ospårad", "ALFA-4": "ej tillämplig", "BETA-1": "uppfylld"},
    }
    (folder / "snapshot.json").write_text(json.dumps(snap), encoding="utf-8")
    ctx = context(root=root)
    states = {r["id"]: r for r in ctx.of_type("req")}
    assert set(snap["coverage"]) <= set(states), "the fixture's requirement ids have changed"
    section = parse(render_dashboard(ctx)).by_id("lis-krav")
    assert section.find("thead").find_all("th")[-1].text() == "Sedan LG-2025"
    assert "tagen 1 december 2025" in section.text()
    last = [r.find_all("td")[-1].text() for r in section.find("tbody").find_all("tr")]
    assert last[1] == "1 nytt krav"


def test_change_text_words() -> None:
    f, p, u = Coverage.FULFILLED, Coverage.PLANNED, Coverage.UNTRACED
    assert change_text({"A-1": f}, {"A-1": f}) == "oförändrat"
    assert change_text({"A-1": f, "A-2": p}, {"A-1": p}) == "1 nytt krav; 1 planerad → uppfylld"
    assert change_text({"A-1": u}, {}) == "ny källa (1 krav)"
    assert change_text({"A-1": p}, {"A-1": p, "A-2": p}) == "1 krav borttaget"
    # several moves from one state are said once
    d = Coverage.PARTIAL
    assert change_text({"A-1": d, "A-2": d, "A-3": p}, {"A-1": f, "A-2": f, "A-3": f}) == "uppfylld → 2 delvis, 1 planerad"
    assert snapshot_states({"coverage": {"A-1": "uppfylld", "A-2": "okänt"}}) == {"A-1": f}


def test_built_index_holds_the_dashboard() -> None:
    page = sitefixture.page("index")
    assert page.find("h2", id="lis-lage-h").text() == "Läget den 29 november 2026"
    assert page.find("ul", cls="lis-kpis")
