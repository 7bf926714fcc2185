"""The city overview (checks/overview, lis overview, lis export overview).

The fixture city's two offices publish their needs.json with lis build; the third
office of the overview has not published one.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from checks.main import main
from checks.overview.model import collect
from checks.settings import OfficeSource, Settings
from gatefixture import FIXTURES, TODAY, copy_project, publish_catalog

CITY = FIXTURES / "city"
DAY = TODAY.isoformat()


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(CITY, tmp_path_factory.mktemp("stad") / "city")
    publish_catalog(root / "katalog", "1")
    for office in ("office_a", "office_b"):
        assert main(["build", "--root", str(root / office), "--today", DAY]) == 0
        assert (root / office / "_build" / "html" / "needs.json").is_file()
    return root


def test_the_overview_shows_both_offices_and_the_one_without_a_file(city: Path) -> None:
    settings = Settings.from_dict({"offices": [
        {"name": "Kontor A", "needs": "../office_a/_build/html/needs.json"},
        {"name": "Kontor B", "needs": "../office_b/_build/html/needs.json"},
        {"name": "Kontor C", "needs": "../office_c/_build/html/needs.json"},
    ]})
    overview = collect(city / "oversikt", list(settings.offices), TODAY, 9)
    a, b, c = overview.offices
    assert (a.name, a.readable, a.met, a.applicable) == ("Kontor A", True, 2, 2)
    assert (b.readable, b.met, b.applicable) == (True, 1, 3)
    assert (a.review_id, a.review_date, a.review_status, a.case_number) == ("LG-2026", "2026-03-10", "fastställd", "DNR-2026-1")
    assert a.adopted_this_year and a.by_source["STAD"]["ej tillämplig"] == 1
    assert a.source_titles["STAD"] == "Testkommunens gemensamma krav"
    assert (c.readable, c.problem) == (False, "filen finns inte")


def test_lis_overview_writes_the_site(city: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert main(["overview", "--root", str(city / "oversikt"), "--today", DAY, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Kontor C kan inte läsas: filen finns inte" in err
    index = (out / "index.html").read_text(encoding="utf-8")
    for text in ("Kontor A", "Kontor B", "Kontor C", "Kan inte läsas: filen finns inte", "LG-2026", "DNR-2026-1",
                 "3 av 5", "2 av 2", "1 av 3"):
        assert text in index, text
    assert "<script" not in index and "http" not in index.split("</head>")[0]
    pages = sorted(p.name for p in (out / "kontor").iterdir())
    assert pages == ["kontor-a.html", "kontor-b.html", "kontor-c.html"]
    b = (out / "kontor" / "kontor-b.html").read_text(encoding="utf-8")
    assert "Testkommunens gemensamma krav (STAD)" in b
    assert "needs.json kan inte läsas" in (out / "kontor" / "kontor-c.html").read_text(encoding="utf-8")


def test_an_unreadable_file_is_shown_with_its_reason(city: Path, tmp_path: Path) -> None:
    bad = tmp_path / "trasig.json"
    bad.write_text("{ inte json", encoding="utf-8")
    offices = [OfficeSource("Kontor A", str(city / "office_a/_build/html/needs.json")), OfficeSource("Trasigt", str(bad))]
    a, broken = collect(tmp_path, offices, TODAY, 9).offices
    assert a.readable and not broken.readable and "ingen läsbar needs.json" in broken.problem


def test_an_address_that_does_not_answer_is_shown_with_its_reason(city: Path, tmp_path: Path) -> None:
    offices = [OfficeSource("Kontor A", str(city / "office_a/_build/html/needs.json")),
               OfficeSource("Borta", "http://127.0.0.1:9/needs.json"),
               OfficeSource("Via fil", (city / "office_b/_build/html/needs.json").as_uri())]
    a, gone, by_file = collect(tmp_path, offices, TODAY, 9).offices
    assert a.readable and by_file.readable and by_file.met == 1
    assert gone.problem == "adressen kan inte hämtas: servern tar inte emot anslutningar"


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_export_overview(city: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"oversikt.{fmt}"
    assert main(["export", "overview", "--root", str(city / "oversikt"), "--today", DAY, "-o", str(out)]) == 0
    if fmt == "json":
        rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
        assert [(r["office"], r["readable"], r["met"], r["applicable"]) for r in rows] == [
            ("Kontor A", "Ja", 2, 2), ("Kontor B", "Ja", 1, 3), ("Kontor C", "Nej", None, None)
        ]
        assert rows[2]["problem"] == "filen finns inte" and rows[0]["by_source"] == "STAD 2 av 2"
    elif fmt == "csv":
        table = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
        assert table[0][0] == "Kontor" and [r[0] for r in table[1:]] == ["Kontor A", "Kontor B", "Kontor C"]
    else:
        from openpyxl import load_workbook

        ws = load_workbook(out).active
        assert [c.value for c in ws["A"]][:4] == ["Kontor", "Kontor A", "Kontor B", "Kontor C"]


def test_an_overview_without_offices_cannot_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.lis]\n", encoding="utf-8")
    assert main(["overview", "--root", str(tmp_path), "--today", DAY]) == 2
    assert "offices" in capsys.readouterr().err
