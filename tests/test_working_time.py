"""Pure rules of working time: when reminders may go out, deadline quick
picks, reminder times and supersession, time left in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.rules.calendar import HolidayCalendar
from bot.rules.working_time import (
    add_working_days,
    deadline_quick_picks,
    due_reminder,
    end_of_working_day,
    next_working_moment,
    reminder_times,
)
from bot.task_views import time_left_words

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
CAL = HolidayCalendar()
OFFSETS = [24.0, 2.0]


@dataclass
class Row:
    weekday: int
    start: time
    end: time
    valid_from: date | None = None
    valid_to: date | None = None
    works_on_holidays: bool = False


UMUM = [Row(d, time(7, 30), time(16, 0)) for d in range(1, 5)] + [Row(5, time(7, 30), time(16, 30))]
RAMADAN_RANGE = (date(2027, 2, 8), date(2027, 3, 9))
RAMADAN = [Row(d, time(8), time(15), *RAMADAN_RANGE) for d in range(1, 5)] + [
    Row(5, time(8), time(15, 30), *RAMADAN_RANGE)]
# a front office on night duty Monday to Friday, 22:00 to 06:00 the next morning
NIGHT = [Row(d, time(22), time(6)) for d in range(1, 6)]


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)  # type: ignore[misc]


# --- next_working_moment ---

@pytest.mark.parametrize(("moment", "expected"), [
    (wib(2026, 11, 27, 17, 0), wib(2026, 11, 30, 7, 30)),  # Friday evening -> Monday
    (wib(2026, 11, 28, 10, 0), wib(2026, 11, 30, 7, 30)),  # Saturday
    (wib(2026, 11, 24, 6, 0), wib(2026, 11, 24, 7, 30)),  # before the day starts
    (wib(2026, 11, 24, 10, 0), wib(2026, 11, 24, 10, 0)),  # inside: unchanged
    (wib(2026, 11, 24, 7, 30), wib(2026, 11, 24, 7, 30)),  # both ends are working time
    (wib(2026, 11, 27, 16, 30), wib(2026, 11, 27, 16, 30)),
    (wib(2026, 11, 24, 16, 1), wib(2026, 11, 25, 7, 30)),
])
def test_next_working_moment_on_the_standard_schedule(moment: datetime,
                                                      expected: datetime) -> None:
    assert next_working_moment(moment, UMUM, WIB, CAL) == expected


def test_national_holiday_on_a_monday_moves_to_tuesday() -> None:
    # 1 June 2026, Hari Lahir Pancasila
    assert CAL.is_holiday(date(2026, 6, 1))
    assert next_working_moment(wib(2026, 5, 29, 17), UMUM, WIB, CAL) == wib(2026, 6, 2, 7, 30)
    assert next_working_moment(wib(2026, 6, 1, 9), UMUM, WIB, CAL) == wib(2026, 6, 2, 7, 30)


def test_cuti_bersama_counts_as_a_day_off() -> None:
    # Thu 24 Dec 2026 cuti bersama, Fri 25 Dec Christmas: next is Monday 28
    assert CAL.name(date(2026, 12, 24)) == "Cuti Bersama Hari Raya Natal"
    monday = wib(2026, 12, 28, 7, 30)
    assert next_working_moment(wib(2026, 12, 23, 16, 30), UMUM, WIB, CAL) == monday
    assert next_working_moment(wib(2026, 12, 24, 10), UMUM, WIB, CAL) == monday


def test_local_holiday_entered_by_an_admin_counts() -> None:
    calendar = HolidayCalendar(local={date(2026, 11, 25): "Hari Jadi Kabupaten"})
    thursday = wib(2026, 11, 26, 7, 30)
    assert next_working_moment(wib(2026, 11, 25, 9), UMUM, WIB, calendar) == thursday


def test_night_shift_hours_after_midnight_belong_to_the_day_before() -> None:
    # Saturday 03:00 is inside Friday's night shift; Saturday 07:00 waits for Monday night
    assert next_working_moment(wib(2026, 11, 28, 3), NIGHT, WIB, CAL) == wib(2026, 11, 28, 3)
    assert next_working_moment(wib(2026, 11, 28, 7), NIGHT, WIB, CAL) == wib(2026, 11, 30, 22)
    assert next_working_moment(wib(2026, 11, 24, 12), NIGHT, WIB, CAL) == wib(2026, 11, 24, 22)
    # Monday 03:00 belongs to Sunday night: no shift, so it waits for Monday 22:00
    assert next_working_moment(wib(2026, 11, 30, 3), NIGHT, WIB, CAL) == wib(2026, 11, 30, 22)


def test_ramadan_rows_override_the_plain_schedule() -> None:
    rows = UMUM + RAMADAN
    monday = wib(2027, 2, 15, 7, 45)  # 07:45 is working time normally, not in Ramadan
    assert next_working_moment(monday, UMUM, WIB, CAL) == monday
    assert next_working_moment(monday, rows, WIB, CAL) == wib(2027, 2, 15, 8)
    # Thursday 15:30: the Ramadan day ended at 15:00
    assert next_working_moment(wib(2027, 2, 18, 15, 30), rows, WIB, CAL) == wib(2027, 2, 19, 8)
    assert end_of_working_day(date(2027, 2, 19), rows, WIB, CAL) == wib(2027, 2, 19, 15, 30)


def test_the_answer_keeps_the_zone_it_was_asked_in() -> None:
    moment = datetime(2026, 11, 27, 10, tzinfo=UTC)  # 17:00 WIB
    result = next_working_moment(moment, UMUM, WIB, CAL)
    assert result == wib(2026, 11, 30, 7, 30) and result.tzinfo is UTC


def test_no_schedule_never_loses_a_reminder() -> None:
    moment = wib(2026, 11, 28, 23)
    assert next_working_moment(moment, [], WIB, CAL) == moment
    assert next_working_moment(moment, UMUM, WIB, CAL, horizon_days=1) == moment


# --- days ---

def test_end_of_working_day() -> None:
    assert end_of_working_day(date(2026, 11, 27), UMUM, WIB, CAL) == wib(2026, 11, 27, 16, 30)
    assert end_of_working_day(date(2026, 11, 28), UMUM, WIB, CAL) is None  # Saturday
    assert end_of_working_day(date(2026, 12, 24), UMUM, WIB, CAL) is None  # cuti bersama
    assert end_of_working_day(date(2026, 11, 27), NIGHT, WIB, CAL) == wib(2026, 11, 28, 6)
    assert end_of_working_day(date(2026, 11, 27), UMUM, WITA, CAL) == datetime(
        2026, 11, 27, 16, 30, tzinfo=WITA)


@pytest.mark.parametrize(("day", "n", "expected"), [
    (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday -> Monday
    (date(2026, 11, 27), 3, date(2026, 12, 2)),
    (date(2026, 11, 28), 1, date(2026, 11, 30)),  # from a Saturday
    (date(2026, 12, 23), 1, date(2026, 12, 28)),  # over cuti bersama and Christmas
    (date(2026, 5, 29), 1, date(2026, 6, 2)),  # over Hari Lahir Pancasila
    (date(2026, 11, 24), 0, date(2026, 11, 24)),
    (date(2026, 11, 23), 10, date(2026, 12, 7)),
])
def test_add_working_days(day: date, n: int, expected: date) -> None:
    assert add_working_days(day, n, UMUM, WIB, CAL) == expected


def test_add_working_days_without_a_schedule_counts_calendar_days() -> None:
    assert add_working_days(date(2026, 11, 27), 3, [], WIB, CAL) == date(2026, 11, 30)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 27), -1, UMUM, WIB, CAL)


# --- deadline quick picks ---

def test_quick_picks_on_a_friday_afternoon() -> None:
    picks = dict(deadline_quick_picks(wib(2026, 11, 27, 14), UMUM, WIB, CAL))
    assert list(picks) == ["today", "tomorrow", "3_working_days", "1_week"]
    assert picks["today"] == wib(2026, 11, 27, 16)  # 16:00 although Friday ends 16:30
    assert picks["tomorrow"] == wib(2026, 11, 30, 16)  # Monday
    assert picks["3_working_days"] == wib(2026, 12, 2, 16)  # Wednesday
    assert picks["1_week"] == wib(2026, 12, 4, 16, 30)  # next Friday, end of its day


def test_today_is_left_out_when_less_than_30_minutes_remain() -> None:
    assert "today" in dict(deadline_quick_picks(wib(2026, 11, 27, 15, 30), UMUM, WIB, CAL))
    assert "today" not in dict(deadline_quick_picks(wib(2026, 11, 27, 15, 31), UMUM, WIB, CAL))


def test_today_is_left_out_on_a_day_off() -> None:
    picks = dict(deadline_quick_picks(wib(2026, 11, 28, 9), UMUM, WIB, CAL))  # Saturday
    assert "today" not in picks
    assert picks["tomorrow"] == wib(2026, 11, 30, 16)


def test_today_ends_earlier_in_ramadan() -> None:
    picks = dict(deadline_quick_picks(wib(2027, 2, 19, 9), UMUM + RAMADAN, WIB, CAL))
    assert picks["today"] == wib(2027, 2, 19, 15, 30)


def test_quick_picks_skip_holidays() -> None:
    # Wednesday 23 Dec 2026: Thu cuti bersama and Fri Christmas are skipped
    picks = dict(deadline_quick_picks(wib(2026, 12, 23, 10), UMUM, WIB, CAL))
    assert picks["tomorrow"] == wib(2026, 12, 28, 16)
    assert picks["3_working_days"] == wib(2026, 12, 30, 16)
    assert picks["1_week"] == wib(2026, 12, 30, 16)
    # a week from Monday 10 Aug 2026 is Independence Day: the day after
    week = dict(deadline_quick_picks(wib(2026, 8, 10, 10), UMUM, WIB, CAL))["1_week"]
    assert week == wib(2026, 8, 18, 16)


def test_quick_picks_for_a_night_shift_end_next_morning() -> None:
    picks = dict(deadline_quick_picks(wib(2026, 11, 24, 12), NIGHT, WIB, CAL))
    assert picks["today"] == wib(2026, 11, 25, 6)  # tonight's shift
    assert picks["tomorrow"] == wib(2026, 11, 26, 6)


# --- reminder times and supersession ---

def test_reminders_before_and_at_the_deadline() -> None:
    deadline = wib(2026, 11, 25, 16)  # Wednesday
    times = reminder_times(deadline, OFFSETS, wib(2026, 11, 23, 9), UMUM, WIB, CAL)
    assert times == [("24", wib(2026, 11, 24, 16)), ("2", wib(2026, 11, 25, 14)),
                     ("0", deadline)]


def test_reminders_before_the_task_was_given_are_dropped() -> None:
    deadline = wib(2026, 11, 25, 16)
    times = reminder_times(deadline, OFFSETS, wib(2026, 11, 25, 13), UMUM, WIB, CAL)
    assert [label for label, _ in times] == ["2", "0"]
    times = reminder_times(deadline, OFFSETS, wib(2026, 11, 25, 15), UMUM, WIB, CAL)
    assert [label for label, _ in times] == ["0"]


def test_reminders_move_into_working_hours() -> None:
    deadline = wib(2026, 11, 30, 10)  # Monday 10:00
    times = dict(reminder_times(deadline, OFFSETS, wib(2026, 11, 26, 9), UMUM, WIB, CAL))
    assert times == {"24": wib(2026, 11, 30, 7, 30), "2": wib(2026, 11, 30, 8), "0": deadline}


def test_fractional_offsets_get_their_own_label() -> None:
    deadline = wib(2026, 11, 25, 16)
    times = reminder_times(deadline, [0.5], wib(2026, 11, 25, 9), UMUM, WIB, CAL)
    assert times == [("0.5", wib(2026, 11, 25, 15, 30)), ("0", deadline)]


def test_only_the_most_urgent_due_reminder_goes_out() -> None:
    # Monday 08:30: the 24 h (Sunday) and 2 h (06:30) reminders both wait for 07:30
    deadline = wib(2026, 11, 30, 8, 30)
    times = reminder_times(deadline, OFFSETS, wib(2026, 11, 26, 9), UMUM, WIB, CAL)
    assert dict(times)["24"] == dict(times)["2"] == wib(2026, 11, 30, 7, 30)
    assert due_reminder(times, wib(2026, 11, 30, 7, 29)) is None
    assert due_reminder(times, wib(2026, 11, 30, 7, 30)) == ("2", wib(2026, 11, 30, 7, 30))
    # once "2" was sent, the superseded "24" never comes back
    assert due_reminder(times, wib(2026, 11, 30, 8), sent={"2"}) is None
    assert due_reminder(times, wib(2026, 11, 30, 8, 30), sent={"2"}) == ("0", deadline)
    assert due_reminder(times, wib(2026, 12, 1, 8), sent={"2", "0"}) is None


def test_due_reminder_in_order() -> None:
    deadline = wib(2026, 11, 25, 16)
    times = reminder_times(deadline, OFFSETS, wib(2026, 11, 23, 9), UMUM, WIB, CAL)
    assert due_reminder(times, wib(2026, 11, 24, 15, 59)) is None
    assert due_reminder(times, wib(2026, 11, 24, 16)) == ("24", wib(2026, 11, 24, 16))
    assert due_reminder(times, wib(2026, 11, 24, 16, 1), sent={"24"}) is None
    assert due_reminder(times, wib(2026, 11, 25, 14), sent={"24"}) == ("2", wib(2026, 11, 25, 14))


# --- time left in words ---

NOW = wib(2026, 11, 23, 10)


@pytest.mark.parametrize(("delta", "indonesian", "english"), [
    (timedelta(days=2), "2 hari lagi", "in 2 days"),
    (timedelta(days=1), "1 hari lagi", "in 1 day"),
    (timedelta(hours=23, minutes=59, seconds=30), "1 hari lagi", "in 1 day"),
    (timedelta(hours=5), "5 jam lagi", "in 5 hours"),
    (timedelta(hours=1), "1 jam lagi", "in 1 hour"),
    (timedelta(minutes=40), "40 menit lagi", "in 40 minutes"),
    (timedelta(minutes=1), "1 menit lagi", "in 1 minute"),
    (timedelta(seconds=20), "jatuh tempo sekarang", "due now"),
    (timedelta(0), "jatuh tempo sekarang", "due now"),
    (-timedelta(minutes=15), "terlambat 15 menit", "15 minutes overdue"),
    (-timedelta(hours=3), "terlambat 3 jam", "3 hours overdue"),
    (-timedelta(days=1), "terlambat 1 hari", "1 day overdue"),
    (-timedelta(days=3, hours=2), "terlambat 3 hari", "3 days overdue"),
])
def test_time_left_in_words(delta: timedelta, indonesian: str, english: str) -> None:
    assert time_left_words(NOW + delta, NOW, "id") == indonesian
    assert time_left_words(NOW + delta, NOW, "en") == english


# --- holiday exceptions ---

FRONT_OFFICE = [Row(d, time(7), time(14), works_on_holidays=True) for d in range(1, 8)]


def test_a_schedule_that_works_on_holidays_keeps_its_periods() -> None:
    # Christmas 2026 (Friday): UMUM is off, the front office works 07:00–14:00
    christmas = date(2026, 12, 25)
    assert end_of_working_day(christmas, UMUM, WIB, CAL) is None
    assert end_of_working_day(christmas, FRONT_OFFICE, WIB, CAL) == wib(2026, 12, 25, 14)
    assert next_working_moment(wib(2026, 12, 25, 9), FRONT_OFFICE, WIB, CAL) == wib(
        2026, 12, 25, 9)
    assert add_working_days(date(2026, 12, 23), 2, FRONT_OFFICE, WIB, CAL) == christmas
    picks = dict(deadline_quick_picks(wib(2026, 12, 24, 9), FRONT_OFFICE, WIB, CAL))
    assert picks["today"] == wib(2026, 12, 24, 14) and picks["tomorrow"] == wib(2026, 12, 25, 14)


def test_a_working_day_entered_by_an_admin_is_not_a_holiday() -> None:
    # the agency works the cuti bersama of Thursday 25 March 2027
    cuti = date(2027, 3, 25)
    assert CAL.name(cuti) == "Cuti Bersama Wafat Yesus Kristus"
    calendar = HolidayCalendar(working={cuti})
    assert calendar.name(cuti) is None and not calendar.is_holiday(cuti)
    assert calendar.is_holiday(date(2027, 3, 26))  # Good Friday stays a holiday
    assert end_of_working_day(cuti, UMUM, WIB, calendar) == wib(2027, 3, 25, 16)
    assert next_working_moment(wib(2027, 3, 25, 9), UMUM, WIB, calendar) == wib(2027, 3, 25, 9)
