"""A table any export format can write: columns, rows of plain values and per-format options.

The asset register, the registerförteckning (checks.register) and the Statement
of Applicability (checks.exporters.soa) are such tables; checks.exporters.tables
writes one as csv, json, md, html or xlsx. A row holds plain values: text, an
integer level, a date as ``ÅÅÅÅ-MM-DD`` or None for what the pages do not say;
each format decides how an unknown value reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from checks.coverage import Coverage

Value = str | int | None


@dataclass(frozen=True)
class Column:
    """One column: its Swedish header, the need field it shows (if one), and whether import reads it."""

    title: str
    key: str  # machine key (JSON)
    width: int = 16  # characters, in the sheet
    field: str = ""  # the need field (import writes it); "" for a computed column
    kind: str = "text"  # text, level, date, months, bool, links
    editable: bool = True


@dataclass(frozen=True)
class Table:
    name: str  # the JSON format id
    title: str  # Swedish, the sheet's and page's heading
    sheet: str  # the worksheet's name (at most 31 characters)
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    as_of: str = ""  # content_as_of: the date in the xlsx properties
    missing: str = ""  # how a value the pages do not give reads in a sheet or page
    note: str = ""  # one Swedish sentence under the heading
    # per row, the columns (by key) whose cell shows a level heat colour
    level_keys: tuple[str, ...] = ()
    # xlsx: the first cell that scrolls (the header row and the columns left of it stay in view)
    freeze: str = "C2"
    # xlsx: per row, the address the row's first cell links to ('' for none)
    links: tuple[str, ...] = ()
    # per row, the coverage state whose colour the column ``coverage_key`` shows (as in the matrix)
    coverage: tuple[Coverage, ...] = ()
    coverage_key: str = ""

    @property
    def titles(self) -> list[str]:
        return [c.title for c in self.columns]
