"""The durable update inbox: every update is in the database before Telegram
is told it arrived, and each ``update_id`` is handled once.

Polling (PTB's Updater) and the webhook both hand updates to
``app.update_queue.put``; the Application is built with an ``UpdateInbox``
as that queue. ``put`` inserts the update (``ON CONFLICT DO NOTHING``) and
queues it only when the row is new, so an update Telegram sends again (the
offset was not confirmed, a webhook retried) is dropped. Polling confirms an
offset on its next getUpdates, after ``put`` returned; a webhook answers 200
after ``put``: a process killed at any moment leaves the update in the inbox.

The handler marks the row handled in its own transaction (handlers.kit), so
the work and the mark commit together or not at all. An update no handler
marked (nothing matched, or the handler failed and rolled back) is marked
once it has been through the pipeline (``settle``). On start, rows never
marked are replayed, oldest first (``replay``). Handled rows are kept a
while, so a late repeat is still recognised, then pruned (jobs.retention).
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop

from bot.clock import Clock
from db.models_pipeline import InboxUpdate
from db.session import Database

log = logging.getLogger(__name__)
# Telegram keeps an unconfirmed update for 24 hours: a repeat comes within that
KEEP_HANDLED = timedelta(hours=48)
RETRY_BASE_S, RETRY_MAX_S = 0.5, 10.0


class AlreadyHandled(ApplicationHandlerStop):
    """Another process handled this update first (two leaders for a moment):
    this handler's transaction rolls back, nothing is replied."""


class UpdateInbox(asyncio.Queue[object]):
    def __init__(self, database: Database, clock: Clock) -> None:
        super().__init__()
        self.database = database
        self.clock = clock
        # queued from the inbox and not yet marked handled by this process
        self.pending: set[int] = set()
        self.dropped = 0  # repeats recognised, for tests and measurements
        insert = postgresql.insert if database.dialect == "postgresql" else sqlite.insert
        self._insert = insert(InboxUpdate).on_conflict_do_nothing(
            index_elements=[InboxUpdate.update_id])

    async def put(self, item: object) -> None:
        if isinstance(item, Update) and not await self._record(item):
            self.dropped += 1
            log.info("update %s arrived again: dropped", item.update_id)
            return
        if isinstance(item, Update):
            self.pending.add(item.update_id)
        await super().put(item)

    async def _record(self, item: Update) -> bool:
        """Insert the update; False when its update_id is already there. While
        the database is away this waits (Telegram is not told the update
        arrived, so it comes again)."""
        payload = item.to_json()
        delay = RETRY_BASE_S
        while True:
            try:
                # a connection, not an ORM session: this runs for every update
                async with self.database.engine.begin() as connection:
                    result: Any = await connection.execute(
                        self._insert.values(update_id=item.update_id, payload=payload,
                                            received_at=self.clock.now()))
                return bool(result.rowcount)
            except (DBAPIError, OSError) as exc:
                if not _database_away(exc):
                    raise
                log.warning("update %s not recorded (%s): retrying in %.1fs",
                            item.update_id, type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_S)

    async def claim(self, session: AsyncSession, update_: object) -> None:
        """Mark the update handled in the handler's transaction (one UPDATE, and
        only for an update that came through the inbox). Raises AlreadyHandled
        when another process marked it first."""
        if not isinstance(update_, Update) or update_.update_id not in self.pending:
            return
        result: Any = await session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.update_id == update_.update_id, InboxUpdate.handled_at.is_(None))
            .values(handled_at=self.clock.now()))
        if not result.rowcount:
            self.pending.discard(update_.update_id)
            log.warning("update %s was handled elsewhere: rolled back here", update_.update_id)
            raise AlreadyHandled

    def claimed(self, update_: object) -> None:
        """The handler's transaction (and its mark) committed."""
        if isinstance(update_, Update):
            self.pending.discard(update_.update_id)

    async def settle(self, update_: object) -> None:
        """After the pipeline: mark an update no committed handler marked."""
        if not isinstance(update_, Update) or update_.update_id not in self.pending:
            return
        self.pending.discard(update_.update_id)
        async with self.database.transaction() as session:
            await session.execute(
                update(InboxUpdate)
                .where(InboxUpdate.update_id == update_.update_id,
                       InboxUpdate.handled_at.is_(None))
                .values(handled_at=self.clock.now()))

    async def replay(self, application: Application[Any, Any, Any, Any, Any, Any]) -> int:
        """Queue the rows never marked handled, oldest first, ahead of anything
        Telegram sends now. Returns how many."""
        async with self.database.transaction() as session:
            rows = (await session.execute(
                select(InboxUpdate.update_id, InboxUpdate.payload)
                .where(InboxUpdate.handled_at.is_(None))
                .order_by(InboxUpdate.update_id))).all()
        queued = 0
        for update_id, payload in rows:
            if update_id in self.pending:
                continue  # already queued by this process
            try:
                item = Update.de_json(json.loads(payload), application.bot)
            except (ValueError, TypeError, KeyError):
                log.error("update %s in the inbox unreadable: marked handled", update_id)
                await self._mark_unreadable(update_id)
                continue
            self.pending.add(update_id)
            self.put_nowait(item)
            queued += 1
        if queued:
            log.info("replaying %d update(s) received but not handled before", queued)
        return queued

    async def _mark_unreadable(self, update_id: int) -> None:
        async with self.database.transaction() as session:
            await session.execute(update(InboxUpdate).where(InboxUpdate.update_id == update_id)
                                  .values(handled_at=self.clock.now()))


def _database_away(exc: BaseException) -> bool:
    """The database cannot be reached (restarting, network): worth waiting for."""
    if isinstance(exc, OperationalError | InterfaceError | OSError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def inbox_of(application: Application[Any, Any, Any, Any, Any, Any]) -> UpdateInbox | None:
    queue = application.update_queue
    return queue if isinstance(queue, UpdateInbox) else None


async def prune_handled(session: AsyncSession, *, now: datetime) -> int:
    """Forget handled updates once Telegram can no longer send them again."""
    result: Any = await session.execute(
        delete(InboxUpdate).where(InboxUpdate.handled_at < now - KEEP_HANDLED))
    return int(result.rowcount or 0)
