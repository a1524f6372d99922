"""Issue 6, input: bad typed values and forged buttons are refused and change
nothing (A8); a long evidence file name still goes in (A15); callback schemas
bound every field and give the handler patterns (B3)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import update
from telegram.ext import CallbackQueryHandler, ConversationHandler

from bot.callbacks import (
    ID_MAX,
    CalendarCB,
    CallbackData,
    CheckKindCB,
    ExtensionCB,
    FlowCB,
    LanguageCB,
    NewTaskCB,
    TaskCB,
)
from bot.rules.dates import latest_deadline_day
from bot.rules.numbers import parse_percent
from db.models import Employee, ExtensionRequest, Task, TaskEvent
from tests.test_tasks import (
    DEWI,
    RIZKI,
    WIB,
    count,
    give_task,
    last,
    monday,
    org,  # noqa: F401 - the fixture
    press,
    rows,
)

HUGE = "99999999999999999999"  # beyond BIGINT (2**63 - 1)
STALE = "Tombol ini sudah tidak berlaku."
TOO_FAR = ("Tenggat paling lambat satu tahun dari hari ini (Selasa, 23 November 2027). "
           "Pilih tanggal yang lebih dekat.")
PAST = "Tenggat harus di masa depan. Pilih tanggal lain."


async def snapshot(db: Any) -> tuple[object, ...]:
    """Everything a refused input must leave as it was."""
    tasks = [(t.id, t.status, t.progress, t.deadline) for t in await rows(db, Task)]
    events = [(e.id, e.kind) for e in await rows(db, TaskEvent)]
    requests = [(r.id, r.status) for r in await rows(db, ExtensionRequest)]
    return tasks, events, requests


async def to_deadline_step(bot: Any, clock: Any) -> None:
    clock.set(monday(9, 0))
    await bot.text(RIZKI, "/tugasbaru")
    await press(bot, RIZKI, "▫️ Dewi Anggraini")
    await press(bot, RIZKI, "Lanjut (1) ➡️")
    await bot.text(RIZKI, "Rekap absensi")
    await press(bot, RIZKI, "Lewati")


async def test_a_percent_typed_with_a_superscript_digit_is_refused(
        bot: Any, clock: Any, db: Any, org: Any) -> None:  # noqa: F811
    """Issue 6 A8: '5²' passes str.isdigit but is no number: a refusal, not a crash."""
    await give_task(bot, clock)
    await press(bot, DEWI, "📊 Progres")
    before = await snapshot(db)
    for typed in ("5²", "½", "2⁵%", "١٠", "101", "-5"):
        [reply] = await bot.text(DEWI, typed)
        assert reply["text"] == "Persentase harus 0–100.", typed
    assert await snapshot(db) == before
    [ask] = await bot.text(DEWI, " 60 % ")  # the flow is still waiting for a percentage
    assert ask["text"] == "Tulis catatan singkat progres (atau ketuk Lewati)."
    await press(bot, DEWI, "Lewati")
    [task] = await rows(db, Task)
    assert task.progress == 60


async def test_forged_ids_beyond_bigint_are_refused(bot: Any, clock: Any, db: Any,
                                                   org: Any) -> None:  # noqa: F811
    """Issue 6 A8: tk:open:99999999999999999999 and its kin are refused before any
    query (PostgreSQL would overflow on them)."""
    await give_task(bot, clock)
    notice = last(bot, DEWI)["message_id"]
    before = await snapshot(db)
    for data in (f"tk:open:{HUGE}", f"tk:start:{HUGE}", f"tk:progress:{HUGE}",
                 f"tk:done:{HUGE}", f"tk:return:{HUGE}", f"ext:approve:{HUGE}",
                 f"ext:reject:{HUGE}", f"tk:open:{2**63}", "tk:open:0", "tk:open:-1",
                 "tk:open:１", "tk:open:1²", f"ck:in:{HUGE}"):
        await bot.press(DEWI, notice, data)
        assert bot.callback_answers()[-1]["text"] == STALE, data
    await press(bot, DEWI, "📊 Progres")  # in a flow the flow's buttons are bounded too
    for data in (f"fl:percent:{HUGE}:1", "fl:percent:101:1", f"fl:percent:50:{HUGE}"):
        await bot.press(DEWI, notice, data)
        assert bot.callback_answers()[-1]["text"] == STALE, data
    [picker] = await bot.text(RIZKI, "/tugasbaru")
    for data in (f"nt:toggle:{HUGE}", f"nt:page:{HUGE}", "nt:toggle:0", "nt:priority:7"):
        await bot.press(RIZKI, picker["message_id"], data)
        assert bot.callback_answers()[-1]["text"] == STALE, data
    assert await snapshot(db) == before


async def test_forged_calendar_months_are_refused(bot: Any, clock: Any, db: Any,
                                                 org: Any) -> None:  # noqa: F811
    """Issue 6 A8: a forged month (the old packed nt:month: or a date out of range)
    is refused; the calendar goes no further than a year ahead."""
    await to_deadline_step(bot, clock)
    await press(bot, RIZKI, "📅 Pilih tanggal")
    month = last(bot, RIZKI)
    for data in ("nt:month:999999", "nt:month:0", "nt:month:202613", "nt:month:-1",
                 "cal:month:9999-12-01", "cal:month:0001-01-01", "cal:month:2026-13-01",
                 "cal:month:2026-10-01", "cal:month:20261101"):
        await bot.press(RIZKI, month["message_id"], data)
        assert bot.callback_answers()[-1]["text"] == STALE, data
    for _ in range(13):  # one press more than there are months left
        await press(bot, RIZKI, "▶")
    month = last(bot, RIZKI)
    buttons = bot.emu.buttons(month)
    assert buttons[0][0][0] == "11/2027"
    days = {label: data for row in buttons[1:-1] for label, data in row}
    assert days["23"] == CalendarCB("day", date(2027, 11, 23)).pack()
    assert days["1"] == CalendarCB("day", date(2027, 11, 1)).pack()
    assert "24" not in days  # a year and a day ahead
    assert buttons[-1][1] == ("▶", NewTaskCB("noop").pack())
    await press(bot, RIZKI, "23", month)
    assert last(bot, RIZKI)["text"] == "Prioritas?"
    assert await count(db, Task) == 0


async def test_a_huge_calendar_day_is_refused(bot: Any, clock: Any, db: Any,
                                             org: Any) -> None:  # noqa: F811
    """Issue 6 A8: a huge nt:day: (and any day no deadline may fall on) is refused."""
    await to_deadline_step(bot, clock)
    await press(bot, RIZKI, "📅 Pilih tanggal")
    month = last(bot, RIZKI)["message_id"]
    refusals = {f"nt:day:{HUGE}": STALE, "nt:day:99991231": STALE, "nt:day:20261127": STALE,
                "cal:day:9999-12-31": TOO_FAR, "cal:day:2027-11-24": TOO_FAR,
                "cal:day:2026-11-20": PAST, "cal:day:2026-02-30": STALE,
                "cal:day:+2026-11-27": STALE}
    for data, refusal in refusals.items():
        await bot.press(RIZKI, month, data)
        assert bot.callback_answers()[-1]["text"] == refusal, data
    assert last(bot, RIZKI)["message_id"] == month  # still at the deadline step
    await bot.press(RIZKI, month, CalendarCB("day", date(2026, 11, 27)).pack())
    assert last(bot, RIZKI)["text"] == "Prioritas?"


async def test_a_deadline_typed_thousands_of_years_ahead_is_refused(
        bot: Any, clock: Any, db: Any, org: Any) -> None:  # noqa: F811
    """Issue 6 A8: '31-12-9999' is refused when typed as a deadline and as an
    extension (it was accepted, then the extension's date sums overflowed)."""
    await to_deadline_step(bot, clock)
    [reply] = await bot.text(RIZKI, "31-12-9999")
    assert reply["text"] == TOO_FAR
    [reply] = await bot.text(RIZKI, "24-11-2027 10:00")
    assert reply["text"] == TOO_FAR
    [reply] = await bot.text(RIZKI, "01-01-0001")
    assert reply["text"] == PAST
    [reply] = await bot.text(RIZKI, "23-11-2027")  # a year ahead is still allowed
    assert reply["text"] == "Prioritas?"
    await bot.text(RIZKI, "/batal")
    assert await count(db, Task) == 0

    await give_task(bot, clock)
    await press(bot, DEWI, "⏳ Perpanjangan")
    before = await snapshot(db)
    [reply] = await bot.text(DEWI, "31-12-9999")
    assert reply["text"] == TOO_FAR
    [reply] = await bot.text(DEWI, "01-01-0001 08:00")
    assert reply["text"].startswith("Tanggal baru harus setelah tenggat sekarang")
    assert await snapshot(db) == before
    await bot.text(DEWI, "23-11-2027 15:00")
    [reply] = await bot.text(DEWI, "Menunggu data")
    assert reply["text"].startswith("⏳ Permintaan perpanjangan ke Selasa, 23 November 2027")
    [request] = await rows(db, ExtensionRequest)
    assert request.new_deadline == datetime(2027, 11, 23, 15, 0, tzinfo=WIB)


async def test_refusals_are_in_the_users_language(bot: Any, clock: Any, db: Any,
                                                 org: dict[str, int]) -> None:  # noqa: F811
    """Issue 6 A8: the same refusals for someone who reads English."""
    async with db.transaction() as s:
        await s.execute(update(Employee).where(Employee.id == org["dewi"]).values(language="en"))
    await give_task(bot, clock)
    await press(bot, DEWI, "📊 Progress")
    [reply] = await bot.text(DEWI, "5²")
    assert reply["text"] == "The percentage must be 0–100."
    await press(bot, DEWI, "⏳ Extension")
    [reply] = await bot.text(DEWI, "31-12-9999")
    assert reply["text"] == ("A deadline can be at most a year from today "
                             "(Tuesday, 23 November 2027). Pick an earlier date.")
    await bot.press(DEWI, last(bot, DEWI)["message_id"], f"tk:open:{HUGE}")
    assert bot.callback_answers()[-1]["text"] == "This button is no longer valid."
    assert await count(db, ExtensionRequest) == 0


async def test_every_button_handler_pattern_names_a_schema_and_its_actions(bot: Any) -> None:
    """Issue 6 B3: each button handler, in or out of a flow, takes one schema's data
    (and only actions that schema has), as ``Schema.pattern(...)`` builds it."""
    schemas = {s.prefix: s for s in CallbackData.__subclasses__()}  # every schema there is
    assert {CheckKindCB, LanguageCB, TaskCB, ExtensionCB, FlowCB, NewTaskCB,
            CalendarCB} <= set(schemas.values())
    found: list[str | None] = []

    def walk(handlers: Any) -> None:
        for handler in handlers:
            if isinstance(handler, ConversationHandler):
                walk(handler.entry_points)
                walk(handler.fallbacks)
                for state in handler.states.values():
                    walk(state)
            elif isinstance(handler, CallbackQueryHandler):
                pattern = handler.pattern
                found.append(pattern.pattern if isinstance(pattern, re.Pattern) else pattern)

    for group in bot.app.handlers.values():
        walk(group)
    assert None in found  # the fallback for stale buttons takes any data
    patterns = [p for p in found if p is not None]
    assert len(patterns) >= 10
    for pattern in patterns:
        parts = re.fullmatch(r"\^(\w+):(?:\(([\w|]+)\):)?", pattern)
        assert parts is not None and parts.group(1) in schemas, pattern
        actions = parts.group(2).split("|") if parts.group(2) else []
        assert pattern == schemas[parts.group(1)].pattern(*actions)


async def test_an_evidence_file_name_over_256_characters_is_accepted(
        bot: Any, clock: Any, db: Any, org: Any) -> None:  # noqa: F811
    """Issue 6 A15: a document named with 300 characters is evidence (PostgreSQL
    refused it: the column holds 256); the name is clipped, keeping its extension."""
    await give_task(bot, clock)
    await press(bot, DEWI, "✅ Selesai")
    name = "Laporan kinerja triwulan " + "x" * 271 + ".pdf"
    assert len(name) == 300
    await bot.feed(bot.emu.send_document(DEWI, name, b"%PDF", caption="Terlampir", queue=False))
    assert last(bot, DEWI)["text"] == (
        "📤 Laporan selesai terkirim ke Rizki Pratama untuk verifikasi.")
    [submitted] = await rows(db, TaskEvent, TaskEvent.kind == "submitted")
    assert submitted.evidence_kind == "document"
    assert submitted.evidence_name is not None and len(submitted.evidence_name) == 256
    assert submitted.evidence_name.startswith("Laporan kinerja triwulan xxx")
    assert submitted.evidence_name.endswith("x….pdf")
    await bot.deliver()
    assert "document" in last(bot, RIZKI)
    [task] = await rows(db, Task)
    assert task.status == "awaiting_verification"


# --- the schemas themselves (no database) ---------------------------------------


def test_callback_fields_are_bounded_and_ascii() -> None:
    """Issue 6 A8: integers within their range, ASCII digits only, actions known."""
    assert TaskCB.unpack(f"tk:open:{ID_MAX}") == TaskCB("open", ID_MAX)
    for data in (f"tk:open:{ID_MAX + 1}", "tk:open:0", "tk:open:٣", "tk:open: 1", "tk:open:+1",
                 "tk:bogus:1", "tk:open", "tk:open:1:2", "fl:percent:101:1", "fl:skip:1:1",
                 "fl:date:8:1", "nt:page:10001", "nt:next:1", "cal:day:2026-1-1"):
        assert all(schema.unpack(data) is None for schema in (TaskCB, FlowCB, NewTaskCB,
                                                              CalendarCB)), data
    with pytest.raises(ValueError):
        TaskCB("open", 0)
    with pytest.raises(ValueError):
        FlowCB("percent", 101, 1)
    assert CalendarCB.unpack("cal:day:2026-11-27") == CalendarCB("day", date(2026, 11, 27))
    assert len(FlowCB("percent", 100, ID_MAX).pack().encode()) <= 64


def test_handler_patterns_come_from_the_schemas() -> None:
    """Issue 6 B3: a pattern names only the schema's own actions."""
    assert TaskCB.pattern("open", "start") == r"^tk:(open|start):"
    assert CalendarCB.pattern() == r"^cal:"
    with pytest.raises(ValueError):
        TaskCB.pattern("opne")


def test_typed_percent_and_deadline_window() -> None:
    assert [parse_percent(v) for v in ("0", "100", "50%", " 7 ", "5²", "1000", "")] == [
        0, 100, 50, 7, None, None, None]
    assert latest_deadline_day(date(2026, 11, 23)) == date(2027, 11, 23)
    assert latest_deadline_day(date(2028, 2, 29)) == date(2029, 2, 28)
