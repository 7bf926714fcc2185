"""The city overview as a small static site: a start page and one page per office.

Plain HTML with its styles inline, no script and nothing fetched: it opens from a
file share or the intranet as it is. The cards are the office start page's cards
(checks/site/dashboard.py) summed for the city; the tables are the export's figures.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from checks.coverage import COVERAGE_ORDER, Coverage
from checks.exporters.atomic import write_atomic
from checks.exporters.html import esc, page_head
from checks.overview.model import City, OfficeFigures
from checks.site.dashboard import MET
from checks.site.html import plural, sv_date

TITLE = "Informationssäkerhet i stadens förvaltningar"
CSS = """
body { max-width: 78rem; }
.kpis { display: flex; flex-wrap: wrap; gap: .75rem; list-style: none; padding: 0; }
.kpi { border: 1px solid #c8c8c8; border-left: .4rem solid #2e7d32; border-radius: .3rem;
       padding: .6rem .9rem; min-width: 12rem; }
.kpi-warn { border-left-color: #b26a00; } .kpi-alert { border-left-color: #b3261e; }
.kpi .head { display: block; font-weight: bold; } .kpi .value { display: block; font-size: 1.6rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #c8c8c8; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.num { text-align: right; }
.unreadable { background: #fdecea; }
.muted { color: #555; }
"""


def slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "kontor"


def page_names(city: City) -> dict[str, str]:
    """office name → its page's file name (unique even when two names read alike)."""
    names: dict[str, str] = {}
    for office in city.offices:
        base, n = slug(office.name), 1
        name = f"{base}.html"
        while name in names.values():
            n += 1
            name = f"{base}-{n}.html"
        names[office.name] = name
    return names


def _share(met: int, applicable: int) -> str:
    return f"{round(100 * met / applicable) if applicable else 100} %"


def _card(heading: str, value: str, text: str, state: str) -> str:
    return (
        f'<li class="kpi kpi-{state}"><span class="head">{esc(heading)}</span>'
        f'<span class="value">{esc(value)}</span><span>{esc(text)}</span></li>'
    )


def cards(city: City) -> str:
    offices = city.readable
    met = sum(o.met for o in offices)
    applicable = sum(o.applicable for o in offices)
    documents = sum(len(o.overdue_documents) for o in offices)
    activities = sum(len(o.overdue_activities) for o in offices)
    high = sum(len(o.high_risks) for o in offices)
    untreated = sum(len(o.untreated_risks) for o in offices)
    adopted = sum(1 for o in offices if o.adopted_this_year)
    unreadable = len(city.offices) - len(offices)
    items = [
        _card("Krav", _share(met, applicable), f"av de tillämpliga uppfyllda ({met} av {applicable})",
              "ok" if met == applicable else "warn"),
        _card("Försenat", str(documents + activities),
              f"{plural(activities, 'aktivitet', 'aktiviteter')} efter slutdatum, "
              f"{plural(documents, 'dokument', 'dokument')} efter granskningsdatum",
              "alert" if documents + activities else "ok"),
        _card("Höga risker", str(high), f"{untreated} saknar åtgärd", "alert" if untreated else "ok"),
        _card("Ledningens genomgång", f"{adopted} av {len(offices)}",
              f"kontor med en fastställd genomgång {city.today.year}", "ok" if adopted == len(offices) else "warn"),
    ]
    if unreadable:
        items.append(_card("Kan inte läsas", str(unreadable), "kontor vars needs.json saknas eller inte går att läsa",
                           "alert"))
    return f'<ul class="kpis" aria-label="Staden i korthet">{"".join(items)}</ul>'


def _review_cell(office: OfficeFigures) -> str:
    if not office.review_id:
        return '<span class="muted">ingen genomgång</span>'
    parts = [esc(office.review_id), esc(sv_date_text(office.review_date)), esc(office.review_status or "utan status")]
    parts.append(esc(f"dnr {office.case_number}") if office.case_number else '<span class="muted">dnr saknas</span>')
    return ", ".join(parts)


def sv_date_text(value: str) -> str:
    from checks.needs import as_date

    day = as_date(value)
    return sv_date(day) if day else value


def _sources(city: City) -> list[tuple[str, str]]:
    titles: dict[str, str] = {}
    for office in city.readable:
        for source in office.by_source:
            titles.setdefault(source, office.source_titles.get(source, source))
    return sorted(titles.items())


def summary_table(city: City, names: dict[str, str]) -> str:
    head = ("Kontor", "Senaste ledningens genomgång", "Krav uppfyllda", "Dokument efter granskningsdatum",
            "Aktiviteter efter slutdatum", "Höga risker (utan åtgärd)")
    rows = ["<table><caption>Kontoren</caption><thead><tr>"
            + "".join(f'<th scope="col">{esc(h)}</th>' for h in head) + "</tr></thead><tbody>"]
    for office in city.offices:
        link = f'<a href="kontor/{esc(names[office.name])}">{esc(office.name)}</a>'
        if not office.readable:
            rows.append(f'<tr class="unreadable"><th scope="row">{link}</th>'
                        f'<td colspan="5">Kan inte läsas: {esc(office.problem)} ({esc(office.where)})</td></tr>')
            continue
        rows.append(
            f'<tr><th scope="row">{link}</th><td>{_review_cell(office)}</td>'
            f'<td class="num">{_share(office.met, office.applicable)} ({office.met} av {office.applicable})</td>'
            f'<td class="num">{len(office.overdue_documents)}</td><td class="num">{len(office.overdue_activities)}</td>'
            f'<td class="num">{len(office.high_risks)} ({len(office.untreated_risks)})</td></tr>'
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def source_table(city: City) -> str:
    sources = _sources(city)
    if not sources:
        return ""
    rows = ['<table><caption>Uppfyllda krav per källa (av de tillämpliga)</caption><thead><tr><th scope="col">Kontor</th>'
            + "".join(f'<th scope="col" title="{esc(title)}">{esc(sid)}</th>' for sid, title in sources)
            + "</tr></thead><tbody>"]
    for office in city.readable:
        cells = []
        for sid, _ in sources:
            counts = office.by_source.get(sid)
            if counts is None:
                cells.append('<td class="muted">–</td>')
                continue
            applicable = sum(n for s, n in counts.items() if s is not Coverage.NOT_APPLICABLE)
            met = sum(n for s, n in counts.items() if s in MET)
            cells.append(f'<td class="num">{met} av {applicable}</td>')
        rows.append(f'<tr><th scope="row">{esc(office.name)}</th>{"".join(cells)}</tr>')
    rows.append("</tbody></table>")
    return "".join(rows)


def _page(title: str, body: list[str]) -> bytes:
    return "\n".join([*page_head(title, CSS), "<body>", "<main>", *body, "</main>", "</body>", "</html>", ""]).encode()


def index_page(city: City, names: dict[str, str]) -> bytes:
    return _page(TITLE, [
        f"<h1>{esc(TITLE)}</h1>",
        f"<p>Läget per {esc(sv_date(city.today))} enligt den needs.json som varje kontor har publicerat: "
        f"{len(city.offices)} kontor, varav {len(city.readable)} gick att läsa.</p>",
        cards(city),
        summary_table(city, names),
        source_table(city),
    ])


def office_page(city: City, office: OfficeFigures) -> bytes:
    body = ['<p><a href="../index.html">Alla kontor</a></p>', f"<h1>{esc(office.name)}</h1>"]
    if not office.readable:
        body.append(f"<p>Kontorets needs.json kan inte läsas: {esc(office.problem)}.</p>"
                    f"<p>Var den söks: {esc(office.where)}</p>")
        return _page(office.name, body)
    body.append(f"<p>Senaste ledningens genomgång: {_review_cell(office)}.</p>")
    states = list(COVERAGE_ORDER)
    rows = ["<table><caption>Krav per källa</caption><thead><tr><th scope=\"col\">Källa</th>"
            + "".join(f'<th scope="col">{esc(s.value)}</th>' for s in states) + "</tr></thead><tbody>"]
    for source, counts in office.by_source.items():
        title = office.source_titles.get(source, source)
        rows.append(f'<tr><th scope="row">{esc(title)} ({esc(source)})</th>'
                    + "".join(f'<td class="num">{counts.get(s, 0)}</td>' for s in states) + "</tr>")
    rows.append("</tbody></table>")
    body.append("".join(rows))
    for heading, ids in (
        ("Dokument efter granskningsdatum", office.overdue_documents),
        ("Aktiviteter efter slutdatum", office.overdue_activities),
        ("Höga risker utan åtgärd", office.untreated_risks),
    ):
        body.append(f"<h2>{esc(heading)} ({len(ids)})</h2>")
        body.append(f"<p>{esc(', '.join(ids))}</p>" if ids else '<p class="muted">Inga.</p>')
    return _page(office.name, body)


def write_site(city: City, out: Path) -> list[Path]:
    """The overview's pages under ``out`` (index.html, kontor/<namn>.html), each written atomically."""
    names = page_names(city)
    written = [out / "index.html"]
    (out / "kontor").mkdir(parents=True, exist_ok=True)
    write_atomic(out / "index.html", index_page(city, names))
    for office in city.offices:
        path = out / "kontor" / names[office.name]
        write_atomic(path, office_page(city, office))
        written.append(path)
    return written
