"""The yearly review on a copy of the real content: new, check, close, freeze, export.

One copy per module (each step builds on the previous one); the real content is
never written. Dates are given explicitly.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from checks.main import main
from checks.review import close, draft
from checks.review.markers import find_markers

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-29"
CLOSED = "2026-12-10"


def _copy_real(dest: Path) -> Path:
    for name in ("conf.py", "ubproject.toml", "pyproject.toml"):
        shutil.copy2(REPO / name, dest / name)
    for name in ("docs", "requirements", "katalog", "locale"):
        shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    return dest


def _lis(root: Path, *args: str) -> int:
    return main([*args[:2], "--root", str(root), *args[2:]]) if args[0] in ("review", "export") else main(
        [args[0], "--root", str(root), *args[1:]]
    )


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_real(tmp_path_factory.mktemp("real"))


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


def test_set_fields_touches_only_the_options() -> None:
    text = "# T\r\n\r\n:::{review} T\r\n:id: LG-2030\r\n:status: utkast\r\n:date: 2030-12-01\r\n\r\nBody :status: x\r\n:::\r\n"
    out = close.set_fields(text, "LG-2030", {"status": "fastställd", "case_number": "D-1"}, "x.md")
    assert out == text.replace(":status: utkast", ":status: fastställd").replace(
        ":date: 2030-12-01\r\n", ":date: 2030-12-01\r\n:case_number: D-1\r\n"
    )


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils saknas (apt-get install poppler-utils)")


@needs_poppler
def test_pdf_of_lg_2025(real: Path, tmp_path: Path) -> None:
    out = tmp_path / "lg-2025.pdf"
    assert main(["export", "review", "LG-2025", "--root", str(real), "--format", "pdf", "-o", str(out),
                 "--today", CLOSED]) == 0
    text = _pdftotext(out)
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
    root = _copy_real(tmp_path)
    assert main(["review", "new", "--root", str(root), "--year", "2026", "--today", TODAY]) == 0
    out = tmp_path / "lg-2026.pdf"
    assert main(["export", "review", "LG-2026", "--root", str(root), "-o", str(out), "--today", TODAY]) == 0
    pages = _pdftotext(out).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 3 and all("UTKAST" in p for p in pages)
    md = tmp_path / "lg-2026.md"
    assert main(["export", "review", "LG-2026", "--root", str(root), "--format", "md", "-o", str(md),
                 "--today", TODAY]) == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Ledningens genomgång 2026") and "UTKAST" in text and "| AKT-2026-01 |" in text
