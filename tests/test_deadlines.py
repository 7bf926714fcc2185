"""checks.deadlines: the one place deadlines are computed (the gate, the site, the calendar
and the review ask it). Times are Europe/Stockholm; hours are elapsed time."""

from __future__ import annotations

import datetime as dt

import pytest

from checks.deadlines import (
    STOCKHOLM,
    ClockState,
    after_hours,
    after_months,
    incident_deadlines,
    need_duties,
    parse_moment,
    start_of,
    sv_moment,
)
from checks.dates import resolve

CSIRT = "CSIRT-enheten"


def at(text: str) -> dt.datetime:
    moment = parse_moment(text)
    assert moment is not None
    return moment


def deadlines(now: str, **fields: object) -> dict[str, tuple[str, ClockState]]:
    incident = {"type": "incident", "id": "INC-2026-01", **fields}
    return {d.report.field: (sv_moment(d.due), d.state) for d in incident_deadlines(incident, at(now), CSIRT)}


def test_a_deadline_that_crosses_midnight() -> None:
    found = deadlines("2026-12-05 21:00", detected="2026-12-04 23:30", significant=True)
    assert found["early_warning"] == ("2026-12-05 23:30", ClockState.DUE_SOON)
    # at 23:31 the same report is late: an error, and the deadline is the next day's
    assert deadlines("2026-12-05 23:31", detected="2026-12-04 23:30", significant=True)["early_warning"] == (
        "2026-12-05 23:30",
        ClockState.OVERDUE,
    )


def test_a_deadline_runs_through_a_weekend() -> None:
    # detected Friday afternoon: 24 hours end on Saturday, 72 on Monday; never moved to a working day
    found = deadlines("2026-12-04 16:00", detected="2026-12-04 15:00", significant=True, personal_data_breach=True)
    assert dt.date(2026, 12, 4).weekday() == 4
    assert found["early_warning"][0] == "2026-12-05 15:00"  # Saturday
    assert found["notification"][0] == "2026-12-07 15:00"  # Monday
    assert found["imy_report"][0] == "2026-12-07 15:00"
    # the final report: one month after the notification's deadline while it is not sent
    assert found["final_report"][0] == "2027-01-07 15:00"


def test_hours_are_elapsed_across_the_change_to_summer_time() -> None:
    # 2026-03-29 02:00 CET becomes 03:00 CEST: 24 hours later is 11:00 on the wall clock
    assert sv_moment(after_hours(at("2026-03-28 10:00"), 24)) == "2026-03-29 11:00"
    assert sv_moment(after_hours(at("2026-03-28 10:00"), 72)) == "2026-03-31 11:00"


def test_hours_are_elapsed_across_the_change_to_winter_time() -> None:
    # 2026-10-25 03:00 CEST becomes 02:00 CET: 24 hours later is 09:00 on the wall clock
    assert sv_moment(after_hours(at("2026-10-24 10:00"), 24)) == "2026-10-25 09:00"
    found = deadlines("2026-10-25 08:30", detected="2026-10-24 10:00", significant=True)
    assert found["early_warning"] == ("2026-10-25 09:00", ClockState.DUE_SOON)


def test_a_month_keeps_the_wall_clock_time_across_daylight_saving() -> None:
    assert sv_moment(after_months(at("2026-03-15 10:00"), 1)) == "2026-04-15 10:00"
    assert sv_moment(after_months(at("2026-10-15 10:00"), 1)) == "2026-11-15 10:00"
    # the 31st becomes the last day of a shorter month
    assert sv_moment(after_months(at("2027-01-31 09:00"), 1)) == "2027-02-28 09:00"


def test_an_hour_that_occurs_twice_is_read_as_the_first() -> None:
    first = at("2026-10-25 02:30")
    assert first.utcoffset() == dt.timedelta(hours=2)
    assert at("2026-10-25 02:30+01:00").utcoffset() == dt.timedelta(hours=1)


def test_times_without_an_offset_are_swedish() -> None:
    assert at("2026-07-01T12:00").tzinfo is not None
    assert at("2026-07-01T12:00") == dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC)
    assert parse_moment("2026-02-30 10:00") is None
    assert parse_moment("i går") is None
    assert parse_moment("2026-07-01") is None  # a date is not a time


def test_sent_on_time_late_and_explained() -> None:
    found = deadlines(
        "2026-11-29 00:00",
        detected="2026-11-20 09:00",
        personal_data_breach=True,
        imy_report="2026-11-23 17:00",
    )
    assert found["imy_report"] == ("2026-11-23 09:00", ClockState.LATE)
    explained = deadlines(
        "2026-11-29 00:00",
        detected="2026-11-20 09:00",
        personal_data_breach=True,
        imy_report="2026-11-23 17:00",
        delay_reason="Leverantören svarade först då.",
    )
    assert explained["imy_report"][1] is ClockState.LATE_EXPLAINED
    on_time = deadlines("2026-11-29 00:00", detected="2026-11-20 09:00", personal_data_breach=True, imy_report="2026-11-23 09:00")
    assert on_time["imy_report"][1] is ClockState.SENT


def test_the_final_report_counts_from_the_notification_sent() -> None:
    found = deadlines(
        "2026-11-29 00:00", detected="2026-11-20 10:00", significant=True, notification="2026-11-21 16:45"
    )
    assert found["final_report"] == ("2026-12-21 16:45", ClockState.PENDING)


def test_no_clock_without_flags_or_detection_time() -> None:
    assert deadlines("2026-11-29 00:00", detected="2026-11-20 10:00") == {}
    assert deadlines("2026-11-29 00:00", significant=True) == {}


def test_a_date_only_today_reads_the_clock_at_midnight_and_a_time_at_that_minute() -> None:
    assert resolve("2026-11-29").now == start_of(dt.date(2026, 11, 29)) == dt.datetime(2026, 11, 29, tzinfo=STOCKHOLM)
    given = resolve("2026-11-29T14:30")
    assert given.date == dt.date(2026, 11, 29) and sv_moment(given.now) == "2026-11-29 14:30"
    assert given.stamp == "2026-11-29T14:30" and resolve("2026-11-29").stamp == "2026-11-29"


def test_duties_carry_the_incident_deadlines_with_their_time() -> None:
    needs = {
        "INC-2026-01": {
            "type": "incident",
            "id": "INC-2026-01",
            "title": "Intrång",
            "detected": "2026-12-04 15:00",
            "significant": True,
            "early_warning": "2026-12-04 20:00",
        }
    }
    duties = need_duties(needs, at("2026-12-04 21:00"), csirt=CSIRT)
    assert [(d.uid, sv_moment(d.at)) for d in duties if d.at] == [
        ("INC-2026-01-notification", "2026-12-07 15:00"),
        ("INC-2026-01-final_report", "2027-01-07 15:00"),
    ]



def test_evidence_expiry_is_a_duty_from_valid_until_or_date_plus_interval() -> None:
    needs = {
        "BEL-2026-01": {"type": "evidence", "id": "BEL-2026-01", "title": "Stickprov", "date": "2026-03-15", "interval": 12},
        "BEL-2026-02": {"type": "evidence", "id": "BEL-2026-02", "title": "Avtal", "valid_until": "2027-01-31"},
        "BEL-2026-03": {"type": "evidence", "id": "BEL-2026-03", "title": "Rapport utan datum"},
    }
    duties = need_duties(needs, at("2026-12-05 09:00"), csirt=CSIRT)
    assert [(d.uid, d.kind, d.day.isoformat()) for d in duties] == [
        ("BEL-2026-02-giltighet", "belägg går ut", "2027-01-31"),
        ("BEL-2026-01-giltighet", "belägg går ut", "2027-03-15"),
    ]

@pytest.mark.parametrize("value", ["2026-11-29T25:00", "29/11 2026"])
def test_a_bad_time_for_today_is_refused(value: str) -> None:
    from checks.errors import ProjectError

    with pytest.raises(ProjectError):
        resolve(value)


def test_a_stored_result_holds_until_the_next_clock_change() -> None:
    from checks.deadlines import next_clock_change
    from checks.gate.result_cache import clock_holds

    needs = {"INC-2026-01": {"type": "incident", "id": "INC-2026-01", "detected": "2026-12-04 15:00", "significant": True}}
    now = at("2026-12-04 16:00")
    # the early warning falls due within 12 hours at 03:00, then its deadline passes at 15:00
    until = next_clock_change(needs, now, CSIRT)
    assert until is not None and sv_moment(until) == "2026-12-05 03:00"
    stored = {"clock_until": until.isoformat()}
    assert clock_holds(stored, at("2026-12-05 02:59"))
    assert not clock_holds(stored, at("2026-12-05 03:00"))
    assert clock_holds({}, now) and clock_holds(stored, None)  # no clocks, or a date-only run
