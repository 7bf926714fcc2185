"""checks/site/findings.py and checks/sphinxext/banners.py: the gate's findings where readers look."""

from __future__ import annotations

from sitefixture import context, page, parse

from checks.findings import Finding
from checks.site.findings import render_findings


def test_the_findings_page_lists_every_finding_of_the_build() -> None:
    body = page("kontrollresultat").find("section", cls="lis-findings-page")
    heading = body.find("h2").text()
    assert heading.startswith("Resultat den 29 november 2026:")
    rows = body.find_all("tr")[1:]
    text = body.text()
    # the overdue routine (LIS020) and the overdue activity (LIS030) of the fixture
    assert "RUT-002" in text and "LIS020" in text and "LIS030" in text
    assert any("docs/innehall.md" in r.text() for r in rows)
    # each code links to its explanation on the Kontroller page
    codes = [href for href, text in body.links() if text.startswith("LIS0")]
    assert codes and all(href.startswith("kontroller.html#lis0") for href in codes)


def test_no_findings_says_so() -> None:
    markup = render_findings(context(findings=[]))
    assert "Kontrollerna hittade inga fel och inga varningar." in markup
    assert "0 fel, 0 varningar" in markup


def test_errors_come_before_warnings() -> None:
    found = [
        Finding("LIS021", "warning", "docs/a.md", 3, "RUT-001", "snart"),
        Finding("LIS020", "error", "docs/b.md", 9, "RUT-002", "försenad"),
    ]
    doc = parse(render_findings(context(findings=found)))
    assert [h.text() for h in doc.find_all("h3")] == ["Fel (1)", "Varningar (1)"]


def test_a_banner_above_the_overdue_document() -> None:
    doc = page("innehall")
    banners = doc.find_all(cls="lis-banner")
    texts = [b.text() for b in banners]
    assert any("Kontrollen om RUT-002: åtgärd krävs" in t and "LIS020" in t for t in texts)
    # due within 30 days: a warning, not a demand
    assert any("Kontrollen om RUT-001: observera" in t and "LIS021" in t for t in texts)
    # a document the gate has nothing to say about gets no banner
    assert not any("AKT-2027-01" in t for t in texts)


def test_a_banner_speaks_to_the_reader_not_the_editor() -> None:
    texts = [b.text() for b in page("innehall").find_all(cls="lis-banner")]
    overdue = next(t for t in texts if "Kontrollen om RUT-002" in t)
    assert "skulle ha granskats" in overdue and ":reviewed:" not in overdue and "lis " not in overdue
    assert "Ansvarig för att det åtgärdas:" in overdue


def test_reader_text_keeps_the_facts_and_drops_the_editing() -> None:
    from checks.sphinxext.banners import reader_text

    assert reader_text(
        "Rutinen RUT-001 skulle ha granskats senast 2026-12-01 (granskad 2025-12-01, intervall 12 månader). "
        "Granska dokumentet och sätt :reviewed: till granskningsdagen."
    ) == "Rutinen RUT-001 skulle ha granskats senast 2026-12-01 (granskad 2025-12-01, intervall 12 månader)."
    assert reader_text(
        "Behandlingen BEH-001 saknar ändamål (:purpose:) och rättslig grund (:legal_basis:) (LIS055). "
        "Det är planerat: AKT-2026-02 omfattar BEH-001."
    ) == "Behandlingen BEH-001 saknar ändamål och rättslig grund. Det är planerat: AKT-2026-02 omfattar BEH-001."
