"""Edges of the attendance day through the real Application, on SQLite and
PostgreSQL: night shifts across midnight, early check-ins, forgotten
check-outs, how long positions are kept (UU 27/2022), rounding, several
offices, and group chats."""

from __future__ import annotations

import copy
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, select, update

from bot.texts import text
from db.models import CheckPrompt, Employee, Holiday, PositionSample, ScheduleRule, Unit
from tests import factories, test_attendance
from tests.test_attendance import (
    ANDI,
    BUDI,
    IN_LAT,
    IN_LON,
    LIVE_HINT,
    WIB,
    check,
    count,
    events,
    monday,
)

office = test_attendance.office  # the fixture: an office, a schedule, Sari, Andi and Budi

JOKO = 3001  # works the night shift, 22:00–06:00 every day
LIVE_FOREVER = 0x7FFFFFFF  # "until I stop sharing"
MKS_LAT, MKS_LON = -5.1478, 119.4328  # inside the Makassar (WITA) office
MON, TUE = date(2026, 11, 23), date(2026, 11, 24)


def tuesday(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, 24, hour, minute, second, tzinfo=WIB)


def saturday(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 28, hour, minute, tzinfo=WIB)


@pytest.fixture
async def people(office: dict[str, Any], db: Any, emulator: Any) -> dict[str, Any]:
    """The ``office`` of tests/test_attendance.py plus Joko on the night shift."""
    async with db.transaction() as s:
        await factories.schedule(s, "MALAM", [(d, time(22), time(6)) for d in range(1, 8)])
        unit = await s.scalar(select(Unit).where(Unit.code == "ORG"))
        assert unit is not None
        joko = await factories.employee(s, unit, "198808082010011008", "Joko Susilo",
                                        schedule_code="MALAM", telegram_id=JOKO)
    emulator.add_user(JOKO, "Joko")
    return {**office, "joko": joko.id}


def last_text(bot: Any, user: int) -> str:
    text: str = bot.emu.sent_messages(user)[-1]["text"]
    return text


async def press_for(bot: Any, user: int, which: dict[str, Any], kind: str) -> str:
    """Answer the "masuk / pulang?" buttons of a location that came without a prompt."""
    column = 0 if kind == "in" else 1
    await bot.press(user, which["message_id"], bot.emu.buttons(which)[0][column][1])
    return last_text(bot, user)


async def live_check_in(bot: Any, clock: Any, at: datetime, user: int = ANDI) -> int:
    """Check in with a live location shared "until I stop"; its message id."""
    await check(bot, clock, "in", at, user=user, live_period=LIVE_FOREVER)
    return int(bot.emu.sent_messages(user)[-1]["message_id"]) - 1


async def move(bot: Any, message_id: int, at: datetime, user: int = ANDI) -> None:
    await bot.feed(bot.emu.edit_live_location(user, message_id, IN_LAT, IN_LON, queue=False,
                                              edit_date=at))


async def sample_times(db: Any) -> list[datetime]:
    async with db.transaction() as s:
        rows = await s.scalars(select(PositionSample.sampled_at).order_by(PositionSample.id))
        return [moment.astimezone(WIB) for moment in rows]


# --- 1. a night shift owns the hours after midnight -------------------------------


async def test_second_check_in_after_midnight_of_a_night_shift_changes_nothing(
        bot: Any, clock: Any, db: Any, people: dict[str, Any]) -> None:
    reply = await check(bot, clock, "in", monday(21, 55), user=JOKO)
    assert "Masuk tercatat pukul 21:55 WIB, Senin, 23 November 2026" in reply[-1]["text"]
    clock.set(tuesday(0, 55))
    [again] = await bot.text(JOKO, "/masuk")
    assert again["text"] == ("Anda sudah presensi masuk pukul 21:55 WIB, Senin, 23 November "
                             "2026. Tidak ada yang diubah.")
    assert await count(db, CheckPrompt) == 0
    # a location with no prompt, then "Masuk": the service refuses it just the same
    clock.advance(seconds=10)
    [which] = await bot.location(JOKO, IN_LAT, IN_LON)
    assert (await press_for(bot, JOKO, which, "in")).startswith(
        "Anda sudah presensi masuk pukul 21:55 WIB, Senin")
    # after the check-out, within the slack after the shift: still that shift's
    await check(bot, clock, "out", tuesday(6, 2), user=JOKO)
    clock.set(tuesday(8, 0))
    [again] = await bot.text(JOKO, "/masuk")
    assert again["text"].startswith("Anda sudah presensi masuk pukul 21:55 WIB, Senin")
    # Tuesday evening's shift is its own, and is not refused
    reply = await check(bot, clock, "in", tuesday(21, 50), user=JOKO)
    assert reply[-1]["text"] == (
        "✅ Masuk tercatat pukul 21:50 WIB, Selasa, 24 November 2026, di Sekretariat Daerah."
        "\nTepat waktu (jadwal 22:00 WIB)." + LIVE_HINT)
    assert [(e.kind, e.work_date) for e in await events(db, people["joko"])] == [
        ("in", MON), ("out", MON), ("in", TUE)]


async def test_late_check_in_after_midnight_still_counts_for_the_night_shift(
        bot: Any, clock: Any, db: Any, people: dict[str, Any]) -> None:
    reply = await check(bot, clock, "in", tuesday(0, 10), user=JOKO)
    assert reply[-1]["text"] == (
        "✅ Masuk tercatat pukul 00:10 WIB, Selasa, 24 November 2026 (shift Senin, 23 November "
        "2026), di Sekretariat Daerah.\nTerlambat 130 menit dari jadwal 22:00 WIB: TL4."
        + LIVE_HINT)
    assert [(e.work_date, e.code) for e in await events(db)] == [(MON, "TL4")]


async def test_check_in_long_before_the_period_is_refused_and_nothing_is_written(
        bot: Any, clock: Any, db: Any, people: dict[str, Any]) -> None:
    clock.set(monday(5, 0))
    [reply] = await bot.text(ANDI, "/masuk")
    assert reply["text"] == (
        "⏰ Terlalu awal untuk presensi masuk: jadwal Anda mulai pukul 07:30 WIB. Presensi "
        "masuk bisa dilakukan mulai pukul 05:30 WIB. Tidak ada yang dicatat.")
    assert await count(db, CheckPrompt) == 0
    clock.advance(seconds=10)
    [which] = await bot.location(ANDI, IN_LAT, IN_LON)
    assert (await press_for(bot, ANDI, which, "in")).startswith("⏰ Terlalu awal")
    assert await events(db) == []
    reply = await check(bot, clock, "in", monday(5, 30))
    assert "Masuk tercatat pukul 05:30 WIB" in reply[-1]["text"]
    # the morning after a night shift is not yet the next night's check-in
    await check(bot, clock, "in", monday(21, 55), user=JOKO)
    await check(bot, clock, "out", tuesday(6, 2), user=JOKO)
    clock.set(tuesday(10, 30))
    [reply] = await bot.text(JOKO, "/masuk")
    assert "mulai pukul 22:00 WIB" in reply["text"] and "mulai pukul 20:00 WIB" in reply["text"]
    # on a holiday the schedule does not apply: an early arrival is recorded
    reply = await check(bot, clock, "in", datetime(2026, 12, 25, 5, 0, tzinfo=WIB), user=BUDI)
    assert "hari libur (Hari Raya Natal)" in reply[-1]["text"]


async def test_early_check_in_limit_is_a_setting(make_harness: Any, clock: Any, db: Any,
                                                 office: Any) -> None:
    bot = await make_harness(early_check_in_minutes=30)
    clock.set(monday(6, 50))
    [reply] = await bot.text(ANDI, "/masuk")
    assert "Presensi masuk bisa dilakukan mulai pukul 07:00 WIB" in reply["text"]


# --- 2. a check-out closes only its own day ----------------------------------------


async def test_forgotten_check_out_is_not_closed_the_next_morning(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    await check(bot, clock, "in", monday(7, 20))
    clock.set(tuesday(7, 10))
    [reply] = await bot.text(ANDI, "/pulang")
    assert reply["text"] == (
        "Tidak ada presensi masuk yang masih terbuka untuk hari ini. Presensi pulang untuk "
        "Senin, 23 November 2026 (masuk pukul 07:20 WIB) tidak tercatat, dan batas waktunya "
        "sudah lewat. Jika Anda lupa presensi pulang, laporkan ke atasan.")
    assert await count(db, CheckPrompt) == 0
    clock.advance(seconds=10)
    [which] = await bot.location(ANDI, IN_LAT, IN_LON)
    assert (await press_for(bot, ANDI, which, "out")).startswith(
        "Tidak ada presensi masuk yang masih terbuka")
    assert [e.kind for e in await events(db)] == ["in"]


async def test_check_out_is_taken_until_the_slack_after_the_end(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    await check(bot, clock, "in", monday(7, 20))
    await check(bot, clock, "in", monday(7, 25), user=BUDI)
    reply = await check(bot, clock, "out", monday(19, 59))  # four hours of overtime
    assert reply[-1]["text"].startswith("✅ Pulang tercatat pukul 19:59 WIB, Senin")
    clock.set(monday(20, 1))
    [reply] = await bot.text(BUDI, "/pulang")
    assert reply["text"].startswith("Tidak ada presensi masuk yang masih terbuka")
    assert [(e.employee_id, e.kind) for e in await events(db)] == [
        (office["andi"], "in"), (office["budi"], "in"), (office["andi"], "out")]


async def test_check_out_slack_is_a_setting(make_harness: Any, clock: Any, db: Any,
                                            office: Any) -> None:
    bot = await make_harness(check_out_slack_minutes=60)
    await check(bot, clock, "in", monday(7, 20))
    clock.set(monday(17, 1))
    [reply] = await bot.text(ANDI, "/pulang")
    assert reply["text"].startswith("Tidak ada presensi masuk yang masih terbuka")


async def test_night_shift_check_out_shows_both_dates_and_a_second_changes_nothing(
        bot: Any, clock: Any, db: Any, people: dict[str, Any]) -> None:
    await check(bot, clock, "in", monday(21, 55), user=JOKO)
    reply = await check(bot, clock, "out", tuesday(6, 2), user=JOKO)
    assert reply[-1]["text"] == (
        "✅ Pulang tercatat pukul 06:02 WIB, Selasa, 24 November 2026 (shift Senin, 23 November "
        "2026), di Sekretariat Daerah.\nSesuai jadwal pulang 06:00 WIB.")
    clock.set(tuesday(6, 30))
    [again] = await bot.text(JOKO, "/pulang")
    assert again["text"] == (
        "Anda sudah presensi pulang hari ini pukul 06:02 WIB. Tidak ada yang diubah.")
    assert [(e.kind, e.work_date) for e in await events(db)] == [("in", MON), ("out", MON)]


async def test_day_without_schedule_takes_a_check_out_on_the_same_date_only(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    await check(bot, clock, "in", saturday(9))
    await check(bot, clock, "in", saturday(9, 5), user=BUDI)
    reply = await check(bot, clock, "out", saturday(23))
    assert "Pulang tercatat pukul 23:00 WIB, Sabtu, 28 November 2026" in reply[-1]["text"]
    clock.set(datetime(2026, 11, 29, 0, 30, tzinfo=WIB))
    [reply] = await bot.text(BUDI, "/pulang")
    assert "Presensi pulang untuk Sabtu, 28 November 2026 (masuk pukul 09:05 WIB)" in (
        reply["text"])
    assert len(await events(db)) == 3


async def test_status_after_midnight_shows_the_running_night_shift(
        bot: Any, clock: Any, db: Any, people: dict[str, Any]) -> None:
    await check(bot, clock, "in", monday(21, 55), user=JOKO)
    clock.set(tuesday(0, 55))
    [reply] = await bot.text(JOKO, "/status")
    assert reply["text"] == (
        "Presensi Joko Susilo\n\nShift yang berjalan, Senin, 23 November 2026:\n"
        "Jadwal shift: 22:00 WIB–06:00 WIB\n• Masuk: 21:55 WIB\n• Pulang: belum\n\n"
        "📅 Bulan November 2026\nBelum ada hari kerja yang ditutup bulan ini.\n"
        "Tugas bulan ini: belum ada yang selesai\n"
        "Sisa cuti tahunan 2026: 18 hari kerja (hak 12 + sisa tahun lalu 6; terpakai 0, "
        "menunggu persetujuan 0).")


# --- 3. positions of a live location: bounded, throttled, cheap ---------------------


async def test_positions_on_a_day_without_schedule_stop_after_max_tracking_hours(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    message_id = await live_check_in(bot, clock, saturday(9))
    for hour in (12, 20, 23):
        await move(bot, message_id, saturday(hour))
    assert await sample_times(db) == [saturday(12)]


async def test_positions_on_a_working_day_stop_at_the_scheduled_end(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    message_id = await live_check_in(bot, clock, monday(7, 20))
    for at in (monday(15, 0), monday(16, 30), monday(21, 0)):
        await move(bot, message_id, at)
    assert await sample_times(db) == [monday(15, 0)]


async def test_max_tracking_hours_is_a_setting(make_harness: Any, clock: Any, db: Any,
                                               office: Any) -> None:
    bot = await make_harness(max_tracking_hours=2)
    message_id = await live_check_in(bot, clock, saturday(9))
    for hour in (10, 12):
        await move(bot, message_id, saturday(hour))
    assert await sample_times(db) == [saturday(10)]


async def test_a_burst_of_live_edits_keeps_one_position_per_interval_for_one_query_each(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    message_id = await live_check_in(bot, clock, monday(7, 20))  # the location: 07:20:20
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        per_edit = []
        for second in range(0, 260, 10):  # 07:21:00 … 07:25:10: too soon after the check-in
            before = len(statements)
            await move(bot, message_id, monday(7, 21) + timedelta(seconds=second))
            per_edit.append(len(statements) - before)
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)
    assert per_edit == [1] * len(per_edit), statements[:8]
    for at in (monday(7, 25, 20), monday(7, 26), monday(7, 30, 19), monday(7, 30, 20)):
        await move(bot, message_id, at)
    assert await sample_times(db) == [monday(7, 25, 20), monday(7, 30, 20)]


async def test_position_interval_is_a_setting(make_harness: Any, clock: Any, db: Any,
                                              office: Any) -> None:
    bot = await make_harness(position_sample_interval_s=60)
    message_id = await live_check_in(bot, clock, monday(7, 20))
    for minute in (21, 22, 23):
        await move(bot, message_id, monday(7, minute, 30))
    assert len(await sample_times(db)) == 3


async def test_retention_deletes_prompts_and_parked_locations_past_their_window(
        bot: Any, clock: Any, db: Any, office: dict[str, Any]) -> None:
    clock.set(monday(7, 22))
    await bot.location(ANDI, IN_LAT, IN_LON)  # parked: waits for "masuk / pulang"
    clock.set(monday(7, 25))
    await bot.text(BUDI, "/masuk")  # still inside its window when the job runs
    clock.set(monday(7, 28))
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "retention"]
    await job.run(bot.app)
    async with db.transaction() as s:
        assert list(await s.scalars(select(CheckPrompt.employee_id))) == [office["budi"]]


# --- 4. a partial minute never counts ------------------------------------------------


async def test_leaving_seconds_before_the_end_is_not_leaving_early(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    await check(bot, clock, "in", monday(7, 20))
    clock.set(monday(15, 59))
    await bot.text(ANDI, "/pulang")
    clock.set(monday(15, 59, 30))
    [reply] = await bot.location(ANDI, IN_LAT, IN_LON)
    assert reply["text"].endswith("Sesuai jadwal pulang 16:00 WIB.")
    assert [(e.kind, e.code, e.minutes_off) for e in await events(db)] == [
        ("in", None, 0), ("out", None, 0)]


# --- 5. several offices -------------------------------------------------------------


async def two_zones(db: Any, emulator: Any) -> int:
    """Rina works at Sekayu (WIB, the first office) and Makassar (WITA), listed
    the other way round; her Telegram id."""
    async with db.transaction() as s:
        setda = await factories.office(s)
        mks = await factories.office(s, **factories.MKS)
        await factories.schedule(s)
        unit = await factories.unit(s, setda)
        await factories.employee(s, unit, "199404042019012004", "Rina", offices=[mks, setda],
                                 telegram_id=4001)
    emulator.add_user(4001, "Rina")
    return 4001


async def test_the_home_office_is_the_first_office(bot: Any, clock: Any, db: Any,
                                                   emulator: Any) -> None:
    rina = await two_zones(db, emulator)
    async with db.transaction() as s:
        [employee] = await s.scalars(select(Employee).where(Employee.name == "Rina"))
        assert [o.code for o in employee.offices] == ["SETDA", "MKS"]
    clock.set(monday(10, 0))
    [status] = await bot.text(rina, "/status")
    assert "Jadwal hari ini: 07:30 WIB–16:00 WIB" in status["text"]


async def test_check_out_is_measured_in_the_zone_of_the_check_in(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    rina = await two_zones(db, emulator)
    wita = ZoneInfo("Asia/Makassar")
    reply = await check(bot, clock, "in", datetime(2026, 11, 23, 7, 25, tzinfo=wita),
                        MKS_LAT, MKS_LON, user=rina)
    assert reply[-1]["text"].endswith("Tepat waktu (jadwal 07:30 WITA)." + LIVE_HINT)
    # checked out at Sekayu at 15:05 WIB = 16:05 WITA: after the 16:00 WITA end
    reply = await check(bot, clock, "out", monday(15, 5), user=rina)
    assert reply[-1]["text"].endswith("Sesuai jadwal pulang 15:00 WIB.")
    assert [e.code for e in await events(db)] == [None, None]


# --- 6. group chats ------------------------------------------------------------------


async def test_attendance_in_a_group_shows_nothing_personal_and_writes_nothing(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    await check(bot, clock, "in", monday(7, 20))
    group = {"id": -1001234, "type": "supergroup", "title": "Bagian Organisasi"}
    bot.emu.state.chats[group["id"]] = group

    def in_group(update: dict[str, Any]) -> dict[str, Any]:
        message = update["message"]
        message["chat"] = group
        bot.emu.state.messages[(group["id"], message["message_id"])] = copy.deepcopy(message)
        return update

    clock.set(monday(10, 0))
    for body in ("/status", "/masuk", "/pulang"):
        await bot.feed(in_group(bot.emu.send_text(ANDI, body, queue=False)))
    await bot.feed(in_group(bot.emu.send_location(ANDI, IN_LAT, IN_LON, live_period=900,
                                                  horizontal_accuracy=10.0, queue=False)))
    said = " ".join(m.get("text", "") for m in bot.emu.sent_messages(group["id"]))
    for personal in ("Andi", "07:20", "Masuk", "Pulang", "Lokasi"):
        assert personal not in said
    assert await count(db, CheckPrompt) == 0
    assert [e.kind for e in await events(db)] == ["in"]


# --- holiday exceptions: public services and the agency's working days --------------

CHRISTMAS = date(2026, 12, 25)  # Friday, Hari Raya Natal: 07:30–16:30 on UMUM
CANCELLED_CUTI = date(2027, 3, 25)  # Thursday, Cuti Bersama Wafat Yesus Kristus


async def test_schedule_that_works_on_holidays_gets_tl_and_psw_codes(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    async with db.transaction() as s:
        await s.execute(update(ScheduleRule).values(works_on_holidays=True))
    christmas = datetime.combine(CHRISTMAS, time(8, 0), WIB)
    reply = await check(bot, clock, "in", christmas)
    assert "hari libur" not in reply[-1]["text"]
    await check(bot, clock, "out", christmas.replace(hour=15))  # 90 minutes early
    assert [(e.kind, e.day_type, e.holiday_name, e.code) for e in await events(db)] == [
        ("in", "workday", "Hari Raya Natal", "TL1"),
        ("out", "workday", "Hari Raya Natal", "PSW3"),
    ]


async def test_working_day_entered_by_an_admin_is_a_workday_for_everyone(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    async with db.transaction() as s:
        s.add(Holiday(date=CANCELLED_CUTI, name="Cuti bersama dibatalkan", working=True))
    reply = await check(bot, clock, "in", datetime.combine(CANCELLED_CUTI, time(8, 0), WIB))
    assert "hari libur" not in reply[-1]["text"]
    await check(bot, clock, "in", datetime.combine(CANCELLED_CUTI, time(7, 20), WIB), user=BUDI)
    assert [(e.day_type, e.holiday_name, e.code) for e in await events(db)] == [
        ("workday", None, "TL1"), ("workday", None, None)]


async def test_a_live_location_moving_is_not_counted_by_the_flood_limit(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    """Telegram sends a moving live location every few seconds: 40 moves in a
    minute are the phone's, not the person's, and never earn a "slow down"."""
    message_id = await live_check_in(bot, clock, monday(7, 20))
    for second in range(40):
        await move(bot, message_id, monday(7, 21) + timedelta(seconds=second))
    [help_reply] = await bot.text(ANDI, "/bantuan")
    assert "Hadir" in help_reply["text"]
    slow_down = text("flood.slow_down", "id")
    assert not any(slow_down in t for t in bot.replies(ANDI))
