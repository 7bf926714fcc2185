"""The gate as the boundary between a pull request and the published intranet.

Each case breaks a copy of check_quiet in one way an adversarial run found: a
personnummer in another written form or another published file, a file from
outside the project, raw HTML or script, an unclosed fence, an invisible value.
``lis check`` must give the finding at the right file and line (exit 1); ``lis
build`` and ``lis export`` must refuse with nothing written (exit 1); no message
names a path outside the project or repeats the number.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from checks.main import main
from gatefixture import QUIET, copy_project, text_line

TODAY = "2026-11-29"
PAGE = "docs/rutiner.md"
CATALOG = "requirements/quiet.yaml"
SECRET = "hemligt-innehall-utanfor"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LIS_TODAY", TODAY)
    root = copy_project(QUIET, tmp_path / "p")
    # something outside the project that must never reach the site
    (tmp_path / "utanfor").mkdir()
    (tmp_path / "utanfor" / "hemlig.md").write_text(f"# Hemlig\n\n{SECRET}\n", encoding="utf-8")
    (tmp_path / "utanfor" / "hemlig.yaml").write_text(f"source:\n  id: X\n  title: {SECRET}\n", encoding="utf-8")
    return root


def append(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def link(root: Path, rel: str, target: Path | str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, root / rel)


Setup = Callable[[Path], None]
# name -> (what to do, code, file, the text on the line the finding points at (or a line number))
CASES: dict[str, tuple[Setup, str, str, str | int]] = {
    # 1. personnummer in every written form and every published file
    "pnr-space": (lambda r: append(r, PAGE, "\nKontakt 850714 1284.\n"), "LIS040", PAGE, "Kontakt 8507"),
    "pnr-12-space": (lambda r: append(r, PAGE, "\nKontakt 19850714 1292.\n"), "LIS040", PAGE, "Kontakt 1985"),
    "pnr-tolvan-12": (lambda r: append(r, PAGE, "\nTolvan 19121212 1212.\n"), "LIS040", PAGE, "Tolvan"),
    "pnr-entity": (lambda r: append(r, PAGE, "\nKontakt 8507&#49;4-1284.\n"), "LIS040", PAGE, "&#49;"),
    "pnr-hex-entity": (lambda r: append(r, PAGE, "\nKontakt 85&#x30;714-1284.\n"), "LIS040", PAGE, "&#x30;"),
    "pnr-zero-width": (lambda r: append(r, PAGE, "\nKontakt 8507\u200b14-1284.\n"), "LIS040", PAGE, "\u200b"),
    "pnr-soft-hyphen": (lambda r: append(r, PAGE, "\nKontakt 850714\u00ad1284.\n"), "LIS040", PAGE, "\u00ad"),
    "pnr-fullwidth": (lambda r: append(r, PAGE, "\nKontakt ８５０７１４－１２８４.\n"), "LIS040", PAGE, "８５０"),
    "pnr-nbsp": (lambda r: append(r, PAGE, "\nKontakt 850714\u00a01284.\n"), "LIS040", PAGE, "\u00a0"),
    "pnr-en-dash": (lambda r: append(r, PAGE, "\nKontakt 850714\u20131284.\n"), "LIS040", PAGE, "\u2013"),
    "pnr-bold-split": (lambda r: append(r, PAGE, "\nKontakt **8507**14-1284.\n"), "LIS040", PAGE, "**8507**"),
    "pnr-escaped": (lambda r: append(r, PAGE, "\nKontakt 850714\\-1284.\n"), "LIS040", PAGE, "\\-1284"),
    "pnr-line-break": (lambda r: append(r, PAGE, "\nKontakt 850714\n1284.\n"), "LIS040", PAGE, "Kontakt 850714"),
    "pnr-front-matter": (
        lambda r: replace(r, PAGE, "# Rutiner", "---\nauthor: 850714-1284\n---\n# Rutiner"),
        "LIS040", PAGE, "author:",
    ),
    "pnr-title": (lambda r: replace(r, PAGE, "# Rutiner", "# Rutiner för 850714-1284"), "LIS040", PAGE, "# Rutiner"),
    "pnr-alt-text": (
        lambda r: (write(r, "docs/_static/bild.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"),
                   append(r, PAGE, "\n![Foto 850714-1284](_static/bild.svg)\n")),
        "LIS040", PAGE, "![Foto",
    ),
    "pnr-static-file": (lambda r: write(r, "docs/_static/kontakt.txt", "a\nTolvan 19121212-1212\n"), "LIS040", "docs/_static/kontakt.txt", 2),
    "pnr-catalog-space": (
        lambda r: replace(r, CATALOG, "text: Uppfylls av RUT-001.", "text: Uppfylls av RUT-001, kontakt 850714 1284."),
        "LIS040", CATALOG, "kontakt 850714",
    ),
    "pnr-catalog-yaml-escape": (
        lambda r: replace(r, CATALOG, "text: Uppfylls av RUT-001.", 'text: "Uppfylls av RUT-001, kontakt \\x3850714-1284."'),
        "LIS040", CATALOG, "\\x38",
    ),
    "pnr-included-file": (
        lambda r: (write(r, "anteckningar/kontakt.txt", "Kontakt\n850714-1284\n"),
                   append(r, PAGE, "\n```{literalinclude} ../anteckningar/kontakt.txt\n```\n")),
        "LIS040", PAGE, "../anteckningar/kontakt.txt",
    ),
    # 2. only the project's own files
    "catalog-outside": (lambda r: append(r, "docs/krav.md", "\n```{catalog} ../utanfor/hemlig.yaml\n```\n"), "LIS042", "docs/krav.md", "../utanfor"),
    "catalog-absolute": (
        lambda r: append(r, "docs/krav.md", f"\n```{{catalog}} {r.parent / 'utanfor' / 'hemlig.yaml'}\n```\n"),
        "LIS042", "docs/krav.md", "hemlig.yaml",
    ),
    "catalog-not-in-requirements": (
        lambda r: (write(r, "docs/x.yaml", "source:\n  id: X\n  title: X\n"), append(r, "docs/krav.md", "\n```{catalog} docs/x.yaml\n```\n")),
        "LIS042", "docs/krav.md", "docs/x.yaml",
    ),
    "include-outside": (lambda r: append(r, PAGE, "\n```{include} ../../utanfor/hemlig.md\n```\n"), "LIS042", PAGE, "{include}"),
    "include-etc-passwd": (lambda r: append(r, PAGE, "\n```{include} ../../../../../../../../etc/passwd\n```\n"), "LIS042", PAGE, "{include}"),
    "literalinclude-outside": (lambda r: append(r, PAGE, "\n```{literalinclude} ../../utanfor/hemlig.md\n```\n"), "LIS042", PAGE, "literalinclude} ../../utanfor"),
    "include-in-eval-rst": (
        lambda r: append(r, PAGE, "\n```{eval-rst}\n.. include:: ../../utanfor/hemlig.md\n```\n"), "LIS042", PAGE, ".. include::"
    ),
    "include-device": (lambda r: (link(r, "docs/noll.txt", "/dev/zero"), append(r, PAGE, "\n```{literalinclude} noll.txt\n```\n")), "LIS042", "docs/noll.txt", 1),
    "image-outside": (lambda r: append(r, PAGE, "\n![bild](../../utanfor/hemlig.md)\n"), "LIS042", PAGE, "![bild]"),
    "download-outside": (lambda r: append(r, PAGE, "\n{download}`fil <../../utanfor/hemlig.md>`\n"), "LIS042", PAGE, "{download}"),
    "csv-table-outside": (
        lambda r: append(r, PAGE, "\n```{csv-table}\n:file: ../../utanfor/hemlig.md\n```\n"), "LIS042", PAGE, "{csv-table}"
    ),
    "symlinked-page-outside": (lambda r: link(r, "docs/lank.md", r.parent / "utanfor" / "hemlig.md"), "LIS042", "docs/lank.md", 1),
    "symlinked-folder-outside": (lambda r: link(r, "docs/ut", r.parent / "utanfor"), "LIS042", "docs/ut", 1),
    "symlinked-page-device": (lambda r: link(r, "docs/noll.md", "/dev/zero"), "LIS042", "docs/noll.md", 1),
    "fifo-page": (lambda r: os.mkfifo(r / "docs" / "ror.md"), "LIS042", "docs/ror.md", 1),
    "big-static-file": (lambda r: write(r, "docs/_static/stor.txt", "x" * (5 * 1024 * 1024 + 1)), "LIS042", "docs/_static/stor.txt", 1),
    "symlinked-catalog-outside": (lambda r: link(r, "requirements/lank.yaml", r.parent / "utanfor" / "hemlig.yaml"), "LIS042", "requirements/lank.yaml", 1),
    # 4. no remote resources: the site and the PDF work offline and fetch nothing
    "image-http": (lambda r: append(r, PAGE, "\n![karta](http://127.0.0.1:9/karta.png)\n"), "LIS043", PAGE, "![karta]"),
    "image-https": (lambda r: append(r, PAGE, "\n![karta](https://karta.example.invalid/k.png)\n"), "LIS043", PAGE, "![karta]"),
    # (a Markdown image at file:/// is no image: markdown-it refuses the address and shows the text)
    "image-protocol-relative": (lambda r: append(r, PAGE, "\n![karta](//karta.example.invalid/k.png)\n"), "LIS043", PAGE, "![karta]"),
    "image-directive-http": (
        lambda r: append(r, PAGE, "\n```{image} http://127.0.0.1:9/bild.png\n:alt: bild\n```\n"), "LIS043", PAGE, "{image}"
    ),
    "figure-file-url": (
        lambda r: append(r, PAGE, "\n```{figure} file:///etc/hostname\nBildtext\n```\n"), "LIS043", PAGE, "{figure}"
    ),
    "download-file-url": (lambda r: append(r, PAGE, "\n{download}`fil <file:///etc/hostname>`\n"), "LIS043", PAGE, "{download}"),
    # 3. no raw HTML or script
    "script-in-page": (lambda r: append(r, PAGE, "\n<script>alert('x')</script>\n"), "LIS041", PAGE, "<script>"),
    "onerror-in-page": (lambda r: append(r, PAGE, '\nText <img src="x" onerror="alert(1)">\n'), "LIS041", PAGE, "onerror"),
    "javascript-link": (lambda r: append(r, PAGE, "\n[Klicka](javascript:alert(1))\n"), "LIS041", PAGE, "javascript:"),
    "javascript-entity": (lambda r: append(r, PAGE, "\n[Klicka](java&#115;cript:alert(1))\n"), "LIS041", PAGE, "java&#115;"),
    "raw-directive": (lambda r: append(r, PAGE, "\n```{raw} html\n<b>fet</b>\n```\n"), "LIS041", PAGE, "{raw}"),
    "onerror-in-catalog": (
        lambda r: replace(r, CATALOG, "text: Uppfylls av RUT-001.", "text: 'Uppfylls <img src=x onerror=alert(1)>'"),
        "LIS041", CATALOG, "onerror",
    ),
    "javascript-source-url": (
        lambda r: replace(r, CATALOG, "  issuer: Testutgivare", "  issuer: Testutgivare\n  url: javascript:alert(1)"),
        "LIS041", CATALOG, "javascript:",
    ),
}
# 5. never a wrong line (the project still publishes: these are ordinary errors)
READING = {
    "unclosed-fence": (lambda r: append(r, PAGE, "\n:::{note}\nEn anteckning som aldrig stängs.\n"), "LIS001", PAGE, ":::{note}"),
    "unclosed-fence-in-directive": (
        lambda r: append(r, PAGE, "\n::::{note}\n:::{warning}\nInre block utan slut.\n::::\n"), "LIS001", PAGE, ":::{warning}"
    ),
    "owner-zero-width": (
        lambda r: replace(r, "docs/aktiviteter.md", ":owner: Informationssäkerhetssamordnare", ":owner: \u200b"),
        "LIS002", "docs/aktiviteter.md", ":owner: \u200b",
    ),
}


def _line(root: Path, rel: str, where: str | int) -> int:
    return where if isinstance(where, int) else text_line(root / rel, where)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def _check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[tuple[str, str, int]], str]:
    import json

    code, output = run(capsys, "check", "--root", str(project), "--format", "json")
    data = json.loads(output[: output.rindex("}") + 1])
    found = [(f["code"], f["file"], f["line"]) for f in data["findings"]]
    return code, found, output


def _no_outside(output: str, project: Path) -> None:
    assert SECRET not in output
    assert str(project.parent / "utanfor") not in output
    assert "/etc/passwd" not in output and "/dev/zero" not in output


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_finds_it_and_build_and_export_refuse(
    name: str, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup, code, rel, where = CASES[name]
    setup(project)
    exit_code, found, output = _check(project, capsys)
    assert exit_code == 1, output
    assert (code, rel, _line(project, rel, where)) in found, found
    _no_outside(output, project)
    for number in ("850714", "19850714", "19121212", "８５０７１４"):
        assert number not in output
    out = tmp_path / "site"
    exit_code, output = run(capsys, "build", "--root", str(project), "--out", str(out))
    assert exit_code == 1, output
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()], "lis build wrote files"
    _no_outside(output, project)
    matrix = tmp_path / "matris.csv"
    exit_code, output = run(capsys, "export", "matrix", "--root", str(project), "-o", str(matrix))
    assert exit_code == 1 and not matrix.exists(), output
    assert code in output


@pytest.mark.parametrize("name", sorted(READING))
def test_reading_problems_at_the_right_line(name: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    setup, code, rel, where = READING[name]
    setup(project)
    exit_code, found, output = _check(project, capsys)
    assert exit_code == 1, output
    assert (code, rel, _line(project, rel, where)) in found, found


def test_invisible_owner_is_a_missing_owner(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    READING["owner-zero-width"][0](project)
    _, found, _ = _check(project, capsys)
    assert "LIS032" in {code for code, _, _ in found}


def test_include_inside_the_project_still_works(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "docs/delar/stycke.md", "Ett inkluderat stycke om behörigheter.\n")
    append(project, PAGE, "\n```{include} delar/stycke.md\n```\n")
    append(project, "conf.py", "\nexclude_patterns = ['_build', 'delar']\n")
    out = tmp_path / "site"
    code, output = run(capsys, "build", "--root", str(project), "--out", str(out))
    assert code == 0, output
    assert "Ett inkluderat stycke om behörigheter." in (out / "rutiner.html").read_text(encoding="utf-8")


def test_raw_html_never_reaches_the_html(project: Path, tmp_path: Path) -> None:
    """Even a build that does not refuse (a plain Sphinx run) shows HTML from content as text."""
    from datetime import date

    from checks.gate import run_pipeline
    from checks.project import load_project

    append(project, PAGE, "\n<script>alert('x')</script>\n\nText <img src=x onerror=alert(1)>\n")
    replace(project, CATALOG, "text: Uppfylls av RUT-001.", "text: 'Uppfylls <b onclick=alert(2)>fet</b>'")
    out = tmp_path / "html"
    result = run_pipeline(load_project(project), date(2026, 11, 29), builder="html", outdir=out)
    assert not result.refused and not result.unreadable
    pages = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "<script>alert" not in pages and "<img src=x" not in pages and "<b onclick" not in pages
    assert "&lt;script&gt;alert" in pages  # shown as text

