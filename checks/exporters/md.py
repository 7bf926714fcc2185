"""The matrix as Markdown tables (GitHub-flavoured), for a pull request comment.

First the coverage per source, then one row per listed requirement. Fulfilling
needs are given by id (with their status when they do not count), to keep the
table narrow enough to read in a comment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from checks.coverage import COVERAGE_ORDER, Coverage
from checks.exporters.cells import cells, clean
from checks.matrix import COLUMNS, Matrix, SourceSummary


def cell(text: str) -> str:
    """Text that cannot break a table row or turn into HTML."""
    text = clean(text).replace("\n", " ")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").strip()


def table_lines(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A table's lines: the header, its rule and a line per row, every text through :func:`cell`."""
    lines = ["| " + " | ".join(cell(t) for t in header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]


def percent(share: float) -> str:
    return f"{round(share * 100)} %"


def _summary_row(s: SourceSummary, name: str) -> str:
    # per cent of the applicable requirements; ej tillämplig itself only counted
    values = [name, str(s.total)] + [
        str(s.counts[c]) if c is Coverage.NOT_APPLICABLE else f"{s.counts[c]} ({percent(s.share(c))})"
        for c in COVERAGE_ORDER
    ]
    return "| " + " | ".join(values) + " |"


def render(matrix: Matrix) -> bytes:
    lines = ["## Spårbarhetsmatris", ""]
    if selection := matrix.selection():
        lines += [f"Urval: {cell(selection)}.", ""]
    lines += [
        "Täckning per källa; andelarna räknas av tillämpliga krav.",
        "",
        "| Källa | Krav | " + " | ".join(c.value for c in COVERAGE_ORDER) + " |",
        "|---|--:|" + "--:|" * len(COVERAGE_ORDER),
    ]
    lines += [_summary_row(s, cell(s.source or s.title)) for s in matrix.summary]
    if len(matrix.summary) > 1:
        lines.append(_summary_row(matrix.total, "**Totalt**"))
    lines.append("")
    if not matrix.rows:
        lines.append("Inga krav i urvalet.")
    else:
        lines += table_lines(COLUMNS, (cells(r, joiner=", ", short=True) for r in matrix.rows))
    return ("\n".join(lines) + "\n").encode("utf-8")
