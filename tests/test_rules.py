"""Pure rules: bands, schedule resolution, Ramadan override, holidays,
geofence, location checks, time formatting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.rules.bands import early_code, late_code, minutes_early, minutes_late
from bot.rules.calendar import HolidayCalendar
from bot.rules.geo import haversine_m, locate
from bot.rules.location import LocationProblem, SharedLocation, answers_prompt, location_problem
from bot.rules.schedule import check_out_deadline, tracking_end, work_period, works_on_holidays
from bot.rules.timefmt import local_time, long_date, zone_abbreviation

WIB = ZoneInfo("Asia/Jakarta")
LIMITS = [30, 60, 90]


@pytest.mark.parametrize(("minutes", "code"), [
    (0, None), (1, "TL1"), (30, "TL1"), (31, "TL2"), (60, "TL2"), (61, "TL3"), (90, "TL3"),
    (91, "TL4"), (600, "TL4"),
])
def test_late_bands_follow_the_domain_table(minutes: int, code: str | None) -> None:
    assert late_code(minutes, LIMITS) == code


def test_grace_keeps_first_minutes_on_time_but_counts_from_schedule() -> None:
    assert late_code(10, LIMITS, grace=10) is None
    assert late_code(11, LIMITS, grace=10) == "TL1"
    assert late_code(31, LIMITS, grace=10) == "TL2"


def test_agency_bands_are_settings() -> None:
    assert late_code(20, [15, 45, 75]) == "TL2"
    assert early_code(80, [15, 45, 75]) == "PSW4"


def test_minutes_late_and_early_are_whole_minutes_rounded_down_both_ways() -> None:
    start = datetime(2026, 11, 23, 7, 30, tzinfo=WIB)
    assert minutes_late(start, start + timedelta(seconds=59)) == 0
    assert minutes_late(start, start + timedelta(minutes=1)) == 1
    assert minutes_late(start, start + timedelta(minutes=1, seconds=59)) == 1
    assert minutes_late(start, start - timedelta(minutes=5)) == 0
    end = datetime(2026, 11, 23, 16, 0, tzinfo=WIB)
    assert minutes_early(end, end - timedelta(seconds=30)) == 0  # a partial minute never counts
    assert minutes_early(end, end - timedelta(seconds=59)) == 0
    assert minutes_early(end, end - timedelta(minutes=1)) == 1
    assert minutes_early(end, end - timedelta(minutes=1, seconds=59)) == 1
    assert minutes_early(end, end + timedelta(minutes=3)) == 0
    assert early_code(minutes_early(end, end - timedelta(minutes=45)), LIMITS) == "PSW2"


@dataclass
class Row:
    weekday: int
    start: time
    end: time
    valid_from: date | None = None
    valid_to: date | None = None
    works_on_holidays: bool = False


UMUM = [Row(d, time(7, 30), time(16, 0)) for d in range(1, 5)] + [Row(5, time(7, 30), time(16, 30))]
RAMADAN = [Row(d, time(8), time(15), date(2027, 2, 8), date(2027, 3, 9)) for d in range(1, 5)] + [
    Row(5, time(8), time(15, 30), date(2027, 2, 8), date(2027, 3, 9))]


def test_plain_schedule_by_weekday() -> None:
    monday = work_period(UMUM, date(2026, 11, 23), WIB)
    friday = work_period(UMUM, date(2026, 11, 27), WIB)
    assert monday and monday.start == datetime(2026, 11, 23, 7, 30, tzinfo=WIB)
    assert friday and friday.end.time() == time(16, 30)
    assert work_period(UMUM, date(2026, 11, 28), WIB) is None  # Saturday


def test_ramadan_range_overrides_plain_rows_inside_it_only() -> None:
    rows = UMUM + RAMADAN
    inside = work_period(rows, date(2027, 2, 15), WIB)  # Monday in Ramadan
    before = work_period(rows, date(2027, 2, 1), WIB)
    last_day = work_period(rows, date(2027, 3, 9), WIB)  # Tuesday, last day of the range
    after = work_period(rows, date(2027, 3, 10), WIB)
    assert inside and (inside.start.time(), inside.end.time()) == (time(8), time(15))
    assert before and before.start.time() == time(7, 30)
    assert last_day and last_day.start.time() == time(8)
    assert after and after.start.time() == time(7, 30)
    assert work_period(rows, date(2027, 2, 13), WIB) is None  # Saturday in Ramadan


def test_overnight_shift_ends_next_day() -> None:
    night = [Row(d, time(22), time(6)) for d in range(1, 8)]
    period = work_period(night, date(2026, 11, 28), WIB)
    assert period and period.overnight and period.end == datetime(2026, 11, 29, 6, tzinfo=WIB)


def test_check_out_deadline_is_the_period_end_plus_slack_or_the_same_date() -> None:
    slack = timedelta(hours=4)
    day = work_period(UMUM, date(2026, 11, 23), WIB)
    checked_in = datetime(2026, 11, 23, 7, 20, tzinfo=WIB)
    assert check_out_deadline(day, checked_in, WIB, slack, workday=True) == datetime(
        2026, 11, 23, 20, 0, tzinfo=WIB)
    # a holiday on a day shift, or no schedule: until the end of the check-in's date
    midnight = datetime(2026, 11, 24, 0, 0, tzinfo=WIB)
    assert check_out_deadline(day, checked_in, WIB, slack, workday=False) == midnight
    assert check_out_deadline(None, checked_in, WIB, slack, workday=False) == midnight
    # a night shift, also on a holiday: its end plus the slack, the next morning
    night = work_period([Row(d, time(22), time(6)) for d in range(1, 8)], date(2026, 11, 23), WIB)
    late_evening = datetime(2026, 11, 23, 21, 55, tzinfo=WIB)
    for workday in (True, False):
        assert check_out_deadline(night, late_evening, WIB, slack, workday=workday) == datetime(
            2026, 11, 24, 10, 0, tzinfo=WIB)


def test_tracking_ends_at_the_scheduled_end_or_after_max_hours() -> None:
    day = work_period(UMUM, date(2026, 11, 23), WIB)
    assert day is not None
    checked_in = datetime(2026, 11, 23, 7, 20, tzinfo=WIB)
    assert tracking_end(day, checked_in, timedelta(hours=10), workday=True) == day.end
    assert tracking_end(None, checked_in, timedelta(hours=10), workday=False) == datetime(
        2026, 11, 23, 17, 20, tzinfo=WIB)
    assert tracking_end(day, checked_in, timedelta(hours=3), workday=False) == datetime(
        2026, 11, 23, 10, 20, tzinfo=WIB)


def test_national_holidays_and_cuti_bersama_and_local_ones() -> None:
    calendar = HolidayCalendar(("public", "government"), {date(2027, 9, 14): "Hari Jadi Kab."})
    assert calendar.name(date(2026, 12, 25)) == "Hari Raya Natal"
    assert calendar.name(date(2026, 12, 24)) == "Cuti Bersama Hari Raya Natal"
    assert calendar.name(date(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert calendar.name(date(2027, 9, 14)) == "Hari Jadi Kab."
    assert not calendar.is_holiday(date(2026, 11, 23))
    assert HolidayCalendar(("public",)).name(date(2026, 12, 24)) is None  # categories are a setting



def test_admin_working_day_wins_over_national_and_local_holidays() -> None:
    calendar = HolidayCalendar(
        local={date(2027, 9, 28): "Hari Jadi Kab."},
        working={date(2026, 12, 24), date(2027, 9, 28)},
    )
    assert calendar.name(date(2026, 12, 24)) is None  # cuti bersama cancelled by the agency
    assert calendar.name(date(2027, 9, 28)) is None
    assert calendar.name(date(2026, 12, 25)) == "Hari Raya Natal"


def test_works_on_holidays_holds_for_the_whole_schedule() -> None:
    assert not works_on_holidays(UMUM)
    assert works_on_holidays([*UMUM, Row(6, time(7), time(14), works_on_holidays=True)])
    assert not works_on_holidays([])


@dataclass
class Place:
    name: str
    latitude: float
    longitude: float
    radius_m: float


def test_haversine_matches_a_known_distance() -> None:
    # Monas to Bundaran HI, Jakarta: about 2.35 km
    assert haversine_m(-6.1754, 106.8272, -6.1950, 106.8230) == pytest.approx(2228, rel=0.02)
    assert haversine_m(-2.8772, 103.8455, -2.8772, 103.8455) == 0


def test_geofence_inside_and_nearest_outside() -> None:
    setda = Place("SETDA", -2.8772, 103.8455, 150)
    mpp = Place("MPP", -2.8856, 103.8520, 100)
    inside = locate(-2.8778, 103.8457, [setda, mpp])
    assert inside.inside and inside.place is setda and inside.distance_m < 150
    outside = locate(-2.8900, 103.8520, [setda, mpp])
    assert not outside.inside and outside.place is mpp
    assert outside.distance_m == pytest.approx(489, rel=0.02)
    edge = locate(-2.8772 + 151 / 111_195, 103.8455, [setda])
    assert not edge.inside


def _loc(**kw: object) -> SharedLocation:
    base: dict[str, object] = {"latitude": 0.0, "longitude": 0.0,
                               "sent_at": datetime(2026, 11, 23, tzinfo=UTC), "live_period": 900,
                               "accuracy_m": 10.0}
    return SharedLocation(**{**base, **kw})  # type: ignore[arg-type]


def test_location_checks() -> None:
    rules = {"require_live": True, "max_accuracy_m": 100}
    assert location_problem(_loc(), **rules) is None  # type: ignore[arg-type]
    assert location_problem(_loc(forwarded=True), **rules) is LocationProblem.FORWARDED  # type: ignore[arg-type]
    assert location_problem(_loc(via_bot=True), **rules) is LocationProblem.VIA_BOT  # type: ignore[arg-type]
    assert location_problem(_loc(live_period=None), **rules) is LocationProblem.NOT_LIVE  # type: ignore[arg-type]
    assert location_problem(_loc(live_period=None), require_live=False, max_accuracy_m=100) is None
    assert location_problem(_loc(accuracy_m=250.0), **rules) is LocationProblem.INACCURATE  # type: ignore[arg-type]
    assert location_problem(_loc(accuracy_m=None), **rules) is None  # type: ignore[arg-type]


def test_location_must_follow_the_prompt_within_the_window() -> None:
    asked = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    assert answers_prompt(asked, asked + timedelta(seconds=299), 300)
    assert answers_prompt(asked, asked + timedelta(seconds=300), 300)
    assert not answers_prompt(asked, asked + timedelta(seconds=301), 300)
    assert not answers_prompt(asked, asked - timedelta(seconds=1), 300)


def test_time_zones_and_long_dates() -> None:
    moment = datetime(2026, 11, 23, 0, 42, tzinfo=UTC)
    assert local_time(moment, WIB) == "07:42 WIB"
    assert local_time(moment, ZoneInfo("Asia/Makassar")) == "08:42 WITA"
    assert local_time(moment, ZoneInfo("Asia/Jayapura")) == "09:42 WIT"
    assert local_time(moment, ZoneInfo("Asia/Pontianak")) == "07:42 WIB"
    assert zone_abbreviation(moment.astimezone(ZoneInfo("Asia/Kolkata"))) == "UTC+5.5"
    assert long_date(date(2026, 11, 23), "id") == "Senin, 23 November 2026"
    assert long_date(date(2026, 11, 23), "en") == "Monday, 23 November 2026"
