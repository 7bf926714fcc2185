"""checks.exporters: xlsx, csv, json, html and md of the same matrix agree, byte for byte stable."""

from __future__ import annotations

import csv
import datetime as dt
import html.parser
import io
import json
import os
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from exportfixture import EXPECTED, ORDER, matrix
from openpyxl import load_workbook

from checks.coverage import COVERAGE_ORDER, Coverage
from checks.exporters import FORMATS, csv_, json_, md, render, xlsx
from checks.exporters import html as html_
from checks.exporters.atomic import write_atomic
from checks.matrix import COLUMNS, Linked, Matrix, MatrixRow, SourceSummary


def workbook(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(data))


def xlsx_rows(data: bytes) -> list[list[object]]:
    ws = workbook(data)["Matris"]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def one_row(title: str = "Titel", **fields: object) -> Matrix:
    values: dict[str, object] = {
        "source": "ALFA",
        "id": "ALFA-9",
        "ref": "9 §",
        "title": title,
        "applicable": True,
        "coverage": Coverage.UNTRACED,
    }
    values.update(fields)
    row = MatrixRow(**values)  # type: ignore[arg-type]
    counts = {c: int(c is row.coverage) for c in COVERAGE_ORDER}
    return Matrix(rows=[row], summary=[SourceSummary("ALFA", "Alfalagen", counts)])


# ---------------------------------------------------------------- xlsx


def test_xlsx_summary_sheet_first_then_one_row_per_requirement() -> None:
    wb = workbook(xlsx.render(matrix()))
    assert wb.sheetnames == ["Sammanfattning", "Matris"]
    rows = xlsx_rows(xlsx.render(matrix()))
    assert tuple(rows[0]) == COLUMNS
    ids = [r[COLUMNS.index("Krav-ID")] for r in rows[1:]]
    states = [r[COLUMNS.index("Täckning")] for r in rows[1:]]
    assert ids == ORDER
    assert dict(zip(ids, states)) == {k: v.value for k, v in EXPECTED.items()}


def test_xlsx_matrix_sheet_filters_freezes_prints_and_wraps() -> None:
    ws = workbook(xlsx.render(matrix()))["Matris"]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:L{len(ORDER) + 1}"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert all(ws.column_dimensions[c].width >= 7 for c in "ABCDEFGHIJK")
    assert ws["G2"].alignment.wrap_text is True
    # ALFA-1 has two routines on two lines: its row is at least two lines high
    assert ws.row_dimensions[2].height >= 30


def test_xlsx_one_colour_per_coverage_state() -> None:
    ws = workbook(xlsx.render(matrix()))["Matris"]
    col = COLUMNS.index("Täckning") + 1
    colours: dict[str, set[str]] = {}
    for r in range(2, ws.max_row + 1):
        cell = ws.cell(row=r, column=col)
        colours.setdefault(str(cell.value), set()).add(cell.fill.fgColor.rgb)
    assert all(len(c) == 1 for c in colours.values())
    assert len({next(iter(c)) for c in colours.values()}) == len(colours) == 3 + 1  # four states, four fills


def test_xlsx_hyperlinks_to_the_site_only_when_site_url_is_set() -> None:
    ws = workbook(xlsx.render(matrix()))["Matris"]
    assert ws["B2"].value == "ALFA-1"
    assert ws["B2"].hyperlink.target == "https://lis.example.se/krav.html#ALFA-1"
    bare = workbook(xlsx.render(matrix(site_url="")))["Matris"]
    assert all(bare.cell(row=r, column=2).hyperlink is None for r in range(2, bare.max_row + 1))


def test_xlsx_last_reviewed_is_a_date_cell() -> None:
    ws = workbook(xlsx.render(matrix()))["Matris"]
    cell = ws.cell(row=2, column=COLUMNS.index("Senast granskad") + 1)
    assert cell.value == dt.datetime(2025, 10, 1)
    assert cell.number_format == "yyyy-mm-dd"


def test_xlsx_summary_counts_and_shares() -> None:
    ws = workbook(xlsx.render(matrix()))["Sammanfattning"]
    rows = [list(r) for r in ws.iter_rows(min_row=4, max_row=7, values_only=True)]
    assert rows[0][:5] == ["Källa", "Titel", "Antal krav", "uppfylld", "andel av tillämpliga krav"]
    assert rows[0][13:15] == ["ej tillämplig", "andel av alla krav"]
    assert rows[1][:3] == ["ALFA", "Alfalagen", 4]
    # coverage is counted of the applicable requirements (3 of ALFA's 4)
    third = pytest.approx(1 / 3)
    assert rows[1][3:15] == [1, third, 0, 0, 0, 0, 1, third, 1, third, 1, 0.25]
    assert rows[2][:5] == ["BETA", "Betastandarden", 2, 2, 1.0]
    assert rows[3][:5] == ["Totalt", None, 6, 3, pytest.approx(0.6)]
    assert ws.cell(row=5, column=5).number_format == "0%"


def test_xlsx_is_byte_identical_with_fixed_metadata() -> None:
    first, second = xlsx.render(matrix()), xlsx.render(matrix())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 11, 29, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    # openpyxl writes the namespaces where lxml (installed with python-docx) puts them: read the XML
    creator = ElementTree.fromstring(core).find("{http://purl.org/dc/elements/1.1/}creator")
    assert creator is not None and creator.text == "lis"
    assert core.count("2026-11-29T00:00:00Z") == 2  # created and modified
    props = workbook(first).properties
    assert props.created == props.modified == dt.datetime(2026, 11, 29)


def test_xlsx_without_a_content_date_uses_a_fixed_one() -> None:
    props = workbook(xlsx.render(matrix(as_of=""))).properties
    assert props.created == dt.datetime(2000, 1, 1)


def test_xlsx_every_part_is_well_formed_xml() -> None:
    with zipfile.ZipFile(io.BytesIO(xlsx.render(matrix()))) as archive:
        names = archive.namelist()
        assert "[Content_Types].xml" in names and "xl/workbook.xml" in names
        for name in names:
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(archive.read(name))


def test_xlsx_text_is_never_a_formula_and_control_characters_are_dropped() -> None:
    data = xlsx.render(one_row("=SUMMA(A1:A9)\x07 och mer"))
    ws = workbook(data)["Matris"]
    cell = ws["D2"]
    assert cell.data_type == "s"
    assert cell.value == "=SUMMA(A1:A9) och mer"


# ---------------------------------------------------------------- csv


def test_csv_for_swedish_excel() -> None:
    data = csv_.render(matrix())
    assert data.startswith("\ufeff".encode("utf-8"))
    first_line = data.decode("utf-8-sig").split("\r\n")[0]
    assert first_line == ";".join(COLUMNS)
    assert data.count(b"\r\n") == len(ORDER) + 1


def test_csv_agrees_with_xlsx() -> None:
    m = matrix()
    from_xlsx = xlsx_rows(xlsx.render(m))
    from_csv = csv_rows(csv_.render(m))
    assert len(from_csv) == len(from_xlsx) == len(ORDER) + 1
    lists = {COLUMNS.index(c) for c in ("Uppfylls av", "Aktiviteter", "Ansvarig")}
    date_col = COLUMNS.index("Senast granskad")
    for x_row, c_row in zip(from_xlsx[1:], from_csv[1:]):
        for index, (x, c) in enumerate(zip(x_row, c_row)):
            if index in lists:
                assert (str(x).split("\n") if x else []) == (c.split("; ") if c else [])
            elif index == date_col:
                assert (x.date().isoformat() if x else "") == c  # type: ignore[union-attr]
            else:
                assert (x or "") == c
    assert from_csv[5][3] == "Behörigheter | åtkomst"


def test_csv_guards_against_formulas() -> None:
    rows = csv_rows(csv_.render(one_row("=HYPERLINK(\"x\")")))
    assert rows[1][3] == "'=HYPERLINK(\"x\")"


# ---------------------------------------------------------------- json


def test_json_agrees_with_xlsx_and_has_the_documented_shape() -> None:
    m = matrix()
    doc = json.loads(json_.render(m))
    assert doc["format"] == "lis-matris" and doc["version"] == 1
    assert doc["selection"] == {"source": None, "only": []}
    ids = [r["id"] for r in doc["requirements"]]
    assert ids == [r[1] for r in xlsx_rows(xlsx.render(m))[1:]]
    assert {r["id"]: r["coverage"] for r in doc["requirements"]} == {k: v.value for k, v in EXPECTED.items()}
    alfa1 = doc["requirements"][0]
    assert set(alfa1) == {
        "source", "id", "ref", "title", "applicable", "coverage", "fulfilled_by", "partly_fulfilled_by", "activities",
        "owners", "last_reviewed", "justification", "url", "catalog", "line",
    }
    assert [(n["id"], n["status"], n["counts"]) for n in alfa1["fulfilled_by"]] == [
        ("RUT-001", "gällande", True),
        ("RUT-003", "utkast", False),
    ]
    assert alfa1["url"] == "https://lis.example.se/krav.html#ALFA-1"
    assert (alfa1["catalog"], alfa1["line"]) == ("requirements/alfa.yaml", 6)
    assert doc["summary"][0] == {
        "source": "ALFA",
        "title": "Alfalagen",
        "total": 4,
        "counts": {"uppfylld": 1, "ärvd": 0, "delvis": 0, "planerad": 1, "ospårad": 1, "ej tillämplig": 1},
    }
    assert doc["total"]["total"] == 6


def test_json_with_only_lists_the_gaps() -> None:
    doc = json.loads(json_.render(matrix(only=[Coverage.UNTRACED])))
    assert [r["id"] for r in doc["requirements"]] == ["ALFA-3"]
    assert doc["selection"]["only"] == ["ospårad"]
    assert doc["total"]["total"] == 6  # the summary still covers every requirement


# ---------------------------------------------------------------- md


def test_md_is_a_table_for_a_pull_request() -> None:
    text = md.render(matrix()).decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "## Spårbarhetsmatris"
    header = "| " + " | ".join(COLUMNS) + " |"
    start = lines.index(header)
    body = lines[start + 2 :]
    assert [line.split(" | ")[1] for line in body] == ORDER
    assert all(line.count(" | ") == len(COLUMNS) - 1 for line in body)  # the escaped '|' does not split
    assert "Behörigheter \\| åtkomst" in text
    assert "| ALFA | 4 | 1 (33 %) | 0 (0 %) | 0 (0 %) | 1 (33 %) | 1 (33 %) | 1 |" in lines
    assert "RUT-001, RUT-003 (utkast)" in text


def test_md_says_so_when_nothing_is_listed() -> None:
    text = md.render(matrix(only=[Coverage.PLANNED], source="BETA")).decode("utf-8")
    assert "Urval: källa BETA; täckning planerad." in text
    assert "Inga krav i urvalet." in text
    assert "| Källa | Krav-ID |" not in text


def test_md_escapes_html() -> None:
    text = md.render(one_row("<script>alert(1)</script>")).decode("utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text


# ---------------------------------------------------------------- html


class Tags(html.parser.HTMLParser):
    VOID = frozenset({"meta", "br", "input", "link", "img", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def test_html_is_one_self_contained_accessible_file() -> None:
    text = html_.render(matrix()).decode("utf-8")
    parser = Tags()
    parser.feed(text)
    assert parser.errors == [] and parser.stack == []
    tags = parser.starts
    assert not [a for t, a in tags if t == "script" and a.get("src")]
    assert not [a for t, a in tags if t == "link"]
    assert "function setUp(root)" in text  # the filter script, inline
    rows = [a for t, a in tags if t == "tr" and "data-coverage" in a]
    assert [a["data-coverage"] for a in rows] == [EXPECTED[i].value for i in ORDER]
    assert ('html', {"lang": "sv"}) in tags
    labels = {a["for"] for t, a in tags if t == "label"}
    controls = {a["id"] for t, a in tags if t in {"input", "select"}}
    assert controls and controls <= labels
    assert any(t == "caption" for t, _ in tags)
    assert all(a.get("scope") in {"col", "row"} for t, a in tags if t == "th")
    assert 'href="https://lis.example.se/krav.html#ALFA-1"' in text


def test_html_filter_controls_are_hidden_until_the_script_runs() -> None:
    text = html_.matrix_table(matrix())
    assert '<form class="matris-filter" role="search" aria-label="Filtrera matrisen" hidden>' in text


def test_html_escapes_content() -> None:
    text = html_.render(one_row("<b>fet</b> & mer")).decode("utf-8")
    assert "<b>fet</b>" not in text and "&lt;b&gt;fet&lt;/b&gt; &amp; mer" in text


def test_html_shows_status_of_needs_that_do_not_count() -> None:
    draft = Linked("RUT-9", "routine", "Utkast till rutin", "utkast", "Samordnare", "", "rutiner", False)
    text = html_.matrix_table(one_row(fulfilled_by=(draft,)), html_.site_linker("https://x.se"))
    assert '<a class="reference internal" href="https://x.se/rutiner.html#RUT-9">RUT-9</a> Utkast till rutin' in text
    assert "(utkast)" in text


# ---------------------------------------------------------------- every format


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_same_input_same_bytes(fmt: str) -> None:
    assert render(fmt, matrix()) == render(fmt, matrix())


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_empty_matrix_still_renders(fmt: str) -> None:
    assert render(fmt, Matrix(rows=[], summary=[]))


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "html"])
def test_text_formats_carry_no_timestamp(fmt: str) -> None:
    text = render(fmt, matrix()).decode("utf-8")
    today = dt.date.today().isoformat()
    assert today not in text


# ---------------------------------------------------------------- atomic writes


def test_write_atomic_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "matris.csv"
    target.write_bytes(b"gammal")
    write_atomic(target, b"ny")
    assert target.read_bytes() == b"ny"
    assert [p.name for p in tmp_path.iterdir()] == ["matris.csv"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_write_atomic_failure_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "matris.xlsx"
    target.write_bytes(b"gammal")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, b"ny")
    assert target.read_bytes() == b"gammal"
    assert [p.name for p in tmp_path.iterdir()] == ["matris.xlsx"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
