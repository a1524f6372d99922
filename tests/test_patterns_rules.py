"""The pure rules behind the pattern alerts: streaks, bands, runs, and the
moments of overdue tasks, with no database."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.rules.calendar import HolidayCalendar
from bot.rules.patterns import (
    WorkTime,
    absence_runs,
    band_name,
    band_span,
    bands_crossed,
    digest_window,
    escalation_at,
    late_streaks,
    may_escalate,
    overdue_notice_at,
    stalled,
    working_days,
)
from bot.services.employees import Rule

WIB = ZoneInfo("Asia/Jakarta")
UMUM = [Rule(d, time(7, 30), time(16, 0), None, None) for d in range(1, 5)] + [
    Rule(5, time(7, 30), time(16, 30), None, None)]
CALENDAR = HolidayCalendar()
BANDS = [3, 4, 7, 11, 14, 17, 21, 25, 28]


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def wib(*args: int) -> datetime:
    return datetime(2026, *args, tzinfo=WIB)  # type: ignore[misc]


DAYS = working_days(UMUM, WIB, CALENDAR, d(11, 1), d(12, 31))


def test_working_days_skip_weekends_and_holidays() -> None:
    assert DAYS[:6] == [d(11, 2), d(11, 3), d(11, 4), d(11, 5), d(11, 6), d(11, 9)]
    assert d(12, 24) not in DAYS and d(12, 25) not in DAYS  # cuti bersama, Natal


def test_a_streak_needs_its_late_days_within_the_window_of_working_days() -> None:
    # the 1st and the 10th working day of a window, and one between: a streak
    [streak] = late_streaks([d(11, 2), d(11, 6), d(11, 13)], DAYS, size=3, window=10)
    assert (streak.first, streak.last, streak.repeat) == (d(11, 2), d(11, 13), False)
    # the 11th working day is outside: the window slides, no streak yet
    assert late_streaks([d(11, 2), d(11, 6), d(11, 16)], DAYS, size=3, window=10) == []


def test_a_streak_uses_up_its_days_and_a_repeat_begins_within_the_next_window() -> None:
    late = [d(11, 2), d(11, 3), d(11, 4), d(11, 5), d(11, 6), d(11, 9)]
    streaks = late_streaks(late, DAYS, size=3, window=10)
    assert [(s.days, s.repeat) for s in streaks] == [
        ((d(11, 2), d(11, 3), d(11, 4)), False), ((d(11, 5), d(11, 6), d(11, 9)), True)]
    # told before: only what came after counts, and a streak 11 working days on is new
    later = late_streaks([d(11, 19), d(11, 20), d(11, 23)], DAYS, size=3, window=10,
                         previous_last=d(11, 4))
    assert [s.repeat for s in later] == [False]
    again = late_streaks([d(11, 18), d(11, 19), d(11, 20)], DAYS, size=3, window=10,
                         previous_last=d(11, 4))
    assert [s.repeat for s in again] == [True]
    assert late_streaks(late, DAYS, size=3, window=10, previous_last=d(11, 9)) == []


def test_pp94_bands_their_names_and_spans() -> None:
    assert bands_crossed(2, BANDS, ()) == []
    assert bands_crossed(3, BANDS, ()) == [3]
    assert bands_crossed(8, BANDS, {3}) == [4, 7]
    assert bands_crossed(4, BANDS, {3, 4}) == []
    assert [band_name(b, BANDS) for b in (3, 4, 7, 11, 28)] == [
        "oral_warning", "written_warning", "statement", "tukin_6", "dismissal"]
    assert band_span(3, BANDS) == (3, 3) and band_span(4, BANDS) == (4, 6)
    assert band_span(28, BANDS) == (28, None)
    assert band_name(40, [*BANDS, 40]) == "dismissal"  # more bands than names


def test_a_run_of_tk_crosses_weekends_and_breaks_on_a_working_day() -> None:
    ten = DAYS[:10]  # Monday 2 .. Friday 13 November
    assert absence_runs(ten, DAYS, 10) == [tuple(ten)]
    assert absence_runs(ten[:5] + ten[6:], DAYS, 10) == []
    assert absence_runs(DAYS[:12], DAYS, 10) == [tuple(DAYS[:10])]  # cut at its 10th day


WORK = WorkTime(UMUM, WIB, CALENDAR)


def test_overdue_moments_follow_the_assignees_working_time() -> None:
    assert overdue_notice_at(wib(11, 24, 10), WORK) == wib(11, 24, 10, 1)
    assert overdue_notice_at(wib(11, 24, 16), WORK) == wib(11, 25, 7, 30)
    # Thursday 16:00: Friday, Monday, Tuesday are the three working days after
    assert escalation_at(wib(11, 26, 16), 3, WORK) == wib(12, 1, 16)
    assert not may_escalate(wib(11, 26, 16), 3, wib(11, 29, 15))  # not even 3 days
    # a deadline just before Christmas: the holidays are skipped
    assert escalation_at(wib(12, 23, 10), 3, WORK) == wib(12, 30, 10)


def test_stalled_means_quiet_for_working_days_with_the_deadline_near() -> None:
    at = wib(11, 23, 8)
    assert stalled(wib(11, 16, 9), wib(11, 25, 16), at, 3, WORK)
    assert not stalled(wib(11, 20, 14), wib(11, 25, 16), at, 3, WORK)
    assert not stalled(wib(11, 16, 9), wib(11, 30, 16), at, 3, WORK)  # far
    assert not stalled(wib(11, 16, 9), wib(11, 20, 16), at, 3, WORK)  # overdue


def test_the_digest_window_is_a_working_day_from_the_digest_time() -> None:
    assert digest_window(d(11, 23), time(8), WORK) == (wib(11, 23, 8), wib(11, 23, 16))
    assert digest_window(d(11, 28), time(8), WORK) is None  # Saturday
    # a digest time after the working period: until the end of the local day
    start, end = digest_window(d(11, 23), time(17), WORK) or (None, None)
    assert (start, end) == (wib(11, 23, 17), wib(11, 24, 0))


def test_each_mark_is_named_with_its_facts() -> None:
    from bot.events.patterns import MarkFact
    from bot.notifier.patterns import describe_mark, excuse_buttons

    monday = d(11, 23)
    late = MarkFact(1, 7, monday, "late", "TL1", wib(11, 23, 7, 48), 18)
    away = MarkFact(2, 7, monday, "midday_absence", None, wib(11, 23, 10, 5), 0,
                    "1,2 km dari Sekretariat Daerah")
    none_in = MarkFact(3, 7, monday, "no_check_in", "TL4", wib(11, 23, 20), 0)
    absent = MarkFact(4, 7, d(11, 24), "absent", "TK", wib(11, 24, 20), 0)
    assert describe_mark(late, WIB, "id") == "Senin, 23 November 2026 07:48 WIB, 18 menit (TL1)"
    assert describe_mark(late, WIB, "en") == "Monday, 23 November 2026 07:48 WIB, 18 min (TL1)"
    assert describe_mark(away, WIB, "id") == (
        "Senin, 23 November 2026 10:05 WIB, tidak di tempat saat cek kehadiran, "
        "1,2 km dari Sekretariat Daerah")
    assert describe_mark(none_in, WIB, "id") == "Senin, 23 November 2026, tanpa absen masuk (TL4)"
    assert describe_mark(absent, WIB, "id") == "Selasa, 24 November 2026 (TK)"
    rows = excuse_buttons([late, away, absent], "id")
    assert [[b.text for b in row] for row in rows] == [
        ["✅ Dispensasi 23/11 TL1", "✅ Dispensasi 23/11 cek lokasi"], ["✅ Dispensasi 24/11 TK"]]
    assert rows[0][0].callback_data == "exc:1"
