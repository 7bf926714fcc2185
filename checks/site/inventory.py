"""Informationstillgångar and Registerförteckning: the site's registers of assets and processing.

Pure renderers of a SiteContext. The register of assets shows each aspect's
KLASSA level as a heat strip (K R T S, 0–4; an unknown level is a hatched,
labelled cell, never a guess) and the classification status as the gate sees
it; the registerförteckning shows the art. 30.1 columns with *uppgift saknas*
where the pages say nothing. The columns come from checks.register, so the
site and ``lis export`` agree.
"""

from __future__ import annotations

from typing import Any

from checks.assets import ASPECTS, LEVEL_NAMES, ClassStatus, class_status, level
from checks.register import REGISTER_COLUMNS, asset_status, own_of_type, processing_row
from checks.site.context import SiteContext
from checks.site.html import esc, need_link, need_links, plural, table, without_field_notes
from checks.needs import id_list


def heat_strip(asset: dict[str, Any]) -> str:
    cells = []
    for field, name, letter in ASPECTS:
        value = level(asset, field)
        if value is None:
            cells.append(
                f'<span class="lis-klassa lis-klassa-none" title="{esc(name)}: ej klassad">'
                f'{esc(letter)}<span class="lis-sr"> {esc(name)}: ej klassad</span>–</span>'
            )
        else:
            label = f"{name}: nivå {value} ({LEVEL_NAMES[value]})"
            cells.append(
                f'<span class="lis-klassa lis-klassa-{value}" title="{esc(label)}">'
                f'{esc(letter)}<span class="lis-sr"> {esc(label)}</span>{value}</span>'
            )
    return f'<span class="lis-klassa-strip">{"".join(cells)}</span>'


def _status_cell(asset: dict[str, Any], ctx: SiteContext) -> str:
    status = class_status(asset, ctx.today)
    text = asset_status(asset, ctx.needs, ctx.today)
    cls = {ClassStatus.CLASSIFIED: "lis-ok", ClassStatus.DUE: "lis-alert", ClassStatus.UNCLASSIFIED: "lis-alert"}[status]
    if "planerad" in text:
        cls = "lis-warn"
    head, _, planned = text.partition(" – planerad i ")
    shown = f'<span class="{cls}">{esc(head)}</span>'
    if planned:
        shown += " – planerad i " + need_links(ctx, [p.strip() for p in planned.split(",")])
    return shown


def _or_unknown(value: Any, unknown: str = "ej angiven") -> str:
    text = "" if value is None else str(value).strip()
    return esc(text) if text else f'<span class="lis-unknown">{esc(unknown)}</span>'


def render_asset_register(ctx: SiteContext) -> str:
    assets = own_of_type(ctx.needs, "asset")
    if not assets:
        return "<p>Det finns inga informationstillgångar i registret ännu.</p>"
    rows = []
    for asset in assets:
        rows.append(
            [
                need_link(ctx, asset["id"]),
                esc(asset.get("title", "")) + (' <span class="lis-badge">samhällsviktig</span>' if asset.get("vital") is True else ""),
                _or_unknown(asset.get("information_owner"), "ej utsedd"),
                heat_strip(asset),
                _or_unknown(asset.get("classified"), "aldrig"),
                _status_cell(asset, ctx),
                need_links(ctx, id_list(asset.get("runs_in_back"))) or "–",
            ]
        )
    unclassified = sum(class_status(a, ctx.today) is not ClassStatus.CLASSIFIED for a in assets)
    return table(
        ["ID", "Tillgång", "Informationsägare", "Klassning K R T S", "Klassad", "Status", "Behandlingar"],
        rows,
        caption=f"{plural(len(assets), 'informationstillgång', 'informationstillgångar')}, varav "
        f"{unclassified} utan giltig klassning.",
        classes="lis-asset-register",
    )


def render_processing_register(ctx: SiteContext) -> str:
    processings = own_of_type(ctx.needs, "processing")
    if not processings:
        return "<p>Det finns inga personuppgiftsbehandlingar i registerförteckningen ännu.</p>"
    wanted = ("title", "purpose", "legal_basis", "data_subjects", "data_categories", "processor", "gaps")
    index = {c.key: i for i, c in enumerate(REGISTER_COLUMNS)}
    headers = ["ID"] + [REGISTER_COLUMNS[index[k]].title for k in wanted]
    rows = []
    for processing in processings:
        values = processing_row(processing, ctx.needs, ctx.today)
        # the gaps as the register's readers read them: without the field names the editor needs
        shown = {k: without_field_notes(str(values[index[k]] or "")) if k == "gaps" else values[index[k]] for k in wanted}
        rows.append([need_link(ctx, processing["id"])] + [_or_unknown(shown[k], "uppgift saknas") for k in wanted])
    return table(
        headers,
        rows,
        caption=f"{plural(len(processings), 'behandling', 'behandlingar')}. Alla kolumner i artikel 30.1 "
        "finns i exporten (lis export register).",
        classes="lis-processing-register",
    )
