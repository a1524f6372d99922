"""Concurrency that keeps order (bot.pipeline): different people at the same
time, one person's updates one after another in arrival order. Handlers
block on events, never on the clock."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update

from bot.pipeline import PerUserProcessor

ANDI, BUDI = 1001, 1002


def message(update_id: int, user_id: int, body: str = "halo") -> Update:
    person = {"id": user_id, "is_bot": False, "first_name": "X"}
    return Update.de_json({"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "chat": {"id": user_id, "type": "private"},
        "from": person, "text": body}}, None)


async def settle() -> None:
    """Let every task that can move run until it waits again (no real time)."""
    for _ in range(50):
        await asyncio.sleep(0)


class Desk:
    """Handlers that record when they start and finish, and block on a gate."""

    def __init__(self, processor: PerUserProcessor) -> None:
        self.processor = processor
        self.started: list[int] = []
        self.finished: list[int] = []
        self.gates: dict[int, asyncio.Event] = {}
        self.tasks: dict[int, asyncio.Task[None]] = {}

    def gate(self, update_id: int) -> asyncio.Event:
        return self.gates.setdefault(update_id, asyncio.Event())

    def handle(self, update: Update, *, blocked: bool = False) -> None:
        if not blocked:
            self.gate(update.update_id).set()

        async def work() -> None:
            self.started.append(update.update_id)
            await self.gate(update.update_id).wait()
            self.finished.append(update.update_id)

        self.tasks[update.update_id] = asyncio.create_task(
            self.processor.process_update(update, work()))


async def test_another_person_is_handled_while_one_is_blocked() -> None:
    desk = Desk(PerUserProcessor(32))
    desk.handle(message(1, ANDI), blocked=True)
    desk.handle(message(2, BUDI))
    await settle()
    assert desk.finished == [2]  # Budi is done while Andi's update still waits
    assert desk.started == [1, 2]
    desk.gate(1).set()
    await asyncio.gather(*desk.tasks.values())
    assert desk.finished == [2, 1]


async def test_one_persons_second_update_waits_for_the_first_and_follows_it() -> None:
    desk = Desk(PerUserProcessor(32))
    desk.handle(message(1, ANDI), blocked=True)
    desk.handle(message(2, ANDI))
    desk.handle(message(3, ANDI))
    await settle()
    assert desk.started == [1]  # the second has not begun: Andi's first is not done
    assert desk.processor.turns.waiting(ANDI) == 3
    desk.gate(1).set()
    await asyncio.gather(*desk.tasks.values())
    assert desk.started == desk.finished == [1, 2, 3]
    assert len(desk.processor.turns) == 0  # nobody's queue is kept once empty


async def test_forty_updates_of_one_person_hold_one_slot_not_all() -> None:
    desk = Desk(PerUserProcessor(4))  # fewer slots than Andi's updates
    for update_id in range(1, 41):
        desk.handle(message(update_id, ANDI), blocked=update_id == 1)
    desk.handle(message(100, BUDI))
    await settle()
    assert desk.finished == [100]
    assert desk.processor.current_concurrent_updates == 1  # Andi's first only
    desk.gate(1).set()
    await asyncio.gather(*desk.tasks.values())
    assert desk.finished == [100, *range(1, 41)]


async def test_the_slots_still_bound_how_many_people_run_at_once() -> None:
    desk = Desk(PerUserProcessor(2))
    for user_id in range(1, 6):
        desk.handle(message(user_id, user_id), blocked=True)
    await settle()
    assert desk.started == [1, 2]
    for user_id in range(1, 6):
        desk.gate(user_id).set()
    await asyncio.gather(*desk.tasks.values())
    assert sorted(desk.finished) == [1, 2, 3, 4, 5]


async def test_an_update_cancelled_in_the_queue_lets_the_next_one_run() -> None:
    desk = Desk(PerUserProcessor(32))
    desk.handle(message(1, ANDI), blocked=True)
    desk.handle(message(2, ANDI), blocked=True)
    desk.handle(message(3, ANDI))
    await settle()
    desk.tasks[2].cancel()
    await settle()
    desk.gate(1).set()
    await asyncio.gather(desk.tasks[1], desk.tasks[3])
    assert desk.finished == [1, 3]
    assert len(desk.processor.turns) == 0


async def test_what_follows_an_update_runs_before_the_persons_next() -> None:
    seen: list[str] = []

    async def after(update: object) -> None:
        assert isinstance(update, Update)
        seen.append(f"after {update.update_id}")

    processor = PerUserProcessor(8, after=after)

    def work(update_id: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            seen.append(f"handle {update_id}")
        return run

    await asyncio.gather(*(processor.process_update(message(n, ANDI), work(n)())
                           for n in (1, 2)))
    assert seen == ["handle 1", "after 1", "handle 2", "after 2"]


def test_an_update_of_nobody_waits_for_no_one() -> None:
    from bot.pipeline import person_of

    assert person_of(Update.de_json({"update_id": 9}, None)) is None
    assert person_of(message(1, ANDI)) == ANDI
    assert person_of(object()) is None


async def test_the_application_is_built_with_it(bot: Any) -> None:
    processor = bot.app.update_processor
    assert isinstance(processor, PerUserProcessor)
    assert processor.max_concurrent_updates == 32
