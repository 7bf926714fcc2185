"""``lis import assets`` cannot lose or smuggle data.

Each case is a sheet a careless or hostile hand could give: a formula without a
value, a hidden line break, a personnummer, a compressed bomb, an unknown column.
Each gives a Swedish error naming sheet, row and column, exit 1, and not one byte
of docs/ changes. An updated page keeps its line endings.
"""

from __future__ import annotations

import os
import resource
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from gatefixture import copy_project, tree_hash
from openpyxl import Workbook

from checks.main import main
from checks.register import ASSET_COLUMNS, ASSET_SHEET

FIXTURE = Path(__file__).parent / "fixtures" / "import_assets"
HEADER = ["ID", "Namn", "Informationsägare", "Konfidentialitet"]
GOOD = ["SYS-EKONOMI", "Ekonomisystemet", "Ekonomichef", 2]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    return copy_project(FIXTURE, tmp_path / "project")


def workbook(path: Path, *rows: list[object]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = ASSET_SHEET
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def csv_sheet(path: Path, *rows: list[str]) -> Path:
    path.write_text("\n".join(";".join(r) for r in [HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def text_file(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], project: Path, sheet: Path) -> tuple[int, str]:
    code = main(["import", "assets", str(sheet), "--root", str(project)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


Case = Callable[[Path], Path]
COLUMN_D = f"kolumn D ({HEADER[3]})"
COLUMN_C = f"kolumn C ({HEADER[2]})"
CASES: dict[str, tuple[Case, str]] = {
    # openpyxl writes a formula without a cached value: read with data_only it is None
    "formula-without-value": (
        lambda d: workbook(d / "f.xlsx", ["SYS-EKONOMI", "Ekonomisystemet", "Ekonomichef", "=1+1"]),
        f"blad {ASSET_SHEET}, rad 2, {COLUMN_D}: cellen innehåller en formel",
    ),
    "formula-in-id": (
        lambda d: workbook(d / "f.xlsx", ['="SYS-"&"NY"', "Nytt", "Ekonomichef", 1]),
        f"blad {ASSET_SHEET}, rad 2, kolumn A (ID): cellen innehåller en formel",
    ),
    "line-separator": (
        lambda d: workbook(d / "u.xlsx", ["SYS-EKONOMI", "Ekonomisystemet", "Ekonomichef\u2028:vital: true", 2]),
        f"rad 2, {COLUMN_C}: cellen innehåller en radbrytning",
    ),
    "next-line-u0085": (
        lambda d: workbook(d / "u.xlsx", ["SYS-EKONOMI", "Ekonomisystemet", "Ekonomichef\x85:vital: true", 2]),
        f"rad 2, {COLUMN_C}: cellen innehåller en radbrytning",
    ),
    "line-feed-in-title": (
        lambda d: workbook(d / "u.xlsx", ["SYS-EKONOMI", "Ekonomi\n:id: SYS-ANNAT", "Ekonomichef", 2]),
        "rad 2, kolumn B (Namn): cellen innehåller en radbrytning",
    ),
    "paragraph-separator-csv": (
        lambda d: csv_sheet(d / "u.csv", ["SYS-EKONOMI", "Ekonomisystemet", "Ekonomichef\u2029x", "2"]),
        f"u.csv: rad 2, {COLUMN_C}: cellen innehåller en radbrytning",
    ),
    "vertical-tab-csv": (
        lambda d: csv_sheet(d / "u.csv", ["SYS-EKONOMI", "Ekonomisystemet", "Ekonomichef\vx", "2"]),
        f"u.csv: rad 2, {COLUMN_C}: cellen innehåller en radbrytning",
    ),
    "escape-sequence": (
        # (openpyxl cannot write one into an xlsx; a csv can hold it)
        lambda d: csv_sheet(d / "e.csv", ["SYS-EKONOMI", "Ekonomisystemet", "Ekonomi\x1b[31mchef", "2"]),
        f"rad 2, {COLUMN_C}: cellen innehåller styrtecken",
    ),
    "personnummer": (
        lambda d: workbook(d / "p.xlsx", ["SYS-EKONOMI", "Ekonomisystemet", "Anna 850714-1284", 2]),
        f"rad 2, {COLUMN_C}: cellen innehåller ett personnummer",
    ),
    "personnummer-csv-spaces": (
        lambda d: csv_sheet(d / "p.csv", ["SYS-NY", "Nytt system", "Kontakt 19850714 1284", "1"]),
        f"p.csv: rad 2, {COLUMN_C}: cellen innehåller ett personnummer",
    ),
    "unknown-column": (
        lambda d: text_file(d / "k.csv", "ID;Namn;Färg\nSYS-X;X;blå\n"),
        "k.csv: rad 1, kolumn C (Färg): okänd kolumn",
    ),
    "doubled-column": (
        lambda d: text_file(d / "k.csv", "ID;Namn;Namn\nSYS-X;X;Y\n"),
        "k.csv: rad 1, kolumn C (Namn): kolumnen finns redan",
    ),
    "escape-in-column-title": (
        lambda d: text_file(d / "k.csv", "ID;Namn;F\x1b[2Jg\nSYS-X;X;Y\n"),
        "kolumn C (F\\x1b[2Jg): okänd kolumn",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_cell_is_named_and_nothing_is_written(
    name: str, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, expected = CASES[name]
    sheet = make(tmp_path)
    before = tree_hash(project / "docs")
    code, err = run(capsys, project, sheet)
    assert code == 1, err
    assert expected in err, err
    assert "\x1b" not in err
    assert "850714" not in err
    assert "Ingenting skrevs" in err
    assert tree_hash(project / "docs") == before


def test_a_compressed_bomb_is_refused_before_it_is_unpacked(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = workbook(tmp_path / "ok.xlsx", GOOD)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("sheet1.xml"):
                # 200 MB of whitespace inside the sheet's XML: a few hundred kB packed
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (200 * 1024 * 1024), 1)
            out.writestr(item, data)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    before = tree_hash(project / "docs")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code, err = run(capsys, project, bomb)
    assert code == 1 and "komprimeringsbomb" in err and "Ingenting skrevs" in err, err
    # nothing near the unpacked size was read into memory (ru_maxrss: kB)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 100 * 1024
    assert tree_hash(project / "docs") == before


def test_an_oversized_sheet_is_refused(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "stor.csv"
    sheet.write_text(";".join(HEADER) + "\n" + "x" * (5 * 1024 * 1024 + 1), encoding="utf-8")
    code, err = run(capsys, project, sheet)
    assert code == 1 and "större än 5 MB" in err


def test_a_crlf_page_stays_crlf(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = project / "docs" / "tillgangar" / "sys-ekonomi.md"
    original = page.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    page.write_bytes(original)
    code, err = run(capsys, project, workbook(tmp_path / "ok.xlsx", GOOD))
    assert code == 0, err
    written = page.read_bytes()
    assert written != original and b":confidentiality: 2\r\n" in written
    assert written.count(b"\n") == written.count(b"\r\n")  # no line lost its CR
    # every line the import does not own is byte for byte as it was
    kept = [line for line in original.split(b"\r\n") if not line.startswith((b":", b":::{asset}"))]
    assert all(line in written.split(b"\r\n") for line in kept)


def test_a_separator_inside_a_page_line_is_kept(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = project / "docs" / "tillgangar" / "sys-ekonomi.md"
    text = page.read_text(encoding="utf-8").replace("Text efter tillgången.", "Text efter\u2028tillgången.")
    page.write_text(text, encoding="utf-8")
    code, err = run(capsys, project, workbook(tmp_path / "ok.xlsx", GOOD))
    assert code == 0, err
    assert "Text efter\u2028tillgången." in page.read_text(encoding="utf-8")


def test_no_write_through_a_symlinked_folder(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "utanfor"
    outside.mkdir()
    folder = project / "docs" / "tillgangar"
    for page in folder.iterdir():
        os.replace(page, outside / page.name)
    folder.rmdir()
    folder.symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.iterdir())
    code, err = run(capsys, project, workbook(tmp_path / "ny.xlsx", ["SYS-NY", "Nytt system", "Ekonomichef", 1]))
    assert code == 2 and "utanför projektets docs/" in err, err
    assert sorted(p.name for p in outside.iterdir()) == before


def test_the_columns_are_the_registers() -> None:
    titles = {c.title for c in ASSET_COLUMNS}
    assert set(HEADER) <= titles
