"""Small, escaped HTML building blocks shared by the site widgets."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import date

from checks.site.context import SiteContext

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


# What a text written for the editor says in passing: the field (":purpose:"), the rule ("(LIS055)").
_FIELD_NOTE = re.compile(r"\s*\((?::[a-z_]+:(?:,\s*)?)+\)")
_RULE_NOTE = re.compile(r"\s*\(LIS\d{3}\)")


def without_field_notes(text: str, codes: bool = False) -> str:
    """``text`` for a reader of the site: the field names in parentheses left out (and the
    rule codes, with ``codes``)."""
    text = _FIELD_NOTE.sub("", text)
    return _RULE_NOTE.sub("", text) if codes else text


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def sv_date(day: date) -> str:
    """A date as Swedes write it in running text: 29 november 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def link(href: str, text: str, classes: str = "", title: str = "") -> str:
    attrs = f' href="{esc(href)}"'
    if classes:
        attrs += f' class="{esc(classes)}"'
    if title:
        attrs += f' title="{esc(title)}"'
    return f"<a{attrs}>{esc(text)}</a>"


def need_link(ctx: SiteContext, need_id: str, text: str | None = None) -> str:
    """A link to a need (its id as text and its title on hover); plain text if unknown."""
    label = text if text is not None else need_id
    uri = ctx.uri(need_id)
    if uri is None:
        return esc(label)
    title = str(ctx.needs[need_id].get("title") or "")
    return link(uri, label, "reference internal lis-need", title)


def need_links(ctx: SiteContext, ids: Iterable[str]) -> str:
    return ", ".join(need_link(ctx, i) for i in ids)


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    caption: str = "",
    classes: str = "",
    row_classes: Sequence[str] | None = None,
    cards: bool = True,
) -> str:
    """An accessible table: cells are HTML already; the first cell of a row is its header.

    Wrapped in a scrolling container, so a wide table never widens a phone's page.
    With ``cards`` each row becomes a card on a phone, every cell labelled with its
    column (``data-label``), so nothing hides beyond the right edge.
    """
    cls = f"docutils lis-table {classes}" + (" lis-cards" if cards else "")
    out = [f'<div class="lis-table-wrap"><table class="{esc(cls.strip())}">']
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>")
    out.extend(f'<th scope="col">{esc(h)}</th>' for h in headers)
    out.append("</tr></thead><tbody>")
    for index, row in enumerate(rows):
        row_cls = row_classes[index] if row_classes and row_classes[index] else ""
        out.append(f'<tr class="{esc(row_cls)}">' if row_cls else "<tr>")
        for col, cell in enumerate(row):
            label = f' data-label="{esc(headers[col])}"' if cards and col < len(headers) else ""
            if col == 0:
                out.append(f'<th scope="row"{label}>{cell}</th>')
            else:
                out.append(f"<td{label}>{cell}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
