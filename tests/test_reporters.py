"""checks/reporters: text, github, json, sarif and junit."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from checks.findings import Finding
from checks.reporters import FORMATS, render
from checks.rules import Rule

FINDINGS = [
    Finding("LIS021", "warning", "docs/rutiner/rut-002.md", 3, "RUT-002", "Rutinen RUT-002 ska granskas senast 2026-12-15."),
    Finding(
        "LIS010",
        "error",
        "requirements/gdpr.yaml",
        12,
        "GDPR-30",
        "Kravet GDPR-30 är ospårat: 100% saknas, rad 1,\nrad 2.",
    ),
    Finding("LIS040", "error", "docs/index.md", 5, "", "Rad 5 innehåller ett personnummer (kolumn 3)."),
]


def test_every_format_is_registered() -> None:
    assert set(FORMATS) == {"text", "github", "gitlab", "azure", "json", "sarif", "junit"}


def test_json_is_exactly_the_design() -> None:
    data = json.loads(render("json", FINDINGS))
    assert list(data) == ["summary", "findings"]
    assert data["summary"] == {"errors": 2, "warnings": 1}
    assert data["findings"][0] == {
        "code": "LIS040",
        "severity": "error",
        "file": "docs/index.md",
        "line": 5,
        "need_id": "",
        "message": "Rad 5 innehåller ett personnummer (kolumn 3).",
    }
    for item in data["findings"]:
        assert list(item) == ["code", "severity", "file", "line", "need_id", "message"]


def test_json_without_findings() -> None:
    assert json.loads(render("json", [])) == {"summary": {"errors": 0, "warnings": 0}, "findings": []}


def test_text_groups_errors_and_warnings_and_sums_up() -> None:
    out = render("text", FINDINGS)
    lines = out.splitlines()
    assert lines[0] == "Fel (2):"
    assert lines[1].startswith("  docs/index.md:5: LIS040 ")
    assert lines[2].startswith("  requirements/gdpr.yaml:12: LIS010 [GDPR-30] ")
    assert "Varningar (1):" in lines
    assert lines[-1] == "2 fel, 1 varning"


def test_text_summary_inflection() -> None:
    assert render("text", []).splitlines()[-1] == "0 fel, 0 varningar"
    two = [FINDINGS[0], FINDINGS[0].__class__(**{**FINDINGS[0].as_dict(), "line": 4})]
    assert render("text", two).splitlines()[-1] == "0 fel, 2 varningar"


def test_github_annotations() -> None:
    lines = render("github", FINDINGS).splitlines()
    assert lines[1].startswith("::error file=requirements/gdpr.yaml,line=12,title=LIS010::")
    # the data is escaped as the workflow commands require
    assert "100%25 saknas" in lines[1] and "%0Arad 2." in lines[1]
    assert lines[1].endswith(f"::{Rule.LIS010.title}: Kravet GDPR-30 är ospårat: 100%25 saknas, rad 1,%0Arad 2.")
    assert lines[2].startswith("::warning file=docs/rutiner/rut-002.md,line=3,title=LIS021::")
    assert lines[-1] == "2 fel, 1 varning"


def test_github_escapes_properties() -> None:
    odd = Finding("LIS001", "error", "docs/a,b:c.md", 1, "", "x")
    assert render("github", [odd]).startswith("::error file=docs/a%2Cb%3Ac.md,line=1,title=LIS001::")


def test_sarif_2_1_0() -> None:
    data = json.loads(render("sarif", FINDINGS))
    assert data["version"] == "2.1.0"
    assert data["$schema"].endswith("sarif-2.1.0.json")
    (run,) = data["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lis"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in Rule]
    assert rules[0]["shortDescription"]["text"] == Rule.LIS001.title
    assert rules[0]["defaultConfiguration"]["level"] == "error"
    results = run["results"]
    assert len(results) == 3
    gdpr = next(r for r in results if r["ruleId"] == "LIS010")
    assert gdpr["level"] == "error"
    assert rules[gdpr["ruleIndex"]]["id"] == "LIS010"
    (location,) = gdpr["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "requirements/gdpr.yaml"
    assert location["physicalLocation"]["region"]["startLine"] == 12
    assert gdpr["message"]["text"].startswith("Kravet GDPR-30")
    assert gdpr["properties"]["need_id"] == "GDPR-30"
    warning = next(r for r in results if r["ruleId"] == "LIS021")
    assert warning["level"] == "warning"


def test_junit_one_case_per_rule() -> None:
    root = ET.fromstring(render("junit", FINDINGS))
    assert root.tag == "testsuites"
    (suite,) = root
    cases = suite.findall("testcase")
    assert len(cases) == len(Rule) == int(suite.get("tests"))
    assert suite.get("failures") == "2" == root.get("failures")
    by_name = {c.get("name").split()[0]: c for c in cases}
    failure = by_name["LIS010"].find("failure")
    assert failure is not None and failure.get("type") == "LIS010"
    assert "requirements/gdpr.yaml:12:" in failure.text
    assert by_name["LIS021"].find("failure") is None
    assert "docs/rutiner/rut-002.md:3" in by_name["LIS021"].find("system-out").text
    assert by_name["LIS001"].find("failure") is None


def test_duplicates_are_reported_once() -> None:
    data = json.loads(render("json", [FINDINGS[0], FINDINGS[0]]))
    assert data["summary"] == {"errors": 0, "warnings": 1}


def _many(kind: str, amount: int, folder: str) -> list[Finding]:
    code = "LIS010" if kind == "error" else "LIS021"
    return [Finding(code, kind, f"{folder}/f{i:02}.md", 1, "", f"nr {i}") for i in range(amount)]


def test_github_changed_files_come_first_within_errors_and_warnings() -> None:
    from checks.reporters import github

    lines = github.render(FINDINGS, changed={"requirements/gdpr.yaml", "docs/rutiner/rut-002.md"}).splitlines()
    assert lines[0].startswith("::error file=requirements/gdpr.yaml,")
    assert lines[1].startswith("::error file=docs/index.md,")
    assert lines[2].startswith("::warning file=docs/rutiner/rut-002.md,")
    # nothing changed, or unknown: the normal order
    assert github.render(FINDINGS, changed=()) == render("github", FINDINGS)


def test_github_says_how_many_annotations_github_shows() -> None:
    from checks.reporters import github

    many = _many("error", 12, "docs") + _many("warning", 25, "docs")
    out = github.render(many, summary_written=True).splitlines()
    assert out[-2] == (
        "GitHub visar högst 10 fel och 10 varningar som anteckningar; alla 37 finns i jobbsammanfattningen. "
        "Här syns 20 av 37 som anteckningar (först de filer som pull requesten ändrar)."
    )
    assert out[-1] == "12 fel, 25 varningar"
    # within the limit: no "Här syns"; without the summary file the log is where they are
    few = github.render(FINDINGS).splitlines()
    assert few[-2] == "GitHub visar högst 10 fel och 10 varningar som anteckningar; alla 3 finns i loggen ovan."
    assert "GitHub visar" not in github.render([])


def test_github_summary_markdown_lists_every_finding() -> None:
    import datetime as dt

    from checks.dates import Today
    from checks.reporters import github

    odd = Finding("LIS040", "error", "docs/a|b.md", 7, "RUT-1", "Pipa | här, <b>fet</b> och *stjärna*\nny rad")
    many = _many("warning", 30, "docs") + [odd]
    md = github.summary_markdown(many, Today(dt.date(2026, 11, 29), "--today"))
    lines = md.splitlines()
    assert lines[0] == "## lis check"
    assert "Kontrollerat per 2026-11-29 (angivet med --today)." in lines
    assert "**1 fel, 30 varningar**" in lines
    header = lines.index("| Kod | Allvarlighet | Fil | Rad | Id | Meddelande |")
    rows = lines[header + 2 :]
    assert len(rows) == 31  # every finding, not only the first ten of each kind
    assert rows[0] == (
        "| LIS040 | fel | docs/a\\|b.md | 7 | RUT-1 | "
        "Pipa \\| här, \\<b\\>fet\\</b\\> och \\*stjärna\\*<br>ny rad |"
    )
    assert rows[1].startswith("| LIS021 | varning | docs/f00.md | 1 |  | nr 0 |")
    # each row has exactly the six cells: no unescaped pipe inside one
    for row in rows:
        assert row.replace("\\|", "").count("|") == 7
    assert github.summary_markdown([]).splitlines()[-1] == "Inga fel eller varningar."


def _overdue(n: int, owner: str) -> Finding:
    return Finding("LIS020", "error", f"docs/rutiner/rut-{n:03d}.md", 3, f"RUT-{n:03d}",
                   f"Rutinen RUT-{n:03d} skulle ha granskats senast 2026-12-01.", owner=owner)


def test_text_groups_repeated_findings_by_code_and_owner_with_the_command_that_lists_them() -> None:
    from checks.dates import Today
    import datetime as dt

    found = [_overdue(n, "Samordnaren") for n in (1, 2, 3)] + [_overdue(n, "Staden") for n in (101, 102)]
    found += [_overdue(5, ""), FINDINGS[0]]
    lines = render("text", found).splitlines()
    assert lines[1] == "  LIS020 × 6: Dokumentet skulle ha granskats"
    assert "      Samordnaren: 3 (RUT-001, RUT-002, RUT-003)" in lines
    assert "      Staden: 2 (RUT-101, RUT-102)" in lines
    assert "      ingen ansvarig angiven: 1 (RUT-005)" in lines
    assert "      alla: lis check --code LIS020" in lines
    assert sum("LIS020" in line for line in lines) == 2  # the group's head and its command
    assert any(line.startswith("  docs/rutiner/rut-002.md:3: LIS021") for line in lines)  # one alone stays a line
    # a date given with --today is given to the command too
    fixed = render("text", found, Today(dt.date(2026, 12, 5), "--today"))
    assert "alla: lis check --code LIS020 --today 2026-12-05" in fixed
    # the machine formats stay complete, one entry per finding, in the documented shape
    data = json.loads(render("json", found))
    assert len(data["findings"]) == 7 and all("owner" not in item for item in data["findings"])
    assert render("junit", found).count("<testcase") >= 7


def test_text_below_the_threshold_is_not_grouped() -> None:
    found = [_overdue(n, "Samordnaren") for n in (1, 2)]
    lines = render("text", found).splitlines()
    assert [line.split(":")[0] for line in lines[1:3]] == ["  docs/rutiner/rut-001.md", "  docs/rutiner/rut-002.md"]


def test_an_owner_survives_the_result_cache() -> None:
    f = _overdue(1, "Samordnaren")
    assert Finding.from_dict(f.as_dict()) == f
    assert "owner" not in FINDINGS[0].as_dict()
