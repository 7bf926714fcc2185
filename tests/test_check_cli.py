"""``lis check`` and ``lis build`` on the command line: exit codes, formats, the
"Done when" scenarios of the gate's issue, and no traceback ever.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from checks.main import main
from gatefixture import FIRE, QUIET, copy_project, need_line, text_line, tree_hash, yaml_line

TODAY = "2026-11-29"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LIS_TODAY", raising=False)
    return copy_project(QUIET, tmp_path / "p")


def check(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--root", str(root), "--today", TODAY, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_clean_project_exits_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree_hash(project / "docs", project / "requirements")
    code, out, _ = check(capsys, project)
    assert code == 0
    assert out.splitlines()[-1] == "0 fel, 0 varningar"
    assert tree_hash(project / "docs", project / "requirements") == before


def test_removing_a_fulfils_link_gives_lis010_and_restoring_it_clears_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = project / "docs" / "rutiner.md"
    assert check(capsys, project)[0] == 0
    original = edit(page, "QUIET-1[fingerprint.startswith('a148a536')], ", "")
    code, out, _ = check(capsys, project, "--format", "json")
    assert code == 1
    data = json.loads(out)
    catalog = project / "requirements" / "quiet.yaml"
    assert [(f["code"], f["need_id"], f["file"], f["line"]) for f in data["findings"]] == [
        ("LIS010", "QUIET-1", "requirements/quiet.yaml", yaml_line(catalog, "QUIET-1"))
    ]
    assert "QUIET-1" in data["findings"][0]["message"]
    page.write_text(original, encoding="utf-8")
    assert check(capsys, project)[0] == 0


@pytest.fixture
def overdue(project: Path) -> Path:
    """A routine reviewed two years back: LIS020 at its line."""
    edit(project / "docs" / "rutiner.md", ":reviewed: 2025-12-30", ":reviewed: 2023-12-30")
    return project


def test_overdue_routine_in_text(overdue: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, overdue)
    line = need_line(overdue / "docs" / "rutiner.md", "RUT-001")
    assert code == 1
    assert f"  docs/rutiner.md:{line}: LIS020 [RUT-001] " in out
    # reviewed before the catalog's revision, too: a suspect link
    assert f"  docs/rutiner.md:{line}: LIS023 [RUT-001] " in out
    assert out.splitlines()[-1] == "1 fel, 1 varning"


def test_overdue_routine_in_every_format(overdue: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = need_line(overdue / "docs" / "rutiner.md", "RUT-001")
    code, out, _ = check(capsys, overdue, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["summary"] == {"errors": 1, "warnings": 1}
    assert [(f["code"], f["file"], f["line"], f["need_id"]) for f in data["findings"]] == [
        ("LIS020", "docs/rutiner.md", line, "RUT-001"),
        ("LIS023", "docs/rutiner.md", line, "RUT-001"),
    ]

    code, out, _ = check(capsys, overdue, "--format", "github")
    assert code == 1
    assert out.splitlines()[0].startswith(f"::error file=docs/rutiner.md,line={line},title=LIS020::")

    code, out, _ = check(capsys, overdue, "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("LIS020", "error"), ("LIS023", "warning")]
    result = results[0]
    region = result["locations"][0]["physicalLocation"]
    assert (region["artifactLocation"]["uri"], region["region"]["startLine"]) == ("docs/rutiner.md", line)

    code, out, _ = check(capsys, overdue, "--format", "junit")
    failures = ET.fromstring(out).findall(".//failure")
    assert [f.get("type") for f in failures] == ["LIS020"]
    assert f"docs/rutiner.md:{line}:" in failures[0].text


def test_lis_today_from_the_environment(overdue: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LIS_TODAY", "2024-06-01")
    capsys.readouterr()
    main(["check", "--root", str(overdue), "--format", "json"])
    # in June 2024 the routine was not overdue yet (the review and the decision, dated
    # later, are reported as dated in the future: LIS026)
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "LIS020" not in codes and "LIS026" in codes
    monkeypatch.setenv("LIS_TODAY", TODAY)
    assert main(["check", "--root", str(overdue)]) == 1
    out, _ = capsys.readouterr()
    assert "LIS020" in out


def test_warnings_alone_exit_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "docs" / "aktiviteter.md", ":due: 2026-12-31", ":due: 2026-11-01")
    code, out, _ = check(capsys, project)
    assert code == 0
    assert "LIS030" in out and out.splitlines()[-1] == "0 fel, 1 varning"


def test_severity_override_in_pyproject(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "docs" / "aktiviteter.md", ":due: 2026-12-31", ":due: 2026-11-01")
    (project / "pyproject.toml").write_text('[tool.lis]\nseverity = { LIS030 = "error" }\n', encoding="utf-8")
    code, out, _ = check(capsys, project)
    assert code == 1 and out.splitlines()[-1] == "1 fel, 0 varningar"


def test_output_file(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ut" / "lis.sarif"
    code, out, err = check(capsys, project, "--format", "sarif", "--output", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert "0 fel, 0 varningar" in err


@pytest.mark.parametrize(
    "args, words",
    [
        (["--today", "2026-02-30"], "--today"),
        (["--output", "docs/x.json"], "--output"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(project: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str) -> None:
    args = [a if a != "docs/x.json" else str(project / "docs" / "x.json") for a in args]
    code = main(["check", "--root", str(project), *args])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err
    assert not (project / "docs" / "x.json").exists()


def test_bad_format_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(project), "--format", "xml"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_no_project_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--root", str(tmp_path / "finns-inte"), "--today", TODAY])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Inget lis-projekt" in err


def test_bad_settings_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text("[tool.lis]\nrisk_threshold = 0\n", encoding="utf-8")
    code, out, err = check(capsys, project)
    assert code == 2 and "risk_threshold" in err and err.count("\n") == 1


def test_fire_fixture_through_the_console_script(tmp_path: Path) -> None:
    """The installed ``lis`` in a process of its own: exit 1, no traceback, nothing written."""
    before = tree_hash(FIRE / "docs", FIRE / "requirements")
    result = subprocess.run(
        [sys.executable, "-m", "checks.main", "check", "--root", str(FIRE), "--today", TODAY, "--format", "github"],
        capture_output=True,
        text=True,
        env={"LIS_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "39 fel, 11 varningar"
    routines = FIRE / "docs" / "rutiner.md"
    assert f"::error file=docs/rutiner.md,line={text_line(routines, ':status: klar')},title=LIS002::" in result.stdout
    assert tree_hash(FIRE / "docs", FIRE / "requirements") == before
    assert not (FIRE / "_build").exists()


def test_build_refuses_a_personnummer_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    out_dir = tmp_path / "html"
    # check_fire holds a personnummer: no site is written, --strict or not
    code = main(["build", "--root", str(FIRE), "--today", TODAY, "--out", str(out_dir)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "LIS040" in out and "personnummer" in err
    assert not out_dir.exists()
    assert not (FIRE / "_build").exists()


def test_build_runs_the_rules_with_its_date(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "html"
    assert main(["build", "--root", str(project), "--today", TODAY, "--out", str(out_dir)]) == 0
    assert (out_dir / "index.html").is_file()
    capsys.readouterr()
    # the same project two years later: the site is built and shows what is overdue …
    later = tmp_path / "html2"
    assert main(["build", "--root", str(project), "--today", "2028-11-29", "--out", str(later)]) == 0
    out, err = capsys.readouterr()
    assert "LIS020" in out and "LIS024" in out and "--strict" in err
    assert (later / "index.html").is_file()
    # … and --strict refuses it, as lis check does
    assert main(["build", "--strict", "--root", str(project), "--today", "2028-11-29", "--out", str(later)]) == 1
    assert main(["check", "--root", str(project), "--today", "2028-11-29"]) == 1


def test_code_lists_every_finding_of_a_code_and_keeps_the_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_project(FIRE, tmp_path / "p")
    code, out, _ = check(capsys, root, "--format", "json")
    every = json.loads(out)["findings"]
    assert code == 1
    wanted = every[0]["code"]
    code, out, _ = check(capsys, root, "--code", wanted.lower())
    lines = [line for line in out.splitlines() if line.startswith("  ")]
    assert code == 1 and len(lines) == sum(f["code"] == wanted for f in every)
    assert all(f" {wanted} " in line for line in lines)
    code, _, err = check(capsys, root, "--code", "LIS999")
    assert code == 2 and "--code: 'LIS999' är ingen kod" in err


def test_findings_speak_swedish_and_the_libraries_words_go_to_the_debug_log(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = project / "docs" / "rutiner.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSe {need}`RUT-999`.\n\n```{okant-direktiv}\n```\n",
                    encoding="utf-8")
    code, out, err = check(capsys, project, "--format", "json")
    found = json.loads(out)["findings"]
    assert code == 1 and {"LIS005", "LIS001"} <= {f["code"] for f in found}
    for f in found:
        assert "Sphinx:" not in f["message"] and "sphinx-needs:" not in f["message"], f["message"]
        assert "not found" not in f["message"] and "Unknown directive" not in f["message"]
    assert "lis debug" not in err
    monkeypatch.setenv("LIS_DEBUG", "1")
    _, _, err = check(capsys, project, "--format", "json")
    assert "lis debug:" in err and "RUT-999" in err and "okant-direktiv" in err


def test_an_empty_page_is_one_finding_in_check_and_build(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs" / "tom.md").write_bytes(b"")
    (project / "docs" / "utan-rubrik.md").write_text("Bara text, ingen rubrik.\n", encoding="utf-8")
    edit(project / "docs" / "index.md", "tillgangar\n", "tillgangar\ntom\nutan-rubrik\n")
    code, out, _ = check(capsys, project, "--format", "json")
    found = [(f["code"], f["file"], f["line"]) for f in json.loads(out)["findings"]]
    assert code == 1 and found == [("LIS001", "docs/tom.md", 1), ("LIS001", "docs/utan-rubrik.md", 1)]
    assert main(["build", "--root", str(project), "--today", TODAY, "--out", str(tmp_path / "html")]) == 0
    out, _ = capsys.readouterr()
    assert "2 fel, 0 varningar" in out and "docs/index.md" not in out


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True,
                   capture_output=True)


def test_an_id_used_twice_is_blamed_where_it_was_added(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not on the untouched original: git tells which file is being changed."""
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "start")
    # a requirement id of quiet.yaml added to a new catalog that is read before it
    (project / "requirements" / "aaa.yaml").write_text(
        "source:\n  id: AAA\n  title: Ny katalog\n  issuer: Test\n  version: '1'\n  revised: 2026-01-01\n"
        "requirements:\n  - id: QUIET-1\n    title: Samma id\n    ref: Art. 1\n    text: Ett krav.\n"
        "    applicable: true\n", encoding="utf-8")
    code, out, _ = check(capsys, project, "--format", "json")
    twice = [f for f in json.loads(out)["findings"] if f["code"] == "LIS003"]
    assert code == 1 and [f["file"] for f in twice] == ["requirements/aaa.yaml"]
    (project / "requirements" / "aaa.yaml").unlink()
    # a page's need id used again on a page Sphinx reads earlier
    page = project / "docs" / "aktiviteter.md"
    edit(page, "# ", "# Aktiviteter\n\n:::{routine} Kopia\n:id: RUT-001\n:status: utkast\n"
         ":owner: Informationssäkerhetssamordnare\n:reviewed: 2026-01-01\n:review_interval: 12\n\nText.\n:::\n\n# ")
    code, out, _ = check(capsys, project, "--format", "json")
    twice = [f for f in json.loads(out)["findings"] if f["code"] == "LIS003"]
    assert [f["file"] for f in twice] == ["docs/aktiviteter.md"], twice
