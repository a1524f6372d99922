"""/masuk and /pulang through the real Application, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.callbacks import CheckKindCB
from db.models import AttendanceEvent, CheckPrompt, PositionSample
from tests import factories

WIB = ZoneInfo("Asia/Jakarta")
ANDI, BUDI, STRANGER = 1001, 1002, 9999
# inside the SETDA geofence (about 20 m from its centre)
IN_LAT, IN_LON = -2.87735, 103.84560
# the MPP building, 1.2 km away: outside SETDA
FAR_LAT, FAR_LON = -2.8856, 103.8520
# under a working day's check-in whose live location is shared for less than 8 hours
LIVE_HINT = (
    "\n\n💡 Saran: saat presensi masuk, bagikan lokasi terkini untuk 8 jam (hari kerja). "
    "Pemeriksaan kehadiran di siang hari lalu membacanya tanpa bertanya, jadi Anda tidak "
    "perlu diganggu.")


def monday(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, second, tzinfo=WIB)


@pytest.fixture
async def office(db: Any, emulator: Any) -> dict[str, Any]:
    async with db.transaction() as s:
        setda = await factories.office(s)
        await factories.schedule(s)
        org = await factories.unit(s, setda)
        sari = await factories.employee(s, org, "197901012005012001", "Sari Wulandari",
                                        role="supervisor", telegram_id=1003)
        andi = await factories.employee(s, org, "199001012015011001", "Andi Pratama",
                                        supervisor=sari, telegram_id=ANDI)
        budi = await factories.employee(s, org, "199202022018011002", "Budi Santoso",
                                        supervisor=sari, telegram_id=BUDI)
    for uid, name in ((ANDI, "Andi"), (BUDI, "Budi"), (1003, "Sari"), (STRANGER, "Orang")):
        emulator.add_user(uid, name)
    return {"andi": andi.id, "budi": budi.id, "sari": sari.id}


async def events(db: Any, employee_id: int | None = None) -> list[AttendanceEvent]:
    async with db.transaction() as s:
        query = select(AttendanceEvent).order_by(AttendanceEvent.id)
        if employee_id is not None:
            query = query.where(AttendanceEvent.employee_id == employee_id)
        return list(await s.scalars(query))


async def count(db: Any, model: Any) -> int:
    async with db.transaction() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def check(bot: Any, clock: Any, kind: str, at: datetime, lat: float = IN_LAT,
                lon: float = IN_LON, user: int = ANDI, **loc: Any) -> list[dict[str, Any]]:
    clock.set(at)
    prompt = await bot.text(user, "/masuk" if kind == "in" else "/pulang")
    clock.advance(seconds=20)
    return prompt + await bot.location(user, lat, lon, **loc)


async def test_on_time_check_in_is_confirmed_with_local_time_office_and_date(
        bot: Any, clock: Any, db: Any, office: dict[str, Any]) -> None:
    clock.set(monday(7, 19, 40))
    prompt = await bot.text(ANDI, "/masuk")
    assert "Bagikan lokasi terkini" in prompt[0]["text"]
    assert "Lokasi yang dipilih di peta tidak diterima" in prompt[0]["text"]
    clock.set(monday(7, 20, 5))
    reply = await bot.location(ANDI, IN_LAT, IN_LON)
    assert reply[0]["text"] == (
        "✅ Masuk tercatat pukul 07:20 WIB, Senin, 23 November 2026, "
        "di Sekretariat Daerah.\nTepat waktu (jadwal 07:30 WIB)." + LIVE_HINT
    )
    [event] = await events(db)
    assert (event.kind, event.code, event.day_type, event.work_date) == (
        "in", None, "workday", date(2026, 11, 23))
    assert event.occurred_at == monday(7, 20, 5)
    assert event.distance_m < 30
    assert await count(db, CheckPrompt) == 0


@pytest.mark.parametrize(("at", "minutes", "code"), [
    (monday(7, 48), 18, "TL1"), (monday(8, 5), 35, "TL2"), (monday(8, 40), 70, "TL3"),
    (monday(9, 15), 105, "TL4"),
])
async def test_late_check_in_gets_the_tl_band(bot: Any, clock: Any, db: Any, office: Any,
                                              at: datetime, minutes: int, code: str) -> None:
    reply = await check(bot, clock, "in", at)
    assert f"Terlambat {minutes} menit dari jadwal 07:30 WIB: {code}." in reply[-1]["text"]
    [event] = await events(db)
    assert (event.code, event.minutes_off) == (code, minutes)


async def test_event_time_is_the_message_date_not_when_the_bot_got_it(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    clock.set(monday(7, 25))
    await bot.text(ANDI, "/masuk")
    location = bot.emu.send_location(ANDI, IN_LAT, IN_LON, live_period=900, queue=False,
                                     date=monday(7, 26))
    clock.set(monday(9, 0))  # the bot was down and catches up at 09:00
    await bot.feed(location)
    [event] = await events(db)
    assert event.code is None and event.occurred_at == monday(7, 26)


async def test_grace_period_is_a_setting(make_harness: Any, clock: Any, db: Any,
                                         office: Any) -> None:
    bot = await make_harness(late_grace_minutes=10)
    reply = await check(bot, clock, "in", monday(7, 39))
    assert "Tepat waktu" in reply[-1]["text"]


async def test_second_check_in_tells_the_first_time_and_changes_nothing(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    await check(bot, clock, "in", monday(7, 20))
    clock.set(monday(8, 0))
    reply = await bot.text(ANDI, "/masuk")
    assert reply[0]["text"] == (
        "Anda sudah presensi masuk hari ini pukul 07:20 WIB. Tidak ada yang diubah.")
    assert len(await events(db)) == 1
    assert await count(db, CheckPrompt) == 0


async def test_check_out_without_check_in_is_explained(bot: Any, clock: Any, db: Any,
                                                       office: Any) -> None:
    clock.set(monday(16, 5))
    reply = await bot.text(ANDI, "/pulang")
    assert "Belum ada presensi masuk untuk hari ini" in reply[0]["text"]
    assert await events(db) == [] and await count(db, CheckPrompt) == 0


async def test_early_check_out_gets_psw_and_on_time_check_out_does_not(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    await check(bot, clock, "in", monday(7, 20))
    reply = await check(bot, clock, "out", monday(15, 20))  # the location comes at 15:20:20
    assert "Pulang 39 menit sebelum jadwal 16:00 WIB: PSW2." in reply[-1]["text"]
    await check(bot, clock, "in", monday(7, 10), user=BUDI)
    reply = await check(bot, clock, "out", monday(16, 2), user=BUDI)
    assert "Sesuai jadwal pulang 16:00 WIB." in reply[-1]["text"]
    clock.set(monday(16, 30))
    again = await bot.text(ANDI, "/pulang")
    assert "sudah presensi pulang hari ini pukul 15:20 WIB" in again[0]["text"]
    codes = [(e.employee_id, e.kind, e.code) for e in await events(db)]
    assert codes == [(office["andi"], "in", None), (office["andi"], "out", "PSW2"),
                     (office["budi"], "in", None), (office["budi"], "out", None)]


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"live_period": None}, "Lokasi biasa (titik di peta) tidak diterima"),
    ({"forwarded_from_user_id": BUDI}, "Lokasi yang diteruskan tidak diterima"),
    ({"via_bot_id": 777}, "lewat bot lain tidak diterima"),
    ({"horizontal_accuracy": 450.0}, "Lokasi kurang akurat (±450 m, batas 100 m)"),
])
async def test_doubtful_locations_are_refused_and_nothing_is_written(
        bot: Any, clock: Any, db: Any, office: Any, kwargs: dict[str, Any], expected: str
) -> None:
    if "via_bot_id" in kwargs:
        bot.emu.add_user(777, "Other bot")
    reply = await check(bot, clock, "in", monday(7, 20), **kwargs)
    assert expected in reply[-1]["text"]
    assert await events(db) == []


async def test_outside_the_geofence_says_how_far_and_from_which_office(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    reply = await check(bot, clock, "in", monday(7, 20), FAR_LAT, FAR_LON)
    assert reply[-1]["text"].startswith(
        "❌ Anda berada 1,2 km dari Sekretariat Daerah (radius 150 m).")
    assert await events(db) == []
    clock.advance(seconds=30)  # walked in: the same prompt still counts
    reply = await bot.location(ANDI, IN_LAT, IN_LON)
    assert "Masuk tercatat pukul 07:20 WIB" in reply[0]["text"]


async def test_static_location_with_the_button_when_live_is_not_required(
        make_harness: Any, clock: Any, db: Any, office: Any) -> None:
    bot = await make_harness(require_live_location=False)
    clock.set(monday(7, 20))
    await bot.text(ANDI, "/masuk")
    # Telegram does not echo reply keyboards back: look at what the bot sent
    keyboard = bot.emu.calls_to("sendMessage")[-1].params["reply_markup"]["keyboard"]
    assert keyboard[0][0] == {"text": "📍 Kirim lokasi", "request_location": True}
    clock.advance(seconds=10)
    reply = await bot.location(ANDI, IN_LAT, IN_LON, live_period=None)
    assert "tercatat" in reply[0]["text"]
    assert bot.emu.calls_to("sendMessage")[-1].params["reply_markup"] == {"remove_keyboard": True}
    assert len(await events(db)) == 1


async def test_location_without_prompt_offers_buttons_then_records(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    clock.set(monday(7, 22))
    [which] = await bot.location(ANDI, IN_LAT, IN_LON)
    assert which["text"] == "Lokasi diterima. Ini untuk presensi apa?"
    location_id = which["message_id"] - 1
    assert bot.emu.buttons(which) == [[("Masuk", CheckKindCB("in", location_id).pack()),
                                       ("Pulang", CheckKindCB("out", location_id).pack())]]
    assert await events(db) == []
    clock.advance(seconds=15)
    data = bot.emu.buttons(which)[0][0][1]
    await bot.press(ANDI, which["message_id"], data)
    edited = bot.emu.sent_messages(ANDI)[-1]
    assert "Masuk tercatat pukul 07:22 WIB" in edited["text"]
    # a double tap on the same button changes nothing
    await bot.press(ANDI, which["message_id"], data)
    assert bot.callback_answers()[-1]["text"] == "Tombol ini sudah tidak berlaku."
    assert len(await events(db)) == 1


async def test_forged_button_for_someone_elses_location_changes_nothing(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    clock.set(monday(7, 22))
    [which] = await bot.location(ANDI, IN_LAT, IN_LON)
    await bot.text(BUDI, "/status")
    budi_msg = bot.emu.sent_messages(BUDI)[-1]["message_id"]
    forged = CheckKindCB("in", which["message_id"] - 1).pack()
    await bot.press(BUDI, budi_msg, forged)
    await bot.press(ANDI, which["message_id"], "ck:in:notanumber")
    assert [a["text"] for a in bot.callback_answers()] == ["Tombol ini sudah tidak berlaku."] * 2
    assert await events(db) == []


async def test_stale_location_button_after_the_window(bot: Any, clock: Any, db: Any,
                                                      office: Any) -> None:
    clock.set(monday(7, 22))
    [which] = await bot.location(ANDI, IN_LAT, IN_LON)
    clock.advance(minutes=6)
    await bot.press(ANDI, which["message_id"], bot.emu.buttons(which)[0][0][1])
    assert bot.emu.sent_messages(ANDI)[-1]["text"].startswith(
        "⌛ Waktu untuk lokasi ini sudah lewat")
    assert await events(db) == [] and await count(db, CheckPrompt) == 0


async def test_location_long_after_the_prompt_is_not_taken_as_its_answer(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    clock.set(monday(7, 20))
    await bot.text(ANDI, "/masuk")
    clock.advance(minutes=10)
    [reply] = await bot.location(ANDI, IN_LAT, IN_LON)
    assert reply["text"] == "Lokasi diterima. Ini untuk presensi apa?"
    assert await events(db) == []


async def test_holiday_and_day_without_schedule_are_recorded_as_such(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    christmas = datetime(2026, 12, 25, 8, 0, tzinfo=WIB)
    reply = await check(bot, clock, "in", christmas)
    assert "hari libur (Hari Raya Natal)" in reply[-1]["text"]
    saturday = datetime(2026, 11, 28, 9, 0, tzinfo=WIB)
    reply = await check(bot, clock, "in", saturday, user=BUDI)
    assert "Tidak ada jadwal kerja Anda hari ini" in reply[-1]["text"]
    assert [(e.day_type, e.holiday_name, e.code) for e in await events(db)] == [
        ("holiday", "Hari Raya Natal", None), ("no_schedule", None, None)]


async def test_local_holiday_from_the_database(bot: Any, clock: Any, db: Any,
                                               office: Any) -> None:
    async with db.transaction() as s:
        await factories.holiday(s, date(2026, 11, 23), "Hari Jadi Kabupaten")
    reply = await check(bot, clock, "in", monday(9, 0))
    assert "hari libur (Hari Jadi Kabupaten)" in reply[-1]["text"]
    assert (await events(db))[0].code is None


async def test_wita_office_shows_wita(bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    async with db.transaction() as s:
        mks = await factories.office(s, **factories.MKS)
        await factories.schedule(s)
        unit = await factories.unit(s, mks, code="MKS")
        await factories.employee(s, unit, "199505052020011005", "Wayan", telegram_id=2001)
    emulator.add_user(2001, "Wayan")
    at = datetime(2026, 11, 23, 7, 40, tzinfo=ZoneInfo("Asia/Makassar"))
    reply = await check(bot, clock, "in", at, -5.1478, 119.4328, user=2001)
    assert "pukul 07:40 WITA" in reply[-1]["text"] and "TL1" in reply[-1]["text"]


async def test_live_location_edits_become_position_samples_until_check_out(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    await check(bot, clock, "in", monday(7, 20), live_period=0x7FFFFFFF)  # "until I stop"
    message_id = bot.emu.sent_messages(ANDI)[-1]["message_id"] - 1
    for minutes, lat in ((6, IN_LAT), (11, FAR_LAT)):  # the check-in came at 07:20:20
        await bot.feed(bot.emu.edit_live_location(ANDI, message_id, lat, IN_LON, queue=False,
                                                  edit_date=monday(7, 20 + minutes)))
    async with db.transaction() as s:
        samples = list(await s.scalars(select(PositionSample).order_by(PositionSample.id)))
    assert [round(x.distance_m, -2) for x in samples] == [0, 900]
    assert bot.emu.sent_messages(ANDI)[-1]["text"].startswith("✅")  # edits get no reply
    await check(bot, clock, "out", monday(16, 1))
    await bot.feed(bot.emu.edit_live_location(ANDI, message_id, IN_LAT, IN_LON, queue=False,
                                              edit_date=monday(16, 10)))
    assert await count(db, PositionSample) == 2


async def test_unknown_account_gets_the_invite_explanation_and_nothing_else(
        bot: Any, clock: Any, db: Any, office: Any) -> None:
    clock.set(monday(7, 20))
    for action in ("/masuk", "/status", "halo"):
        [reply] = await bot.text(STRANGER, action)
        assert "belum terdaftar di Hadir" in reply["text"]
    [reply] = await bot.location(STRANGER, IN_LAT, IN_LON)
    assert "tautan undangan" in reply["text"]
    assert await events(db) == [] and await count(db, CheckPrompt) == 0


async def test_status_shows_today_and_the_month(bot: Any, clock: Any, db: Any,
                                                office: Any) -> None:
    await check(bot, clock, "in", monday(7, 45))
    clock.set(monday(10, 0))
    [reply] = await bot.text(ANDI, "/status")
    assert reply["text"] == (
        "Presensi Andi Pratama\n\nHari ini, Senin, 23 November 2026:\n"
        "Jadwal hari ini: 07:30 WIB–16:00 WIB\n• Masuk: 07:45 WIB (TL1)\n• Pulang: belum\n\n"
        "📅 Bulan November 2026\nBelum ada hari kerja yang ditutup bulan ini.\n"
        "Tugas bulan ini: belum ada yang selesai\n"
        "Sisa cuti tahunan 2026: 18 hari kerja (hak 12 + sisa tahun lalu 6; terpakai 0, "
        "menunggu persetujuan 0)."
    )


async def test_huge_text_and_unknown_command_get_short_hints(bot: Any, clock: Any, db: Any,
                                                             office: Any) -> None:
    [reply] = await bot.text(ANDI, "x" * 4096)
    assert reply["text"] == "Saya hanya mengerti perintah. Ketik /bantuan untuk daftar perintah."
    [reply] = await bot.text(ANDI, "/terbang")
    assert reply["text"].startswith("Perintah tidak dikenal")
    assert await events(db) == []


async def test_overnight_shift_check_out_counts_for_the_day_it_started(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    from datetime import time

    async with db.transaction() as s:
        setda = await factories.office(s)
        await factories.schedule(s, "MALAM", [(d, time(22), time(6)) for d in range(1, 8)])
        unit = await factories.unit(s, setda)
        await factories.employee(s, unit, "198808082010011008", "Joko", schedule_code="MALAM",
                                 telegram_id=3001)
    emulator.add_user(3001, "Joko")
    await check(bot, clock, "in", monday(22, 10), user=3001)
    reply = await check(bot, clock, "out", monday(22, 10) + timedelta(hours=7, minutes=40),
                        user=3001)
    assert "Pulang 9 menit sebelum jadwal 06:00 WIB: PSW1" in reply[-1]["text"]  # at 05:50:20
    assert [(e.kind, e.work_date, e.code) for e in await events(db)] == [
        ("in", date(2026, 11, 23), "TL1"), ("out", date(2026, 11, 23), "PSW1")]
