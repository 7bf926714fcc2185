"""``lis export oscal``: catalog, profile and SSP, valid against NIST's OSCAL 1.2.3 schema.

The schema (tests/oscal, vendored, see its README) is read with jsonschema; its
patterns use Unicode classes (``\\p{L}``), so ``pattern`` is checked with the regex
module as the schema means it.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import regex
from jsonschema import Draft7Validator, ValidationError, validators
from exportfixture import EXPECTED, FIXTURE, temp_dir
from gatefixture import copy_real

from checks.exporters.oscal import IMPLEMENTATION_STATE, NS, PROFILE_FILE
from checks.main import main

HERE = Path(__file__).parent
SCHEMA = HERE / "oscal" / "oscal_complete_schema.json"
SCHEMA_SHA256 = "384324105c7a817af0f65b120a963146caa0e0d55d969cf0daf60e063b87a206"
REPO = HERE.parent
CACHE = temp_dir("lis-oscal-")


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any):
    if validator.is_type(instance, "string") and not regex.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=1)
def validator() -> Draft7Validator:
    data = SCHEMA.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SCHEMA_SHA256
    schema = json.loads(data)
    assert schema["$id"].endswith("/1.2.3/oscal-complete-schema.json")
    return validators.extend(Draft7Validator, {"pattern": _pattern})(schema)


def errors(document: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator().iter_errors(document)]


@pytest.fixture(autouse=True)
def _cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIS_CACHE_DIR", str(CACHE))
    monkeypatch.setenv("LIS_TODAY", "2026-11-29")


def export(capsysbinary: pytest.CaptureFixture[bytes], *args: str, root: Path = FIXTURE) -> tuple[int, bytes, str]:
    code = main(["export", "oscal", "--root", str(root), *args])
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")


def test_the_schema_check_can_fail() -> None:
    assert errors({"catalog": {"uuid": "not-a-uuid", "metadata": {"title": "x"}}})
    good = {
        "catalog": {
            "uuid": "9c4a2b6e-8d7f-4e3a-9b1c-2d5e6f7a8b9c",
            "metadata": {"title": "T", "last-modified": "2026-01-01T00:00:00Z", "version": "1", "oscal-version": "1.2.3"},
            "controls": [{"id": "Å-1", "title": "x", "props": [{"name": "label", "value": "x"}]}],
        }
    }
    # a letter outside ASCII is a letter (\p{L}); a value may not begin with a space
    assert errors(good) == []
    good["catalog"]["controls"][0]["props"][0]["value"] = " x"
    assert errors(good)


def test_catalogs(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, err = export(capsysbinary, "--what", "catalog", "--source", "ALFA")
    assert code == 0, err
    document = json.loads(out)
    assert errors(document) == []
    catalog = document["catalog"]
    assert catalog["metadata"]["title"] == "Alfalagen"
    assert catalog["metadata"]["oscal-version"] == "1.2.3"
    assert [c["id"] for c in catalog["controls"]] == ["ALFA-1", "ALFA-2", "ALFA-3", "ALFA-4"]
    first = catalog["controls"][0]
    assert first["props"][0] == {"name": "label", "value": "1 §"}
    assert first["parts"] == [{"id": "ALFA-1_smt", "name": "statement", "prose": "Föra en förteckning över behandlingar."}]
    # the same content gives the same bytes
    assert export(capsysbinary, "--what", "catalog", "--source", "ALFA")[1] == out


def test_every_catalog_into_a_folder(capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
    code, _, err = export(capsysbinary, "--what", "catalog", "-o", str(tmp_path / "oscal") + "/")
    assert code == 0, err
    files = sorted(p.name for p in (tmp_path / "oscal").iterdir())
    assert files == ["katalog-alfa.json", "katalog-beta.json"]
    for name in files:
        assert errors(json.loads((tmp_path / "oscal" / name).read_text(encoding="utf-8"))) == []


def test_profile_is_the_statement_of_applicability(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, err = export(capsysbinary, "--what", "profile")
    assert code == 0, err
    document = json.loads(out)
    assert errors(document) == []
    imports = {i["href"]: i for i in document["profile"]["imports"]}
    assert imports["katalog-alfa.json"]["include-controls"] == [{"with-ids": ["ALFA-1", "ALFA-2", "ALFA-3"]}]
    assert imports["katalog-alfa.json"]["exclude-controls"] == [{"with-ids": ["ALFA-4"]}]
    assert "exclude-controls" not in imports["katalog-beta.json"]
    alters = {a["control-id"]: a["adds"][0]["parts"][0] for a in document["profile"]["modify"]["alters"]}
    assert alters["ALFA-4"]["prose"] == "Kontoret bedriver ingen sjöfart."
    assert alters["ALFA-4"]["name"] == "justification" and alters["ALFA-4"]["ns"] == NS


def test_ssp_has_lis_coverage(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, err = export(capsysbinary, "--what", "ssp")
    assert code == 0, err
    document = json.loads(out)
    assert errors(document) == []
    plan = document["system-security-plan"]
    assert plan["import-profile"] == {"href": PROFILE_FILE}
    requirements = {r["control-id"]: r for r in plan["control-implementation"]["implemented-requirements"]}
    assert list(requirements) == list(EXPECTED)
    for rid, state in EXPECTED.items():
        props = {p["name"]: p["value"] for p in requirements[rid]["props"]}
        assert props["coverage"] == state.value
        whole = requirements[rid]["by-components"][0]
        assert whole.get("implementation-status", {}).get("state", "") == IMPLEMENTATION_STATE[state]
    components = {c["uuid"]: c for c in plan["system-implementation"]["components"]}
    by = {components[b["component-uuid"]]["title"].split()[0]: b for b in requirements["ALFA-1"]["by-components"][1:]}
    # the routines that fulfil it (RUT-003 is a draft: listed, but it does not count) and the activity
    assert set(by) == {"RUT-001", "RUT-003", "AKT-2026-01"}
    assert by["RUT-001"]["implementation-status"]["state"] == "implemented"
    assert "räknas inte (utkast)" in by["RUT-003"]["description"]
    assert by["AKT-2026-01"]["implementation-status"]["state"] == "planned"
    assert components[by["RUT-001"]["component-uuid"]]["status"]["state"] == "operational"
    assert requirements["ALFA-3"]["by-components"][0]["description"].startswith("Ospårad")
    assert "Kontoret bedriver ingen sjöfart." in requirements["ALFA-4"]["by-components"][0]["description"]
    assert export(capsysbinary, "--what", "ssp")[1] == out


def test_bad_choices_exit_2(capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
    code, _, err = export(capsysbinary, "--what", "catalog")
    assert code == 2 and "--source" in err
    code, _, err = export(capsysbinary, "--what", "catalog", "--source", "GAMMA")
    assert code == 2 and "okänd källa 'GAMMA'" in err and "ALFA, BETA" in err
    code, _, err = export(capsysbinary, "--what", "ssp", "--source", "ALFA")
    assert code == 2 and "--source gäller bara --what catalog" in err
    code, _, err = export(capsysbinary, "--what", "ssp", "-o", str(FIXTURE / "docs" / "x.json"))
    assert code == 2 and not (FIXTURE / "docs" / "x.json").exists()


def test_real_content_is_valid_oscal(capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
    root = copy_real(tmp_path / "real")
    out = tmp_path / "oscal"
    assert export(capsysbinary, "--what", "catalog", "-o", f"{out}/", root=root)[0] == 0
    assert export(capsysbinary, "--what", "profile", "-o", str(out / PROFILE_FILE), root=root)[0] == 0
    assert export(capsysbinary, "--what", "ssp", "-o", str(out / "ssp.json"), root=root)[0] == 0
    files = sorted(out.iterdir())
    # the city's shared catalogs, which the office pins (katalog/)
    assert len(files) == len(list((REPO / "katalog" / "requirements").glob("*.yaml"))) + 2
    for path in files:
        assert errors(json.loads(path.read_text(encoding="utf-8"))) == [], path.name
    profile = json.loads((out / PROFILE_FILE).read_text(encoding="utf-8"))["profile"]
    # every import names a catalog file written beside it
    assert {i["href"] for i in profile["imports"]} <= {p.name for p in files}
    # the SoA's justification for an Annex A control
    prose = [a["adds"][0]["parts"][0]["prose"] for a in profile["modify"]["alters"] if a["control-id"].startswith("ISO27001-A-")]
    assert prose and all(p for p in prose)
