"""The matrix as CSV for Swedish Excel: UTF-8 with BOM, ';' between fields, CRLF.

Swedish Excel uses ';' as list separator and recognises UTF-8 by the BOM, so a
double-click opens the file with å, ä and ö intact and one column per field.
Lists in a cell (routines, activities, owners) are joined with '; '.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from checks.exporters.cells import cells
from checks.matrix import COLUMNS, Matrix

BOM = "\ufeff"
# A cell starting with one of these would be read as a formula by a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@")


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def excel_csv(header: Iterable[str], rows: Iterable[Iterable[str]]) -> bytes:
    """A table as CSV for Swedish Excel; every export with a CSV format writes through this."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(c) for c in row])
    return (BOM + out.getvalue()).encode("utf-8")


def render(matrix: Matrix) -> bytes:
    return excel_csv(COLUMNS, (cells(row, "; ") for row in matrix.rows))
