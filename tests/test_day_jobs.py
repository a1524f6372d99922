"""The day's reminders and the supervisor's no-show digest, through the real
Application on SQLite and PostgreSQL: whole mornings driven by the clock and
real check-in updates, the job run as the job queue runs it, the outbox
drained into the emulator."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.callbacks import PersonCB
from bot.services.day_conditions import not_checked_in_condition
from bot.services.outbox_recipients import holds
from db.models_day import Alert, LeaveRequest
from tests import factories
from tests.day_org import (
    ANDI,
    BUDI,
    CITRA,
    DEWI,
    EKO,
    FAJAR,
    GITA,
    MONDAY,
    NAMES,
    RATNA,
    SARI,
    check,
    monday,
    nip,
    outbox_rows,
    run_day_job,
    seed,
    texts,
)

REMINDER = "Belum presensi masuk"
DIGEST = "Belum ada keterangan"


def digests(bot: Any, user: int) -> list[str]:
    return [t for t in texts(bot, user) if DIGEST in t]


def reminders(bot: Any, user: int) -> list[str]:
    return [t for t in texts(bot, user) if REMINDER in t]


async def test_the_job_is_scheduled_every_alert_scan_interval(make_harness: Any) -> None:
    bot = await make_harness(alert_scan_interval_s=90)
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "day"]
    assert job.job.trigger.interval == timedelta(seconds=90)


async def test_a_reminder_at_0745_only_to_who_is_missing_and_not_on_leave(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    await seed(db, emulator)
    await check(bot, clock, "in", monday(7, 20), ANDI)
    await check(bot, clock, "in", monday(7, 25), SARI)
    await run_day_job(bot, clock, monday(7, 44))
    assert reminders(bot, BUDI) == []

    await run_day_job(bot, clock, monday(7, 45))
    assert reminders(bot, BUDI) == [
        "⏰ Belum presensi masuk\nJadwal Anda hari ini, Senin, 23 November 2026, mulai pukul "
        "07:30 WIB. Kirim /masuk lalu bagikan lokasi terkini.\nSedang cuti, dinas luar atau "
        "izin? Ajukan lewat /izin agar hari ini tidak tercatat tanpa keterangan."]
    for user in (CITRA, RATNA, EKO, GITA):
        assert len(reminders(bot, user)) == 1, NAMES[user]
    for user in (ANDI, SARI, DEWI, FAJAR):  # checked in, on DL, starts at 09:00
        assert reminders(bot, user) == [], NAMES[user]

    await run_day_job(bot, clock, monday(7, 50))  # again: nothing new
    await run_day_job(bot, clock, monday(9, 15))  # Fajar's own start + 15 min
    assert len(reminders(bot, BUDI)) == 1 and len(reminders(bot, FAJAR)) == 1
    keys = [row.key for row in await outbox_rows(db, "day:%:remind-in")]
    assert len(keys) == len(set(keys)) == 6


async def test_a_reminder_still_queued_when_its_person_checks_in_is_not_sent(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    ids = await seed(db, emulator)
    clock.set(monday(7, 45))
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "day"]
    await job.run(bot.app)  # queued, not sent yet
    await check(bot, clock, "in", monday(7, 46), BUDI)
    await bot.deliver()
    assert reminders(bot, BUDI) == [] and len(reminders(bot, CITRA)) == 1
    [row] = [r for r in await outbox_rows(db, "day:%:remind-in") if r.employee_id == ids[BUDI]]
    assert row.status == "cancelled"


async def test_a_reminder_whose_person_got_leave_meanwhile_is_not_sent(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    ids = await seed(db, emulator)
    clock.set(monday(7, 45))
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "day"]
    await job.run(bot.app)
    async with db.transaction() as s:  # Sari approves Budi's sick leave at 07:46
        s.add(LeaveRequest(employee_id=ids[BUDI], kind="CS", status="approved",
                           start_date=MONDAY, end_date=MONDAY, reason="Demam",
                           requested_at=monday(7, 40), decided_at=monday(7, 46)))
    clock.set(monday(7, 47))
    await bot.deliver()
    assert reminders(bot, BUDI) == [] and len(reminders(bot, CITRA)) == 1
    async with db.transaction() as s:
        assert not await holds(s, not_checked_in_condition(ids[BUDI], MONDAY))
        assert await holds(s, not_checked_in_condition(ids[CITRA], MONDAY))


async def test_a_holiday_yields_nothing(bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    await seed(db, emulator)
    async with db.transaction() as s:
        await factories.holiday(s, MONDAY, "Hari Jadi Kabupaten")
    for at in (monday(7, 45), monday(8, 30), monday(10, 0), monday(16, 30)):
        await run_day_job(bot, clock, at)
    assert await outbox_rows(db) == []
    assert all(emulator.sent_messages(user) == [] for user in NAMES)


async def test_the_digest_at_0830_lists_the_missing_with_buttons_for_their_supervisor(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    ids = await seed(db, emulator)
    await check(bot, clock, "in", monday(7, 20), ANDI)
    await check(bot, clock, "in", monday(7, 28), SARI)
    await run_day_job(bot, clock, monday(7, 45))
    await check(bot, clock, "in", monday(8, 5), CITRA)
    await run_day_job(bot, clock, monday(8, 29))
    assert digests(bot, SARI) == []

    await run_day_job(bot, clock, monday(8, 30))
    [digest] = [m for m in emulator.sent_messages(SARI) if DIGEST in m["text"]]
    assert digest["text"] == (
        "👥 Belum ada keterangan\nSenin, 23 November 2026, per pukul 08:30 WIB\n\n"
        "Belum presensi masuk, dan tidak ada cuti, dinas luar atau izin yang disetujui "
        f"(1 orang):\n• Budi Santoso (NIP {nip(BUDI)}), jadwal 07:30 WIB\n\n"
        "Sementara: belum ada yang dicatat. Hari dinilai saat ditutup, setelah batas presensi "
        "pulang. Ketuk nama untuk melihat harinya.")
    assert emulator.buttons(digest) == [[("Budi Santoso", f"pd:{ids[BUDI]}:2026-11-23")]]
    # the head hears about the supervisor's own day only when she is missing: she is not;
    # another unit's supervisor hears about his own people
    assert digests(bot, RATNA) == []
    [eko] = digests(bot, EKO)
    assert NAMES[GITA] in eko and NAMES[BUDI] not in eko
    # nothing is marked yet: the digest is provisional
    async with db.transaction() as s:
        [alert] = [a for a in await s.scalars(select(Alert)) if a.employee_id == ids[SARI]]
        assert [p["id"] for p in alert.facts["people"]] == [ids[BUDI]]

    await run_day_job(bot, clock, monday(9, 0))
    assert len(digests(bot, SARI)) == 1

    # the button: Budi's day, for his supervisor
    replies = await bot.press(SARI, digest["message_id"], f"pd:{ids[BUDI]}:2026-11-23")
    assert replies[-1]["text"] == (
        f"Budi Santoso\nNIP {nip(BUDI)}\nUnit: Bagian Organisasi\nHari: Senin, 23 November "
        "2026\nJadwal: 07:30 WIB–16:00 WIB\n• Masuk: belum\n• Pulang: belum\n"
        "Hari ini belum ditutup: catatan di atas masih sementara.")
    # and for the head above them: Andi's check-in with its time
    message = emulator.sent_messages(RATNA)[-1]
    replies = await bot.press(RATNA, message["message_id"], PersonCB(ids[ANDI], MONDAY).pack())
    assert "• Masuk: 07:20 WIB" in replies[-1]["text"]
    dewi = await bot.press(SARI, digest["message_id"], PersonCB(ids[DEWI], MONDAY).pack())
    assert "Cuti/izin disetujui: DL, Senin, 23 November 2026 s.d. Selasa" in dewi[-1]["text"]


async def test_the_person_button_is_refused_to_anyone_else(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    ids = await seed(db, emulator)
    await run_day_job(bot, clock, monday(8, 30))
    [digest] = [m for m in emulator.sent_messages(EKO) if DIGEST in m["text"]]
    before = len(emulator.sent_messages(EKO))
    refused = "Anda tidak dapat melihat data orang ini. Tidak ada yang ditampilkan."
    own = emulator.sent_messages(ANDI)[-1]["message_id"]  # Andi's own reminder
    cases = [
        (EKO, digest["message_id"], PersonCB(ids[BUDI], MONDAY).pack()),  # another unit's
        (ANDI, own, PersonCB(ids[BUDI], MONDAY).pack()),  # a colleague, not a manager
        (GITA, emulator.sent_messages(GITA)[-1]["message_id"],
         PersonCB(ids[EKO], MONDAY).pack()),  # staff about their own supervisor
        (EKO, digest["message_id"], f"pd:{ids[GITA]}:2026-13-40"),  # forged
        (EKO, digest["message_id"], f"pd:-{ids[GITA]}:2026-11-23"),
        (EKO, digest["message_id"], PersonCB(ids[GITA], date(2026, 11, 30)).pack()),  # future
        (EKO, digest["message_id"], PersonCB(ids[GITA], date(2025, 1, 6)).pack()),  # stale
        (EKO, digest["message_id"], PersonCB(99999, MONDAY).pack()),  # nobody
    ]
    for user, message_id, data in cases:
        replies = await bot.press(user, message_id, data)
        assert replies == [] or not any(NAMES[BUDI] in r.get("text", "") for r in replies)
        assert bot.callback_answers()[-1] == {
            "callback_query_id": bot.callback_answers()[-1]["callback_query_id"],
            "text": refused, "show_alert": True}, data
    assert len(emulator.sent_messages(EKO)) == before


async def test_who_checked_in_after_the_digest_was_queued_is_left_out(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    ids = await seed(db, emulator)
    await check(bot, clock, "in", monday(7, 20), ANDI)
    clock.set(monday(8, 30))
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "day"]
    await job.run(bot.app)  # Budi, Citra and Sari herself are missing: queued
    await check(bot, clock, "in", monday(8, 31), BUDI)
    await bot.deliver()
    [digest] = digests(bot, RATNA)  # Sari is missing: her head hears
    [sari] = [m for m in emulator.sent_messages(SARI) if DIGEST in m["text"]]
    assert "per pukul 08:31 WIB" in sari["text"] and "(1 orang)" in sari["text"]
    assert NAMES[CITRA] in sari["text"] and NAMES[BUDI] not in sari["text"]
    assert emulator.buttons(sari) == [[("Citra Lestari", f"pd:{ids[CITRA]}:2026-11-23")]]
    assert NAMES[SARI] in digest
    async with db.transaction() as s:
        alert = await s.scalar(select(Alert).where(Alert.employee_id == ids[SARI]))
        assert alert is not None and [p["id"] for p in alert.facts["people"]] == [ids[CITRA]]


async def test_a_digest_whose_people_all_arrived_meanwhile_is_not_sent(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    ids = await seed(db, emulator)
    for user in (SARI, ANDI, BUDI, RATNA):
        await check(bot, clock, "in", monday(7, 20), user)
    clock.set(monday(8, 30))
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "day"]
    await job.run(bot.app)
    await check(bot, clock, "in", monday(8, 32), CITRA)
    await bot.deliver()
    assert digests(bot, SARI) == []
    [row] = [r for r in await outbox_rows(db, "day:noshow:%") if r.employee_id == ids[SARI]]
    assert row.status == "cancelled"


async def test_a_restart_at_0959_does_not_double_the_1000_alerts(
        make_harness: Any, clock: Any, db: Any, emulator: Any) -> None:
    await seed(db, emulator)
    first = await make_harness()
    await check(first, clock, "in", monday(7, 20), ANDI)
    for at in (monday(7, 45), monday(8, 30), monday(9, 15), monday(9, 58)):
        await run_day_job(first, clock, at)
    second = await make_harness()  # the bot restarted on the same database
    await run_day_job(second, clock, monday(9, 59))
    # at 10:00 both run (say the old process had not quite stopped)
    await run_day_job(second, clock, monday(10, 0))
    await run_day_job(first, clock, monday(10, 0))
    await run_day_job(second, clock, monday(10, 1))
    sari = digests(second, SARI)
    assert len(sari) == 2  # 08:30 for the 07:30 schedule, 10:00 for Fajar's 09:00 one
    assert "per pukul 08:30 WIB" in sari[0] and NAMES[BUDI] in sari[0]
    assert "per pukul 10:00 WIB" in sari[1] and NAMES[FAJAR] in sari[1]
    assert NAMES[BUDI] not in sari[1]
    assert len(reminders(second, BUDI)) == 1 and len(reminders(second, FAJAR)) == 1
    keys = [row.key for row in await outbox_rows(db)]
    assert len(keys) == len(set(keys))


async def test_down_from_0600_to_1100_one_digest_on_start_without_who_came_meanwhile(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    await seed(db, emulator)
    await run_day_job(bot, clock, monday(6, 0))
    # 11:00: the bot is back; the updates sent meanwhile arrive first
    await check(bot, clock, "in", monday(7, 20), ANDI, seen_at=monday(11, 0))
    await check(bot, clock, "in", monday(9, 40), BUDI, seen_at=monday(11, 0))
    await check(bot, clock, "in", monday(7, 29), SARI, seen_at=monday(11, 0))
    await run_day_job(bot, clock, monday(11, 0, 5))  # the first run after start
    await run_day_job(bot, clock, monday(11, 1))
    [digest] = digests(bot, SARI)
    assert "per pukul 11:00 WIB" in digest
    assert NAMES[CITRA] in digest and NAMES[FAJAR] in digest  # Fajar's 09:00 start too
    assert NAMES[ANDI] not in digest and NAMES[BUDI] not in digest
    assert len(reminders(bot, CITRA)) == 1 and reminders(bot, BUDI) == []


async def test_wib_wita_and_wit_offices_get_their_reminders_at_their_own_local_times(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    async with db.transaction() as s:
        await factories.schedule(s)
        setda = await factories.office(s)
        makassar = await factories.office(s, **factories.MKS)
        jayapura = await factories.office(s, code="JYP", name="Kantor Jayapura",
                                          latitude=-2.5337, longitude=140.7181,
                                          timezone="Asia/Jayapura")
        unit = await factories.unit(s, setda)
        for user, office in ((2001, setda), (2002, makassar), (2003, jayapura)):
            await factories.employee(s, unit, nip(user), f"Pegawai {user}", telegram_id=user,
                                     offices=[office])
            emulator.add_user(user, f"Pegawai {user}")

    def at_utc(day: int, hour: int, minute: int) -> datetime:
        return datetime(2026, 11, day, hour, minute, tzinfo=UTC)

    seen: list[tuple[int, int, int]] = []
    for moment in (at_utc(22, 22, 44), at_utc(22, 22, 45), at_utc(22, 23, 44),
                   at_utc(22, 23, 45), at_utc(23, 0, 44), at_utc(23, 0, 45)):
        await run_day_job(bot, clock, moment)
        seen.append(tuple(len(reminders(bot, u)) for u in (2001, 2002, 2003)))  # type: ignore[arg-type]
    assert seen == [(0, 0, 0), (0, 0, 1), (0, 0, 1), (0, 1, 1), (0, 1, 1), (1, 1, 1)]
    assert "mulai pukul 07:30 WIT" in reminders(bot, 2003)[0]
    assert "mulai pukul 07:30 WITA" in reminders(bot, 2002)[0]
    assert "mulai pukul 07:30 WIB" in reminders(bot, 2001)[0]
    assert "Senin, 23 November 2026" in reminders(bot, 2003)[0]


async def test_the_check_out_reminder_goes_30_minutes_after_the_end(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    await seed(db, emulator)
    await check(bot, clock, "in", monday(7, 20), ANDI)
    await check(bot, clock, "in", monday(7, 21), BUDI)
    await check(bot, clock, "in", monday(7, 22), CITRA)
    await check(bot, clock, "out", monday(16, 2), CITRA)
    await run_day_job(bot, clock, monday(16, 29))
    assert not any("Belum presensi pulang" in t for t in texts(bot, ANDI))
    clock.set(monday(16, 30))
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "day"]
    await job.run(bot.app)
    await check(bot, clock, "out", monday(16, 31), BUDI)  # before the reminder went out
    await bot.deliver()
    await run_day_job(bot, clock, monday(16, 45))
    [reminder] = [t for t in texts(bot, ANDI) if "Belum presensi pulang" in t]
    assert reminder == (
        "⏰ Belum presensi pulang\nJadwal pulang Senin, 23 November 2026: 16:00 WIB. Kirim "
        "/pulang sebelum pukul 20:00 WIB; setelah itu hari ini tercatat tanpa presensi pulang "
        "(PSW4).")
    for user in (BUDI, CITRA, DEWI, SARI):  # checked out meanwhile, out already, DL, never in
        assert not any("Belum presensi pulang" in t for t in texts(bot, user)), NAMES[user]


async def test_no_reminder_for_a_day_already_over(bot: Any, clock: Any, db: Any,
                                                  emulator: Any) -> None:
    """The bot was down from Monday morning to Tuesday 09:00: Monday gets no
    reminders nor digest, Tuesday's are sent once."""
    await seed(db, emulator)
    await run_day_job(bot, clock, monday(6, 0))
    await run_day_job(bot, clock, datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    [reminder] = reminders(bot, BUDI)
    assert "Selasa, 24 November 2026" in reminder
    [digest] = digests(bot, SARI)
    assert "Selasa, 24 November 2026" in digest and NAMES[DEWI] not in digest  # DL Mon-Tue
