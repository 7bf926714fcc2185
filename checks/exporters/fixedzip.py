"""Zip-based documents (xlsx, docx) whose bytes depend only on their content.

openpyxl and python-docx stamp every zip entry with the current time; an export
compared between two reviews must not differ for that. Each entry is written again
with one fixed time: the content's own date, else :data:`FALLBACK_DATE`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

FALLBACK_DATE = dt.datetime(2000, 1, 1)


def fixed_time(as_of: str) -> dt.datetime:
    """The time written into the document properties and the zip entries."""
    try:
        day = dt.date.fromisoformat(as_of)
    except (TypeError, ValueError):
        return FALLBACK_DATE
    return dt.datetime(day.year, day.month, day.day) if day.year >= 1980 else FALLBACK_DATE


def fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every entry dated ``when``."""
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
