"""Claims on outbox rows: which sender is sending a row, until when.

Even two leaders for a moment (bot.leader: the old one cut off from the
database, its lease run out, a send still in flight) never send one row
twice: a sender takes the due rows with ``SELECT … FOR UPDATE SKIP LOCKED``
(rows another sender is claiming right now are skipped, not waited for) and
marks them ``claimed_by`` itself ``claimed_until`` a moment in the claiming
transaction. A claimed row is nobody else's until the claim runs out, and the
sender only *starts* a send while the claim outlasts the send's timeout
(``claim_allows``), so a send is always over, answered or timed out, before
another sender may claim the row. A sender that dies leaves its claims to
run out; then the rows are claimable again. A sender that stops, or
finishes a batch, hands back at once what it did not send (``release``).

SQLite has no ``SKIP LOCKED`` (SQLAlchemy leaves the clause out there): one
process writes at a time anyway, and the claim columns are kept the same way.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import OutboxMessage, TelegramBinding


def unclaimed(now: datetime) -> ColumnElement[bool]:
    return or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now)


def claim_allows(claimed_until: datetime | None, now: datetime, send_timeout_s: float) -> bool:
    """A send may start: it ends (answered or timed out) before the claim does."""
    return claimed_until is None or now + timedelta(seconds=send_timeout_s) < claimed_until


async def claim(session: AsyncSession, candidates: Select[tuple[int]], *, limit: int,
                now: datetime, claimer: str, until: datetime) -> list[tuple[OutboxMessage, bool]]:
    """Lock and claim up to ``limit`` of the ``candidates`` (a query of row ids)
    still pending and unclaimed, oldest first, skipping rows another transaction
    holds — so the limit is filled with the next free rows, not cut short by a
    sender claiming at the same moment; each with whether its chat is unreachable."""
    blocked = exists().where(
        TelegramBinding.chat_id == OutboxMessage.chat_id,
        TelegramBinding.unreachable_since.is_not(None),
    )
    locked = (
        select(OutboxMessage, blocked.label("unreachable"))
        .where(OutboxMessage.id.in_(candidates), OutboxMessage.status == "pending",
               unclaimed(now))
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(of=OutboxMessage, skip_locked=True)
    )
    rows = [(row, bool(unreachable)) for row, unreachable in (await session.execute(locked)).all()]
    if rows:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([row.id for row, _ in rows]))
            .values(claimed_by=claimer, claimed_until=until)
            .execution_options(synchronize_session=False))
        for row, _ in rows:
            row.claimed_by, row.claimed_until = claimer, until
    return rows


async def release(session: AsyncSession, claimer: str, *, keep: Collection[int] = ()) -> int:
    """Hand back this sender's claims on rows still pending (except ``keep``:
    rows sent whose outcome is not recorded yet); how many."""
    mine = [OutboxMessage.claimed_by == claimer, OutboxMessage.status == "pending"]
    if keep:
        mine.append(OutboxMessage.id.not_in(list(keep)))
    result = await session.execute(
        update(OutboxMessage)
        .where(*mine)
        .values(claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]
