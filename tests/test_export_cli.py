"""``lis export matrix``: formats, filters, exit codes, atomic output, sources left alone."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from exportfixture import EXPECTED, FIXTURE, ORDER, copy_fixture, temp_dir
from openpyxl import load_workbook

from checks.main import main

# One Sphinx cache for the fixture across these tests, so only the first run builds.
CACHE = temp_dir("lis-export-cli-")


@pytest.fixture(autouse=True)
def _cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIS_CACHE_DIR", str(CACHE))
    monkeypatch.setenv("LIS_TODAY", "2026-11-29")


def export(capsysbinary: pytest.CaptureFixture[bytes], *args: str, root: Path = FIXTURE) -> tuple[int, bytes, str]:
    code = main(["export", "matrix", "--root", str(root), *args])
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in (root / "docs", root / "requirements")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_xlsx_to_a_file(capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
    before = tree_digest(FIXTURE)
    target = tmp_path / "ut" / "matris.xlsx"
    code, out, err = export(capsysbinary, "--format", "xlsx", "-o", str(target))
    assert code == 0, err
    assert out == b""
    assert f"Spårbarhetsmatrisen (xlsx, 6 krav) är skriven till {target}." in err
    wb = load_workbook(target)
    assert wb.sheetnames[0] == "Sammanfattning"
    rows = list(wb["Matris"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[5]) for r in rows] == [(i, EXPECTED[i].value) for i in ORDER]
    assert tree_digest(FIXTURE) == before  # the sources are never touched
    assert sorted(p.name for p in target.parent.iterdir()) == ["matris.xlsx"]


def test_format_from_the_file_name(capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
    code, _, err = export(capsysbinary, "-o", str(tmp_path / "matris.csv"))
    assert code == 0, err
    assert (tmp_path / "matris.csv").read_bytes().startswith(b"\xef\xbb\xbfK\xc3\xa4lla;Krav-ID;")


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json", "md", "html"])
def test_two_exports_are_byte_identical(capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, fmt: str) -> None:
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    assert export(capsysbinary, "--format", fmt, "-o", str(first))[0] == 0
    assert export(capsysbinary, "--format", fmt, "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_text_formats_go_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, err = export(capsysbinary)
    assert code == 0, err
    assert out.decode("utf-8").startswith("## Spårbarhetsmatris\n")
    code, out, _ = export(capsysbinary, "--format", "json")
    assert [r["id"] for r in json.loads(out)["requirements"]] == ORDER


def test_only_untraced_lists_exactly_the_untraced_one(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, err = export(capsysbinary, "--format", "csv", "--only", "ospårad")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [r[1] for r in rows[1:]] == ["ALFA-3"]
    code, out, _ = export(capsysbinary, "--format", "json", "--only", "ospårad,planerad")
    assert [r["id"] for r in json.loads(out)["requirements"]] == ["ALFA-2", "ALFA-3"]


def test_only_untraced_in_xlsx(capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
    target = tmp_path / "luckor.xlsx"
    assert export(capsysbinary, "--only", "ospårad", "-o", str(target))[0] == 0
    rows = list(load_workbook(target)["Matris"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[5]) for r in rows] == [("ALFA-3", "ospårad")]


def test_source_limits_to_one_catalog(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, err = export(capsysbinary, "--format", "json", "--source", "BETA")
    assert code == 0, err
    doc = json.loads(out)
    assert [r["id"] for r in doc["requirements"]] == ["BETA-2", "BETA-1"]
    assert [s["source"] for s in doc["summary"]] == ["BETA"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "NOPE"], "okänd källa 'NOPE'; kända källor är ALFA, BETA"),
        (["--only", "klar"], "--only: okänt täckningsläge 'klar'"),
        (["--format", "xlsx"], "Formatet xlsx kan inte skrivas till standard ut"),
        (["-o", "matris.txt"], "Formatet kan inte avgöras av filnamnet matris.txt"),
        (["--format", "pdf"], "ogiltigt val"),
    ],
)
def test_bad_arguments_exit_2(
    capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = export(capsysbinary, *args)
    assert code == 2
    assert message in err
    assert out == b""
    assert list(tmp_path.iterdir()) == []


def test_no_project_exits_2(capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
    code, _, err = export(capsysbinary, root=tmp_path)
    assert code == 2
    assert "Inget lis-projekt" in err


def test_never_writes_into_the_sources(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    target = FIXTURE / "docs" / "matris.csv"
    code, _, err = export(capsysbinary, "-o", str(target))
    assert code == 2
    assert "exporten skriver aldrig i källfilerna" in err
    assert not target.exists()


def test_unreadable_catalog_exits_1_and_writes_nothing(capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    catalog = root / "requirements" / "alfa.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("    ref: 2 §\n", "    ref: 2 §\n   bad: [\n"), encoding="utf-8"
    )
    target = tmp_path / "matris.xlsx"
    target.write_bytes("föregående export".encode())
    code, out, err = export(capsysbinary, "-o", str(target), root=root)
    assert code == 1
    assert err.splitlines()[0].startswith("requirements/alfa.yaml:13: YAML-filen kan inte tolkas (rad 13, kolumn 4)")
    assert "Matrisen exporterades inte" in err
    assert target.read_bytes() == "föregående export".encode()
    assert out == b""


def test_page_that_is_not_utf8_exits_1(capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "docs" / "innehall.md").write_bytes("# Innehåll\n\nÅtgärd\n".encode("latin-1"))
    code, out, err = export(capsysbinary, "--format", "csv", root=root)
    assert code == 1
    assert "docs/innehall.md:1: Sidan är inte kodad i UTF-8" in err
    assert out == b""


def test_xlsx_says_its_date_and_the_export_says_the_gate_has_errors(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    target = tmp_path / "matris.xlsx"
    code, _, err = export(capsysbinary, "--format", "xlsx", "-o", str(target))
    assert code == 0, err
    assert "Läget per 2026-11-29." in load_workbook(target)["Sammanfattning"]["A2"].value
    # the fixture has untraced requirements: exported as they are, and said so
    assert "Obs: kontrollerna hittar" in err and "LIS010 ×" in err and "lis check visar felen" in err
