"""What a site widget renders from: the resolved needs, the build date and the settings.

The needs are plain dicts shaped like needs.json, so the widgets, the gate and the
exporters all read the same fields the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from checks.settings import Settings

Need = Mapping[str, Any]


@dataclass
class SiteContext:
    """Everything a widget needs, with no Sphinx object in sight (so tests can build one)."""

    needs: dict[str, dict[str, Any]]
    today: date
    settings: Settings | Mapping[str, Any] = field(default_factory=Settings)
    # The relative URI of a document (docname) from the page being written.
    doc_uri: Callable[[str], str] = lambda docname: f"{docname}.html"
    # Titles of the requirement sources by id (from the catalogs), for headings.
    source_titles: dict[str, str] = field(default_factory=dict)
    # Page titles by docname (the h1 of each page), so a widget can name a page as
    # its reader knows it ("Dataskyddslagen" rather than DSL).
    page_titles: dict[str, str] = field(default_factory=dict)
    root: Path | None = None
    # The gate's findings for these needs and this date; computed on first use
    # (checks.site.gate) unless given, as tests of a single widget may do.
    findings: list[Any] | None = None
    # Every requirement on the evidence axis (checks.evidence) for this date; computed on
    # first use unless given (the build passes the one it computed for the gate).
    evidence: Mapping[str, Any] | None = None

    @property
    def config(self) -> Settings:
        """The settings as a Settings, however they were given."""
        return Settings.from_dict(self.settings)

    def evidence_axis(self) -> Mapping[str, Any]:
        if self.evidence is None:
            from checks.evidence import evidence_axis

            self.evidence = evidence_axis(self.needs, self.config.evidence_required, self.today)
        return self.evidence
    # The moment incident clocks are read at (checks.deadlines); None: the start of ``today``.
    now: datetime | None = None

    @property
    def moment(self) -> datetime:
        from checks.deadlines import start_of

        return self.now or start_of(self.today)

    def of_type(self, need_type: str) -> list[dict[str, Any]]:
        """The needs of one type, in id order."""
        return [n for _, n in sorted(self.needs.items()) if n.get("type") == need_type]

    def uri(self, need_id: str) -> str | None:
        """Where a need is shown, relative to the current page; None if unknown."""
        need = self.needs.get(need_id)
        if need is None:
            return None
        if need.get("is_external") and need.get("external_url"):
            return str(need["external_url"])
        docname = need.get("docname")
        if not docname:
            return None
        return f"{self.doc_uri(docname)}#{need_id}"
