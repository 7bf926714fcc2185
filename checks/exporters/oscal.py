"""OSCAL (NIST's Open Security Controls Assessment Language), JSON, version 1.2.3.

Three documents from the same catalogs, needs and coverage as the matrix and the SoA:

- **catalog**: one requirement catalog (``requirements/<källa>.yaml``, read by the
  project's catalog loader) as an OSCAL catalog: each requirement a control with its
  reference as the label, the own-words text as the statement, ``derives`` as links.
- **profile**: the office's baseline, the statement of applicability: one import per
  catalog, the applicable requirements included and the others excluded, with the
  justification of each as a part ``justification`` (for the ISO/IEC 27001 Annex A
  controls the SoA's own justification: the risks they answer).
- **ssp**: a lightweight system security plan: each requirement an implemented
  requirement, by the routines, trainings and open activities that work on it (the
  components), with an implementation status from lis's six coverage states; the state
  itself is kept as the property ``coverage`` in lis's namespace.

The output is plain JSON (no OSCAL library: the documents are a few dozen keys) and
deterministic: uuids are version 5 from the content's ids, times are the content's
own date (``content_as_of``). The tests validate every document against NIST's JSON
schema for OSCAL 1.2.3.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from checks.catalog import Catalog
from checks.coverage import Coverage
from checks.matrix import Linked, MatrixRow, Need, matrix_rows
from checks.soa import build_soa

OSCAL_VERSION = "1.2.3"
# lis's own properties and parts (OSCAL's names are for OSCAL's own meanings)
NS = "urn:lis:oscal"
_UUIDS = uuid.uuid5(uuid.NAMESPACE_URL, NS)
WHAT = ("catalog", "profile", "ssp")
# the file name the SSP imports the profile under (the README's commands write it so)
PROFILE_FILE = "profil-tillamplighet.json"

# lis's coverage as OSCAL's implementation status (its allowed values); an untraced
# requirement has none: nothing implements it and nothing is planned.
IMPLEMENTATION_STATE = {
    Coverage.FULFILLED: "implemented",
    Coverage.INHERITED: "implemented",
    Coverage.PARTIAL: "partial",
    Coverage.PLANNED: "planned",
    Coverage.UNTRACED: "",
    Coverage.NOT_APPLICABLE: "not-applicable",
}
COVERAGE_REMARKS = {
    Coverage.FULFILLED: "Uppfylld: en gällande egen rutin eller utbildning uppfyller kravet.",
    Coverage.INHERITED: "Ärvd: bara stadens gemensamma rutiner och funktioner uppfyller kravet.",
    Coverage.PARTIAL: "Delvis: gällande rutiner eller utbildningar uppfyller en del av kravet.",
    Coverage.PLANNED: "Planerad: bara öppna aktiviteter arbetar med kravet.",
    Coverage.UNTRACED: "Ospårad: ingen rutin, utbildning eller aktivitet uppfyller kravet.",
    Coverage.NOT_APPLICABLE: "Ej tillämplig.",
}
# a routine's, training's or activity's status as an OSCAL component's status
COMPONENT_STATE = {
    "gällande": "operational",
    "under revidering": "operational",
    "utkast": "under-development",
    "upphävd": "disposition",
    "planerad": "under-development",
    "pågående": "under-development",
    "genomförd": "operational",
    "uppskjuten": "other",
    "struken": "disposition",
}
COMPONENT_TYPE = {"routine": "process-procedure", "training": "process-procedure", "activity": "plan"}
TYPE_SV = {"routine": "Rutin", "training": "Utbildning", "activity": "Aktivitet"}
_TOKEN = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_UUIDS, "\0".join(parts)))


def _line(text: object) -> str:
    """A property value: one line, no space at either end (OSCAL's string datatype)."""
    return re.sub(r"\s+", " ", str(text)).strip()


def _token(text: str) -> str:
    """An OSCAL token (ids): letters, digits, '.', '-', '_'; other characters become '_'."""
    token = re.sub(r"[^A-Za-z0-9._-]", "_", text)
    return token if _TOKEN.match(token) else f"_{token}"


def _timestamp(day: str) -> str:
    try:
        when = dt.date.fromisoformat(day)
    except (TypeError, ValueError):
        when = dt.date(2000, 1, 1)
    return f"{when.isoformat()}T00:00:00Z"


def _metadata(title: str, as_of: str, version: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": _line(title) or "uppgift saknas",
        "last-modified": _timestamp(as_of),
        "version": _line(version) or "uppgift saknas",
        "oscal-version": OSCAL_VERSION,
    }
    data.update({k.replace("_", "-"): v for k, v in extra.items() if v})
    return data


def catalog_file(catalog: Catalog) -> str:
    """The file name a catalog is exported under, which the profile imports."""
    source = catalog.source.id if catalog.source else catalog.path.stem
    return f"katalog-{source.lower()}.json"


def _prop(name: str, value: object, ns: bool = True) -> dict[str, str]:
    prop = {"name": name, "value": _line(value)}
    if ns:
        prop["ns"] = NS
    return prop


def catalog(cat: Catalog, as_of: str) -> dict[str, Any]:
    """One requirement catalog as an OSCAL catalog."""
    source = cat.source
    source_id = source.id if source else cat.path.stem
    controls = []
    for req in cat.requirements:
        control: dict[str, Any] = {"id": _token(req.id), "title": _line(req.title) or req.id}
        props = [_prop("label", req.ref, ns=False)] if _line(req.ref) else []
        props += [_prop("applies-from", req.applies_from)] if req.applies_from else []
        props += [_prop("changed", req.changed)] if req.changed else []
        if props:
            control["props"] = props
        # a requirement derived from another (in this catalog or another one)
        links = [{"href": f"#{_token(other)}", "rel": "related"} for other in req.derives]
        if links:
            control["links"] = links
        if req.text.strip():
            control["parts"] = [{"id": f"{_token(req.id)}_smt", "name": "statement", "prose": req.text.strip()}]
        controls.append(control)
    metadata = _metadata(
        source.title if source else source_id,
        source.revised if source and source.revised else as_of,
        (source.version if source else "") or (source.revised if source else ""),
        published=_timestamp(source.revised) if source and source.revised else "",
        props=[_prop("source", source_id)],
        links=[{"href": source.url, "rel": "reference"}] if source and source.url else [],
        remarks="Kraven är sammanfattade med egna ord; den gällande texten finns hos utgivaren"
        + (f" ({_line(source.issuer)})." if source and source.issuer else "."),
    )
    body: dict[str, Any] = {"uuid": _uuid("catalog", source_id), "metadata": metadata}
    if controls:
        body["controls"] = controls
    return {"catalog": body}


def profile(needs: Mapping[str, Need], catalogs: Sequence[Catalog], office: str, as_of: str) -> dict[str, Any]:
    """The statement of applicability as an OSCAL profile over every catalog."""
    soa = {row.id: row.justification for row in build_soa(needs, catalogs).rows}
    rows = {row.id: row for row in matrix_rows(needs, catalogs)}
    imports = []
    alters = []
    for cat in catalogs:
        ids = [r.id for r in cat.requirements if r.id in rows]
        if not ids:
            continue
        chosen = [i for i in ids if rows[i].applicable]
        left_out = [i for i in ids if not rows[i].applicable]
        entry: dict[str, Any] = {"href": catalog_file(cat)}
        if chosen:
            entry["include-controls"] = [{"with-ids": [_token(i) for i in chosen]}]
        else:  # none of this catalog applies: all of it, all excluded
            entry["include-all"] = {}
        if left_out:
            entry["exclude-controls"] = [{"with-ids": [_token(i) for i in left_out]}]
        imports.append(entry)
        for i in ids:
            why = soa.get(i) or (rows[i].justification if not rows[i].applicable else "")
            if not why.strip():
                continue
            alters.append(
                {
                    "control-id": _token(i),
                    "adds": [
                        {
                            "position": "ending",
                            "parts": [
                                {
                                    "id": f"{_token(i)}_motivering",
                                    "name": "justification",
                                    "ns": NS,
                                    "title": "Motivering (inkludering eller uteslutning)",
                                    "prose": why.strip(),
                                }
                            ],
                        }
                    ],
                }
            )
    body: dict[str, Any] = {
        "uuid": _uuid("profile", office),
        "metadata": _metadata(
            f"Tillämplighet – {office or 'uppgift saknas'}",
            as_of,
            as_of,
            remarks="De tillämpliga kraven ur varje katalog tas med och övriga utesluts; varje motivering "
            "står som delen justification. För åtgärderna i ISO/IEC 27001 bilaga A är det "
            "tillämpningsförklaringens (SoA) motivering.",
        ),
        "imports": imports,
        "merge": {"as-is": True},
    }
    if alters:
        body["modify"] = {"alters": alters}
    return {"profile": body}


def _component(linked: Linked) -> dict[str, Any]:
    state = COMPONENT_STATE.get(linked.status, "other")
    component: dict[str, Any] = {
        "uuid": _uuid("component", linked.id),
        "type": COMPONENT_TYPE.get(linked.type, "process-procedure"),
        "title": _line(f"{linked.id} {linked.title}"),
        "description": f"{TYPE_SV.get(linked.type, linked.type)} {linked.id}"
        + (f", ansvarig: {_line(linked.owner)}" if linked.owner else "")
        + (f", senast granskad {linked.reviewed}" if linked.reviewed else "")
        + ".",
        "status": {"state": state},
        "props": [_prop("lis-id", linked.id), _prop("lis-status", linked.status or "uppgift saknas")],
    }
    if state == "other":
        component["status"]["remarks"] = f"Status i lis: {linked.status or 'uppgift saknas'}."
    if linked.inherited:
        component["props"].append(_prop("inherited", "ärvd från staden"))
    return component


def _by_component(row: MatrixRow, linked: Linked) -> dict[str, Any]:
    if linked.type == "activity":
        state, how = "planned", "arbetar med kravet"
    elif linked.partial:
        state, how = "partial", "uppfyller en del av kravet"
    else:
        state, how = "implemented", "uppfyller kravet"
    if not linked.counts:
        how += f" men räknas inte ({linked.status or 'status saknas'})"
    return {
        "component-uuid": _uuid("component", linked.id),
        "uuid": _uuid("by-component", row.id, linked.id),
        "description": f"{linked.id} {how}.",
        "implementation-status": {"state": state},
    }


def ssp(needs: Mapping[str, Need], catalogs: Sequence[Catalog], office: str, as_of: str) -> dict[str, Any]:
    """Coverage as a lightweight OSCAL system security plan."""
    rows = matrix_rows(needs, catalogs)
    system = _uuid("component", "this-system")
    components: dict[str, dict[str, Any]] = {}
    owners: set[str] = set()
    implemented = []
    for row in rows:
        linked = [*row.fulfilled_by, *row.partly_fulfilled_by, *row.activities]
        by_components = []
        for item in linked:
            components.setdefault(item.id, _component(item))
            if item.owner:
                owners.add(item.owner)
            by_components.append(_by_component(row, item))
        state = IMPLEMENTATION_STATE[row.coverage]
        whole: dict[str, Any] = {
            "component-uuid": system,
            "uuid": _uuid("by-component", row.id, "this-system"),
            "description": COVERAGE_REMARKS[row.coverage]
            + (f" Motivering: {row.justification.strip()}" if not row.applicable and row.justification.strip() else ""),
        }
        if state:
            whole["implementation-status"] = {"state": state}
        requirement: dict[str, Any] = {
            "uuid": _uuid("implemented-requirement", row.id),
            "control-id": _token(row.id),
            "props": [_prop("coverage", row.coverage.value), _prop("source", row.source or "uppgift saknas")],
            "by-components": [whole, *by_components],
        }
        implemented.append(requirement)
    name = office or "uppgift saknas"
    this_system = {
        "uuid": system,
        "type": "this-system",
        "title": f"Ledningssystemet för informationssäkerhet (LIS) – {name}",
        "description": "Kontorets LIS som lis beskriver det: krav, rutiner, utbildningar, aktiviteter och risker.",
        "status": {"state": "operational"},
    }
    users = [
        {"uuid": _uuid("user", owner), "title": _line(owner), "props": [_prop("type", "internal", ns=False)]}
        for owner in sorted(owners)
    ] or [{"uuid": _uuid("user", "uppgift saknas"), "title": "uppgift saknas"}]
    body = {
        "uuid": _uuid("ssp", office),
        "metadata": _metadata(
            f"Systemsäkerhetsplan (förenklad) – {name}",
            as_of,
            as_of,
            parties=[{"uuid": _uuid("party", office), "type": "organization", "name": name}],
            remarks="Genomförandet av varje krav enligt täckningen i lis (uppfylld, ärvd, delvis, planerad, "
            "ospårad, ej tillämplig), med de rutiner, utbildningar och aktiviteter som arbetar med kravet.",
        ),
        "import-profile": {"href": PROFILE_FILE},
        "system-characteristics": {
            "system-ids": [{"id": _token(f"lis-{name}")}],
            "system-name": f"LIS – {name}",
            "description": "Kontorets ledningssystem för informationssäkerhet enligt ISO/IEC 27001.",
            "system-information": {
                "information-types": [
                    {
                        "uuid": _uuid("information-type", office),
                        "title": "Kontorets information",
                        "description": "Informationstillgångarna och deras klassning (KLASSA) finns i "
                        "tillgångsregistret (lis export assets); de återges inte här.",
                    }
                ]
            },
            "status": {"state": "operational"},
            "authorization-boundary": {"description": f"Verksamheten vid {name}."},
        },
        "system-implementation": {
            "users": users,
            "components": [this_system, *(components[k] for k in sorted(components))],
        },
        "control-implementation": {
            "description": "Ett genomfört krav per krav i katalogerna, i katalogernas ordning.",
            "implemented-requirements": implemented,
        },
    }
    return {"system-security-plan": body}


def render(document: Mapping[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
