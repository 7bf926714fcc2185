"""The cell texts of one matrix row, shared by the tabular formats (xlsx, csv, md)."""

from __future__ import annotations

import re

from checks.matrix import MatrixRow

# Characters XML 1.0 cannot hold (and Excel rejects): control characters but tab and newline.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    return _ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def yes_no(value: bool) -> str:
    return "Ja" if value else "Nej"


def cells(row: MatrixRow, joiner: str = "\n", short: bool = False) -> list[str]:
    """The texts of :data:`checks.matrix.COLUMNS` for ``row``; lists joined by ``joiner``.

    ``short`` names linked needs by id (and status where it does not count) only.
    """
    name = (lambda n: n.short()) if short else (lambda n: n.label())
    values = [
        row.source,
        row.id,
        row.ref,
        row.title,
        yes_no(row.applicable),
        row.coverage.value,
        row.evidence_state,
        joiner.join(name(n) for n in row.fulfilled_by),
        joiner.join(name(n) for n in row.partly_fulfilled_by),
        joiner.join(name(n) for n in row.activities),
        joiner.join(row.owners),
        row.last_reviewed,
        row.justification,
    ]
    return [clean(v) for v in values]
