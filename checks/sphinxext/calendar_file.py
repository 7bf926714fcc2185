"""The årshjul as a calendar file on the site: ``arshjul.ics`` beside the start page.

Written when the HTML build finishes, from the same year (checks.annual) the
Årshjul page shows, and only when its content changed (checks.sphinxext.downloads).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from checks.errors import ProjectError
from checks.site.annual_wheel import ICS_NAME
from checks.sphinxext import facts
from checks.sphinxext.downloads import write_download

logger = logging.getLogger(__name__)


def write_calendar(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from checks.annual import year_of
    from checks.exporters.calendar_ics import render_ics

    known = facts.compute(app)
    try:
        year = year_of(known.needs, known.today.now, known.settings, known.root)
    except ProjectError as err:
        logger.warning(f"{ICS_NAME} skrevs inte: {err}", type="lis", subtype="calendar")
        return
    settings = known.settings
    name = f"Årshjul – {settings.office}" if settings.office else "Årshjul"
    stamp = known.today.now

    def render() -> bytes:
        return render_ics(
            year.duties, known.needs, name=name, office=settings.office, site_url=settings.site_url, stamp=stamp
        )

    write_download(app, ICS_NAME, (year.duties, stamp, name, settings.site_url), render)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_calendar)
