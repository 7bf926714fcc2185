"""``lis export register|assets`` and ``lis import assets``: formats, refusals, round trip.

tests/fixtures/import_assets is a small project with one asset page (hand-written
text around and inside the need) and two inventory sheets: inventory-bad.csv has
one bad row (row 4), inventory.csv is the same sheet with that row fixed.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from gatefixture import FIRE, QUIET, TODAY, copy_project, tree_hash
from openpyxl import load_workbook

from checks.gate import run_gate
from checks.main import main
from checks.project import load_project
from checks.register import ASSET_COLUMNS, REGISTER_COLUMNS

FIXTURE = Path(__file__).parent / "fixtures" / "import_assets"
DAY = TODAY.isoformat()


@pytest.fixture(autouse=True)
def _cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def quiet(tmp_path: Path) -> Path:
    return copy_project(QUIET, tmp_path / "quiet")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(FIXTURE, tmp_path / "project")


def lis(*args: str) -> int:
    return main(list(args))


# ---------------------------------------------------------------- export


def test_register_xlsx_has_one_row_per_processing_and_the_art_30_columns(quiet: Path, tmp_path: Path) -> None:
    out = tmp_path / "register.xlsx"
    assert lis("export", "register", "--root", str(quiet), "--today", DAY, "-o", str(out)) == 0
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == [c.title for c in REGISTER_COLUMNS]
    assert [r[0] for r in rows[1:]] == ["BEH-001"]
    for point in ("a", "b", "c", "d", "e", "f", "g"):
        assert any(f"art. 30.1 {point}" in c.title for c in REGISTER_COLUMNS)
    first = out.read_bytes()
    assert lis("export", "register", "--root", str(quiet), "--today", DAY, "-o", str(out)) == 0
    assert out.read_bytes() == first  # deterministic


def test_register_says_what_is_missing(quiet: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert lis("export", "register", "--root", str(quiet), "--today", DAY, "--format", "csv") == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 by the BOM
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    record = dict(zip(rows[0], rows[1]))
    assert record["Gallring (art. 30.1 f)"] == "Uppgift saknas"
    assert record["Rättslig grund (art. 6.1)"].startswith("art. 6.1 e")


def test_assets_export_shows_levels_and_status(quiet: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert lis("export", "assets", "--root", str(quiet), "--today", DAY, "--format", "csv") == 0
    rows = list(csv.reader(io.StringIO(capsysbinary.readouterr().out.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [c.title for c in ASSET_COLUMNS]
    by_id = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert by_id["SYS-B-01"]["Tillgänglighet"] == "3" and by_id["SYS-B-01"]["Status"] == "klassad"
    assert by_id["SYS-B-01"]["Behandlingar"] == "BEH-001"


def test_export_refuses_on_data_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fire = copy_project(FIRE, tmp_path / "fire")
    out = tmp_path / "register.xlsx"
    assert lis("export", "register", "--root", str(fire), "--today", DAY, "-o", str(out)) == 1
    assert not out.exists()
    assert "exporterades inte" in capsys.readouterr().err


# ---------------------------------------------------------------- import


def test_a_bad_row_is_reported_and_nothing_is_written(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree_hash(project / "docs")
    assert lis("import", "assets", str(project / "inventory-bad.csv"), "--root", str(project)) == 1
    err = capsys.readouterr().err
    assert "rad 4:" in err and "2026-02-30" in err and "'5'" in err
    assert "rad 2" not in err and "rad 3" not in err
    assert "Ingenting skrevs" in err
    assert tree_hash(project / "docs") == before


def test_partial_writes_the_good_rows(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert lis("import", "assets", str(project / "inventory-bad.csv"), "--root", str(project), "--partial") == 1
    assert (project / "docs/tillgangar/sys-diarium-diariet.md").exists()
    assert not list((project / "docs/tillgangar").glob("sys-gis*"))


def test_the_fixed_sheet_creates_pages_and_check_passes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert lis("import", "assets", str(project / "inventory.csv"), "--root", str(project)) == 0
    page = (project / "docs/tillgangar/sys-ekonomi.md").read_text(encoding="utf-8")
    # hand-written text and fields the sheet has no column for are kept
    assert "Text före tillgången som en person har skrivit." in page
    assert "Handskriven beskrivning inne i tillgången." in page
    assert "Text efter tillgången." in page
    assert ":tags: ekonomi" in page
    assert ":::{asset} Ekonomisystemet" in page and ":confidentiality: 2" in page
    assert ":access_routine: RUT-001" in page
    gis = (project / "docs/tillgangar/sys-gis-kartstod.md").read_text(encoding="utf-8")
    assert ":vital: true" in gis and ":availability: 3" in gis
    assert run_gate(load_project(project), TODAY) == []


def test_export_then_import_is_a_round_trip(project: Path, tmp_path: Path) -> None:
    assert lis("import", "assets", str(project / "inventory.csv"), "--root", str(project)) == 0
    sheet = tmp_path / "register.xlsx"
    assert lis("export", "assets", "--root", str(project), "--today", DAY, "-o", str(sheet)) == 0
    before = tree_hash(project / "docs")
    assert lis("import", "assets", str(sheet), "--root", str(project)) == 0
    assert tree_hash(project / "docs") == before  # nothing changed, nothing rewritten
    wb = load_workbook(sheet)
    wb.active.append(["SYS-NY", "Nytt system i Excel", "Enhetschef"])
    wb.active["B2"] = "Diariet (nytt namn)"
    wb.save(sheet)
    assert lis("import", "assets", str(sheet), "--root", str(project)) == 0
    assert ":::{asset} Nytt system i Excel" in (project / "docs/tillgangar/sys-ny-nytt-system-i-excel.md").read_text(
        encoding="utf-8"
    )
    assert ":::{asset} Diariet (nytt namn)" in (project / "docs/tillgangar/sys-diarium-diariet.md").read_text(
        encoding="utf-8"
    )


def test_unknown_columns_stop_the_import(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text("ID;Namn;Färg\nSYS-X;X;blå\n", encoding="utf-8")
    assert lis("import", "assets", str(sheet), "--root", str(project)) == 2
    assert "okända kolumner" in capsys.readouterr().err


def test_the_asset_register_is_skrivet(quiet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "tillgangar.xlsx"
    assert lis("export", "assets", "--root", str(quiet), "--today", DAY, "-o", str(out)) == 0
    assert f"är skrivet till {out}." in capsys.readouterr().err  # tillgångsregistret: ett register
