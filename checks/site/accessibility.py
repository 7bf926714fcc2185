"""Tillgänglighetsredogörelse (DOS-lagen 2018:1937): the ``{lis-accessibility}`` widget.

Written from the ``[tool.lis]`` settings (organisation, contact, how to report a
problem, the date of the last manual assessment) in the structure of DIGG's
model statement. What a setting does not say reads "uppgift saknas", visibly: a
contact is never invented. The results of the automatic check (``lis build
--axe``, checks.axe_audit) are filled in between two markers after the build; a
build without it says so.
"""

from __future__ import annotations

from collections import Counter

from checks.needs import as_date
from checks.settings import Settings
from checks.site.context import SiteContext
from checks.site.html import esc, link, plural, sv_date, table

MISSING = "uppgift saknas"
DIGG_URL = "https://www.digg.se/tdosanmalan"
START, END = "<!--lis-axe-start-->", "<!--lis-axe-end-->"
SERIOUS = ("critical", "serious")
# What the rules that most often fail say, in Swedish (axe-core's own texts are English).
RULES_SV = {
    "color-contrast": "Texten har för låg kontrast mot bakgrunden",
    "link-name": "En länk saknar namn som kan läsas upp",
    "button-name": "En knapp saknar namn som kan läsas upp",
    "image-alt": "En bild saknar textalternativ",
    "label": "Ett formulärfält saknar etikett",
    "aria-allowed-attr": "Ett element har ARIA-attribut som inte är tillåtna för det",
    "aria-required-children": "Ett ARIA-element saknar de delar det kräver",
    "aria-valid-attr-value": "Ett ARIA-attribut har ett ogiltigt värde",
    "duplicate-id-aria": "Ett id som ARIA hänvisar till används flera gånger",
    "html-has-lang": "Sidan anger inte sitt språk",
    "document-title": "Sidan saknar titel",
    "list": "En lista innehåller annat än listpunkter",
    "listitem": "En listpunkt står utanför en lista",
    "nested-interactive": "Ett klickbart element ligger inuti ett annat",
    "scrollable-region-focusable": "Ett område som rullar går inte att nå med tangentbordet",
    "td-headers-attr": "En tabellcell hänvisar till rubriker som inte finns",
    "th-has-data-cells": "En tabellrubrik saknar celler",
    "frame-title": "En ram saknar titel",
    "meta-viewport": "Sidan hindrar förstoring",
}
IMPACT_SV = {"critical": "kritisk", "serious": "allvarlig", "moderate": "måttlig", "minor": "mindre", "": "okänd"}


def _value(text: str) -> str:
    if text:
        return esc(text)
    return f'<strong class="lis-missing">{MISSING}</strong>'


def render_accessibility(ctx: SiteContext) -> str:
    s = Settings.from_dict(ctx.settings)
    organisation = s.accessibility_organisation or s.office
    who = esc(organisation) if organisation else "Organisationen bakom webbplatsen"
    assessed = as_date(s.accessibility_assessed) if s.accessibility_assessed else None
    out = [
        '<section class="lis-a11y" aria-labelledby="lis-a11y-om-h">',
        '<h2 id="lis-a11y-om-h">Om redogörelsen</h2>',
        f"<p>{who} står bakom den här webbplatsen. Vi vill att så många som möjligt ska kunna "
        "använda den. Här beskriver vi hur webbplatsen uppfyller lagen (2018:1937) om tillgänglighet "
        "till digital offentlig service, vilka brister vi känner till och hur du rapporterar brister "
        "till oss så att vi kan åtgärda dem.</p>",
        f"<p>Organisation: {_value(organisation)}.</p>",
        '<h2 id="lis-a11y-hjalp-h">Om du inte kan använda delar av webbplatsen</h2>',
        f"<p>Kontakta oss så hjälper vi dig att få informationen på ett annat sätt: {_value(s.accessibility_contact)}.</p>",
        '<h2 id="lis-a11y-rapportera-h">Rapportera brister i webbplatsens tillgänglighet</h2>',
        "<p>Vi strävar efter att webbplatsen ska vara tillgänglig. Om du upptäcker problem som inte "
        f"beskrivs på den här sidan, meddela oss: {_value(s.accessibility_report)}.</p>",
        '<h2 id="lis-a11y-tillsyn-h">Tillsyn</h2>',
        "<p>Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om "
        "tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina "
        f"synpunkter kan du anmäla det till Digg: {link(DIGG_URL, 'digg.se/tdosanmalan')}.</p>",
        '<h2 id="lis-a11y-status-h">Hur tillgänglig är webbplatsen?</h2>',
    ]
    if assessed:
        out.append(
            f"<p>Webbplatsen bedömdes senast manuellt den {esc(sv_date(assessed))}. Resultatet av den "
            "automatiska granskningen av det här bygget står nedan.</p>"
        )
    else:
        out.append(
            f"<p>Datum för senaste manuella bedömning: {_value('')}. Webbplatsen har alltså inte bedömts "
            "manuellt, och vi kan inte säga att den är helt förenlig med lagen. Det enda som har "
            "granskats är det som den automatiska granskningen nedan kan upptäcka.</p>"
        )
    out += [
        '<h2 id="lis-a11y-hur-h">Så granskas webbplatsen</h2>',
        "<p><strong>Automatiskt:</strong> när webbplatsen byggs med <code>lis build --axe</code> "
        "öppnas dess huvudsidor i webbläsaren Chromium, både i datorbredd med ljust tema och i "
        "mobilbredd med mörkt tema, och verktyget axe-core prövar dem mot de regler i WCAG 2.1 "
        "nivå A och AA som går att pröva automatiskt: bland annat textalternativ, kontrast, rubriker "
        "och landmärken, namn på länkar, knappar och formulärfält, språk och tabellers struktur.</p>",
        "<p><strong>Inte automatiskt:</strong> automatiska verktyg hittar bara en del av bristerna. "
        "Det här har inte granskats automatiskt: att allt går att använda med bara tangentbordet i "
        "en begriplig ordning, att texterna är begripliga och rubrikerna beskrivande, att "
        "skärmläsare läser sidorna i rätt ordning, förstoring upp till 400 procent, de "
        "nedladdningsbara filerna (spårbarhetsmatrisen som Excel- och CSV-fil, ledningens "
        "genomgång som PDF) och sidor utöver huvudsidorna.</p>",
        '<h2 id="lis-a11y-resultat-h">Resultat av den automatiska granskningen</h2>',
        f'<div class="lis-axe-results">{START}',
        "<p>Den automatiska granskningen kördes inte när den här webbplatsen byggdes "
        "(<code>lis build</code> utan <code>--axe</code>). Därför finns inget resultat att redovisa "
        "för det här bygget.</p>",
        f"{END}</div>",
        f"<p>Redogörelsen gäller webbplatsen som den byggdes den {esc(sv_date(ctx.today))}.</p>",
        "</section>",
    ]
    return "".join(out)


def render_axe_results(results: object) -> str:
    """The table of the automatic check (checks.axe_audit.AxeResults) for the statement page."""
    pages = getattr(results, "pages", [])
    checked = as_date(getattr(results, "checked_on", ""))
    version = getattr(results, "axe_version", "") or "okänd version"
    if not pages:
        return "<p>Den automatiska granskningen hittade inga sidor att granska.</p>"
    # one row per page; the two modes (computer light, phone dark) side by side
    modes = list(dict.fromkeys(p.mode for p in pages))
    by_page: dict[str, dict[str, object]] = {}
    titles: dict[str, str] = {}
    serious_total = 0
    problems: Counter[tuple[str, str]] = Counter()
    for p in pages:
        by_page.setdefault(p.page, {})[p.mode] = p
        titles[p.page] = "Startsidan" if p.page == "index" else (p.title or p.page)
        serious_total += sum(1 for v in p.violations if v["impact"] in SERIOUS)
        for v in p.violations:
            problems[(v["id"], v["impact"])] += v["nodes"]

    def cell(page: str, what: str) -> str:
        values = []
        for mode in modes:
            r = by_page[page].get(mode)
            if r is None:
                values.append("–")
            elif what == "serious":
                values.append(str(sum(1 for v in r.violations if v["impact"] in SERIOUS)))  # type: ignore[attr-defined]
            elif what == "other":
                values.append(str(sum(1 for v in r.violations if v["impact"] not in SERIOUS)))  # type: ignore[attr-defined]
            else:
                values.append(str(r.incomplete))  # type: ignore[attr-defined]
        return " / ".join(values)

    rows = [[esc(titles[page]), cell(page, "serious"), cell(page, "other"), cell(page, "manual")] for page in by_page]
    order = " / ".join(modes)
    short = " / ".join(m.split(",")[0] for m in modes)
    when = f"den {esc(sv_date(checked))}" if checked else ""
    out = [
        f"<p>axe-core {esc(version)} granskade {plural(len({p.page for p in pages}), 'sida', 'sidor')} "
        f"{when} i {plural(len(modes), 'läge', 'lägen')} ({esc(order)}). "
        + (
            "Den hittade inga allvarliga eller kritiska brister."
            if not serious_total
            else f'<strong class="lis-alert">Den hittade '
            f'{plural(serious_total, "allvarlig eller kritisk brist", "allvarliga eller kritiska brister")}.</strong>'
        )
        + " Regler som axe inte kan avgöra själv räknas som att de behöver en manuell kontroll.</p>",
        table(
            [
                "Sida",
                f"Allvarliga eller kritiska brister ({short})",
                f"Övriga brister ({short})",
                f"Behöver manuell kontroll ({short})",
            ],
            rows,
            classes="lis-axe-table",
        ),
    ]
    if problems:
        items = "".join(
            f"<li>{esc(RULES_SV.get(rule, 'En brist enligt axe'))} "
            f"({esc(IMPACT_SV.get(impact, impact))}; axe-regeln <code>{esc(rule)}</code>, "
            f"{plural(n, 'ställe', 'ställen')})</li>"
            for (rule, impact), n in sorted(problems.items(), key=lambda kv: (kv[0][1] not in SERIOUS, kv[0][0]))
        )
        out.append(f"<p>Kända brister enligt den automatiska granskningen:</p><ul>{items}</ul>")
    return "".join(out)
