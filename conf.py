"""Sphinx configuration of the LIS site. The data model lives in ubproject.toml."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).parent.resolve()
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

project = "LIS – Exploateringskontoret"
author = "Exploateringskontoret, Stockholms stad"
copyright = "Stockholms stad, exploateringskontoret"
language = "sv"

extensions = [
    "myst_parser",
    "sphinx_needs",
    "checks.sphinxext",
]

root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
source_suffix = {".md": "markdown"}

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline"]
myst_heading_anchors = 3

needs_from_toml = str(ROOT / "ubproject.toml")
# The {need} role shows the whole title: the default cuts it at 30 characters
# ("Ledningens genomgång 2025 (..."), which reads badly in running Swedish text.
needs_role_need_max_title_length = -1

html_theme = "furo"
# Our copy of furo's page template and icons: every label and aria-label in Swedish,
# the footer links the tillgänglighetsredogörelse, overview pages may be wide.
templates_path = ["docs/_templates"]
html_title = "LIS – Exploateringskontoret"
html_static_path = ["docs/_static"]
html_css_files = ["lis.css"]
# Works around the boolean plural rule of Sphinx's Swedish catalog (search page).
html_js_files = ["lis-plural.js"]
# A favicon of our own: without one the browser asks for /favicon.ico and logs a 404.
html_favicon = "docs/_static/favicon.svg"
html_last_updated_fmt = None
html_show_sourcelink = False
html_search_language = "sv"
html_theme_options = {
    "navigation_with_keys": True,
}

# Need boxes in Swedish: the default layout prints the English machine keys
# ("owner", "reviewed"); this one labels each field as a person reads it.
_FIELD_LABELS = [
    ("status", "Status"),
    ("owner", "Ansvarig"),
    ("information_owner", "Informationsägare"),
    ("source", "Källa"),
    ("ref", "Referens"),
    ("applies_from", "Gäller från"),
    ("changed", "Ändrat"),
    ("justification", "Ej tillämplig, motivering"),
    ("reviewed", "Senast granskad"),
    ("review_interval", "Granskningsintervall (månader)"),
    ("year", "År"),
    ("due", "Klart senast"),
    ("origin", "Ursprung"),
    ("likelihood", "Sannolikhet (1–4)"),
    ("impact", "Konsekvens (1–4)"),
    ("risk_value", "Riskvärde"),
    ("occurred", "Inträffade"),
    ("category", "Kategori"),
    ("reported_to", "Rapporterad till"),
    ("audience", "Målgrupp"),
    ("format", "Form"),
    ("mandatory", "Krav"),
    ("date", "Datum"),
    ("decided_by", "Beslutat av"),
    ("case_number", "Diarienummer"),
    ("period", "Period"),
    ("object_owner", "Objektägare"),
    ("object_manager", "Objektledare"),
    ("supplier", "Leverantör"),
    ("operation_agreement", "Driftavtal"),
    ("network_zone", "Nätverkszon"),
    ("vital", "Samhällsviktig"),
    ("classified", "Klassad"),
    ("classification_tool", "Klassad med"),
    ("confidentiality", "Konfidentialitet (0–4)"),
    ("integrity", "Riktighet (0–4)"),
    ("availability", "Tillgänglighet (0–4)"),
    ("traceability", "Spårbarhet (0–4)"),
    ("controller", "Personuppgiftsansvarig"),
    ("purpose", "Ändamål"),
    ("legal_basis", "Rättslig grund (art. 6.1)"),
    ("national_basis", "Nationell rättslig grund"),
    ("data_subjects", "Registrerade"),
    ("data_categories", "Personuppgifter"),
    ("special_categories", "Särskilda kategorier (art. 9)"),
    ("criminal_data", "Lagöverträdelser (art. 10)"),
    ("recipients", "Mottagare"),
    ("processor", "Personuppgiftsbiträde"),
    ("third_country", "Tredje land"),
    ("transfer_mechanism", "Skyddsåtgärd för överföring"),
    ("retention", "Gallring"),
    ("security_measures", "Säkerhetsåtgärder"),
    ("high_risk", "Hög risk (art. 35)"),
    ("dpia_done", "Konsekvensbedömning gjord"),
    ("kind", "Slag"),
    ("valid_until", "Gäller till"),
    ("interval", "Giltighet (månader)"),
    ("location", "Finns i"),
    ("completion", "Genomförd av (procent)"),
    ("completion_date", "Andel genomförd, datum"),
    ("indicator", "Indikator"),
    ("baseline", "Utgångsläge"),
    ("target", "Målvärde"),
    ("current", "Senaste mätvärde"),
    ("measured", "Mätt"),
    ("measure_interval", "Mätintervall (månader)"),
    ("detected", "Upptäckt"),
    ("significant", "Betydande (cybersäkerhetslagen)"),
    ("personal_data_breach", "Anmälningspliktig personuppgiftsincident"),
    ("early_warning", "Tidig varning skickad"),
    ("notification", "Incidentanmälan skickad"),
    ("final_report", "Slutrapport skickad"),
    ("imy_report", "Anmälan till IMY skickad"),
    ("delay_reason", "Skäl till försening"),
    ("tags", "Taggar"),
]
# Fields deliberately not in the box: ``applicable`` would print an English
# True/False (a requirement that does not apply shows its justification instead);
# ``fingerprint`` is a machine hash that only links carry.
_HIDDEN_FIELDS = {"applicable", "fingerprint"}
# A requirement's source and its place in the catalog travel with it in needs.json (for
# offices that import the city's shared catalog); the page shows the source once.
_HIDDEN_FIELDS |= {"source_title", "source_issuer", "source_version", "source_revised", "source_url",
                   "source_description", "position"}
needs_layouts = {
    "lis": {
        "grid": "simple",
        "layout": {
            "head": [
                '<<meta("type_name")>>: **<<meta("title")>>** <<meta_id()>>  '
                '<<collapse_button("meta", collapsed="icon:arrow-down-circle", '
                'visible="icon:arrow-right-circle", initial=False)>> '
            ],
            "meta": [f'<<meta("{name}", prefix="{label}: ")>>' for name, label in _FIELD_LABELS]
            + ["<<meta_links_all()>>"],
        },
    }
}
needs_default_layout = "lis"

# Furo's labels ("Next", "Previous", "Made with") in Swedish: Sphinx reads our
# catalog for its own "sphinx" domain, which the theme's texts go through.
locale_dirs = [str(ROOT / "locale")]
gettext_compact = False
