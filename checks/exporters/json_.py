"""The matrix as JSON, in a documented, stable shape (``format`` = ``lis-matris``, version 1).

::

    {
      "format": "lis-matris",
      "version": 1,
      "selection": {"source": "GDPR" | null, "only": ["ospårad", …]},
      "summary": [
        {"source": "GDPR", "title": "…", "total": 12,
         "counts": {"uppfylld": 6, "ärvd": 1, "delvis": 1, "planerad": 2,
                    "ospårad": 1, "ej tillämplig": 1}}
      ],
      "total": {"total": 40, "counts": {…}},
      "requirements": [
        {"source": "GDPR", "id": "GDPR-30", "ref": "Art. 30", "title": "…",
         "applicable": true, "coverage": "uppfylld",
         "fulfilled_by": [{"id": "RUT-005", "type": "routine", "title": "…",
                           "status": "gällande", "owner": "…", "reviewed": "2025-12-01",
                           "counts": true, "inherited": false, "partial": false}],
         "partly_fulfilled_by": [{… same keys, "partial": true}],
         "activities": [{… same keys, "counts": true if open (planerad, pågående)}],
         "owners": ["…"], "last_reviewed": "2025-12-01" | null,
         "justification": "" , "url": "https://…/krav/gdpr.html#GDPR-30" | null,
         "catalog": "requirements/gdpr.yaml" | null, "line": 12 | null}
      ]
    }

``summary`` covers every requirement of the chosen source (or of all sources);
``requirements`` lists the rows left after ``only``. Keys are sorted, lists keep
the matrix order, and nothing depends on the date, so equal content gives equal
bytes. New keys may be added within version 1; none is removed or renamed.
"""

from __future__ import annotations

import json
from typing import Any

from checks.coverage import COVERAGE_ORDER
from checks.matrix import Linked, Matrix, MatrixRow, SourceSummary

FORMAT = "lis-matris"
VERSION = 1


def _counts(summary: SourceSummary) -> dict[str, int]:
    return {c.value: summary.counts[c] for c in COVERAGE_ORDER}


def _linked(item: Linked) -> dict[str, Any]:
    return {
        "id": item.id,
        "type": item.type,
        "title": item.title,
        "status": item.status or None,
        "owner": item.owner or None,
        "reviewed": item.reviewed or None,
        "counts": item.counts,
        "inherited": item.inherited,
        "partial": item.partial,
    }


def _row(row: MatrixRow, site_url: str) -> dict[str, Any]:
    return {
        "source": row.source,
        "id": row.id,
        "ref": row.ref,
        "title": row.title,
        "applicable": row.applicable,
        "coverage": row.coverage.value,
        "evidence": row.evidence_state or None,
        "evidence_ids": list(row.evidence.ids) if row.evidence else [],
        "fulfilled_by": [_linked(n) for n in row.fulfilled_by],
        "partly_fulfilled_by": [_linked(n) for n in row.partly_fulfilled_by],
        "activities": [_linked(n) for n in row.activities],
        "owners": list(row.owners),
        "last_reviewed": row.last_reviewed or None,
        "justification": row.justification,
        "url": row.url(site_url) or None,
        "catalog": row.file or None,
        "line": row.line or None,
    }


def document(matrix: Matrix) -> dict[str, Any]:
    """The JSON document as Python data."""
    total = matrix.total
    return {
        "format": FORMAT,
        "version": VERSION,
        "selection": {"source": matrix.source or None, "only": [c.value for c in matrix.only]},
        "summary": [
            {"source": s.source, "title": s.title, "total": s.total, "counts": _counts(s)} for s in matrix.summary
        ],
        "total": {"total": total.total, "counts": _counts(total)},
        "requirements": [_row(r, matrix.site_url) for r in matrix.rows],
    }


def render(matrix: Matrix) -> bytes:
    text = json.dumps(document(matrix), ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")
