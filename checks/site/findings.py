"""The *Kontrollresultat* page: every finding of the gate, as ``lis check`` reports it.

Grouped as the terminal report is (errors, then warnings), each with the place
to fix it, the rule (linked to its explanation on the Kontroller page) and the
document it concerns. The page shows the date checked, so a reader knows what
"today" the figures mean.
"""

from __future__ import annotations

from checks.findings import Finding, count, ordered, summary_line
from checks.rules import SEVERITY_SV
from checks.site.context import SiteContext
from checks.site.gate import gate_findings
from checks.site.html import esc, link, need_link, sv_date, table

RULES_PAGE = "kontroller"


def _row(ctx: SiteContext, f: Finding) -> list[str]:
    rule = link(f"{ctx.doc_uri(RULES_PAGE)}#{f.code.name.lower()}", f.code.name, "lis-code", f.code.title)
    what = need_link(ctx, f.need_id) + "<br>" if f.need_id else ""
    return [
        f"{what}<span class=\"lis-muted lis-path\">{esc(f.file)}:{f.line}</span>",
        f"{rule} {esc(SEVERITY_SV[f.severity])}",
        esc(f.message),
    ]


def render_findings(ctx: SiteContext) -> str:
    found = ordered(gate_findings(ctx))
    errors, warnings = count(found)
    out = [
        '<section class="lis-findings-page" aria-labelledby="lis-kontroll-h">',
        f'<h2 id="lis-kontroll-h">Resultat den {esc(sv_date(ctx.today))}: {esc(summary_line(found))}</h2>',
    ]
    if not found:
        out.append("<p>Kontrollerna hittade inga fel och inga varningar.</p></section>")
        return "".join(out)
    headers = ["Gäller (fil och rad)", "Kod", "Vad kontrollen hittade och vad du gör"]
    for anchor, heading, amount, group in (
        ("lis-kontroll-fel", "Fel", errors, [f for f in found if f.is_error]),
        ("lis-kontroll-varningar", "Varningar", warnings, [f for f in found if not f.is_error]),
    ):
        if not group:
            continue
        out.append(f'<h3 id="{anchor}">{heading} ({amount})</h3>')
        out.append(table(headers, [_row(ctx, f) for f in group], classes="lis-findings lis-findings-all"))
    out.append("</section>")
    return "".join(out)
