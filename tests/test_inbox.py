"""The durable update inbox (bot.inbox): an update is in the database before
Telegram hears it arrived, a repeated update_id is handled once, and what a
killed process received but never handled is handled by the next one."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from db.models import AttendanceEvent
from db.models_pipeline import InboxUpdate
from tests import factories
from tests.factories import count
from tests.piped import Piped, work_through

WIB = ZoneInfo("Asia/Jakarta")
ANDI = 2101
IN_LAT, IN_LON = -2.87735, 103.84560  # inside the SETDA geofence
RECORDED = "✅ Masuk tercatat"


@pytest.fixture
async def andi(db: Any, emulator: Any) -> int:
    async with db.transaction() as s:
        setda = await factories.office(s)
        await factories.schedule(s)
        org = await factories.unit(s, setda)
        row = await factories.employee(s, org, "199001012015011001", "Andi Pratama",
                                       telegram_id=ANDI)
    emulator.add_user(ANDI, "Andi")
    return row.id


def check_in(emu: Any) -> list[dict[str, Any]]:
    """/masuk and the live location that follows it, as Telegram sends them."""
    return [emu.send_text(ANDI, "/masuk", queue=False),
            emu.send_location(ANDI, IN_LAT, IN_LON, queue=False, live_period=900,
                              horizontal_accuracy=12.0)]


def recorded(piped: Any) -> list[str]:
    return [r for r in piped.replies(ANDI) if r.startswith(RECORDED)]


async def inbox(db: Any) -> list[InboxUpdate]:
    async with db.transaction() as s:
        return list(await s.scalars(select(InboxUpdate).order_by(InboxUpdate.update_id)))


async def test_the_same_update_twice_is_handled_once(make_harness: Any, db: Any,
                                                     andi: int) -> None:
    piped = Piped(await make_harness())
    updates = check_in(piped.emu)
    for update in updates + updates:  # Telegram sends them again (offset not confirmed)
        await piped.put(update)
    await work_through(piped.app)
    assert len(recorded(piped)) == 1
    assert await count(db, AttendanceEvent) == 1
    assert piped.app.update_queue.dropped == 2
    assert all(row.handled_at is not None for row in await inbox(db))
    for update in updates:  # later still: the rows remember them
        await piped.put(update)
    await work_through(piped.app)
    assert len(recorded(piped)) == 1


async def test_received_but_never_handled_is_handled_once_after_a_kill(
        make_harness: Any, db: Any, clock: Any, andi: int) -> None:
    clock.set(datetime(2026, 11, 23, 7, 30, tzinfo=WIB))
    killed = Piped(await make_harness())
    updates = check_in(killed.emu)
    for update in updates:
        await killed.put(update)  # Telegram is now told they arrived ...
    # ... and the process dies before handling them: its queue is gone
    assert [row.handled_at for row in await inbox(db)] == [None, None]
    assert await count(db, AttendanceEvent) == 0

    restarted = Piped(await make_harness())  # the next start replays the inbox
    assert restarted.app.update_queue.qsize() == 2
    await work_through(restarted.app)
    assert len(recorded(restarted)) == 1
    assert await count(db, AttendanceEvent) == 1
    for update in updates:  # polling had not confirmed them: they come again
        await restarted.put(update)
    await work_through(restarted.app)
    assert await count(db, AttendanceEvent) == 1
    assert len(recorded(restarted)) == 1


async def test_an_update_whose_handler_committed_is_not_replayed(
        make_harness: Any, db: Any, andi: int) -> None:
    first = Piped(await make_harness())
    for update in check_in(first.emu):
        await first.put(update)
    await work_through(first.app)
    assert len(recorded(first)) == 1

    second = Piped(await make_harness())
    assert second.app.update_queue.qsize() == 0
    await work_through(second.app)
    assert len(recorded(second)) == 1
    assert await count(db, AttendanceEvent) == 1


async def test_an_update_no_handler_takes_is_marked_too(make_harness: Any, db: Any,
                                                        andi: int) -> None:
    piped = Piped(await make_harness())
    await piped.put({"update_id": 5001, "poll_answer": {
        "poll_id": "1", "option_ids": [0], "option_persistent_ids": ["a"],
        "user": {"id": ANDI, "is_bot": False, "first_name": "Andi"}}})
    await work_through(piped.app)
    [row] = await inbox(db)
    assert row.handled_at is not None
    assert (await make_harness()).app.update_queue.qsize() == 0


async def test_a_second_process_handling_the_same_update_rolls_back(
        make_harness: Any, db: Any, andi: int) -> None:
    """Two leaders for a moment both replay an update: the one that marks it
    second rolls its work back and replies nothing."""
    one = Piped(await make_harness())
    updates = check_in(one.emu)
    for update in updates:
        await one.put(update)
    other = Piped(await make_harness())  # replays the same two rows
    await work_through(one.app)
    await work_through(other.app)
    assert await count(db, AttendanceEvent) == 1
    assert len([r for r in one.emu.sent_messages(ANDI)
                if r.get("text", "").startswith(RECORDED)]) == 1


async def test_handled_rows_are_pruned_once_telegram_cannot_repeat_them(
        make_harness: Any, db: Any, clock: Any, andi: int) -> None:
    from bot.inbox import prune_handled

    piped = Piped(await make_harness())
    for update in check_in(piped.emu):
        await piped.put(update)
    await work_through(piped.app)
    await piped.put({"update_id": 9001, "message": {  # received, not yet handled
        "message_id": 1, "date": 0, "chat": {"id": ANDI, "type": "private"},
        "from": {"id": ANDI, "is_bot": False, "first_name": "A"}, "text": "/status"}})
    async with db.transaction() as s:
        assert await prune_handled(s, now=clock.now() + timedelta(hours=47)) == 0
        assert await prune_handled(s, now=clock.now() + timedelta(hours=49)) == 2
    async with db.transaction() as s:
        assert list(await s.scalars(select(InboxUpdate.update_id))) == [9001]
