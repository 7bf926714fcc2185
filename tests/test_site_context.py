"""checks.site.context: the build date, need URIs and link lists."""

from __future__ import annotations

from datetime import date

from checks.needs import id_list
from checks.site.context import SiteContext


def test_uri_of_internal_external_and_unknown_needs() -> None:
    ctx = SiteContext(
        needs={
            "RUT-001": {"id": "RUT-001", "docname": "rutiner/rut-001"},
            "EXT-1": {
                "id": "EXT-1",
                "is_external": True,
                "external_url": "https://intra/ext.html#EXT-1",
            },
        },
        today=date(2026, 1, 1),
        doc_uri=lambda docname: f"../{docname}.html",
    )
    assert ctx.uri("RUT-001") == "../rutiner/rut-001.html#RUT-001"
    assert ctx.uri("EXT-1") == "https://intra/ext.html#EXT-1"
    assert ctx.uri("RUT-999") is None


def test_of_type_is_in_id_order() -> None:
    ctx = SiteContext(
        needs={
            "B-1": {"id": "B-1", "type": "risk"},
            "A-1": {"id": "A-1", "type": "risk"},
            "C-1": {"id": "C-1", "type": "routine"},
        },
        today=date(2026, 1, 1),
    )
    assert [n["id"] for n in ctx.of_type("risk")] == ["A-1", "B-1"]


def test_id_list_accepts_lists_and_comma_strings() -> None:
    assert id_list(["A-1", "B-2"]) == ["A-1", "B-2"]
    assert id_list("A-1, B-2") == ["A-1", "B-2"]
    assert id_list(None) == [] and id_list([]) == []
