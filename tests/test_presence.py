"""Mid-day presence checks through the real Application, on SQLite and
PostgreSQL: planned per unit, asked or read from a current live location,
answered, judged into mid-day absences, told once to the person and in one
digest to the supervisor, explained with a reason in one tap and a few words."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.callbacks import LeaveCB, PresenceCB
from bot.texts import text
from db.models import Unit
from db.models_day import AttendanceMark, DayRecord, LeaveRequest, PresenceAsk, PresenceCheck
from jobs.presence import plan_presence_checks
from tests import factories
from tests.test_attendance import FAR_LAT, FAR_LON, IN_LAT, IN_LON, check
from tests.test_presence_rules import assert_fits_the_day

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = date(2026, 11, 23)
SARI, ANDI, BUDI, KEPALA, DEDI = 1003, 1001, 1002, 1004, 1005
LIVE_8H = 8 * 3600
STALE = text("common.stale_button", "id")


def monday(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, second, tzinfo=WIB)


@pytest.fixture
async def org(db: Any, emulator: Any) -> dict[str, int]:
    """Bagian Organisasi at the Setda (WIB): its head, Sari supervising Andi and
    Budi, and Dedi with no supervisor (the head is his manager)."""
    async with db.transaction() as s:
        setda = await factories.office(s)
        await factories.schedule(s)
        unit = await factories.unit(s, setda)
        kepala = await factories.employee(s, unit, "197001011995031001", "Bu Kepala",
                                          role="head", telegram_id=KEPALA)
        unit.head_id = kepala.id
        sari = await factories.employee(s, unit, "197901012005012001", "Sari Wulandari",
                                        role="supervisor", supervisor=kepala, telegram_id=SARI)
        andi = await factories.employee(s, unit, "199001012015011001", "Andi Pratama",
                                        supervisor=sari, telegram_id=ANDI)
        budi = await factories.employee(s, unit, "199202022018011002", "Budi Santoso",
                                        supervisor=sari, telegram_id=BUDI)
        dedi = await factories.employee(s, unit, "199303032019011003", "Dedi Kurniawan",
                                        telegram_id=DEDI)
    for uid, name in ((ANDI, "Andi"), (BUDI, "Budi"), (SARI, "Sari"), (KEPALA, "Kepala"),
                      (DEDI, "Dedi")):
        emulator.add_user(uid, name)
    return {"unit": unit.id, "kepala": kepala.id, "sari": sari.id, "andi": andi.id,
            "budi": budi.id, "dedi": dedi.id}


async def seed_check(db: Any, unit_id: int, at: datetime, seq: int = 1) -> int:
    """A check planned for ``at`` (the plan then leaves the unit's day alone)."""
    async with db.transaction() as s:
        row = PresenceCheck(unit_id=unit_id, work_date=at.astimezone(WIB).date(), seq=seq,
                            at=at)
        s.add(row)
        await s.flush()
        return row.id


async def run_job(bot: Any, clock: Any, at: datetime) -> None:
    """The presence job as the job queue runs it, then the outbox sent."""
    clock.set(at)
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "presence_checks"]
    await job.run(bot.app)
    await bot.deliver()


def texts(bot: Any, chat: int) -> list[str]:
    return bot.replies(chat)


async def asks(db: Any) -> list[PresenceAsk]:
    async with db.transaction() as s:
        return list(await s.scalars(select(PresenceAsk).order_by(PresenceAsk.id)))


async def marks(db: Any) -> list[AttendanceMark]:
    async with db.transaction() as s:
        return list(await s.scalars(select(AttendanceMark).order_by(AttendanceMark.id)))


async def checked_in(bot: Any, clock: Any, user: int, at: datetime, **loc: Any) -> dict[str, Any]:
    """Check in with a live location; the location message (its id for edits)."""
    clock.set(at)
    await bot.text(user, "/masuk")
    clock.advance(seconds=20)
    update_ = bot.emu.send_location(user, IN_LAT, IN_LON, queue=False,
                                    live_period=loc.get("live_period", 900),
                                    horizontal_accuracy=12.0)
    await bot.feed(update_)
    return dict(update_["message"])


async def edit_live(bot: Any, user: int, message_id: int, at: datetime, lat: float = IN_LAT,
                    lon: float = IN_LON) -> None:
    await bot.feed(bot.emu.edit_live_location(user, message_id, lat, lon, queue=False,
                                              horizontal_accuracy=10.0, edit_date=at))


# --- the day the research describes -------------------------------------------------


async def test_in_at_0725_gone_at_1000_back_at_1600_is_a_midday_absence_in_the_digest(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    await checked_in(bot, clock, ANDI, monday(7, 25))
    assert "8 jam" in texts(bot, ANDI)[-1]  # the check-in suggests a working day's live location
    check_id = await seed_check(db, org["unit"], monday(10, 0))

    await run_job(bot, clock, monday(10, 0, 20))
    ask = texts(bot, ANDI)[-1]
    assert ask.startswith("📍 Pemeriksaan kehadiran pukul 10:00 WIB.")
    assert "dalam 15 menit (sampai 10:15 WIB)" in ask
    assert texts(bot, BUDI) == [] and texts(bot, SARI) == []  # not checked in: not asked

    clock.set(monday(10, 4))
    [reply] = await bot.location(ANDI, FAR_LAT, FAR_LON)
    assert reply["text"].startswith("📍 Lokasi Anda pukul 10:04 WIB: 1,2 km dari Sekretariat "
                                    "Daerah (radius 150 m). Tercatat di luar tempat kerja")
    await run_job(bot, clock, monday(10, 16))  # the answers close at 10:15 (+2 min grace)
    assert await marks(db) == [] and texts(bot, SARI) == []

    await run_job(bot, clock, monday(10, 17, 30))
    [mark] = await marks(db)
    assert (mark.kind, mark.employee_id, mark.work_date, mark.key) == (
        "midday_absence", org["andi"], MONDAY, f"midday:{(await asks(db))[0].id}")
    assert mark.at == monday(10, 0)
    assert mark.facts["result"] == "away" and mark.facts["place"] == "Sekretariat Daerah"
    assert 1100 < mark.facts["distance_m"] < 1300 and mark.facts["check_id"] == check_id
    told = bot.emu.last_message(ANDI)
    assert told["text"].startswith("⚠️ Ketidakhadiran siang tercatat\nPemeriksaan kehadiran "
                                   "pukul 10:00 WIB, Senin, 23 November 2026: 1,2 km dari "
                                   "Sekretariat Daerah (lokasi pukul 10:04 WIB).")
    assert bot.emu.buttons(told) == [[("✍️ Beri alasan", PresenceCB("reason", mark.id).pack())]]
    [digest] = texts(bot, SARI)
    assert digest == (
        "🔎 Pemeriksaan kehadiran pukul 10:00 WIB, Senin, 23 November 2026\n"
        "1 orang Anda tidak berada di tempat kerja:\n"
        "• Andi Pratama — 1,2 km dari Sekretariat Daerah (lokasi pukul 10:04 WIB)\n\n"
        "Mereka sudah diberi tahu dan dapat menyampaikan alasan. Hadir hanya memberi tahu; "
        "keputusan ada pada Anda.")
    assert texts(bot, KEPALA) == []

    reply = await check(bot, clock, "out", monday(16, 0))
    assert "Pulang tercatat pukul 16:00 WIB" in reply[-1]["text"]
    assert len(await marks(db)) == 1  # the afternoon check-out does not undo it


async def test_no_answer_is_a_midday_absence_and_the_head_gets_those_without_supervisor(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    for user in (ANDI, BUDI, DEDI):
        await checked_in(bot, clock, user, monday(7, 25))
    await seed_check(db, org["unit"], monday(10, 0))
    await run_job(bot, clock, monday(10, 0))
    clock.set(monday(10, 3))
    [reply] = await bot.location(BUDI, IN_LAT, IN_LON)
    assert reply["text"] == ("✅ Terima kasih. Kehadiran Anda pada pemeriksaan pukul 10:00 WIB "
                             "terkonfirmasi di Sekretariat Daerah.")
    await run_job(bot, clock, monday(10, 20))
    assert [(m.employee_id, m.facts["result"]) for m in await marks(db)] == [
        (org["andi"], "no_answer"), (org["dedi"], "no_answer")]
    [digest] = texts(bot, SARI)
    assert "• Andi Pratama — tidak ada jawaban dalam 15 menit" in digest
    assert "Budi" not in digest and "Dedi" not in digest
    [to_head] = texts(bot, KEPALA)
    assert "• Dedi Kurniawan — tidak ada jawaban dalam 15 menit" in to_head
    assert "tidak ada jawaban dalam 15 menit" in texts(bot, ANDI)[-1]
    assert texts(bot, BUDI)[-1].startswith("✅ Terima kasih")  # nothing recorded for Budi


# --- the live location shared at check-in ---------------------------------------------


async def test_a_current_live_location_inside_the_office_is_judged_without_asking(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    location = await checked_in(bot, clock, ANDI, monday(7, 25), live_period=LIVE_8H)
    assert "8 jam" not in texts(bot, ANDI)[-1]  # already shared for the working day
    await edit_live(bot, ANDI, location["message_id"], monday(9, 56))
    await seed_check(db, org["unit"], monday(10, 0))
    before = len(texts(bot, ANDI))
    await run_job(bot, clock, monday(10, 0))
    await run_job(bot, clock, monday(10, 20))
    assert len(texts(bot, ANDI)) == before  # nobody interrupted
    [ask] = await asks(db)
    assert (ask.result, ask.from_live, ask.place) == ("present", True, "Sekretariat Daerah")
    assert ask.answered_at == monday(9, 56)
    assert await marks(db) == [] and texts(bot, SARI) == []


async def test_a_current_live_location_outside_is_away_without_asking(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    location = await checked_in(bot, clock, ANDI, monday(7, 25), live_period=LIVE_8H)
    await edit_live(bot, ANDI, location["message_id"], monday(9, 57), FAR_LAT, FAR_LON)
    await seed_check(db, org["unit"], monday(10, 0))
    before = len(texts(bot, ANDI))
    await run_job(bot, clock, monday(10, 0))
    assert len(texts(bot, ANDI)) == before
    await run_job(bot, clock, monday(10, 20))
    [mark] = await marks(db)
    assert mark.facts["result"] == "away" and mark.facts["from_live"] is True
    assert "(lokasi pukul 09:57 WIB)" in texts(bot, SARI)[0]


async def test_an_expired_live_location_is_asked(bot: Any, clock: Any, db: Any,
                                                 org: dict[str, int]) -> None:
    # shared for one hour at 07:25: Telegram sends no "stopped", it just ends at 08:25
    location = await checked_in(bot, clock, ANDI, monday(7, 25), live_period=3600)
    await edit_live(bot, ANDI, location["message_id"], monday(8, 20))
    await seed_check(db, org["unit"], monday(10, 0))
    await run_job(bot, clock, monday(10, 0))
    assert texts(bot, ANDI)[-1].startswith("📍 Pemeriksaan kehadiran pukul 10:00 WIB.")
    [ask] = await asks(db)
    assert (ask.result, ask.from_live) == ("pending", False)


async def test_a_live_location_without_a_recent_position_is_asked_and_a_later_edit_answers(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    location = await checked_in(bot, clock, ANDI, monday(7, 25), live_period=LIVE_8H)
    await edit_live(bot, ANDI, location["message_id"], monday(8, 0))  # then the phone sat still
    await seed_check(db, org["unit"], monday(10, 0))
    await run_job(bot, clock, monday(10, 0))
    assert texts(bot, ANDI)[-1].startswith("📍 Pemeriksaan kehadiran pukul 10:00 WIB.")
    clock.set(monday(10, 6))
    await edit_live(bot, ANDI, location["message_id"], monday(10, 6))
    await bot.deliver()
    assert texts(bot, ANDI)[-1] == (
        "✅ Kehadiran Anda pada pemeriksaan pukul 10:00 WIB terkonfirmasi dari lokasi terkini "
        "Anda (10:06 WIB, Sekretariat Daerah). Tidak perlu mengirim lokasi lagi.")
    [ask] = await asks(db)
    # asked, then answered by the live location (from_live: judged without asking)
    assert (ask.result, ask.from_live, ask.answered_at) == ("present", False, monday(10, 6))
    clock.set(monday(10, 8))
    [again] = await bot.location(ANDI, IN_LAT, IN_LON)
    assert again["text"] == ("Pemeriksaan kehadiran pukul 10:00 WIB sudah terjawab pukul "
                             "10:06 WIB. Tidak ada yang diubah.")
    await run_job(bot, clock, monday(10, 20))
    assert await marks(db) == [] and texts(bot, SARI) == []


# --- excused, holidays, check-outs ----------------------------------------------------


def _leave(employee_id: int, kind: str, start_at: datetime | None = None,
           end_at: datetime | None = None) -> LeaveRequest:
    return LeaveRequest(employee_id=employee_id, kind=kind, status="approved",
                        start_date=MONDAY, end_date=MONDAY, start_at=start_at, end_at=end_at,
                        reason="tugas", requested_at=datetime(2026, 11, 20, tzinfo=UTC),
                        decided_at=datetime(2026, 11, 20, tzinfo=UTC))


async def test_approved_dl_and_izin_keluar_covering_the_moment_yield_nothing(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    for user in (ANDI, BUDI, DEDI):
        await checked_in(bot, clock, user, monday(7, 25))
    async with db.transaction() as s:
        s.add(_leave(org["andi"], "DL"))
        s.add(_leave(org["budi"], "IK", monday(9, 30), monday(10, 30)))
        s.add(_leave(org["dedi"], "IK", monday(13, 0), monday(14, 0)))  # not at 10:00
    await seed_check(db, org["unit"], monday(10, 0))
    before = {user: len(texts(bot, user)) for user in (ANDI, BUDI)}
    await run_job(bot, clock, monday(10, 0))
    await run_job(bot, clock, monday(10, 20))
    assert {user: len(texts(bot, user)) for user in (ANDI, BUDI)} == before
    assert [(a.employee_id, a.result) for a in await asks(db)] == [
        (org["andi"], "excused"), (org["budi"], "excused"), (org["dedi"], "no_answer")]
    assert [m.employee_id for m in await marks(db)] == [org["dedi"]]
    assert texts(bot, SARI) == []  # Sari's people were excused: no digest


async def test_a_dl_approved_while_the_answers_are_awaited_excuses_the_check(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    """Ordered on a trip that morning: asked at 10:00 with the DL still
    pending, approved at 10:05; the check closing at 10:17 records nothing for
    him (the approval found no mark to clear yet)."""
    for user in (ANDI, BUDI):
        await checked_in(bot, clock, user, monday(7, 25))
    async with db.transaction() as s:
        dl = _leave(org["andi"], "DL")
        dl.status, dl.decided_at = "pending", None
        s.add(dl)
        await s.flush()
        dl_id = dl.id
    await seed_check(db, org["unit"], monday(10, 0))
    await run_job(bot, clock, monday(10, 0))
    assert texts(bot, ANDI)[-1].startswith("📍 Pemeriksaan kehadiran pukul 10:00 WIB.")
    before = len(texts(bot, ANDI))
    clock.set(monday(10, 5))
    [listing] = await bot.text(SARI, "/izin")
    await bot.press(SARI, listing["message_id"], LeaveCB("approve", dl_id).pack())
    await run_job(bot, clock, monday(10, 20))
    assert [(a.employee_id, a.result) for a in await asks(db)] == [
        (org["andi"], "excused"), (org["budi"], "no_answer")]
    assert [m.employee_id for m in await marks(db)] == [org["budi"]]
    assert not any("Ketidakhadiran" in t for t in texts(bot, ANDI)[before:])
    [digest] = [t for t in texts(bot, SARI) if t.startswith("🔎")]
    assert "Budi Santoso" in digest and "Andi Pratama" not in digest


async def test_a_holiday_plans_nothing_and_asks_nobody(make_harness: Any, clock: Any, db: Any,
                                                       org: dict[str, int]) -> None:
    async with db.transaction() as s:
        await factories.holiday(s, MONDAY, "Hari Jadi Kabupaten")
    bot = await make_harness()
    await checked_in(bot, clock, ANDI, monday(7, 25))  # work on a holiday
    await run_job(bot, clock, monday(6, 0))
    async with db.transaction() as s:
        assert list(await s.scalars(select(PresenceCheck))) == []
    await seed_check(db, org["unit"], monday(10, 0))  # planned before the holiday was entered
    before = len(texts(bot, ANDI))
    await run_job(bot, clock, monday(10, 0))
    await run_job(bot, clock, monday(10, 20))
    assert len(texts(bot, ANDI)) == before and await asks(db) == [] and texts(bot, SARI) == []


async def test_a_check_out_inside_the_answer_window_counts_as_present(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    await checked_in(bot, clock, ANDI, monday(7, 25))
    await seed_check(db, org["unit"], monday(15, 30))
    await run_job(bot, clock, monday(15, 30))
    reply = await check(bot, clock, "out", monday(15, 35))  # /pulang wins over the check
    assert "Pulang tercatat pukul 15:35 WIB" in reply[-1]["text"]
    await run_job(bot, clock, monday(15, 50))
    [ask] = await asks(db)
    assert (ask.result, ask.place) == ("present", "Sekretariat Daerah")
    assert await marks(db) == [] and texts(bot, SARI) == []


async def test_a_closed_day_follows_a_midday_absence(bot: Any, clock: Any, db: Any,
                                                      org: dict[str, int]) -> None:
    """A day closed before the absence was judged (a night shift's check, say)
    is refreshed so the record counts it."""
    await checked_in(bot, clock, ANDI, monday(7, 25))
    await seed_check(db, org["unit"], monday(10, 0))
    await run_job(bot, clock, monday(10, 0))
    async with db.transaction() as s:
        s.add(DayRecord(employee_id=org["andi"], work_date=MONDAY, status="present", code="H",
                        closed_at=monday(10, 1), updated_at=monday(10, 1)))
    await run_job(bot, clock, monday(10, 20))
    async with db.transaction() as s:
        record = await s.scalar(select(DayRecord))
        assert record is not None and record.midday_absences == 1


# --- safe to run twice, restarts, downtime --------------------------------------------


async def test_running_twice_and_a_restart_send_nothing_twice(
        make_harness: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    bot = await make_harness()
    await checked_in(bot, clock, ANDI, monday(7, 25))
    await seed_check(db, org["unit"], monday(10, 0))
    await run_job(bot, clock, monday(10, 0))
    await run_job(bot, clock, monday(10, 0, 30))
    restarted = await make_harness()  # the same database, a new process
    await run_job(restarted, clock, monday(10, 1))
    assert sum(t.startswith("📍 Pemeriksaan") for t in texts(bot, ANDI)) == 1
    assert len(await asks(db)) == 1
    for at in (monday(10, 18), monday(10, 19)):
        await run_job(restarted, clock, at)
    await run_job(bot, clock, monday(10, 20))
    assert len(texts(bot, SARI)) == 1 and len(await marks(db)) == 1
    assert sum(t.startswith("⚠️") for t in texts(bot, ANDI)) == 1


async def test_after_downtime_a_long_past_check_is_skipped_and_nobody_asked(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    await checked_in(bot, clock, ANDI, monday(7, 25))
    skipped = await seed_check(db, org["unit"], monday(10, 0), seq=1)
    late = await seed_check(db, org["unit"], monday(10, 50), seq=2)
    before = len(texts(bot, ANDI))
    await run_job(bot, clock, monday(11, 0))  # down from 09:55 to 11:00
    async with db.transaction() as s:
        first = await s.get(PresenceCheck, skipped)
        second = await s.get(PresenceCheck, late)
        assert first is not None and second is not None
        assert first.skipped and first.ran_at is not None and first.judged_at is not None
        assert not second.skipped and second.judged_at is None
    # the 10:50 check is still inside its answer window: asked, with the full window
    assert len(texts(bot, ANDI)) == before + 1
    assert "(sampai 11:15 WIB)" in texts(bot, ANDI)[-1]
    [ask] = await asks(db)
    assert ask.check_id == late


async def test_an_answer_sent_in_time_but_read_after_the_check_closed_still_counts(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    """Down from 10:05 to 10:30: Telegram kept Andi's 10:07 answer, the check
    was judged before it was read. The absence stops counting and Sari is told."""
    await checked_in(bot, clock, ANDI, monday(7, 25))
    await seed_check(db, org["unit"], monday(10, 0))
    await run_job(bot, clock, monday(10, 0))
    kept = bot.emu.send_location(ANDI, IN_LAT, IN_LON, live_period=900, horizontal_accuracy=9.0,
                                 date=monday(10, 7), queue=False)
    await run_job(bot, clock, monday(10, 30))
    [mark] = await marks(db)
    assert mark.facts["result"] == "no_answer" and texts(bot, SARI)[-1].startswith("🔎")
    before = len(texts(bot, ANDI))
    await bot.feed(kept)
    assert texts(bot, ANDI)[before] == (
        "✅ Jawaban Anda terkirim tepat waktu (pukul 10:07 WIB) dan terkonfirmasi di Sekretariat "
        "Daerah, tetapi baru terbaca setelah pemeriksaan pukul 10:00 WIB ditutup. Catatan "
        "ketidakhadiran siangnya tidak dihitung, dan atasan Anda diberi tahu.")
    [mark] = await marks(db)
    assert mark.excused_at == monday(10, 30) and mark.excused_by_id is None
    [ask] = await asks(db)
    assert (ask.result, ask.answered_at) == ("present", monday(10, 7))
    await bot.deliver()
    assert texts(bot, SARI)[-1] == (
        "✅ Koreksi: Andi Pratama menjawab pemeriksaan kehadiran pukul 10:00 WIB, Senin, 23 "
        "November 2026 tepat waktu (lokasi pukul 10:07 WIB, Sekretariat Daerah); jawabannya baru "
        "terbaca setelah pemeriksaan ditutup. Ketidakhadiran siang itu tidak dihitung.")


async def test_an_ask_queued_but_sent_after_its_check_closed_is_cancelled(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    await checked_in(bot, clock, ANDI, monday(7, 25))
    await seed_check(db, org["unit"], monday(10, 0))
    clock.set(monday(10, 0))
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "presence_checks"]
    await job.run(bot.app)  # queued, and the sender was down until the check closed
    clock.set(monday(10, 20))
    await job.run(bot.app)
    before = len(texts(bot, ANDI))
    await bot.deliver()
    sent = texts(bot, ANDI)[before:]
    assert len(sent) == 1 and sent[0].startswith("⚠️ Ketidakhadiran siang tercatat")


# --- answers that do not count ----------------------------------------------------------


async def test_a_map_point_or_a_forwarded_location_does_not_answer(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    await checked_in(bot, clock, ANDI, monday(7, 25))
    await seed_check(db, org["unit"], monday(10, 0))
    await run_job(bot, clock, monday(10, 0))
    clock.set(monday(10, 2))
    [static] = await bot.location(ANDI, IN_LAT, IN_LON, live_period=None)
    assert "Lokasi biasa (titik di peta) tidak diterima" in static["text"]
    [forwarded] = await bot.location(ANDI, IN_LAT, IN_LON, forwarded_from_user_id=BUDI)
    assert "Lokasi yang diteruskan tidak diterima" in forwarded["text"]
    [ask] = await asks(db)
    assert ask.result == "pending"
    clock.set(monday(10, 16))
    [late] = await bot.location(ANDI, IN_LAT, IN_LON)
    assert late["text"].startswith("⌛ Batas waktu pemeriksaan kehadiran pukul 10:00 WIB "
                                   "sudah lewat (10:15 WIB).")
    await run_job(bot, clock, monday(10, 20))
    assert [m.facts["result"] for m in await marks(db)] == ["no_answer"]
    clock.set(monday(10, 25))  # once judged, a location is just a location again
    [which] = await bot.location(ANDI, IN_LAT, IN_LON)
    assert which["text"] == "Lokasi diterima. Ini untuk presensi apa?"


# --- the reason, in one tap and a few words ----------------------------------------------


async def _absent(bot: Any, clock: Any, db: Any, org: dict[str, int]) -> AttendanceMark:
    await checked_in(bot, clock, ANDI, monday(7, 25))
    await seed_check(db, org["unit"], monday(10, 0))
    await run_job(bot, clock, monday(10, 0))
    clock.set(monday(10, 4))
    await bot.location(ANDI, FAR_LAT, FAR_LON)
    await run_job(bot, clock, monday(10, 20))
    [mark] = await marks(db)
    return mark


async def test_the_reason_in_one_tap_and_a_few_words_reaches_the_supervisor(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    mark = await _absent(bot, clock, db, org)
    told = bot.emu.last_message(ANDI)
    clock.set(monday(10, 30))
    [prompt] = await bot.press(ANDI, told["message_id"], PresenceCB("reason", mark.id).pack())
    assert prompt["text"].startswith("✍️ Tuliskan alasan ketidakhadiran pada pemeriksaan pukul "
                                     "10:00 WIB, Senin, 23 November 2026")
    [long] = await bot.text(ANDI, "x" * 501)  # huge text: refused, asked again
    assert long["text"] == ("Alasan terlalu panjang (501 karakter, paling banyak 500). "
                            "Persingkat lalu kirim lagi.")
    [done] = await bot.text(ANDI, "Ke bank <BRI> mengurus SPJ, izin lisan ke Bu Sari")
    assert done["text"] == (
        "✅ Alasan Anda tersimpan dan diteruskan ke atasan Anda (Sari Wulandari).")
    await bot.deliver()
    follow_up = texts(bot, SARI)[-1]
    assert follow_up == (
        "💬 Alasan Andi Pratama atas ketidakhadiran siang (pemeriksaan pukul 10:00 WIB, Senin, "
        "23 November 2026; 1,2 km dari Sekretariat Daerah (lokasi pukul 10:04 WIB)):\n"
        "Ke bank <BRI> mengurus SPJ, izin lisan ke Bu Sari")
    [saved] = await marks(db)
    assert saved.reason == "Ke bank <BRI> mengurus SPJ, izin lisan ke Bu Sari"
    assert saved.reason_at == monday(10, 30)
    # a second tap: already given; nothing else asked, nothing sent
    await bot.press(ANDI, told["message_id"], PresenceCB("reason", mark.id).pack())
    assert bot.callback_answers()[-1]["text"] == (
        "Alasan untuk ketidakhadiran ini sudah disampaikan.")
    await bot.deliver()
    assert texts(bot, SARI)[-1] == follow_up


async def test_the_supervisor_excuses_the_absence_from_the_reason_it_came_with(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    mark = await _absent(bot, clock, db, org)
    told = bot.emu.last_message(ANDI)
    clock.set(monday(10, 30))
    await bot.press(ANDI, told["message_id"], PresenceCB("reason", mark.id).pack())
    await bot.text(ANDI, "Ke bank mengurus SPJ")
    await bot.deliver()
    follow_up = bot.emu.last_message(SARI)
    [[button]] = bot.emu.buttons(follow_up)
    assert button[0] == "✅ Dispensasi 23/11 cek lokasi"
    [asked] = await bot.press(SARI, follow_up["message_id"], button[1])
    assert "alasan" in asked["text"].lower()
    await bot.text(SARI, "SPJ memang harus diantar hari ini")
    await bot.deliver()
    assert "SPJ memang harus diantar hari ini" in texts(bot, ANDI)[-1]
    [saved] = await marks(db)
    assert saved.excuse_reason == "SPJ memang harus diantar hari ini"
    assert saved.excused_at == monday(10, 30)
    # the person cannot excuse their own absence with the same button
    await bot.press(ANDI, follow_up["message_id"], button[1])
    assert bot.callback_answers()[-1]["show_alert"] is True


async def test_a_forged_reason_button_is_refused(bot: Any, clock: Any, db: Any,
                                                 org: dict[str, int]) -> None:
    mark = await _absent(bot, clock, db, org)
    [status] = await bot.text(BUDI, "/status")  # a message of the bot's to press under
    replies = await bot.press(BUDI, status["message_id"], PresenceCB("reason", mark.id).pack())
    assert replies == []
    answer = bot.callback_answers()[-1]
    assert answer["show_alert"] and answer["text"] == STALE
    await bot.text(BUDI, "alasan palsu")
    [saved] = await marks(db)
    assert saved.reason is None and texts(bot, SARI)[-1].startswith("🔎")


# --- plans --------------------------------------------------------------------------------


async def _second_unit(db: Any) -> int:
    async with db.transaction() as s:
        office = await s.scalar(select(Unit.office_id))
        unit = Unit(code="UMUM", name="Bagian Umum", office_id=office)
        s.add(unit)
        await s.flush()
        await factories.employee(s, unit, "199404042020011004", "Eka Putri", telegram_id=1006)
        return unit.id


async def test_plans_differ_per_unit_and_day_and_survive_a_restart(
        make_harness: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    other = await _second_unit(db)
    bot = await make_harness()
    await run_job(bot, clock, monday(0, 5))
    await run_job(await make_harness(), clock, monday(0, 10))  # a restart plans nothing again
    clock.set(monday(0, 5) + timedelta(days=1))
    async with db.transaction() as s:
        assert await plan_presence_checks(s, bot.app.bot_data["deps"].settings,
                                          clock.now()) == 4
        rows = list(await s.scalars(select(PresenceCheck).order_by(PresenceCheck.id)))
    plans: dict[tuple[int, date], list[time]] = {}
    for row in rows:
        plans.setdefault((row.unit_id, row.work_date), []).append(row.at.astimezone(WIB).time())
    assert set(plans) == {(org["unit"], MONDAY), (other, MONDAY),
                          (org["unit"], MONDAY + timedelta(days=1)),
                          (other, MONDAY + timedelta(days=1))}
    assert len({tuple(m) for m in plans.values()}) == 4  # no two units or days alike
    for (_, day), moments in plans.items():
        assert len(moments) == 2
        assert_fits_the_day(day, moments)


async def test_each_office_plans_and_asks_in_its_own_local_day_and_time(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    """Sunday 23:30 WIB is Monday 00:30 WITA: only the Makassar unit has a
    working day to plan; its check asks in WITA."""
    wita = ZoneInfo("Asia/Makassar")
    async with db.transaction() as s:
        makassar = await factories.office(s, **factories.MKS)
        unit = await factories.unit(s, makassar, code="MKS", name="Bagian Umum Makassar")
        await factories.employee(s, unit, "199505052020011005", "Rina Makassar",
                                 telegram_id=1007)
    bot.emu.add_user(1007, "Rina")
    await run_job(bot, clock, datetime(2026, 11, 22, 23, 30, tzinfo=WIB))
    async with db.transaction() as s:
        rows = list(await s.scalars(select(PresenceCheck)))
    assert {(r.unit_id, r.work_date) for r in rows} == {(unit.id, MONDAY)}
    assert_fits_the_day(MONDAY, [r.at.astimezone(wita).time() for r in rows])
    async with db.transaction() as s:
        await s.execute(PresenceCheck.__table__.delete())
    await seed_check(db, unit.id, datetime(2026, 11, 23, 10, 0, tzinfo=wita))
    clock.set(datetime(2026, 11, 23, 7, 20, tzinfo=wita))
    await bot.text(1007, "/masuk")
    clock.advance(seconds=20)
    await bot.location(1007, factories.MKS["latitude"], factories.MKS["longitude"])
    await run_job(bot, clock, datetime(2026, 11, 23, 10, 0, tzinfo=wita))
    assert bot.replies(1007)[-1].startswith("📍 Pemeriksaan kehadiran pukul 10:00 WITA.")
    assert "(sampai 10:15 WITA)" in bot.replies(1007)[-1]


async def test_retention_blanks_the_coordinates_of_old_answers(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    await checked_in(bot, clock, ANDI, monday(7, 25))
    await seed_check(db, org["unit"], monday(10, 0))
    await run_job(bot, clock, monday(10, 0))
    clock.set(monday(10, 4))
    await bot.location(ANDI, FAR_LAT, FAR_LON)
    clock.set(monday(10, 0) + timedelta(days=366))
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "retention"]
    await job.run(bot.app)
    [ask] = await asks(db)
    assert (ask.latitude, ask.longitude) == (None, None)
    assert ask.result == "away" and ask.distance_m is not None and ask.place


async def test_the_job_runs_every_alert_scan_interval(make_harness: Any) -> None:
    bot = await make_harness(alert_scan_interval_s=90)
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "presence_checks"]
    assert job.job.trigger.interval == timedelta(seconds=90)


async def test_the_ask_and_the_record_come_in_the_persons_language(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    from db.models import Employee

    async with db.transaction() as s:
        await s.execute(Employee.__table__.update().where(Employee.id == org["andi"])
                        .values(language="en"))
    await checked_in(bot, clock, ANDI, monday(7, 25))
    assert "share your live location for 8 hours" in texts(bot, ANDI)[-1]
    await seed_check(db, org["unit"], monday(10, 0))
    await run_job(bot, clock, monday(10, 0))
    assert texts(bot, ANDI)[-1].startswith("📍 Presence check at 10:00 WIB.\nShare your live "
                                           "location within 15 minutes (until 10:15 WIB).")
    await run_job(bot, clock, monday(10, 20))
    told = bot.emu.last_message(ANDI)
    assert told["text"].startswith("⚠️ Mid-day absence recorded\nPresence check at 10:00 WIB, "
                                   "Monday, 23 November 2026: no answer within 15 minutes.")
    assert bot.emu.buttons(told)[0][0][0] == "✍️ Give a reason"
    assert "tidak ada jawaban dalam 15 menit" in texts(bot, SARI)[-1]  # Sari reads Indonesian
