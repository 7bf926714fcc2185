"""The year between two reviews on tests/fixtures/year: the gate's findings at their lines,
the calendar (lis export calendar) and the to-do list (lis export todo)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from exportfixture import temp_dir
from gatefixture import TODAY, copy_project, need_line
from icalendar import Calendar

from checks.annual import year_of
from checks.deadlines import start_of
from checks.gate import run_gate
from checks.main import main
from checks.project import load_project
from checks.recurring import load
from checks.settings import Settings

YEAR = Path(__file__).parent / "fixtures" / "year"
PAGE = YEAR / "docs" / "aret.md"
CACHE = temp_dir("lis-year-")


@pytest.fixture(autouse=True)
def _cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIS_CACHE_DIR", str(CACHE))
    monkeypatch.delenv("LIS_TODAY", raising=False)


def test_each_duty_gives_its_finding_at_its_line(tmp_path: Path) -> None:
    found = run_gate(load_project(YEAR), TODAY, cache=tmp_path / "cache")
    got = sorted((f.code.name, f.need_id, f.file, f.line) for f in found)
    assert got == sorted(
        [
            ("LIS021", "RUT-001", "docs/aret.md", need_line(PAGE, "RUT-001")),  # a due routine
            ("LIS036", "MAL-2026-01", "docs/aret.md", need_line(PAGE, "MAL-2026-01")),  # an old measurement
            ("LIS038", "INC-2026-01", "docs/aret.md", need_line(PAGE, "INC-2026-01")),  # no early warning
            ("LIS038", "INC-2026-02", "docs/aret.md", need_line(PAGE, "INC-2026-02")),  # IMY after 80 h
        ]
    )
    messages = {f.need_id: f.message for f in found if f.code.name == "LIS038"}
    assert "senast 2026-11-28 14:00" in messages["INC-2026-01"] and "CSIRT-enheten (test)" in messages["INC-2026-01"]
    assert "8 tim efter fristen 2026-11-13 08:00" in messages["INC-2026-02"]


def test_a_time_given_with_today_moves_the_clock(tmp_path: Path) -> None:
    # at 2026-11-28 03:00 the early warning is due within 12 hours: a warning, not an error
    moment = dt.datetime(2026, 11, 28, 3, 0, tzinfo=start_of(TODAY).tzinfo)
    found = run_gate(load_project(YEAR), moment.date(), cache=tmp_path / "cache", now=moment)
    early = [f for f in found if f.need_id == "INC-2026-01"]
    assert [(f.code.name, f.severity) for f in early] == [("LIS039", "warning")]
    assert "om 11 tim" in early[0].message


def _export(capsysbinary: pytest.CaptureFixture[bytes], *args: str, root: Path = YEAR) -> bytes:
    code = main(["export", *args, "--root", str(root), "--today", "2026-11-29"])
    out, err = capsysbinary.readouterr()
    assert code == 0, err.decode()
    return out


def _events(data: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_the_calendar_has_one_event_per_duty_with_stable_uids(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    first = _events(_export(capsysbinary, "calendar"))
    duties = year_of(
        load_needs_of(YEAR), start_of(TODAY), load_project(YEAR).settings, YEAR
    ).duties
    assert len(first) == len(duties) == len({d.uid for d in duties})
    assert sorted(first) == sorted(
        [
            "RUT-001-granskning@testkontoret.lis",
            "AKT-2026-01-slutdatum@testkontoret.lis",
            "MAL-2026-01-matning@testkontoret.lis",
            "MAL-2026-01-slutdatum@testkontoret.lis",
            "INC-2026-01-early_warning@testkontoret.lis",
            "INC-2026-01-notification@testkontoret.lis",
            "INC-2026-01-final_report@testkontoret.lis",
            "LG-nasta@testkontoret.lis",
            "arshjul-isil-mote@testkontoret.lis",
        ]
    )
    # the same export again: the same bytes; a date moved: the same UID, the new date
    assert _events(_export(capsysbinary, "calendar")).keys() == first.keys()
    moved = copy_project(YEAR, tmp_path / "flyttad")
    page = moved / "docs" / "aret.md"
    page.write_text(page.read_text(encoding="utf-8").replace(":due: 2026-12-20", ":due: 2027-01-20"), encoding="utf-8")
    again = _events(_export(capsysbinary, "calendar", root=moved))
    assert again.keys() == first.keys()
    uid = "AKT-2026-01-slutdatum@testkontoret.lis"
    assert again[uid]["DTSTART"].dt == dt.date(2027, 1, 20) and first[uid]["DTSTART"].dt == dt.date(2026, 12, 20)
    # an incident report's deadline at its minute (Stockholm 14:00 = 13:00 UTC in November)
    early = first["INC-2026-01-early_warning@testkontoret.lis"]["DTSTART"].dt
    assert early == dt.datetime(2026, 11, 28, 13, 0, tzinfo=dt.UTC)
    assert "https://lis.example.se/aret.html#RUT-001" in str(first["RUT-001-granskning@testkontoret.lis"]["URL"])


def test_a_recurring_duty_expands_to_the_right_dates(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    event = _events(_export(capsysbinary, "calendar"))["arshjul-isil-mote@testkontoret.lis"]
    start = event["DTSTART"].dt
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=dt.datetime.combine(start, dt.time()))
    dates = [m.date() for m in rule.between(dt.datetime(2026, 1, 1), dt.datetime(2027, 12, 31), inc=True)]
    assert dates == [dt.date(2026, 3, 15), dt.date(2026, 6, 15), dt.date(2026, 9, 15), dt.date(2026, 12, 15),
                     dt.date(2027, 3, 15), dt.date(2027, 6, 15), dt.date(2027, 9, 15), dt.date(2027, 12, 15)]
    # the Årshjul's twelve months expand it the same way
    year = year_of(load_needs_of(YEAR), start_of(TODAY), load_project(YEAR).settings, YEAR)
    isil = [d.day for d in year.twelve_months(TODAY) if d.uid == "arshjul-isil-mote"]
    assert isil == [dt.date(2026, 12, 15), dt.date(2027, 3, 15), dt.date(2027, 6, 15), dt.date(2027, 9, 15)]


def test_todo_lists_what_falls_due_per_owner(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    md = _export(capsysbinary, "todo", "--days", "30").decode()
    assert "## Informationssäkerhetssamordnare" in md and "## Informationsägare" in md
    assert "| 2026-09-15 | försenad | Mät MAL-2026-01 Klassade tillgångar |" in md
    assert "| 2026-12-15 | om 16 d | ISIL-möte |" in md
    assert "2027-01-30" not in md  # the next review is two months away
    rows = list(csv.reader(io.StringIO(_export(capsysbinary, "todo", "--format", "csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Ansvarig", "Datum", "Läge", "Vad", "ID", "Länk"]
    assert ["Informationsägare", "2026-12-20", "om 21 d"] == rows[[r[0] for r in rows].index("Informationsägare")][:3]
    ics = _events(_export(capsysbinary, "todo", "--days", "3", "--format", "ics"))
    assert sorted(ics) == [
        "INC-2026-01-early_warning@testkontoret.lis",
        "INC-2026-01-notification@testkontoret.lis",
        "MAL-2026-01-matning@testkontoret.lis",
    ]


def test_a_bad_recurring_duty_is_refused_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_project(YEAR, tmp_path / "fel")
    (root / "arshjul.yaml").write_text(
        "duties:\n  - id: isil\n    title: ISIL\n    owner: Samordnare\n    start: 2026-03-15\n    rrule: FREQ=SOMETIMES\n",
        encoding="utf-8",
    )
    code = main(["export", "calendar", "--root", str(root), "--today", "2026-11-29"])
    err = capsys.readouterr().err
    assert code == 1 and "arshjul.yaml:2: rrule 'FREQ=SOMETIMES'" in err and "(LIS001)" in err
    assert "Traceback" not in err and "exporterades inte" in err


def test_recurring_duties_without_a_time_are_kept_apart() -> None:
    declared = load(YEAR)
    assert [(r.id, r.duty is None, r.when) for r in declared] == [
        ("isil-mote", False, ""),
        ("dso-arsrapport", True, "i samband med bokslutet"),
    ]
    assert Settings().csirt_receiver.startswith("CSIRT-enheten")


def load_needs_of(root: Path) -> dict[str, dict[str, object]]:
    from checks.gate import run_pipeline

    result = run_pipeline(load_project(root), TODAY, cache=CACHE / "needs")
    return result.facts.needs


def test_the_site_shows_the_clock_the_arshjul_and_the_calendar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "html"
    code = main(["build", "--root", str(YEAR), "--today", "2026-11-29", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    page = (out / "aret.html").read_text(encoding="utf-8")
    assert page.count('class="lis-clock"') == 2
    clock = page[page.index('id="INC-2026-01-klocka"'):]
    clock = clock[: clock.index("</table>")]
    assert "Tidig varning" in clock and "2026-11-28 14:00" in clock and "saknas, fristen har passerat" in clock
    assert "CSIRT-enheten (test)" in clock and "2 kap. 5 § cybersäkerhetslagen" in clock
    assert "skickad för sent" in page[page.index('id="INC-2026-02-klocka"'):]
    assert "Kontrollen om INC-2026-01: åtgärd krävs" in page  # the gate's finding on the page's banner
    wheel = (out / "arshjul.html").read_text(encoding="utf-8")
    assert 'id="lis-arshjul-2026-11"' in wheel and 'id="lis-arshjul-2027-11"' in wheel
    assert "tidpunkt saknas" in wheel and 'href="arshjul.ics"' in wheel
    calendar = Calendar.from_ical((out / "arshjul.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == 9


def test_the_gate_reads_arshjul_yaml(tmp_path: Path) -> None:
    root = copy_project(YEAR, tmp_path / "fel")
    (root / "arshjul.yaml").write_text(
        "duties:\n  - id: isil\n    title: ISIL\n    owner: Samordnare\n    start: 2026-03-15\n    rrule: FREQ=SOMETIMES\n",
        encoding="utf-8",
    )
    found = [f for f in run_gate(load_project(root), TODAY, cache=tmp_path / "cache") if f.file == "arshjul.yaml"]
    assert [(f.code.name, f.line) for f in found] == [("LIS001", 2)]
    assert "FREQ=SOMETIMES" in found[0].message
