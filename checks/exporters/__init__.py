"""Exporters of the traceability matrix: one module per format, each ``render(matrix) -> bytes``.

Every format is deterministic: the same content gives the same bytes (no
timestamps; fixed metadata and zip dates in the xlsx), so two exports can be
compared between reviews. :func:`checks.exporters.atomic.write_atomic` writes a
file so that a failed export leaves nothing half written.
"""

from __future__ import annotations

from collections.abc import Callable

from checks.exporters import csv_, html, json_, md
from checks.exporters.cells import cells
from checks.matrix import Matrix

Renderer = Callable[[Matrix], bytes]


def _xlsx(matrix: Matrix) -> bytes:
    # openpyxl is imported only when a workbook is written: it costs about 0.3 s
    # at start-up, which every lis check and sphinx-build would otherwise pay.
    from checks.exporters import xlsx

    return xlsx.render(matrix)


FORMATS: dict[str, Renderer] = {
    "xlsx": _xlsx,
    "csv": csv_.render,
    "json": json_.render,
    "html": html.render,
    "md": md.render,
}
# Formats that may go to standard output (xlsx is a zip file: it needs -o).
TEXT_FORMATS = frozenset({"csv", "json", "html", "md"})
SUFFIXES = {".xlsx": "xlsx", ".csv": "csv", ".json": "json", ".html": "html", ".htm": "html", ".md": "md"}


def render(fmt: str, matrix: Matrix) -> bytes:
    return FORMATS[fmt](matrix)


__all__ = ["FORMATS", "SUFFIXES", "TEXT_FORMATS", "cells", "render"]
