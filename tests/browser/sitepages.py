"""The real site's main pages, by the name their screenshots and tests use."""

from __future__ import annotations

# The overview pages, the statement, a catalog; a routine's page is added where it is needed
FIXED_PAGES = {
    "startsida": "index.html",
    "matris": "oversikt/matris.html",
    "riskmatris": "oversikt/riskmatris.html",
    "handlingsplan": "oversikt/handlingsplan.html",
    "kontrollresultat": "kontrollresultat.html",
    "tillganglighet": "tillganglighet.html",
    "katalog": "krav/gdpr.html",
    "tillampningsforklaring": "oversikt/tillampningsforklaring.html",
    "belagg": "belagg/index.html",
}
