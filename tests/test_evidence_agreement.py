"""One evidence axis everywhere: the start page, the matrix in every format and the SoA
(page, xlsx, csv, json, md, html, pdf) agree on it for every requirement of the real content.

The axis is computed once per command (the gate's facts); every output is rendered
from a matrix or SoA built on it, then read back and compared requirement by requirement.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gatefixture import copy_real

from checks.coverage import FULFILLED_STATES
from checks.evidence import Evidence
from checks.exporters import render
from checks.exporters import soa as soa_exporters
from checks.gate import run_pipeline
from checks.main import main
from checks.matrix import COLUMNS, build_matrix
from checks.project import load_project
from checks.site.context import SiteContext
from checks.site.dashboard import WITH_EVIDENCE, render_cards, shown_count
from checks.soa import COLUMNS as SOA_COLUMNS
from checks.soa import build_soa

TODAY = dt.date(2026, 11, 29)
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils saknas")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_real(tmp_path_factory.mktemp("real") / "lis")


@pytest.fixture(scope="module")
def gate(real: Path, tmp_path_factory: pytest.TempPathFactory):
    return run_pipeline(load_project(real), TODAY, cache=tmp_path_factory.mktemp("cache"))


def _sheet_rows(data: bytes, sheet: str | None = None) -> list[list[str]]:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[sheet] if sheet else wb.active
    return [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _md_rows(data: bytes, header: tuple[str, ...]) -> list[list[str]]:
    lines = [line for line in data.decode("utf-8").splitlines() if line.startswith("| ")]
    start = lines.index("| " + " | ".join(header) + " |")
    return [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[start:] if not line.startswith("|---")]


def _by_column(rows: list[list[str]], columns: tuple[str, ...], key: str, value: str) -> dict[str, str]:
    header = rows[0]
    assert tuple(header) == columns
    return {r[header.index(key)]: r[header.index(value)] for r in rows[1:]}


def _html_cells(html: str, id_class: str = "matris-id") -> dict[str, str]:
    """Requirement id → the text of the evidence cell, from a matrix or SoA table."""
    found = {}
    for row in re.findall(r"<tr data-coverage=.*?</tr>", html, re.S):
        rid = re.sub(r"<[^>]+>", "", re.search(rf'class="{id_class}"[^>]*>(.*?)</t[hd]>', row, re.S)[1]).strip()
        cell = re.search(r'<td class="matris-bel[^"]*"[^>]*>(.*?)</td>', row, re.S)
        found[rid] = cell[1] if cell else ""
    return found


def test_every_output_agrees_on_the_evidence_axis(gate, real: Path) -> None:
    facts = gate.facts
    axis = facts.evidence
    needs, catalogs = facts.needs, facts.index.catalogs
    truth = {nid: status.state.value for nid, status in axis.items()}
    assert set(truth.values()) >= {Evidence.MISSING.value, Evidence.STALE.value, Evidence.NOT_REQUIRED.value}

    matrix = build_matrix(needs, catalogs, real, evidence=axis, training_target=facts.settings.training_target)
    assert {r.id: r.evidence_state for r in matrix.rows} == truth
    doc = json.loads(render("json", matrix))
    assert {r["id"]: r["evidence"] for r in doc["requirements"]} == truth
    for name, rows in (
        ("xlsx", _sheet_rows(render("xlsx", matrix), "Matris")),
        ("csv", _csv_rows(render("csv", matrix))),
        ("md", _md_rows(render("md", matrix), COLUMNS)),
    ):
        assert _by_column(rows, COLUMNS, "Krav-ID", "Belägg") == truth, name
    assert _html_cells(render("html", matrix).decode("utf-8")) == truth

    soa = build_soa(needs, catalogs, evidence=axis, training_target=facts.settings.training_target)
    controls = {r.id: truth[r.id] for r in soa.rows}
    assert len(controls) == 93
    implemented = {r.id: r.implemented for r in soa.rows}
    for name, rows in (
        ("xlsx", _sheet_rows(soa_exporters.render("xlsx", soa))),
        ("csv", _csv_rows(soa_exporters.render("csv", soa))),
        ("md", _md_rows(soa_exporters.render("md", soa), SOA_COLUMNS)),
    ):
        assert _by_column(rows, SOA_COLUMNS, "Åtgärd", "Belägg") == controls, name
        assert _by_column(rows, SOA_COLUMNS, "Åtgärd", "Införd") == implemented, name
    soa_json = json.loads(soa_exporters.render("json", soa))
    assert {c["id"]: c["evidence"] for c in soa_json["controls"]} == controls
    # the site page renders this table
    assert _html_cells(soa_exporters.soa_table(soa)) == controls
    # Införd reads the axis: fulfilled without current evidence is never a bare "Ja"
    for row in soa.rows:
        if row.row.coverage in FULFILLED_STATES:
            assert row.implemented.endswith("utan belägg") == (truth[row.id] in ("saknas", "inaktuellt"))

    # the start page: the met requirements with current evidence, from the same axis
    ctx = SiteContext(needs=needs, today=TODAY, settings=facts.settings, evidence=axis)
    met_and_shown = [r.id for r in matrix.rows if r.coverage in FULFILLED_STATES and truth[r.id] == "aktuellt"]
    assert shown_count(ctx) == len(met_and_shown)
    assert WITH_EVIDENCE.format(len(met_and_shown)) in render_cards(ctx, facts.settings)


@needs_poppler
def test_soa_pdf_reads_back_all_93_controls_with_their_implemented_value(
    gate, real: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "soa.pdf"
    assert main(["export", "soa", "--root", str(real), "--today", TODAY.isoformat(), "-o", str(out)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    facts = gate.facts
    soa = build_soa(facts.needs, facts.index.catalogs, evidence=facts.evidence)
    lines = text.splitlines()
    for row in soa.rows:
        # the control's id and, on its line, the start of its Införd value and its evidence state
        line = next((line for line in lines if re.search(rf"\b{re.escape(row.id)}\b", line)), None)
        assert line is not None, row.id
        first = row.implemented.split(",")[0]
        assert first in line, (row.id, first, line)
        assert row.row.evidence_state in line, (row.id, line)
    cover = text.split("\f")[0]
    for fact in ("Exploateringskontoret", "Exploateringsnämnden", "Datum", "2026-11-29", "Version", "Tillämpningsförklaring"):
        assert fact in cover
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "PDF version" in info and "Tagged:          yes" in info
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in f for f in fonts)  # every font embedded
