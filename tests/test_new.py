"""``lis new`` and the section indexes that pick up a new page by themselves.

The README's "Lägga till en rutin" steps and ``lis new`` are run literally on a
copy of the real project, then ``lis check`` (and once ``lis build --strict``)
must accept them: one new file is all it takes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from gatefixture import copy_real_project

from checks.commands.new import _next_risk, existing_ids, next_id, slug
from checks.datamodel import load
from checks.errors import ProjectError
from checks.gate.messages import glob_patterns, not_included_hint, section_index
from checks.main import main
from checks.project import Project, read_settings
from checks.settings import Settings

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-29"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real project (without build output); Sphinx's cache beside it."""
    root = copy_real_project(tmp_path / "lis")
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LIS_TODAY", raising=False)
    monkeypatch.chdir(root)
    return root


def lis(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in (root / "docs").rglob("*") if p.is_file()}


def findings_in(out: str, path: str) -> list[str]:
    return [line for line in out.splitlines() if line.strip().startswith(f"{path}:")]


# ---------------------------------------------------------------- the README, literally


def readme_routine() -> tuple[str, str]:
    """The file name and the Markdown the README's "Lägga till en rutin" section shows."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Lägga till en rutin", 1)[1].split("\n## ", 1)[0]
    path = re.search(r"till exempel\s+`(docs/rutiner/[^`]+\.md)`", section)
    block = re.search(r"```markdown\n(.*?)```", section, re.DOTALL)
    assert path and block, "README: the routine example is missing"
    return path[1], block[1]


def test_the_readme_routine_steps_pass_check_and_strict_build(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path, markdown = readme_routine()
    assert not (project / path).exists()
    (project / path).write_text(markdown, encoding="utf-8")
    code, out, _ = lis(capsys, "check", "--today", TODAY)
    assert code == 0, out
    assert out.splitlines()[-1].startswith("0 fel")
    assert findings_in(out, path) == []  # not overdue, not untraced, not outside the menu
    code, out, err = lis(capsys, "build", "--strict", "--today", TODAY, "--out", str(tmp_path / "html"))
    assert code == 0, out + err
    page = Path(path).with_suffix(".html").relative_to("docs").as_posix()
    assert f'href="{page}"' in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")


def test_the_readme_names_the_new_commands() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    commands = text.split("## Kommandon", 1)[1].split("\n## ", 1)[0]
    assert "lis new routine|activity|incident|decision|risk" in commands
    assert "lis serve" in commands
    assert 'lis new routine --title "Rutin för loggning"' in text


# ---------------------------------------------------------------- lis new on the real content


def test_new_pages_of_every_kind_pass_check_at_once(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = files(project)
    created = {}
    for args in (
        ("routine", "Rutin för loggning"),
        ("activity", "Översyn av behörigheter i Agresso"),
        ("incident", "Felskickat e-postmeddelande"),
        ("decision", "Fastställande av rutin för loggning", "--decided-by", "förvaltningschef"),
        ("risk", "Obehörig åtkomst till loggar", "--origin", "VoR"),
        ("risk", "Leverantörsrisk", "--origin", "isil"),
    ):
        kind, title, *extra = args
        code, out, err = lis(capsys, "new", kind, "--title", title, "--today", TODAY, *extra)
        assert code == 0, err
        created[out.strip()] = err
    assert list(created) == [
        "docs/rutiner/rut-009-loggning.md",
        "docs/aktiviteter/akt-2026-12-oversyn-av-behorigheter-i-agresso.md",
        "docs/risker/inc-2026-01-felskickat-e-postmeddelande.md",
        "docs/beslut/bes-2026-01-faststallande-av-rutin-for-loggning.md",
        "docs/risker/risk-vor-07-obehorig-atkomst-till-loggar.md",
        "docs/risker/risk-isil-r4-leverantorsrisk.md",
    ]
    assert files(project) == before | set(created)  # only the new files
    routine = (project / "docs/rutiner/rut-009-loggning.md").read_text(encoding="utf-8")
    assert routine.startswith("# Rutin för loggning\n\n:::{routine} Rutin för loggning\n:id: RUT-009\n")
    for line in (":status: utkast", ":owner: Informationssäkerhetssamordnare", f":reviewed: {TODAY}",
                 ":review_interval: 12", ":tags: egen"):  # fmt: skip
        assert f"\n{line}\n" in routine
    activity = (project / "docs/aktiviteter/akt-2026-12-oversyn-av-behorigheter-i-agresso.md").read_text()
    assert ":year: 2026\n:due: 2026-12-31\n" in activity and ":status: planerad\n" in activity
    assert f":occurred: {TODAY}\n" in (project / "docs/risker/inc-2026-01-felskickat-e-postmeddelande.md").read_text()
    decision = (project / "docs/beslut/bes-2026-01-faststallande-av-rutin-for-loggning.md").read_text()
    assert f":date: {TODAY}\n:decided_by: förvaltningschef\n" in decision
    assert ":origin: ISIL\n" in (project / "docs/risker/risk-isil-r4-leverantorsrisk.md").read_text()

    code, out, _ = lis(capsys, "check", "--today", TODAY)
    assert code == 0, out
    for path in created:
        assert findings_in(out, path) == [], path


def test_new_refuses_to_overwrite_a_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = project / "docs/rutiner/rut-009-loggning.md"
    target.write_text("# Min egen text\n", encoding="utf-8")  # no :id:, so RUT-009 is still free
    code, out, err = lis(capsys, "new", "routine", "--title", "Rutin för loggning", "--today", TODAY)
    assert (code, out) == (2, "")
    assert "finns redan" in err and "rut-009-loggning.md" in err
    assert target.read_text(encoding="utf-8") == "# Min egen text\n"
    assert not list(target.parent.glob(".*lis-new"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("routine", "--title", "   "), "--title är tom"),
        (("routine", "--title", "!!!"), "inga bokstäver"),
        (("risk", "--title", "Ny risk"), "--origin saknas. Ange ett av: VoR, ISIL, RSA, DSO"),
        (("risk", "--title", "Ny risk", "--origin", "SLK"), "'SLK' är inte tillåtet"),
        (("decision", "--title", "Nytt beslut"), "--decided-by saknas"),
        (("incident", "--title", "Ny", "--owner", "Förvaltningschef"), "--owner gäller bara rutiner och aktiviteter"),
        (("routine", "--title", "Ny", "--origin", "VoR"), "--origin gäller bara risk"),
        (("routine", "--title", "Ny", "--today", "2026-02-30"), "inget giltigt datum"),
        (("meeting", "--title", "Ny"), "okänd typ 'meeting': välj routine, activity, incident, decision, risk"),
    ],
)
def test_bad_input_exits_2_in_swedish_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    before = files(project)
    code, out, err = lis(capsys, "new", *args)
    assert code == 2 and out == ""
    assert message in err
    assert files(project) == before


def test_without_an_owner_role_new_asks_for_one(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(re.sub(r"(?m)^default_owner = .*\n", "", pyproject.read_text(encoding="utf-8")))
    code, _, err = lis(capsys, "new", "activity", "--title", "Ny aktivitet", "--today", TODAY)
    assert code == 2 and "ange --owner ROLL eller sätt default_owner" in err
    code, out, _ = lis(capsys, "new", "activity", "--title", "Ny aktivitet", "--today", TODAY, "--owner", "Förvaltningschef")
    assert code == 0
    assert ":owner: Förvaltningschef\n" in (project / out.strip()).read_text(encoding="utf-8")


# ---------------------------------------------------------------- ids, names, settings


def test_the_next_id_continues_each_series() -> None:
    model = load()
    taken = {"RUT-001", "RUT-008", "RUT-115", "AKT-2026-11", "AKT-2025-06", "BES-2025-01", "RISK-VOR-06"}
    day = dt.date(2026, 11, 29)
    assert next_id("routine", taken, model, day) == "RUT-009"  # the office's own series, not RUT-116
    assert next_id("activity", taken, model, day) == "AKT-2026-12"
    assert next_id("activity", taken, model, dt.date(2027, 1, 2)) == "AKT-2027-01"
    assert next_id("decision", taken, model, day) == "BES-2026-01"
    assert next_id("incident", taken, model, day) == "INC-2026-01"
    assert next_id("risk", taken, model, day, "VoR") == "RISK-VOR-07"
    assert next_id("risk", taken, model, day, "RSA") == "RISK-RSA-01"
    assert _next_risk({"RISK-ISIL-R1", "RISK-ISIL-R3"}, "RISK-ISIL-") == "RISK-ISIL-R4"
    with pytest.raises(ProjectError, match="Serien RUT-0nn är full"):
        next_id("routine", {"RUT-099"}, model, day)


def test_the_real_content_ids_are_found() -> None:
    ids = existing_ids(REPO / "docs")
    assert {"RUT-008", "RUT-115", "AKT-2026-11", "INC-2025-01", "BES-2025-01", "RISK-ISIL-R3"} <= ids


@pytest.mark.parametrize(
    ("title", "kind", "expected"),
    [
        ("Rutin för loggning", "routine", "loggning"),
        ("Rutin för loggning", "risk", "rutin-for-loggning"),
        ("Åtkomst, ändring och överföring", "risk", "atkomst-andring-och-overforing"),
        ("Personuppgiftsbiträdesavtal med instruktion för personuppgiftsbehandling", "activity",
         "personuppgiftsbitradesavtal-med"),  # fmt: skip
        ("Incident – e-post (felskickad)", "incident", "incident-e-post-felskickad"),
    ],
)
def test_file_names_are_swedish_slugs(title: str, kind: str, expected: str) -> None:
    assert slug(title, kind) == expected


def test_default_owner_is_a_validated_setting(tmp_path: Path) -> None:
    assert read_settings(REPO).default_owner == "Informationssäkerhetssamordnare"
    assert Settings().default_owner == ""
    with pytest.raises(ProjectError, match="default_owner i pyproject.toml ska vara en roll på en rad"):
        Settings.from_dict({"default_owner": ["Förvaltningschef"]})


# ---------------------------------------------------------------- the indexes and LIS006


def test_each_section_index_globs_its_own_pages() -> None:
    docs = REPO / "docs"
    assert glob_patterns(docs / "rutiner/index.md") == ["rut-0*", "rut-1*"]
    assert glob_patterns(docs / "aktiviteter/index.md") == ["akt-*"]
    assert glob_patterns(docs / "risker/index.md") == ["risk-*", "inc-*"]
    assert glob_patterns(docs / "beslut/index.md") == ["bes-*"]
    assert glob_patterns(docs / "utbildningar/index.md") == ["utb-*"]
    assert glob_patterns(docs / "krav/index.md") == ["*"]


def test_a_page_in_no_toctree_is_told_its_index_page() -> None:
    project = Project(root=REPO)
    hint = not_included_hint(REPO / "docs/rutiner/rut-201-loggning.md", project)
    assert hint.startswith("Sidan finns inte med i någon innehållsförteckning.")
    assert "docs/rutiner/index.md" in hint and "rut-0*.md, rut-1*.md" in hint
    # a folder without an index page of its own belongs in the start page's
    assert section_index(REPO / "docs/oversikt/ny.md", REPO / "docs") == REPO / "docs/index.md"
    assert "docs/index.md" in not_included_hint(REPO / "docs/oversikt/ny.md", project)


def test_an_activity_made_in_december_belongs_to_next_year(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from checks.commands.new import activity_year

    assert activity_year(dt.date(2026, 11, 29), 30) == 2026  # 32 days left: this year
    assert activity_year(dt.date(2026, 12, 1), 30) == 2027  # 30 days left: it would warn at once
    assert activity_year(dt.date(2026, 6, 1), 0) == 2026
    code, out, _ = lis(capsys, "new", "activity", "--title", "Ny aktivitet", "--today", "2026-12-05")
    assert code == 0 and out.strip().startswith("docs/aktiviteter/akt-2027-")
    text = (project / out.strip()).read_text(encoding="utf-8")
    assert ":year: 2027\n:due: 2027-12-31\n" in text
    code, out, _ = lis(capsys, "check", "--today", "2026-12-05", "--format", "json")
    new_id = re.search(r":id: (\S+)", text)[1]
    assert [f for f in json.loads(out)["findings"] if f["need_id"] == new_id] == []
