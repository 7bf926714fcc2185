"""checks/datamodel.py: ubproject.toml is the one home of the data model.

Where the code keeps a name from the data model (a field label, a status, a need
type), this test fails until the copy agrees with ubproject.toml: adding a field or
a type means touching the places below, and a missed one is caught here.
"""

from __future__ import annotations

import runpy
from pathlib import Path

from checks import coverage, datamodel, evaluate
from checks.review import sections
from checks.sphinxext import banners

REPO = Path(__file__).resolve().parents[1]
MODEL = datamodel.load()


def test_every_field_has_a_swedish_label_in_the_need_layout() -> None:
    conf = runpy.run_path(str(REPO / "conf.py"))
    labels = dict(conf["_FIELD_LABELS"])
    assert set(MODEL.fields) - set(labels) - conf["_HIDDEN_FIELDS"] == set(), "fält utan etikett i conf.py (_FIELD_LABELS)"
    assert set(labels) - set(MODEL.fields) - {"status", "tags"} == set(), "etiketter för fält som inte finns"


def test_every_status_the_code_names_is_allowed_by_the_model() -> None:
    named = (
        coverage.LIVE_ROUTINE_STATUSES
        | coverage.OPEN_ACTIVITY_STATUSES
        | coverage.DEAD_TRAINING_STATUSES
        | evaluate.UNREVIEWED_ROUTINE_STATUSES
        | evaluate.DONE_ACTIVITY_STATUSES
        | sections.OPEN_INCIDENT_STATUSES
    )
    assert named <= MODEL.statuses


def test_every_type_the_code_names_exists() -> None:
    named = set(banners.DATED_TYPES) | {"req", "routine", "activity", "risk", "training", "decision", "review"}
    assert named <= set(MODEL.types)


def test_link_types_come_from_the_model() -> None:
    assert set(evaluate.LINK_TYPES) == set(MODEL.links)
    assert {"fulfils", "treats", "decides", "derives"} <= set(MODEL.links)


def test_type_names_in_messages_follow_the_titles() -> None:
    assert MODEL.type_name("routine") == "rutin"
    assert MODEL.type_name("incident") == "avvikelse"
    assert MODEL.type_name("okänd") == "okänd"
    # every type has a Swedish title and an id prefix
    assert all(MODEL.types[t] and MODEL.id_prefixes[t] for t in MODEL.types)


def test_every_type_but_req_has_an_id_pattern_schema() -> None:
    # a new type needs its id rule (LIS002-…) in ubproject.toml; requirements are
    # checked by the catalog loader against [needs] id_regex (checks/idcheck.py)
    import tomllib

    data = tomllib.loads((REPO / "ubproject.toml").read_text(encoding="utf-8"))["needs"]
    selected = {
        schema["select"]["properties"]["type"]["const"]
        for schema in data["schema_definitions"]["schemas"]
        if schema["id"].startswith("LIS002-") and "id" in schema.get("validate", {}).get("local", {}).get("properties", {})
    }
    assert set(MODEL.types) - {"req"} == selected


def test_every_type_has_a_swedish_name_in_messages_and_on_the_site() -> None:
    from checks.gate.messages import type_name

    for directive in MODEL.types:
        name = type_name(directive)
        assert name and name == name.lower(), directive
