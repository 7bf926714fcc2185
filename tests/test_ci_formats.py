"""``lis check --format gitlab|azure`` and the format chosen from the CI platform's own variables."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from checks.ci_platform import PLATFORMS, detect
from checks.findings import Finding
from checks.main import main
from checks.reporters import azure, gitlab, render
from gatefixture import FIRE, QUIET, copy_project

TODAY = "2026-11-29"
HERE = Path(__file__).parent

# GitLab's Code Quality report format as its documentation lists it: a JSON array of
# issues with these required keys (severity from its five levels; a location by
# lines.begin or positions.begin.line). GitLab publishes no schema file for it.
CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "not": {"pattern": "^(/|\\./)"}},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                    "positions": {"type": "object"},
                },
                "anyOf": [{"required": ["lines"]}, {"required": ["positions"]}],
            },
        },
    },
}

ODD = "Kravet GDPR-30; se ]avsnitt[ 100%\nrad 2\r##vso[task.complete result=Succeeded]klart"
FINDINGS = [
    Finding("LIS021", "warning", "docs/rutiner/rut-002.md", 3, "RUT-002", "Rutinen RUT-002 ska granskas."),
    Finding("LIS010", "error", "requirements/gdpr;x].yaml", 12, "GDPR-30", ODD),
    # one need, one code, one file, twice
    Finding("LIS002", "error", "docs/a.md", 7, "RUT-009", "Fältet owner saknas."),
    Finding("LIS002", "error", "docs/a.md", 9, "RUT-009", "Fältet status är inte tillåtet."),
    Finding("LIS040", "error", "docs/index.md", 5, "", "Rad 5 innehåller ett personnummer."),
]


def _moved(f: Finding, lines: int) -> Finding:
    return Finding(f.code, f.severity, f.file, f.line + lines, f.need_id, f.message)


# --- GitLab ---------------------------------------------------------------------------


def test_gitlab_report_is_code_quality() -> None:
    report = json.loads(render("gitlab", FINDINGS))
    jsonschema.validate(report, CODE_QUALITY_SCHEMA)
    assert len(report) == len(FINDINGS)
    fingerprints = [issue["fingerprint"] for issue in report]
    assert len(set(fingerprints)) == len(fingerprints)
    by_code = {(i["check_name"], i["location"]["lines"]["begin"]): i for i in report}
    assert by_code[("LIS010", 12)]["severity"] == "major"
    assert by_code[("LIS021", 3)]["severity"] == "minor"
    assert by_code[("LIS010", 12)]["location"]["path"] == "requirements/gdpr;x].yaml"
    assert by_code[("LIS010", 12)]["description"].endswith(ODD)


def test_gitlab_fingerprints_are_stable_when_a_finding_moves() -> None:
    before = {(i["check_name"], i["description"]): i["fingerprint"] for i in json.loads(render("gitlab", FINDINGS))}
    moved = [_moved(f, 40) for f in reversed(FINDINGS)]
    after = {(i["check_name"], i["description"]): i["fingerprint"] for i in json.loads(render("gitlab", moved))}
    assert after == before


def test_gitlab_fingerprint_of_the_first_stays_when_a_second_appears() -> None:
    one = gitlab.fingerprints([FINDINGS[2]])
    two = gitlab.fingerprints([FINDINGS[3], FINDINGS[2]])
    assert two[1] == one[0] and two[0] != one[0]


def test_gitlab_empty_report_is_an_empty_array() -> None:
    assert json.loads(render("gitlab", [])) == []


# --- Azure Pipelines ------------------------------------------------------------------

# How the agent reads a logging command (its task library's parser): the command up to
# the first space, properties up to the first ']' split at ';' and '=', then unescaped.
_COMMAND = re.compile(r"##vso\[(?P<head>[^\]]*)\](?P<message>.*)")


def _unescape(value: str, property_: bool) -> str:
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%5D", "]"), ("%3B", ";")] if property_ else []) + [("%AZP25", "%")]
    for escaped, char in pairs:
        value = value.replace(escaped, char)
    return value


def agent_commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    commands = []
    for line in output.splitlines():
        assert line.count("##vso[") <= 1 or line.index("##vso[", 1) > line.index("]"), line
        match = _COMMAND.search(line)
        if not match:
            continue
        command, _, head = match["head"].partition(" ")
        properties = {}
        for part in filter(None, head.split(";")):
            key, _, value = part.partition("=")
            properties[key] = _unescape(value, True)
        commands.append((command, properties, _unescape(match["message"], False)))
    return commands


def test_azure_one_logissue_per_finding_with_file_and_line() -> None:
    out = render("azure", FINDINGS)
    commands = agent_commands(out)
    issues = [c for c in commands if c[0] == "task.logissue"]
    assert len(issues) == len(FINDINGS) and len(commands) == len(FINDINGS)
    seen = {(p["code"], p["sourcepath"], int(p["linenumber"]), p["type"]) for _, p, _ in issues}
    assert seen == {(f.code.name, f.file, f.line, "error" if f.is_error else "warning") for f in FINDINGS}
    assert out.splitlines()[-1] == "4 fel, 1 varning"


def test_azure_survives_semicolon_bracket_and_newline() -> None:
    out = render("azure", FINDINGS)
    # the message's own line break and command never start a line or a command
    assert not any(line.startswith("##vso[task.complete") for line in out.splitlines())
    (issue,) = [c for c in agent_commands(out) if c[1].get("code") == "LIS010"]
    _, properties, message = issue
    assert properties["sourcepath"] == "requirements/gdpr;x].yaml"
    assert set(properties) == {"type", "sourcepath", "linenumber", "code"}
    assert message.endswith(ODD)


def test_azure_uploads_the_summary_when_given_a_file(tmp_path: Path) -> None:
    path = tmp_path / "a;b]%.md"
    out = azure.render(FINDINGS, summary=path)
    assert agent_commands(out)[-1] == ("task.uploadsummary", {}, str(path))


# --- lis check, formats chosen by the platform -----------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LIS_TODAY", raising=False)
    return copy_project(FIRE, tmp_path / "p")


def check(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--root", str(root), "--today", TODAY, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_detect_from_each_platforms_variable() -> None:
    assert detect({}) is None
    assert detect({"GITHUB_ACTIONS": "true"}).format == "github"
    assert detect({"GITLAB_CI": "true"}).format == "gitlab"
    assert detect({"TF_BUILD": "True"}).format == "azure"
    assert detect({"TF_BUILD": "False", "CI": "true"}) is None


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.format)
def test_check_picks_the_format_of_its_platform(
    platform, project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(platform.variable, "True" if platform.format == "azure" else "true")
    code, out, err = check(capsys, project)
    assert code == 1
    assert f"Utdataformat: {platform.format} ({platform.name}: {platform.variable} är satt)." in err
    expected = {
        "github": lambda: out.startswith("::error file="),
        "gitlab": lambda: jsonschema.validate(json.loads(out), CODE_QUALITY_SCHEMA) is None,
        "azure": lambda: out.startswith("##vso[task.logissue type=error;sourcepath="),
    }
    assert expected[platform.format]()
    # --format wins over the platform, and says nothing about it
    code, out, err = check(capsys, project, "--format", "json")
    assert "findings" in json.loads(out) and "Utdataformat" not in err


def test_check_without_a_platform_writes_text_and_says_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check(capsys, project)
    assert code == 1 and out.splitlines()[0].startswith("Kontrollerat per ")
    assert "Utdataformat" not in err


def test_gitlab_report_of_the_fire_fixture(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report_path = tmp_path / "gl-code-quality-report.json"
    code, _, _ = check(capsys, project, "--format", "gitlab", "--output", str(report_path))
    assert code == 1
    report = json.loads(report_path.read_text(encoding="utf-8"))
    jsonschema.validate(report, CODE_QUALITY_SCHEMA)
    fingerprints = [i["fingerprint"] for i in report]
    assert len(report) > 10 and len(set(fingerprints)) == len(fingerprints)
    for issue in report:
        assert (project / issue["location"]["path"]).is_file()
    # the same content gives the same report
    check(capsys, project, "--format", "gitlab", "--output", str(tmp_path / "again.json"))
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == report_path.read_text(encoding="utf-8")


def test_azure_summary_in_the_agents_temp_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_project(FIRE, tmp_path / "p")
    temp = tmp_path / "agent-temp"
    temp.mkdir()
    monkeypatch.setenv("AGENT_TEMPDIRECTORY", str(temp))
    code, out, err = check(capsys, root, "--format", "azure")
    assert code == 1
    commands = agent_commands(out)
    issues = [c for c in commands if c[0] == "task.logissue"]
    assert commands[-1] == ("task.uploadsummary", {}, str(temp / "lis-check.md"))
    summary = (temp / "lis-check.md").read_text(encoding="utf-8")
    assert summary.startswith("## lis check\n")
    assert summary.count("\n| LIS") == len(issues)


def test_azure_goes_on_when_the_summary_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_project(QUIET, tmp_path / "p")
    monkeypatch.setenv("AGENT_TEMPDIRECTORY", str(tmp_path / "saknas"))
    code, out, err = check(capsys, root, "--format", "azure")
    assert code == 0
    assert "sammanfattningen kan inte skrivas" in err
    assert "uploadsummary" not in out
