"""Information assets (KLASSA classification) and personal data processing (GDPR art. 30).

Pure functions over needs.json-shaped dicts, shared by the gate (LIS05x in
checks.evaluate), the exports (checks.register) and the site: one definition of
what "klassad", "klassning förfallen" and a gap in the record of processing mean.

A *gap* is something an asset or a processing lacks that a rule reports: an
error with the gap's own code, or LIS052 (a warning) when an open activity
covers the need (``covers``), the same idea as a *planerad* requirement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from checks.coverage import is_open_activity
from checks.needs import as_date, as_int
from checks.rules import Rule

Need = Mapping[str, Any]
Needs = Mapping[str, Need]

# KLASSA's four aspects: (field, Swedish name, letter)
ASPECTS: tuple[tuple[str, str, str], ...] = (
    ("confidentiality", "Konfidentialitet", "K"),
    ("integrity", "Riktighet", "R"),
    ("availability", "Tillgänglighet", "T"),
    ("traceability", "Spårbarhet", "S"),
)
LEVELS = (0, 1, 2, 3, 4)
LEVEL_NAMES = {0: "försumbar", 1: "måttlig", 2: "betydande", 3: "allvarlig", 4: "synnerligen allvarlig"}
# From this confidentiality level access management must be documented (LIS054).
ACCESS_DOC_FROM = 2
# GDPR art. 6.1 points, as the register reads them.
LEGAL_BASES = {
    "a": "samtycke",
    "b": "avtal",
    "c": "rättslig förpliktelse",
    "d": "grundläggande intresse",
    "e": "allmänt intresse eller myndighetsutövning",
    "f": "berättigat intresse",
}
UNKNOWN = "uppgift saknas"


class ClassStatus(StrEnum):
    """The state of an asset's classification on a given day."""

    CLASSIFIED = "klassad"
    DUE = "klassning förfallen"
    UNCLASSIFIED = "ej klassad"


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def level(need: Need, aspect: str) -> int | None:
    """One aspect's KLASSA level 0–4; None when missing or off the scale."""
    value = as_int(need.get(aspect))
    return value if value in LEVELS else None


def missing_aspects(need: Need) -> list[str]:
    """The Swedish names of the aspects without a level."""
    return [name for field, name, _ in ASPECTS if level(need, field) is None]


def is_classified(asset: Need) -> bool:
    """A classification date and all four levels."""
    return as_date(asset.get("classified")) is not None and not missing_aspects(asset)


def classification_due(asset: Need) -> dt.date | None:
    """When the classification must be made again: classified + review_interval months."""
    from checks.deadlines import next_after

    return next_after(asset, "classified", "review_interval")


def class_status(asset: Need, today: dt.date) -> ClassStatus:
    if not is_classified(asset):
        return ClassStatus.UNCLASSIFIED
    due = classification_due(asset)
    if due is None or due < today:
        return ClassStatus.DUE
    return ClassStatus.CLASSIFIED


def covering_activities(need: Need, needs: Needs) -> list[str]:
    """The open activities (planerad, pågående) that cover a need, in id order."""
    return [i for i in sorted(need.get("covers_back") or []) if i in needs and is_open_activity(needs[i])]


def is_vital(asset: Need) -> bool:
    return asset.get("vital") is True or str(asset.get("vital")).strip().lower() == "true"


def _flag(need: Need, field: str) -> bool:
    value = need.get(field)
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


@dataclass(frozen=True)
class Gap:
    """What a need lacks: the rule that reports it and a Swedish sentence (no id, no full stop)."""

    rule: Rule
    text: str


def asset_gaps(asset: Need, today: dt.date) -> list[Gap]:
    """The asset rules (LIS050, LIS051, LIS053, LIS054) for one asset."""
    gaps: list[Gap] = []
    if blank(asset.get("information_owner")):
        gaps.append(Gap(Rule.LIS050, "saknar informationsägare (:information_owner:)"))
    if not is_classified(asset):
        missing = []
        if as_date(asset.get("classified")) is None:
            missing.append("datum (:classified:)")
        if aspects := missing_aspects(asset):
            names = [a.lower() for a in aspects]
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]
            missing.append(("nivå" if len(names) == 1 else "nivåer") + " för " + listed)
        gaps.append(Gap(Rule.LIS051, "är inte klassad: " + "; ".join(missing) + " saknas"))
    else:
        due = classification_due(asset)
        if due is None:
            gaps.append(Gap(Rule.LIS051, "saknar intervall för ny klassning (:review_interval:, i månader)"))
        elif due < today:
            gaps.append(
                Gap(
                    Rule.LIS051,
                    f"klassades {asset.get('classified')} och skulle ha klassats om senast {due.isoformat()}",
                )
            )
    if is_vital(asset) and level(asset, "availability") is None:
        gaps.append(Gap(Rule.LIS053, "är samhällsviktig men saknar klassning av tillgänglighet (:availability:)"))
    confidentiality = level(asset, "confidentiality")
    if confidentiality is not None and confidentiality >= ACCESS_DOC_FROM and not asset.get("access_routine"):
        gaps.append(
            Gap(
                Rule.LIS054,
                f"har konfidentialitet {confidentiality} men ingen rutin dokumenterar behörighetshanteringen "
                "(:access_routine:)",
            )
        )
    return gaps


def processing_gaps(processing: Need) -> list[Gap]:
    """The processing rules (LIS055–LIS058) for one processing."""
    gaps: list[Gap] = []
    missing = [name for field, name in (("purpose", "ändamål (:purpose:)"), ("legal_basis", "rättslig grund (:legal_basis:)")) if blank(processing.get(field))]
    if missing:
        gaps.append(Gap(Rule.LIS055, "saknar " + " och ".join(missing)))
    reasons = [
        why
        for field, why in (
            ("special_categories", "särskilda kategorier av personuppgifter (art. 9)"),
            ("criminal_data", "uppgifter om lagöverträdelser (art. 10)"),
            ("high_risk", "hög risk (art. 35)"),
        )
        if _flag(processing, field)
    ]
    if reasons and as_date(processing.get("dpia_done")) is None:
        gaps.append(Gap(Rule.LIS056, f"omfattar {' och '.join(reasons)} men saknar genomförd konsekvensbedömning (:dpia_done:)"))
    if not blank(processing.get("third_country")) and blank(processing.get("transfer_mechanism")):
        gaps.append(
            Gap(
                Rule.LIS057,
                f"för över uppgifter till tredje land ({processing.get('third_country')}) utan angiven skyddsåtgärd "
                "(:transfer_mechanism:)",
            )
        )
    if not blank(processing.get("processor")) and not processing.get("agreement"):
        gaps.append(
            Gap(
                Rule.LIS058,
                f"har personuppgiftsbiträdet {processing.get('processor')} men ingen länk till biträdesavtalet (:agreement:)",
            )
        )
    return gaps


def gaps_of(need: Need, today: dt.date) -> list[Gap]:
    kind = need.get("type")
    if kind == "asset":
        return asset_gaps(need, today)
    if kind == "processing":
        return processing_gaps(need)
    return []


def legal_basis_text(need: Need) -> str:
    """"art. 6.1 e (allmänt intresse eller myndighetsutövning)", or empty."""
    point = str(need.get("legal_basis") or "").strip()
    if not point:
        return ""
    name = LEGAL_BASES.get(point)
    return f"art. 6.1 {point} ({name})" if name else f"art. 6.1 {point}"
