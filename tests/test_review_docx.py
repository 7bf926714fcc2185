"""``lis export review --format docx``: the review as a Word document, read back with python-docx.

The HTML-to-Word conversion on small fragments first, then the real content's LG-2025,
a draft, and a template of the city's kind (.docx and .dotx).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from checks.exporters.review_doc import Page, ReviewDocument
from checks.exporters.review_docx import build, render_docx
from checks.main import main
from gatefixture import copy_real

TODAY = "2026-11-29"
CLOSED = "2026-12-10"
COVER = [("Förvaltning", "Kontoret"), ("Nämnd", "Nämnden"), ("Period", "2027–2029"), ("Status", "utkast")]
CHAPTERS = (
    "Sammanfattning",
    "Fastställande",
    "1 Faktorer som styr och påverkar verksamheten",
    "2 Omvärldsbevakning",
    "3 Risker och incidenter",
    "4 Verksamhetens arbete med informationssäkerhet",
)


def _doc(body: str, status: str = "utkast") -> ReviewDocument:
    review = {"id": "LG-2026", "title": "Ledningens genomgång 2026", "status": status, "date": "2026-12-10"}
    return ReviewDocument(review, COVER, [Page("genomgang/2026/index", "p0", body, [(1, "p0-x", "Rubrik")])])


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


# --- the conversion ------------------------------------------------------------------------


def test_headings_lists_and_tables_are_words_own() -> None:
    body = (
        '<section><h1>Rubrik</h1><p>Text med <strong>fet</strong> och <em>kursiv</em> stil.</p>'
        "<h2>Underrubrik</h2><ul><li><p>ett</p></li><li>två<ul><li>tre</li></ul></li></ul>"
        "<ol><li>första</li><li>andra</li></ol>"
        '<table><caption>Tabell</caption><thead><tr><th colspan="2">Huvud</th></tr><tr><th>A</th><th>B</th></tr></thead>'
        "<tbody><tr><td>1</td><td>2 <span class=\"lis-sr\">dolt</span></td></tr></tbody></table>"
        '<button>knapp</button><svg><circle/></svg></section>'
    )
    document = build(_doc(body))
    assert _headings(document) == [("Heading 1", "Rubrik"), ("Heading 2", "Underrubrik")]
    paragraphs = {p.text: p for p in document.paragraphs}
    text = paragraphs["Text med fet och kursiv stil."]
    assert [(r.text, r.bold, r.italic) for r in text.runs] == [
        ("Text med ", None, None), ("fet", True, None), (" och ", None, None), ("kursiv", None, True), (" stil.", None, None)
    ]
    assert paragraphs["ett"].style.name == "List Bullet"
    assert paragraphs["tre"].style.name == "List Bullet 2"
    assert paragraphs["1. första"].style.name == paragraphs["2. andra"].style.name == "List Continue"
    assert paragraphs["Tabell"].style.name == "Caption"
    table = document.tables[-1]
    assert [[c.text for c in row.cells] for row in table.rows] == [["Huvud", "Huvud"], ["A", "B"], ["1", "2"]]
    # the header rows repeat on every page, and are bold
    assert [row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows] == [True, True, False]
    assert all(r.bold for r in table.rows[1].cells[0].paragraphs[0].runs)
    whole = _all_text(document)
    assert "dolt" not in whole and "knapp" not in whole


def test_cover_contents_draft_and_language() -> None:
    document = build(_doc("<h1>Rubrik</h1><p>x</p>"))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Ledningens genomgång 2026") in paragraphs
    assert ("Subtitle", "Kontoret") in paragraphs
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [list(pair) for pair in COVER]
    # UTKAST on the cover and at the top of every page
    assert any(text == "UTKAST – inte fastställt" for _, text in paragraphs)
    assert all("UTKAST" in s.header.paragraphs[0].text for s in document.sections)
    # Word's table of contents: a TOC field over the headings
    instructions = [t.text for t in document.element.body.iter(qn("w:instrText"))]
    assert any(i.startswith("TOC ") for i in instructions)
    assert document.settings.element.find(qn("w:updateFields")) is not None
    # Swedish, for spelling and hyphenation
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "sv-SE"
    assert document.core_properties.language == "sv-SE"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_adopted_review_has_no_utkast() -> None:
    document = build(_doc("<h1>Rubrik</h1>", status="fastställd"))
    assert "UTKAST" not in _all_text(document)
    assert all("UTKAST" not in p.text for s in document.sections for p in s.header.paragraphs)


def test_the_same_review_gives_the_same_bytes() -> None:
    doc = _doc("<h1>Rubrik</h1><p>x</p>")
    assert render_docx(doc) == render_docx(doc)


# --- lis export review on the real content ----------------------------------------------------


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_real(tmp_path_factory.mktemp("real"))


def _export(root: Path, review: str, out: Path, *args: str, today: str = CLOSED) -> int:
    return main(["export", "review", review, "--root", str(root), "-o", str(out), "--today", today, *args])


def test_lg_2025_as_word(real: Path, tmp_path: Path) -> None:
    out = tmp_path / "lg-2025.docx"
    assert _export(real, "LG-2025", out) == 0  # the format from the file name
    document = Document(str(out))
    headings = [text for _, text in _headings(document)]
    for chapter in CHAPTERS:
        assert chapter in headings, chapter
    assert any(h.startswith("Bilaga") for h in headings)
    assert ("Heading 1", "3 Risker och incidenter") in _headings(document)
    text = _all_text(document)
    for n in range(1, 7):
        assert f"AKT-2025-{n:02d}" in text
    for n in range(1, 12):
        assert f"AKT-2026-{n:02d}" in text
    cover = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cover == {
        "Förvaltning": "Exploateringskontoret, Stockholms stad",
        "Nämnd": "Exploateringsnämnden",
        "Period": "2026–2028",
        "Status": "fastställd",
        "Datum": "2025-12-01",
        "Diarienummer": "uppgift saknas",
        "Fastställd av": "förvaltningschef",
    }
    assert "UTKAST" not in text and "¶" not in text
    # the data tables are Word tables: the risk register with its columns
    heads = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["ID", "Risk", "Ursprung", "S", "K", "RV", "Status", "Hanteras av"] in heads
    assert document.core_properties.title == "Ledningens genomgång 2025 (period 2026–2028)"
    again = tmp_path / "again.docx"
    assert _export(real, "LG-2025", again, "--format", "docx") == 0
    assert again.read_bytes() == out.read_bytes()


def _city_template(path: Path) -> Path:
    document = Document()
    heading = document.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.size = Pt(20)
    document.styles.add_style("Stadens brödtext", 1)
    document.sections[0].header.paragraphs[0].text = "Stockholms stad"
    document.sections[0].footer.paragraphs[0].text = "Mallens sidfot"
    document.add_paragraph("Mallens exempeltext som inte hör till genomgången.")
    document.save(str(path))
    return path


def _as_dotx(docx: Path, dotx: Path) -> Path:
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(dotx, "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(info, blob)
    return dotx


@pytest.mark.parametrize("suffix", [".docx", ".dotx"])
def test_template_styles_are_used(real: Path, tmp_path: Path, suffix: str) -> None:
    template = _city_template(tmp_path / "mall.docx")
    if suffix == ".dotx":
        template = _as_dotx(template, tmp_path / "mall.dotx")
    out = tmp_path / "lg.docx"
    assert _export(real, "LG-2025", out, "--format", "docx", "--template", str(template)) == 0
    document = Document(str(out))
    assert document.styles["Heading 1"].font.name == "Georgia"
    assert document.styles["Heading 1"].font.size == Pt(20)
    assert "Stadens brödtext" in [s.name for s in document.styles]
    assert document.sections[0].header.paragraphs[0].text == "Stockholms stad"
    assert document.sections[0].footer.paragraphs[0].text == "Mallens sidfot"
    text = _all_text(document)
    assert "Mallens exempeltext" not in text and "3 Risker och incidenter" in text
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "sv-SE"


def test_a_draft_says_utkast(tmp_path: Path) -> None:
    root = copy_real(tmp_path)
    assert main(["review", "new", "--root", str(root), "--year", "2026", "--today", TODAY]) == 0
    out = tmp_path / "lg-2026.docx"
    assert _export(root, "LG-2026", out, today=TODAY) == 0
    document = Document(str(out))
    assert all(s.header.paragraphs[0].text == "UTKAST – inte fastställt" for s in document.sections)
    text = _all_text(document)
    assert "UTKAST – inte fastställt" in text and "AKT-2026-01" in text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--format", "docx"], "DOCX kan inte skrivas till standard ut"),
        (["--format", "pdf", "-o", "x.pdf", "--template", "mall.docx"], "--template gäller bara Word"),
        (["-o", "x.docx", "--template", "finns-inte.docx"], "--template"),
        (["-o", "x.docx", "--template", "inte-word.docx"], "är inte en Word-mall eller ett Word-dokument"),
    ],
)
def test_bad_word_arguments_exit_2_without_writing(
    real: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inte-word.docx").write_text("inte ett Word-dokument", encoding="utf-8")
    _city_template(tmp_path / "mall.docx")
    code = main(["export", "review", "LG-2025", "--root", str(real), "--today", CLOSED, *args])
    _, err = capsys.readouterr()
    assert code == 2 and words in err and "Traceback" not in err
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "x.pdf").exists()
