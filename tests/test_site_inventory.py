"""checks/site/inventory.py and the dashboard's asset counts, from plain needs."""

from __future__ import annotations

from datetime import date
from typing import Any

from checks.site.context import SiteContext
from checks.site.dashboard import render_asset_figures, render_dashboard
from checks.site.inventory import heat_strip, render_asset_register, render_processing_register

TODAY = date(2026, 11, 29)


def need(nid: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {"id": nid, "type": kind, "title": nid.title(), "docname": "tillgangar/x", **fields}


def ctx(*needs: dict[str, Any]) -> SiteContext:
    return SiteContext(needs={n["id"]: n for n in needs}, today=TODAY)


CLASSIFIED = need(
    "SYS-A", "asset", information_owner="Chef", classified="2026-01-10", review_interval=24,
    confidentiality=3, integrity=2, availability=1, traceability=0, access_routine=["RUT-001"],
)  # fmt: skip
UNKNOWN = need("SYS-B", "asset", covers_back=["AKT-2026-03"])
DUE = need("SYS-C", "asset", information_owner="Chef", classified="2023-01-10", review_interval=24,
           confidentiality=1, integrity=1, availability=1, traceability=1)  # fmt: skip
ACTIVITY = need("AKT-2026-03", "activity", status="planerad", covers=["SYS-B"])


def test_heat_strip_shows_levels_and_never_guesses() -> None:
    strip = heat_strip(CLASSIFIED)
    assert [c in strip for c in ("lis-klassa-3", "lis-klassa-2", "lis-klassa-1", "lis-klassa-0")] == [True] * 4
    unknown = heat_strip(UNKNOWN)
    assert unknown.count("lis-klassa-none") == 4 and unknown.count("ej klassad") == 8


def test_register_shows_status_and_planned_activity() -> None:
    html = render_asset_register(ctx(CLASSIFIED, UNKNOWN, DUE, ACTIVITY))
    assert "3 informationstillgångar, varav 2 utan giltig klassning" in html
    assert "klassning förfallen" in html
    assert "ej klassad</span> – planerad i" in html and "AKT-2026-03" in html
    assert "ej utsedd" in html  # SYS-B's owner is unknown, and says so


def test_processing_register_says_what_is_missing() -> None:
    html = render_processing_register(ctx(need("BEH-001", "processing", data_subjects="Medarbetare")))
    assert "Medarbetare" in html and "uppgift saknas" in html and "LIS055" in html
    assert ":purpose:" not in html  # the field's name is the editor's, not the register's reader's


def test_empty_registers() -> None:
    assert "inga informationstillgångar" in render_asset_register(ctx())
    assert "inga personuppgiftsbehandlingar" in render_processing_register(ctx())
    assert render_asset_figures(ctx()) == ""


def test_dashboard_counts_assets() -> None:
    html = render_asset_figures(ctx(CLASSIFIED, UNKNOWN, DUE, ACTIVITY))
    assert "Informationstillgångar (3)" in html
    # without owner, unclassified, classification due: one line on the start page
    assert "(1 utan informationsägare, 1 ej klassade, 1 med klassning som ska göras om)" in html
    assert 'href="tillgangar/index.html"' in html
    assert "Informationstillgångar (1)" in render_dashboard(ctx(CLASSIFIED))
