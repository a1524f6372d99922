"""Files outbox messages upload (a weekly chart, a long summary, a recap).

The bytes are kept once in ``OutboxFile``, however many messages upload
them, in the transaction that queues the messages, so a restart still sends
them. The sender reads a due message's file with it (``attached``) and puts
it in the call's ``file_field`` ("photo" or "document") as an upload; once no
pending or failed message needs the file any more it is deleted
(``release``): the table does not grow with every week's charts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import OutboxFile, OutboxMessage

FIELDS = {"photo": "sendPhoto", "document": "sendDocument"}  # file field -> Bot API method
KEYS_PER_QUERY = 5000
KEPT_FOR = ("pending", "failed")  # a failed message may be retried (hadir outbox --retry)


@dataclass(frozen=True)
class Upload:
    """A file one message uploads."""

    name: str
    content: bytes
    field: str  # photo | document

    def __post_init__(self) -> None:
        if self.field not in FIELDS:
            raise ValueError(f"not a file field: {self.field!r}")

    @property
    def method(self) -> str:
        return FIELDS[self.field]


async def store_uploads(session: AsyncSession, wanted: Sequence[tuple[str, Upload]],
                        now: datetime) -> dict[str, int]:
    """The ``OutboxFile`` id for each outbox key whose message is not queued
    yet (a key used before gets none: nothing is stored for it); the same
    bytes under the same name are stored once. A query per 5000 keys, and
    the rows written at once."""
    keys = [key for key, _ in wanted]
    used: set[str] = set()
    for i in range(0, len(keys), KEYS_PER_QUERY):
        used.update(await session.scalars(select(OutboxMessage.key).where(
            OutboxMessage.key.in_(keys[i:i + KEYS_PER_QUERY]))))
    distinct = list(dict.fromkeys((upload.name, upload.content) for key, upload in wanted
                                  if key not in used))
    if not distinct:
        return {}
    ids = list(await session.scalars(
        insert(OutboxFile).returning(OutboxFile.id, sort_by_parameter_order=True),
        [{"name": name, "content": content, "created_at": now} for name, content in distinct]))
    stored = dict(zip(distinct, ids, strict=True))
    return {key: stored[(upload.name, upload.content)] for key, upload in wanted
            if key not in used}


@dataclass(frozen=True)
class Attached:
    """The file of a due message, as the sender uploads it."""

    id: int
    field: str
    name: str
    content: bytes


async def attached(session: AsyncSession, wanted: Iterable[tuple[int, str]]
                   ) -> dict[int, Attached]:
    """The files of these (file id, field) pairs, in one query."""
    fields = dict(wanted)
    if not fields:
        return {}
    rows = await session.execute(select(OutboxFile.id, OutboxFile.name, OutboxFile.content)
                                 .where(OutboxFile.id.in_(fields)))
    return {id_: Attached(id_, fields[id_], name, bytes(content)) for id_, name, content in rows}


async def release(session: AsyncSession, file_id: int) -> None:
    """Delete the file once no pending or failed message uploads it."""
    await release_unused(session, {file_id})


async def release_unused(session: AsyncSession, file_ids: set[int]) -> None:
    """Delete those of these files no pending or failed message uploads: one statement."""
    await session.execute(delete(OutboxFile).where(
        OutboxFile.id.in_(file_ids),
        ~exists().where(OutboxMessage.file_id == OutboxFile.id,
                        OutboxMessage.status.in_(KEPT_FOR))))


async def release_orphans(session: AsyncSession) -> int:
    """Delete every file no pending or failed message uploads any more (its
    message ended unreachable or cancelled): the nightly sweep; how many."""
    result = await session.execute(delete(OutboxFile).where(
        ~exists().where(OutboxMessage.file_id == OutboxFile.id,
                        OutboxMessage.status.in_(KEPT_FOR))))
    return int(getattr(result, "rowcount", 0) or 0)
