"""The yearly review on a copy of the real content: new, check, close, freeze, export.

One copy per module (each step builds on the previous one); the real content is
never written. Dates are given explicitly.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from checks.main import main
from checks.review import close, draft, model
from checks.review.markers import find_markers
from gatefixture import copy_real

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-29"
CLOSED = "2026-12-10"


def _lis(root: Path, *args: str) -> int:
    return main([*args[:2], "--root", str(root), *args[2:]]) if args[0] in ("review", "export") else main(
        [args[0], "--root", str(root), *args[1:]]
    )


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_real(tmp_path_factory.mktemp("real"))


def _check_json(root: Path, today: str, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    capsys.readouterr()
    main(["check", "--root", str(root), "--today", today, "--format", "json"])
    return json.loads(capsys.readouterr().out)["findings"]


def _html(root: Path, docname: str) -> str:
    text = (root / "_build" / "html" / f"{docname}.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def test_real_content_has_the_snapshot_and_no_draft() -> None:
    snap = json.loads((REPO / "docs/genomgang/2025/snapshot.json").read_text(encoding="utf-8"))
    assert snap["review"] == "LG-2025" and snap["taken_as_of"] == "2026-11-29"
    assert {"coverage", "activities", "risks", "findings", "sections"} <= set(snap)
    assert not (REPO / "docs/genomgang/2026").exists()
    # deterministic: the file is its own canonical dump
    assert (REPO / "docs/genomgang/2025/snapshot.json").read_text(encoding="utf-8") == json.dumps(
        snap, ensure_ascii=False, indent=2, sort_keys=True
    ) + "\n"


def test_new_draft_from_the_real_content(real: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", "new", "--root", str(real), "--year", "2026", "--today", TODAY]) == 0
    folder = real / "docs/genomgang/2026"
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert ":id: LG-2026" in index and ":status: utkast" in index and ":period: 2027–2029" in index
    assert ":follows: LG-2025" in index
    # planned for 12 months after LG-2025, which has not passed on TODAY; the note on the
    # planned date is the draft banner's, so it is gone when the review is fastställd
    assert ":date: 2026-12-01" in index and "Utkast skapat med" not in index
    assert sorted(p.name for p in folder.glob("*.md")) == sorted(["index.md", *(c.file for c in draft.CHAPTERS)])
    text = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.md"))
    for clause in ("9.3.2 a", "9.3.2 b", "9.3.2 c", "9.3.2 d", "9.3.2 e", "9.3.2 f", "9.3.2 g", "9.3.3"):
        assert clause in text
    assert "Miljödata" in text  # chapter 3's text, from LG-2025
    assert ":id: INC-2025-01" not in text  # need objects are referenced, not copied
    assert len(find_markers(real / "docs")["LG-2026"]) == 5
    # a second run refuses and writes nothing
    assert main(["review", "new", "--root", str(real), "--year", "2026", "--today", TODAY]) == 1

    findings = _check_json(real, TODAY, capsys)
    assert [f for f in findings if f["severity"] == "error"] == []
    markers = [f for f in findings if f["code"] == "LIS029"]
    assert len(markers) == 5 and all(f["need_id"] == "LG-2026" for f in markers)
    assert [f["code"] for f in findings if f["code"] == "LIS025"] == ["LIS025"]


def test_draft_pages_render_the_data(real: Path) -> None:
    assert main(["build", "--root", str(real), "--today", TODAY]) == 0
    chapter4 = _html(real, "genomgang/2026/4-verksamhetens-arbete")
    assert "UTKAST" in chapter4
    for n in range(1, 12):
        assert f"AKT-2026-{n:02d}" in chapter4
    assert "11 ej påbörjad" in chapter4
    assert "jämfört med föregående genomgång" in chapter4 and "(±0)" in chapter4
    chapter1 = _html(real, "genomgang/2026/1-styrande-faktorer")
    assert "katalogen NIS2 reviderad 2025-12-11" in chapter1
    assert "AIA-26-1" in chapter1 and "gäller från 2027-12-02" in chapter1
    chapter3 = _html(real, "genomgang/2026/3-risker-och-incidenter")
    assert "INC-2025-01" in chapter3 and "Personuppgiftsincident vid Miljödata" in chapter3
    listing = _html(real, "genomgang/index")
    assert listing.index("LG-2026") < listing.index("LG-2025")


def test_close_refuses_with_markers_then_freezes(real: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["review", "close", "LG-2026", "--root", str(real), "--date", CLOSED, "--case-number", "EXP-2026/123",
            "--today", CLOSED]
    assert main(args) == 1
    assert not (real / "docs/genomgang/2026/snapshot.json").exists()
    for page in (real / "docs/genomgang/2026").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r":::\{lis-previous-text\} LG-2026\n:from: LG-2025\n:::\n", "", text), encoding="utf-8")
    index = real / "docs/genomgang/2026/index.md"
    before = index.read_text(encoding="utf-8")
    assert main(args) == 0
    after = index.read_text(encoding="utf-8")
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert sorted(changed) == sorted([":status: fastställd", f":date: {CLOSED}", ":case_number: EXP-2026/123",
                                      ":decided_by: förvaltningschef"])
    assert after.replace(":status: fastställd", ":status: utkast").replace(f":date: {CLOSED}", ":date: 2026-12-01") \
        .replace(":case_number: EXP-2026/123\n", "").replace(":decided_by: förvaltningschef\n", "") == before
    decisions = (real / "docs/beslut/index.md").read_text(encoding="utf-8")
    assert ":id: BES-2026-01" in decisions and ":adopts: LG-2026" in decisions
    assert re.search(r":decides: AKT-2027-01, AKT-2027-02", decisions)
    snap_path = real / "docs/genomgang/2026/snapshot.json"
    snap = json.loads(snap_path.read_text(encoding="utf-8"))
    assert snap["status"] == "fastställd" and snap["case_number"] == "EXP-2026/123"
    assert snap["activities"]["AKT-2026-01"]["status"] == "planerad"

    findings = _check_json(real, CLOSED, capsys)
    assert not [f for f in findings if f["code"] in ("LIS024", "LIS026", "LIS027", "LIS028", "LIS029")]


def test_closed_review_does_not_move_with_the_data(real: Path) -> None:
    page = real / "docs/aktiviteter/2026.md"
    text = page.read_text(encoding="utf-8")
    at = text.index(":id: AKT-2026-01")
    page.write_text(text[:at] + text[at:].replace(":status: planerad", ":status: genomförd", 1), encoding="utf-8")
    assert main(["build", "--root", str(real), "--today", CLOSED]) == 0
    chapter4 = _html(real, "genomgang/2026/4-verksamhetens-arbete")
    assert "11 ej påbörjad" in chapter4 and "fryst per" in chapter4
    assert "genomförd" in _html(real, "aktiviteter/2026")


def test_close_refuses_a_date_after_today_by_the_system_date(
    real: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # no --today and no LIS_TODAY: today is the system date, and a date after it is refused
    monkeypatch.delenv("LIS_TODAY", raising=False)
    assert main(["review", "close", "LG-2026", "--root", str(real), "--date", "2999-12-31",
                 "--case-number", "D-1"]) == 1
    err = capsys.readouterr().err
    assert "2999-12-31 har inte varit än" in err and "systemets datum" in err and "Inget skrevs" in err
    monkeypatch.setenv("LIS_TODAY", "2026-12-05")
    assert main(["review", "close", "LG-2026", "--root", str(real), "--date", "2026-12-10",
                 "--case-number", "D-1"]) == 1
    assert "i dag är 2026-12-05, från miljövariabeln LIS_TODAY" in capsys.readouterr().err


def test_planned_date_is_never_past() -> None:
    held = dt.date(2025, 12, 1)
    assert model.planned_date(2026, held, 12, dt.date(2026, 11, 29)) == dt.date(2026, 12, 1)
    assert model.planned_date(2026, held, 12, dt.date(2026, 12, 1)) == dt.date(2026, 12, 1)
    # the date has passed (the README's first day, 5 December): two weeks ahead
    assert model.planned_date(2026, held, 12, dt.date(2026, 12, 5)) == dt.date(2026, 12, 19)
    assert model.planned_date(2026, None, 12, dt.date(2026, 6, 1)) == dt.date(2026, 12, 1)
    assert model.planned_date(2026, None, 12, dt.date(2026, 12, 24)) == dt.date(2027, 1, 7)


def test_new_refuses_a_planned_date_that_has_passed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_real(tmp_path)
    assert main(["review", "new", "--root", str(root), "--year", "2026", "--today", "2026-12-05",
                 "--date", "2026-12-01"]) == 1
    assert "2026-12-01 har redan varit" in capsys.readouterr().err
    assert not (root / "docs/genomgang/2026").exists()


def test_close_removes_the_old_draft_note() -> None:
    line = "Rapport för perioden 2027–2029." + close.LEGACY_DRAFT_NOTE + "\n:::\n"
    assert close.without_draft_note("# T\n" + line) == "# T\nRapport för perioden 2027–2029.\n:::\n"
    assert close.without_draft_note("# T\nAnnan text.\n") == "# T\nAnnan text.\n"


def test_set_fields_touches_only_the_options() -> None:
    text = "# T\r\n\r\n:::{review} T\r\n:id: LG-2030\r\n:status: utkast\r\n:date: 2030-12-01\r\n\r\nBody :status: x\r\n:::\r\n"
    out = close.set_fields(text, "LG-2030", {"status": "fastställd", "case_number": "D-1"}, "x.md")
    assert out == text.replace(":status: utkast", ":status: fastställd").replace(
        ":date: 2030-12-01\r\n", ":date: 2030-12-01\r\n:case_number: D-1\r\n"
    )


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils saknas (apt-get install poppler-utils)")


def _assert_cover_first(text: str, status: str) -> None:
    """Page 1 is the cover: the title, the cover's facts, nothing before it."""
    first = text.split("\f")[0]
    assert "Ledningens genomgång enligt ISO/IEC 27001 kapitel 9.3" in first
    assert "Förvaltning" in first and re.search(rf"Status\s+{status}", first) and "Sida 1 av" in first


@needs_poppler
def test_pdf_of_lg_2025(real: Path, tmp_path: Path) -> None:
    out = tmp_path / "lg-2025.pdf"
    assert main(["export", "review", "LG-2025", "--root", str(real), "--format", "pdf", "-o", str(out),
                 "--today", CLOSED]) == 0
    text = _pdftotext(out)
    _assert_cover_first(text, "fastställd")
    # the snapshot was taken afterwards: each section says so where its figures are
    assert "togs i efterhand per 29 november 2026" in text
    # six coverage states as columns; the two the old snapshot did not count are marked, not 0
    assert re.search(r"Uppfylld\s+Ärvd\s+Delvis\s+Planerad\s+Ospårad\s+Ej tillämplig", text)
    assert "räknade inte ärvd och delvis för sig" in text
    for expected in ("Exploateringskontoret, Stockholms stad", "Exploateringsnämnden", "2026–2028", "fastställd",
                     "2025-12-01", "uppgift saknas", "förvaltningschef", "Innehåll", "Sammanfattning",
                     "1 Faktorer som styr", "2 Omvärldsbevakning", "3 Risker och incidenter",
                     "4 Verksamhetens arbete", "Sida 1 av", "Fastställande"):
        assert expected in text, expected
    flat = text.replace("‐\n", "").replace("-\n", "-")
    for n in range(1, 7):
        assert f"AKT-2025-{n:02d}" in flat
    for n in range(1, 12):
        assert f"AKT-2026-{n:02d}" in flat
    assert "UTKAST" not in text and "¶" not in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Tagged:\s+yes", info)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the emb column


@needs_poppler
def test_pdf_of_a_draft_says_utkast_on_every_page(tmp_path: Path) -> None:
    root = copy_real(tmp_path)
    assert main(["review", "new", "--root", str(root), "--year", "2026", "--today", TODAY]) == 0
    out = tmp_path / "lg-2026.pdf"
    assert main(["export", "review", "LG-2026", "--root", str(root), "-o", str(out), "--today", TODAY]) == 0
    text = _pdftotext(out)
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) > 3 and all("UTKAST" in p for p in pages)
    _assert_cover_first(text, "utkast")
    # the 121 changed requirements: a summary in chapter 1, the full list as an appendix
    assert re.search(r"Hela listan \(\d+ rader\) finns i bilaga 1: Förändrade krav", text)
    appendix = next(p for p in pages if "Bilaga 1: Förändrade krav" in p and "Sida 2 av" not in p)
    assert "AIA-26-1" in appendix
    # short words in narrow cells are not hyphenated
    for broken in (r"upp‐\n\s*gift", r"sak‐\n\s*nas", r"öp‐\n\s*pen", r"pla‐\n\s*nerad"):
        assert not re.search(broken, text), broken
    # the risk matrix with its legend on one page
    matrix = [p for p in pages if "Sannolikhet ↓" in p]
    assert len(matrix) == 1 and "RV 16" in matrix[0] and re.search(r"RV 1\b", matrix[0]) and "Hög" in matrix[0]
    md = tmp_path / "lg-2026.md"
    assert main(["export", "review", "LG-2026", "--root", str(root), "--format", "md", "-o", str(md),
                 "--today", TODAY]) == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Ledningens genomgång 2026") and "UTKAST" in text and "| AKT-2026-01 |" in text
