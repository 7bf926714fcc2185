"""The Statement of Applicability (ISO/IEC 27001 6.1.3 d): one row per Annex A control.

The controls are the requirements of the ISO 27001 catalog whose ``ref`` starts
with "Bilaga A" (the catalog holds all 93). Each row has the columns 6.1.3 d asks
for, computed from the same needs and the same coverage definition
(:mod:`checks.coverage`) as the gate, the matrix and the site:

- the control: id, reference and the catalog's own-words title;
- applicable or not;
- the justification: for an excluded control its ``justification``; for an
  included one the risks it answers (the ``treats`` links of the needs that
  fulfil it, fully or in part, and the risks that name it or them with
  ``concerns``), the decisions on the activities that implement it and the
  requirements linked to it by ``derives``; when the content names none of them,
  a generic sentence that says so;
- implemented: the coverage state in words, read with the evidence axis
  (:mod:`checks.evidence`): a fulfilled control without current evidence is
  "Ja, utan belägg", so *Införd* never says more than the content shows;
- evidence: the control on the evidence axis;
- what implements it: the fulfilling routines and trainings, and the open
  activities that work on it.

Pure functions over needs.json-shaped dicts and the loaded catalogs, like
:mod:`checks.matrix`, so the site page and ``lis export soa`` always agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from checks.catalog import Catalog
from checks.coverage import FULFILLED_STATES, TRAINING_TARGET, Coverage
from checks.evidence import Evidence, EvidenceStatus
from checks.matrix import Linked, MatrixRow, Need, matrix_rows

ANNEX_PREFIX = "Bilaga A"
SOURCE = "ISO27001"

COLUMNS = (
    "Åtgärd",
    "Referens",
    "Åtgärd (egen beskrivning)",
    "Tillämplig",
    "Motivering (inkludering eller uteslutning)",
    "Införd",
    "Belägg",
    "Genomförs av",
)

# The implementation state as an SoA reads it, from the coverage state.
IMPLEMENTED = {
    Coverage.FULFILLED: "Ja",
    Coverage.INHERITED: "Ja, genom stadens gemensamma funktioner (ärvd)",
    Coverage.PARTIAL: "Delvis",
    Coverage.PLANNED: "Nej, planerad",
    Coverage.UNTRACED: "Nej",
    Coverage.NOT_APPLICABLE: "Ej tillämplig",
}
NO_EXCLUSION = "Ingen grund för att utesluta åtgärden har beslutats."
# When no risk, requirement or decision in the content names the control: said as such.
GENERIC = (
    "Åtgärd i bilaga A. Ingen risk, inget krav och inget beslut i innehållet pekar ut den, så motiveringen är "
    "allmän: ingen grund för att utesluta den har beslutats."
)
# A fulfilled control whose evidence is missing or out of date: implemented, not shown.
WITHOUT_EVIDENCE = "utan belägg"


@dataclass(frozen=True)
class SoaRow:
    row: MatrixRow  # the control's matrix row: coverage and linked needs
    risks: tuple[str, ...]  # ids of the risks the control answers, via its fulfillers
    derived: tuple[str, ...]  # requirements linked to the control by derives, either way
    decisions: tuple[str, ...] = ()  # "BES-2025-01 (AKT-2026-08)": decisions on the activities that implement it

    @property
    def id(self) -> str:
        return self.row.id

    @property
    def implemented(self) -> str:
        """Införd: Ja, Ja, utan belägg, Delvis, Nej, planerad, Nej (or Ej tillämplig)."""
        text = IMPLEMENTED[self.row.coverage]
        unshown = self.row.evidence is not None and self.row.evidence.state in (Evidence.STALE, Evidence.MISSING)
        if self.row.coverage in FULFILLED_STATES and unshown:
            return f"{text}, {WITHOUT_EVIDENCE}"
        return text

    @property
    def justification(self) -> str:
        if not self.row.applicable:
            return self.row.justification
        parts = []
        if self.risks:
            parts.append("Svarar mot risk " + ", ".join(self.risks) + ".")
        if self.decisions:
            parts.append("Beslutad åtgärd: " + ", ".join(self.decisions) + ".")
        if self.derived:
            parts.append("Hänger ihop med krav " + ", ".join(self.derived) + ".")
        if not parts:
            return GENERIC
        return " ".join([*parts, NO_EXCLUSION])

    def implementers(self) -> tuple[Linked, ...]:
        """Routines and trainings (fully, then in part) and the activities, as the matrix lists them."""
        return self.row.fulfilled_by + self.row.partly_fulfilled_by + self.row.activities


@dataclass
class Soa:
    rows: list[SoaRow]
    site_url: str = ""
    as_of: str = ""

    def counts(self) -> dict[Coverage, int]:
        counts = {c: 0 for c in IMPLEMENTED}
        for r in self.rows:
            counts[r.row.coverage] += 1
        return counts

    def implemented_counts(self) -> list[tuple[str, Coverage, int]]:
        """(Införd, its coverage state, count) for every value in use, in the coverage order."""
        found: dict[str, tuple[Coverage, int]] = {}
        for r in sorted(self.rows, key=lambda r: (list(IMPLEMENTED).index(r.row.coverage), r.implemented)):
            state, n = found.get(r.implemented, (r.row.coverage, 0))
            found[r.implemented] = (state, n + 1)
        return [(text, state, n) for text, (state, n) in found.items()]


def is_control(row: MatrixRow) -> bool:
    return row.source == SOURCE and row.ref.startswith(ANNEX_PREFIX)


def _risks(row: MatrixRow, needs: Mapping[str, Need]) -> tuple[str, ...]:
    """The risks that make the control applicable: treated by what implements it, or naming the
    control or its implementers (``concerns``)."""
    found: set[str] = set(_concerning(needs.get(row.id, {}), needs))
    for linked in row.fulfilled_by + row.partly_fulfilled_by + row.activities:
        if not linked.counts:
            continue
        need = needs.get(linked.id, {})
        found.update(str(r) for r in need.get("treats") or [])
        found.update(_concerning(need, needs))
    return tuple(sorted(found))


def _concerning(need: Need, needs: Mapping[str, Need]) -> list[str]:
    return [str(r) for r in need.get("concerns_back") or [] if needs.get(str(r), {}).get("type") == "risk"]


def _decisions(row: MatrixRow, needs: Mapping[str, Need]) -> tuple[str, ...]:
    """'BES-2025-01 (AKT-2026-03, AKT-2026-08)': the decisions on the open activities that implement it."""
    decided: dict[str, list[str]] = {}
    for linked in row.activities:
        if not linked.counts:
            continue
        for decision in needs.get(linked.id, {}).get("decides_back") or []:
            decided.setdefault(str(decision), []).append(linked.id)
    return tuple(f"{d} ({', '.join(sorted(acts))})" for d, acts in sorted(decided.items()))


def _derived(req: Need) -> tuple[str, ...]:
    return tuple(sorted({str(i) for key in ("derives", "derives_back") for i in req.get(key) or []}))


def build_soa(
    needs: Mapping[str, Need],
    catalogs: Sequence[Catalog],
    *,
    site_url: str = "",
    as_of: str = "",
    training_target: int = TRAINING_TARGET,
    evidence: Mapping[str, EvidenceStatus] | None = None,
) -> Soa:
    rows = [
        SoaRow(row, _risks(row, needs), _derived(needs.get(row.id, {})), _decisions(row, needs))
        for row in matrix_rows(needs, catalogs, training_target=training_target, evidence=evidence)
        if is_control(row)
    ]
    return Soa(rows, site_url=site_url, as_of=as_of)


def cells(row: SoaRow, joiner: str = "\n", short: bool = False) -> list[str]:
    """The texts of :data:`COLUMNS` for one control."""
    name = (lambda n: n.short()) if short else (lambda n: n.label())
    return [
        row.id,
        row.row.ref,
        row.row.title,
        "Ja" if row.row.applicable else "Nej",
        row.justification,
        row.implemented,
        row.row.evidence_state,
        joiner.join(name(n) for n in row.implementers()),
    ]
