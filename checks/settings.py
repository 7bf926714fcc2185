"""``[tool.lis]`` in pyproject.toml: every setting declared once, validated once.

myst-parser's ``config/main.py`` is the model: one frozen dataclass whose fields
are the settings, each with its default and its check; :func:`Settings.from_dict`
validates a table and reports unknown keys (with the line in pyproject.toml).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from checks.coverage import TRAINING_TARGET
from checks.errors import ProjectError
from checks.rules import SEVERITIES, Rule

TABLE = "[tool.lis]"
# The requirements that need evidence unless [tool.lis] evidence_required says otherwise.
EVIDENCE_REQUIRED = ("ISO27001-A-", "NIS2-21-")
# The free-text settings of the tillgänglighetsredogörelse.
ACCESSIBILITY_TEXTS = ("accessibility_organisation", "accessibility_contact", "accessibility_report")
# Where a pinned catalog may come from: a file, or an address on the intranet.
CATALOG_URL_SCHEMES = ("https://", "http://", "file://")


@dataclass(frozen=True)
class CatalogPin:
    """``shared_catalog`` in [tool.lis]: the city's catalog, one published version of it.

    Reading it is the one declared exception to "only the project's own files": a
    ``file`` may lie outside the project (another checkout of the catalog project)
    and a ``url`` is fetched once per version (checks/shared_catalog.py).
    """

    version: str
    file: str = ""
    url: str = ""
    line: int = 0  # its line in pyproject.toml (0: unknown)

    @property
    def where(self) -> str:
        return self.url or self.file


@dataclass(frozen=True)
class OfficeSource:
    """One office of the city overview: its name and its published needs.json (a path
    relative to the overview's folder, or an address)."""

    name: str
    needs: str


_LIMITS = {
    "risk_threshold": (1, 16),
    "due_window_days": (0, 366),
    "upcoming_window_days": (0, 366),
    "review_max_age_months": (1, 60),
    "review_due_window_days": (0, 366),
    "training_target": (1, 100),
}


@dataclass(frozen=True)
class Settings:
    """The settings of a lis project, with their defaults."""

    # The date the real content is checked as of in the project's own tests and CI.
    content_as_of: str = ""
    # A risk value (likelihood × impact) at or above this needs something that treats it (LIS031).
    risk_threshold: int = 9
    # A document due for review within this many days gives a warning (LIS021).
    due_window_days: int = 30
    # A requirement that starts to apply within this many days and is only planned or
    # untraced gives a warning (LIS013).
    upcoming_window_days: int = 90
    # The latest management review may be at most this many months old (LIS024).
    review_max_age_months: int = 12
    # The next management review due within this many days gives a warning (LIS025).
    review_due_window_days: int = 60
    # Per-code severity over the rules' defaults (code → "error" or "warning").
    severity: Mapping[str, str] = field(default_factory=dict)
    # Base URL of the published site; Krav-IDs in the Excel matrix link there.
    site_url: str = ""
    # Ansvarig roll (owner) som lis new skriver i en ny rutin eller aktivitet när --owner inte anges.
    default_owner: str = ""
    # The förvaltning and the nämnd, for the cover of an exported review ("" = uppgift saknas).
    office: str = ""
    board: str = ""
    # The tillgänglighetsredogörelse (DOS-lagen 2018:1937), a page of the site. Empty
    # means "uppgift saknas" on the page: a contact is never invented.
    # The organisation that stands behind the site ("" = office).
    accessibility_organisation: str = ""
    # How to reach the organisation if a part of the site cannot be used (e-post, telefon).
    accessibility_contact: str = ""
    # How to report a problem with the site's accessibility (a form, an address).
    accessibility_report: str = ""
    # The date of the latest (manual) assessment of the site's accessibility, ÅÅÅÅ-MM-DD.
    accessibility_assessed: str = ""
    # The requirements that must be shown working with evidence (belägg, LIS015): a
    # requirement needs it when its id starts with one of these prefixes or its source
    # id is one of them. Default: the Annex A controls of ISO/IEC 27001 and NIS2 art. 21.
    evidence_required: tuple[str, ...] = EVIDENCE_REQUIRED
    # The share of its audience (percent) a mandatory training must have completed to
    # count as uppfylld; below it, or when the figure is unknown, it counts as delvis.
    training_target: int = TRAINING_TARGET
    # Who receives a significant incident's reports under the cybersäkerhetslag (the
    # incident clocks, LIS038/LIS039): a setting, since SOU 2025:79 proposes moving it.
    csirt_receiver: str = "CSIRT-enheten vid Myndigheten för civilt försvar (MCF)"
    # The city's shared requirement catalog, a pinned version (None: only local catalogs).
    shared_catalog: CatalogPin | None = None
    # The project is the city's catalog project: it publishes requirements and traces
    # none, so the coverage rules (LIS010, LIS012, LIS013) and LIS024 do not apply to it.
    catalog_project: bool = False
    # The city overview (lis overview, lis export overview): the offices and where each
    # publishes its needs.json.
    offices: tuple[OfficeSource, ...] = ()

    @classmethod
    def from_dict(cls, settings: Mapping[str, Any] | Settings | None, source: Path | None = None) -> Settings:
        """Read and validate the settings; ProjectError (exit 2) if they are wrong."""
        if isinstance(settings, Settings):
            return settings
        settings = dict(settings or {})
        where = _where(source)
        known = {f.name for f in fields(cls)}
        for key in settings:
            if key not in known:
                raise ProjectError(
                    f"{where(key)}{TABLE} {key}: okänd inställning. Kända inställningar är "
                    f"{', '.join(sorted(known))}."
                )
        values: dict[str, Any] = {}
        for key, (low, high) in _LIMITS.items():
            if key in settings:
                value = settings[key]
                if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                    raise ProjectError(
                        f"{where(key)}{TABLE} {key} i pyproject.toml ska vara ett heltal från {low} till {high}, "
                        f"inte {value!r}."
                    )
                values[key] = value
        # dates: content_as_of must be one, accessibility_assessed may be left empty
        for key, may_be_empty in (("content_as_of", False), ("accessibility_assessed", True)):
            if key not in settings:
                continue
            value = settings[key]
            text = value.isoformat() if isinstance(value, dt.date) else value
            if not (may_be_empty and text == ""):
                try:
                    dt.date.fromisoformat(str(text))
                except ValueError:
                    empty = " eller tomt" if may_be_empty else ""
                    raise ProjectError(
                        f"{where(key)}{TABLE} {key} i pyproject.toml ska vara ett datum "
                        f"(ÅÅÅÅ-MM-DD){empty}, inte {value!r}."
                    ) from None
            values[key] = str(text)
        if "site_url" in settings:
            value = settings["site_url"]
            if not isinstance(value, str) or (value and not value.startswith(("https://", "http://"))):
                raise ProjectError(
                    f"{where('site_url')}{TABLE} site_url i pyproject.toml ska vara webbplatsens adress "
                    f"(https://…) eller tom, inte {value!r}."
                )
            values["site_url"] = value
        if "default_owner" in settings:
            value = settings["default_owner"]
            if not isinstance(value, str) or any(c in value for c in "\r\n") or value != value.strip():
                raise ProjectError(
                    f"{where('default_owner')}{TABLE} default_owner i pyproject.toml ska vara en roll på en rad, "
                    f"till exempel \"Informationssäkerhetssamordnare\", inte {value!r}."
                )
            values["default_owner"] = value
        if "csirt_receiver" in settings:
            value = settings["csirt_receiver"]
            if not isinstance(value, str) or not value.strip() or any(c in value for c in "\r\n"):
                raise ProjectError(
                    f"{where('csirt_receiver')}{TABLE} csirt_receiver i pyproject.toml ska vara mottagarens namn "
                    f"på en rad, inte {value!r}."
                )
            values["csirt_receiver"] = value.strip()
        for key in ("office", "board", *ACCESSIBILITY_TEXTS):
            if key in settings:
                value = settings[key]
                if not isinstance(value, str):
                    raise ProjectError(f"{where(key)}{TABLE} {key} i pyproject.toml ska vara en text, inte {value!r}.")
                values[key] = value.strip()
        if "evidence_required" in settings:
            value = settings["evidence_required"]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise ProjectError(
                    f"{where('evidence_required')}{TABLE} evidence_required i pyproject.toml ska vara en lista med "
                    f'id-prefix eller källor, till exempel ["ISO27001-A-", "NIS2-21-"], inte {value!r}.'
                )
            values["evidence_required"] = tuple(v.strip() for v in value)
        if "catalog_project" in settings:
            value = settings["catalog_project"]
            if not isinstance(value, bool):
                raise ProjectError(
                    f"{where('catalog_project')}{TABLE} catalog_project i pyproject.toml ska vara true eller false, "
                    f"inte {value!r}."
                )
            values["catalog_project"] = value
        if "offices" in settings:
            values["offices"] = _offices(settings["offices"], where("offices"))
        if "shared_catalog" in settings:
            values["shared_catalog"] = _catalog_pin(settings["shared_catalog"], where("shared_catalog"))
        overrides = settings.get("severity", {})
        if not isinstance(overrides, Mapping):
            raise ProjectError(
                f"{where('severity')}{TABLE} severity i pyproject.toml ska vara en tabell, "
                'till exempel severity = { LIS030 = "error" }.'
            )
        for code, severity in overrides.items():
            if code not in Rule.__members__:
                raise ProjectError(f"{where('severity')}{TABLE} severity i pyproject.toml: okänd kod {code!r}.")
            if severity not in SEVERITIES:
                raise ProjectError(
                    f"{where('severity')}{TABLE} severity.{code} i pyproject.toml ska vara \"error\" eller "
                    f"\"warning\", inte {severity!r}."
                )
        return cls(severity=dict(overrides), **values)

    def severity_of(self, rule: Rule | str) -> str:
        """The severity of a rule: the override in [tool.lis] or the rule's default."""
        rule = Rule(rule)
        return self.severity.get(rule.name) or rule.severity


def _offices(value: Any, where: str) -> tuple[OfficeSource, ...]:
    """``offices = [{ name = "…", needs = "…/needs.json" }, …]``, validated."""
    example = 'till exempel offices = [{ name = "Exploateringskontoret", needs = "https://…/needs.json" }]'
    if not isinstance(value, list):
        raise ProjectError(f"{where}{TABLE} offices i pyproject.toml ska vara en lista av tabeller, {example}.")
    found: list[OfficeSource] = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, Mapping) or set(item) != {"name", "needs"}:
            raise ProjectError(f"{where}{TABLE} offices, post {number}: ska ha precis name och needs, {example}.")
        name, needs = item["name"], item["needs"]
        if not isinstance(name, str) or not name.strip() or not isinstance(needs, str) or not needs.strip():
            raise ProjectError(f"{where}{TABLE} offices, post {number}: name och needs ska vara texter som inte är tomma.")
        if "://" in needs and not needs.lower().startswith(CATALOG_URL_SCHEMES):
            raise ProjectError(
                f"{where}{TABLE} offices, post {number}: needs ska vara en sökväg eller börja med https://, "
                f"http:// eller file://, inte {needs!r}."
            )
        if any(o.name == name.strip() for o in found):
            raise ProjectError(f"{where}{TABLE} offices: {name.strip()} står två gånger.")
        found.append(OfficeSource(name.strip(), needs.strip()))
    return tuple(found)


def _catalog_pin(value: Any, where: str) -> CatalogPin:
    """``shared_catalog = { file = "…" | url = "…", version = "…" }``, validated."""
    example = 'till exempel shared_catalog = { file = "katalog/needs.json", version = "2026.1" }'
    if not isinstance(value, Mapping):
        raise ProjectError(f"{where}{TABLE} shared_catalog i pyproject.toml ska vara en tabell, {example}.")
    unknown = set(value) - {"file", "url", "version"}
    if unknown:
        raise ProjectError(
            f"{where}{TABLE} shared_catalog: okänd nyckel {', '.join(sorted(unknown))}. "
            "Kända nycklar är file, url och version."
        )
    version, file, url = value.get("version"), value.get("file", ""), value.get("url", "")
    if not isinstance(version, str) or not version.strip() or version != version.strip():
        raise ProjectError(
            f"{where}{TABLE} shared_catalog.version ska vara den publicerade version som kontoret använder "
            f"(en text, till exempel \"2026.1\"), inte {version!r}."
        )
    if not isinstance(file, str) or not isinstance(url, str) or bool(file) == bool(url):
        raise ProjectError(
            f"{where}{TABLE} shared_catalog ska ha antingen file (en fil, för bygge utan nät) eller url "
            f"(katalogens adress på intranätet), inte båda eller ingen: {example}."
        )
    if url and not url.lower().startswith(CATALOG_URL_SCHEMES):
        raise ProjectError(
            f"{where}{TABLE} shared_catalog.url ska börja med https://, http:// eller file://, inte {url!r}."
        )
    if any(c in file + url for c in "\r\n\0"):
        raise ProjectError(f"{where}{TABLE} shared_catalog: file och url ska stå på en rad.")
    line = int(where.split(":")[1]) if where else 0
    return CatalogPin(version=version, file=file, url=url, line=line)


def _where(source: Path | None) -> Any:
    """``pyproject.toml:12: `` for a key of [tool.lis], or '' when the line is unknown."""
    lines: list[str] = []
    if source is not None:
        try:
            lines = source.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []

    def where(key: str) -> str:
        inside = False
        for number, text in enumerate(lines, start=1):
            stripped = text.strip()
            if stripped.startswith("["):
                inside = stripped == TABLE
                continue
            if inside and re.match(rf"{re.escape(key)}\s*[=.]", stripped):
                return f"{source.name if source else ''}:{number}: "
        return ""

    return where
