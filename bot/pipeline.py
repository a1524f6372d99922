"""Concurrency that keeps order: updates of different people are handled at
the same time, the updates of one person strictly one after another, in the
order they arrived.

PTB's ``BaseUpdateProcessor.process_update`` takes the global slot (one of
``MAX_CONCURRENT_UPDATES``) and only then calls ``do_process_update``: a
per-person lock taken there would let one person who sends 40 messages hold
every slot while their updates wait for each other. Here a person's turn
(first come, first served) is taken first and a global slot only once it is
their turn, so a queue of one person's updates holds at most one slot.

This is also what makes PTB's ConversationHandler safe with concurrent
updates (its docs warn against them): a flow is keyed by chat and user, and
one user's updates never overlap.
"""

from __future__ import annotations

import asyncio
import inspect
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

AfterUpdate = Callable[[object], Awaitable[None]]


def person_of(update: object) -> int | None:
    """Whose turn an update waits for: its user, else its chat (a private
    chat's id is its user's id), else nobody (it waits for no one)."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    if update.effective_chat is not None:
        return update.effective_chat.id
    return None


class Turns:
    """One first-come-first-served queue per person. A person's entry goes
    once their queue is empty, so the map holds only people with updates in
    hand."""

    def __init__(self) -> None:
        self._queues: dict[int, deque[asyncio.Future[None]]] = {}

    def __len__(self) -> int:
        return len(self._queues)

    def waiting(self, person: int) -> int:
        """How many of this person's updates are queued or running."""
        return len(self._queues.get(person, ()))

    @asynccontextmanager
    async def turn(self, person: int | None) -> AsyncIterator[None]:
        if person is None:
            yield
            return
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._queues.setdefault(person, deque())
        queue.append(mine)
        try:
            if queue[0] is not mine:
                await mine  # the one ahead hands the turn over when it is done
            yield
        finally:
            self._leave(person, mine)

    def _leave(self, person: int, mine: asyncio.Future[None]) -> None:
        queue = self._queues[person]
        first = queue[0] is mine
        queue.remove(mine)  # also when cancelled while waiting
        if not queue:
            del self._queues[person]
        elif first and not queue[0].done():
            queue[0].set_result(None)
        # a cancelled next one (not yet out of the queue) hands on when it leaves


class PerUserProcessor(BaseUpdateProcessor):
    """``ApplicationBuilder.concurrent_updates(PerUserProcessor(n))``.

    ``after`` runs once an update has been handled, still in its person's
    turn and slot (bot.app: settle the update's inbox row, flush flow state),
    so the person's next update starts only after it.
    """

    def __init__(self, max_concurrent_updates: int, *, after: AfterUpdate | None = None) -> None:
        super().__init__(max_concurrent_updates)
        self.turns = Turns()
        self.after = after

    # final in PTB's typing: it takes the global slot first, which is the trap
    # described above; the person's turn must come before the slot
    async def process_update(  # type: ignore[misc]
        self, update: object, coroutine: Awaitable[Any]
    ) -> None:
        try:
            async with self.turns.turn(person_of(update)), self._semaphore:
                await self.do_process_update(update, coroutine)
        except asyncio.CancelledError:
            if inspect.iscoroutine(coroutine):
                coroutine.close()  # cancelled before its turn: never started
            raise

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await coroutine
        finally:
            if self.after is not None:
                await self.after(update)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free: PTB waits for the update tasks itself."""
