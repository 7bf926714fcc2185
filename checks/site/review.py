"""The review pages' data sections, status line and list of reviews, as HTML.

Pure functions: a section renders from its data (checks.review.sections, live or
from a snapshot) and a SiteContext used only to link need ids to their pages.
The same HTML goes into the site and into the PDF of a review.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from checks.coverage import COVERAGE_ORDER
from checks.needs import as_date
from checks.review import model
from checks.review.sections import SECTIONS
from checks.site.context import SiteContext
from checks.site.html import esc, need_link, need_links, sv_date, table
from checks.site.riskmatrix import render_heatmap

STATE_CLASSES = {
    "genomförd": "ok",
    "försenad": "alert",
    "ej påbörjad": "warn",
    "pågående": "ok",
    "uppskjuten": "warn",
    "struken": "muted",
}


def _date(text: str) -> str:
    day = as_date(text)
    return sv_date(day) if day else (text or model.UNKNOWN)


def _or_unknown(value: Any) -> str:
    return esc(value) if value not in (None, "") else f'<span class="lis-unknown">{model.UNKNOWN}</span>'


def _listed(lead: str, items: Iterable[str]) -> str:
    """A lead-in and a bullet list under it (``items`` are HTML)."""
    return f"<p>{lead}</p><ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def clause_note(name: str) -> str:
    clause, what = SECTIONS[name]
    return f'<p class="lis-iso-input">Svarar på ISO/IEC 27001 {esc(clause)}: {esc(what)}.</p>'


def source_note(frozen_as_of: str | None, today: str, held: str = "") -> str:
    """Where a section's figures come from; a snapshot taken after the review was held
    (made afterwards, for a review from before lis) says so where the figures are."""
    taken, held_on = as_date(frozen_as_of or ""), as_date(held)
    if taken and held_on and taken > held_on:
        return (
            '<p class="lis-review-source">Ur genomgångens ögonblicksbild, som togs i efterhand per '
            f"{esc(_date(frozen_as_of or ''))}: när genomgången fastställdes ({esc(_date(held))}) sparades inga "
            "siffror. Ändras inte när data ändras.</p>"
        )
    if frozen_as_of:
        return (
            '<p class="lis-review-source">Ur genomgångens ögonblicksbild, fryst per '
            f"{esc(_date(frozen_as_of))}; ändras inte när data ändras.</p>"
        )
    return f'<p class="lis-review-source">Beräknat från ledningssystemets data den {esc(_date(today))}.</p>'


def _followup(data: Mapping[str, Any], ctx: SiteContext) -> str:
    if not data.get("previous"):
        return "<p>Det finns ingen föregående genomgång registrerad, så inga beslutade åtgärder att följa upp.</p>"
    rows = data.get("rows") or []
    if not rows:
        return f"<p>Beslutet om {esc(data['previous'])} anger inga aktiviteter (decides).</p>"
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["state"]] = counts.get(row["state"], 0) + 1
    summary = ", ".join(f"{n} {esc(state)}" for state, n in sorted(counts.items()))
    body = table(
        ["ID", "Aktivitet", "Läge", "Status", "Klart senast", "Ansvarig"],
        [
            [
                need_link(ctx, r["id"]),
                esc(r["title"]),
                f'<span class="lis-state lis-state-{STATE_CLASSES.get(r["state"], "warn")}">{esc(r["state"])}</span>',
                esc(r["status"]),
                esc(r["due"] or model.UNKNOWN),
                _or_unknown(r.get("owner")),
            ]
            for r in rows
        ],
        caption=f"Aktiviteter beslutade i {need_links(ctx, data.get('decisions') or [])} "
        f"({len(rows)} st: {summary})",
        classes="lis-review-followup",
    )
    return body


def _changes(data: Mapping[str, Any], ctx: SiteContext) -> str:
    rows = data.get("rows") or []
    since = data.get("since")
    intro = (
        f"<p>Krav som är nya, har ändrats eller vars katalog har reviderats efter "
        f"{esc(data.get('previous'))} ({esc(_date(since))}), och krav som börjar gälla under perioden.</p>"
        if since
        else "<p>Ingen föregående genomgång finns; här visas krav som börjar gälla under perioden.</p>"
    )
    if not rows:
        return intro + "<p>Inga krav har ändrats.</p>"
    full = table(
        ["Krav", "Titel", "Källa", "Förändring"],
        [[need_link(ctx, r["id"]), esc(r["title"]), esc(r["source"]), esc("; ".join(r["reasons"]))] for r in rows],
        classes="lis-review-changes",
    )
    return intro + _changes_summary(rows) + appendix("Förändrade krav sedan föregående genomgång", full)


# The kinds of change (checks.review.changes writes the reasons), by how a reason begins.
CHANGE_KINDS = (("nytt krav", "Nya"), ("ändrat", "Ändrade"), ("katalogen", "Katalogen reviderad"),
                ("gäller från", "Börjar gälla under perioden"))


def _changes_summary(rows: list[Mapping[str, Any]]) -> str:
    """How many requirements changed per source and kind: the overview a reader needs first."""
    per_source: dict[str, list[int]] = {}
    for row in rows:
        counts = per_source.setdefault(str(row["source"]), [0] * (len(CHANGE_KINDS) + 1))
        counts[0] += 1
        for reason in row["reasons"]:
            for k, (start, _) in enumerate(CHANGE_KINDS, start=1):
                if str(reason).startswith(start):
                    counts[k] += 1
    body = [[esc(source), *(str(n) for n in counts)] for source, counts in sorted(per_source.items())]
    return table(
        ["Källa", "Krav", *(label for _, label in CHANGE_KINDS)],
        body,
        caption=f"{len(rows)} krav per källa och slag av förändring (ett krav kan ha flera)",
        classes="lis-review-changes-summary",
    )


# A full list that the PDF prints as an appendix when it is long; the site shows it in place.
APPENDIX_END = "<!--/lis-appendix-->"


def appendix(title: str, content: str) -> str:
    return f'<div class="lis-appendix" data-appendix="{esc(title)}">{content}</div>{APPENDIX_END}'


def _findings(data: Mapping[str, Any], ctx: SiteContext) -> str:
    out = [
        f"<p>Kontrollerna av ledningssystemets data per {esc(_date(data.get('as_of', '')))} gav "
        f"{data.get('errors', 0)} fel och {data.get('warnings', 0)} varningar.</p>"
    ]
    rows = data.get("by_code") or []
    if rows:
        out.append(
            table(
                ["Kod", "Kontroll", "Allvarlighet", "Antal"],
                [
                    [esc(r["code"]), esc(r["title"]), "fel" if r["severity"] == "error" else "varning", str(r["count"])]
                    for r in rows
                ],
                classes="lis-review-findings",
            )
        )
    errors = data.get("error_list") or []
    if errors:
        items = (
            f"{esc(e['code'])} {need_link(ctx, e['need_id']) if e['need_id'] else esc(e['file'])}: {esc(e['message'])}"
            for e in errors
        )
        out.append(appendix("Fel i kontrollerna", _listed("Felen (avvikelser som ska rättas):", items)))
    return "".join(out)


def _incidents(data: Mapping[str, Any], ctx: SiteContext) -> str:
    rows = data.get("rows") or []
    since = data.get("since")
    intro = (
        f"<p>Avvikelser som inträffat efter {esc(_date(since))} och avvikelser som inte är avslutade.</p>"
        if since
        else "<p>Avvikelser som inte är avslutade.</p>"
    )
    if not rows:
        return intro + "<p>Inga avvikelser är registrerade.</p>"
    return intro + table(
        ["ID", "Avvikelse", "Inträffade", "Status", "Kategori", "Rapporterad till"],
        [
            [
                need_link(ctx, r["id"]),
                esc(r["title"]),
                esc(r["occurred"]),
                esc(r["status"]),
                _or_unknown(r["category"]),
                _or_unknown(r["reported_to"]),
            ]
            for r in rows
        ],
        classes="lis-review-incidents",
    )


def _coverage(data: Mapping[str, Any], ctx: SiteContext) -> str:
    counted = list(data.get("states") or [])
    # every state is a column; one a snapshot did not count is shown as not counted, never as 0
    states = [str(c) for c in COVERAGE_ORDER]
    has_before = data.get("has_previous_snapshot")
    compared = set(data.get("previous_states") or states) & set(counted)

    def cell(now: Mapping[str, int], before: Mapping[str, int] | None, state: str) -> str:
        if state not in counted:
            return "–"
        n = now.get(state, 0)
        if before is None or state not in compared:
            return str(n)
        diff = n - before.get(state, 0)
        return f"{n} ({'+' if diff > 0 else ''}{diff})" if diff else f"{n} (±0)"

    rows = [
        [esc(r["source"])] + [esc(cell(r["now"], r["before"] if has_before else None, s)) for s in states]
        for r in data.get("rows") or []
    ]
    intro = (
        f"<p>Antal krav per täckning nu, med förändringen mot ögonblicksbilden av {esc(data['previous'])} inom parentes.</p>"
        if has_before
        else "<p>Antal krav per täckning. Ingen ögonblicksbild av en föregående genomgång finns att jämföra med.</p>"
    )
    out = [intro, table(["Källa", *[s.capitalize() for s in states]], rows, classes="lis-review-coverage")]
    uncounted = [s for s in states if s not in counted]
    if uncounted:
        out.append(
            f"<p>Ögonblicksbilden räknade inte {_and(uncounted)} för sig ("
            "–): lis skilde inte på de lägena när den togs.</p>"
        )
    elif has_before and set(states) - compared:
        out.append(
            f"<p>Ögonblicksbilden av {esc(data['previous'])} räknade inte {_and(sorted(set(states) - compared))} "
            "för sig, så de jämförs inte med den.</p>"
        )
    moved = data.get("moved") or []
    if moved:
        items = (f"{need_link(ctx, m['id'])}: {esc(m['before'] or 'fanns inte')} → {esc(m['now'] or 'finns inte')}" for m in moved)
        out.append(appendix("Krav vars täckning har ändrats", _listed("Krav vars täckning har ändrats:", items)))
    return "".join(out)


def _and(words: list[str]) -> str:
    """"ärvd och delvis", "a, b och c" (escaped)."""
    items = [f"<em>{esc(w)}</em>" for w in words]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def _risk_table(rows: list[Mapping[str, Any]], ctx: SiteContext, empty: str) -> str:
    if not rows:
        return f"<p>{esc(empty)}</p>"

    def treated(r: Mapping[str, Any]) -> str:
        items = [f"{need_link(ctx, t['id'])} ({esc(t['status'])})" for t in r.get("treated_by") or []]
        return ", ".join(items) if items else "ingen åtgärd"

    return table(
        ["ID", "Risk", "Ursprung", "S", "K", "RV", "Status", "Hanteras av"],
        [
            [
                need_link(ctx, r["id"]),
                esc(r["title"]),
                esc(r["origin"]),
                _or_unknown(r.get("likelihood")),
                _or_unknown(r.get("impact")),
                _or_unknown(r.get("risk_value")),
                esc(r["status"]),
                treated(r),
            ]
            for r in rows
        ],
        caption="S = sannolikhet, K = konsekvens (1–4), RV = riskvärde",
        classes="lis-review-risks",
    )


def _risks(data: Mapping[str, Any], ctx: SiteContext) -> str:
    return _risk_table(list(data.get("rows") or []), ctx, "Det finns inga risker i registret.")


def _dso(data: Mapping[str, Any], ctx: SiteContext) -> str:
    return _risk_table(
        list(data.get("rows") or []), ctx, "Inga risker från dataskyddsombudets årsrapport är registrerade."
    )


def _heatmap(data: Mapping[str, Any], ctx: SiteContext) -> str:
    # the heat map of the site, drawn from the section's risk rows (live or frozen)
    risks = {}
    for r in data.get("rows") or []:
        live = ctx.needs.get(r["id"], {})
        risks[r["id"]] = {**r, "type": "risk", "docname": live.get("docname")}
    frozen = SiteContext(needs=risks, today=ctx.today, settings=ctx.settings, doc_uri=ctx.doc_uri)
    return render_heatmap(frozen)


def _proposals(data: Mapping[str, Any], ctx: SiteContext) -> str:
    rows = data.get("rows") or []
    if not rows:
        return "<p>Det finns inga öppna förslag.</p>"
    return table(
        ["ID", "Förslag", "Verksamhetsår", "Klart senast", "Uppfyller"],
        [
            [need_link(ctx, r["id"]), esc(r["title"]), _or_unknown(r.get("year")), esc(r["due"]), need_links(ctx, r["fulfils"])]
            for r in rows
        ],
        classes="lis-review-proposals",
    )


def _decisions(data: Mapping[str, Any], ctx: SiteContext) -> str:
    made = data.get("decisions") or []
    out = []
    for d in made:
        out.append(
            f"<p>{need_link(ctx, d['id'])} {esc(d['title'])}, {esc(_date(d['date']))}, beslutat av "
            f"{_or_unknown(d['decided_by'])}, diarienummer {_or_unknown(d['case_number'])}. "
            f"Beslutar om: {need_links(ctx, d['decides']) or 'inga aktiviteter'}.</p>"
        )
    proposed = data.get("proposed") or []
    if not made:
        out.append(
            "<p>Genomgången är inte fastställd. När den fastställs (lis review close) beslutar "
            f"förvaltningschefen om aktiviteterna för verksamhetsår {esc(data.get('next_year'))}:</p>"
        )
        if proposed:
            out.append(
                table(
                    ["ID", "Aktivitet", "Status", "Klart senast", "Ansvarig"],
                    [
                        [need_link(ctx, r["id"]), esc(r["title"]), esc(r["status"]), esc(r["due"]), _or_unknown(r["owner"])]
                        for r in proposed
                    ],
                    classes="lis-review-proposed",
                )
            )
        else:
            out.append(f"<p>Inga aktiviteter för {esc(data.get('next_year'))} är registrerade än.</p>")
    return "".join(out)


RENDERERS = {
    "followup": _followup,
    "changes": _changes,
    "findings": _findings,
    "incidents": _incidents,
    "coverage": _coverage,
    "dso": _dso,
    "risks": _risks,
    "heatmap": _heatmap,
    "proposals": _proposals,
    "decisions": _decisions,
}


def render_section(
    name: str, data: Mapping[str, Any], ctx: SiteContext, frozen_as_of: str | None, held: str = ""
) -> str:
    """One data section: which ISO input it answers, where its figures come from, the figures."""
    return (
        f'<div class="lis-review-section lis-review-{esc(name)}">'
        + clause_note(name)
        + source_note(frozen_as_of, ctx.today.isoformat(), held)
        + RENDERERS[name](data, ctx)
        + "</div>"
    )


def render_status(review: Mapping[str, Any] | None, review_id: str, ctx: SiteContext, snapshot: Mapping[str, Any] | None) -> str:
    """The status line of a review page; a draft gets a banner."""
    if review is None:
        return f'<div class="lis-review-status lis-alert"><p>Genomgången {esc(review_id)} finns inte.</p></div>'
    status = str(review.get("status") or model.UNKNOWN)
    facts = (
        f"<strong>{esc(review['id'])}</strong> · status <strong>{esc(status)}</strong> · "
        f"datum {esc(_date(str(review.get('date') or '')))} · period {_or_unknown(review.get('period'))} · "
        f"diarienummer {_or_unknown(review.get('case_number'))} · fastställd av {_or_unknown(review.get('decided_by') if model.is_adopted(review) else '')}"
    )
    if not model.is_adopted(review):
        return (
            '<div class="lis-review-status lis-review-draft" role="note">'
            '<p class="lis-draft-banner">UTKAST – inte fastställt</p>'
            f"<p>{facts}</p><p>Datumet är det planerade datumet för fastställandet. "
            "Siffrorna beräknas från data vid varje bygge. Text som är markerad "
            "som förra årets text ska revideras innan genomgången fastställs.</p></div>"
        )
    frozen = (
        f"<p>Siffrorna kommer från genomgångens ögonblicksbild, fryst per {esc(_date(snapshot['taken_as_of']))}.</p>"
        if snapshot
        else "<p>Ingen ögonblicksbild finns för genomgången; siffrorna beräknas från dagens data.</p>"
    )
    return f'<div class="lis-review-status lis-review-adopted"><p>{facts}</p>{frozen}</div>'


def render_review_list(ctx: SiteContext) -> str:
    """Every review, newest first, with status and date (the index of docs/genomgang)."""
    found = model.reviews(ctx.needs)
    if not found:
        return "<p>Ingen ledningens genomgång är registrerad.</p>"
    rows = [
        [
            need_link(ctx, r["id"]),
            esc(r.get("title") or ""),
            esc(r.get("status") or model.UNKNOWN),
            esc(_date(str(r.get("date") or ""))),
            _or_unknown(r.get("period")),
            _or_unknown(r.get("case_number")),
        ]
        for r in found
    ]
    return table(
        ["ID", "Genomgång", "Status", "Datum", "Period", "Diarienummer"],
        rows,
        caption="Ledningens genomgångar, nyaste först",
        classes="lis-review-list",
    )
