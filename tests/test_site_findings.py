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
