"""Enqueue messages the bot sends on its own initiative (never replies).

A row is written in the same transaction as the change that causes it, so a
rolled-back change sends nothing, and a committed one is sent even if the bot
restarts. The key names the fact ("task:12:assigned"): the same fact never
produces two messages, whoever enqueues it and however often.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup

from bot.rules.timefmt import local_time, long_date
from bot.services.employees import home_timezone, next_manager_up
from bot.services.outbox_claims import claim
from bot.services.outbox_files import Attached, attached, release
from bot.texts import text
from db.models import OUTBOX_STATUSES, Employee, OutboxMessage, TelegramBinding
from db.session import dialect_insert

log = logging.getLogger(__name__)

MAX_KEY = 200
QUEUED = "outbox_queued"  # session.info flag: this transaction queued a message


def queued_in(session: AsyncSession) -> bool:
    return bool(session.info.get(QUEUED))


def _row_values(*, key: str, chat_id: int, now: datetime, text: str | None,
                reply_markup: InlineKeyboardMarkup | None, employee_id: int | None,
                method: str, params: dict[str, Any] | None, escalate: bool,
                requires: str | None, file_id: int | None = None,
                file_field: str | None = None) -> dict[str, Any]:
    """The columns of one pending outbox row (``file_id``: an ``OutboxFile``
    the call uploads as its ``file_field``, see ``bot.services.outbox_files``)."""
    if len(key) > MAX_KEY:
        raise ValueError(f"outbox key too long: {key!r}")
    payload: dict[str, Any] = {"chat_id": chat_id, **(params or {})}
    if text is not None:
        payload["text" if method == "sendMessage" else "caption"] = text
        payload["parse_mode"] = "HTML"
    if method == "sendMessage":
        payload.setdefault("link_preview_options", {"is_disabled": True})
    if reply_markup is not None:
        payload["reply_markup"] = reply_markup.to_dict()
    return {"key": key, "chat_id": chat_id, "employee_id": employee_id, "method": method,
            "payload": payload, "status": "pending", "attempts": 0, "created_at": now,
            "next_attempt_at": now, "escalate": escalate, "requires": requires,
            "repeats": 0, "file_id": file_id, "file_field": file_field if file_id else None}


async def enqueue(
    session: AsyncSession, *, key: str, chat_id: int, now: datetime,
    text: str | None = None, reply_markup: InlineKeyboardMarkup | None = None,
    employee_id: int | None = None, method: str = "sendMessage",
    params: dict[str, Any] | None = None, escalate: bool = False, requires: str | None = None,
    file_id: int | None = None, file_field: str | None = None,
) -> bool:
    """Queue one Bot API call; False when a message with this key exists.

    With ``employee_id`` the message goes to whatever chat that employee is
    bound to when it is sent (``chat_id`` is where it would go now), and to
    nobody once they are inactive — or, with ``escalate``, to the next active
    manager above them. ``requires``: a condition checked right before it is
    sent (see ``bot.services.outbox_recipients``)."""
    values = _row_values(key=key, chat_id=chat_id, now=now, text=text,
                         reply_markup=reply_markup, employee_id=employee_id, method=method,
                         params=params, escalate=escalate, requires=requires,
                         file_id=file_id, file_field=file_field)
    insert = dialect_insert(session)
    result = await session.execute(
        insert(OutboxMessage).values(**values).on_conflict_do_nothing(index_elements=["key"])
    )
    queued = bool(result.rowcount)  # type: ignore[attr-defined]
    if queued:
        session.info[QUEUED] = True  # the caller wakes the sender after commit
    return queued


async def enqueue_for_employee(
    session: AsyncSession, employee_id: int, *, key: str, now: datetime, text: str,
    reply_markup: InlineKeyboardMarkup | None = None, method: str = "sendMessage",
    params: dict[str, Any] | None = None, escalate: bool = False, requires: str | None = None,
    default_language: str = "id", bindings: Mapping[int, TelegramBinding] | None = None,
    file_id: int | None = None, file_field: str | None = None,
) -> bool:
    """Queue a message to an employee's Telegram chat; False if they have none
    (not activated yet), are inactive, or the key was used before. ``bindings``:
    the bindings of many receivers, loaded at once (``bindings_of``) by a caller
    that queues for many, so that nothing queries once per employee.

    ``escalate``: work waiting on this employee (evidence to verify, an
    extension to decide, a notice about their people). If they are inactive
    it goes to the next active manager above them, and says so."""
    employee = await session.get(Employee, employee_id)
    if employee is None:
        return False
    if not employee.active:
        if not escalate:
            return False
        found = await next_manager_up(session, employee)
        if found is None:
            log.warning("employee %s is inactive and nobody above them can take over %s",
                        employee_id, key)
            return False
        target, binding = found
        text = forwarded(text, employee, target.language or default_language)
    else:
        bound = (bindings.get(employee_id) if bindings is not None else await session.scalar(
            select(TelegramBinding).where(TelegramBinding.employee_id == employee_id)))
        if bound is None:
            return False
        binding = bound
    return await enqueue(session, key=key, chat_id=binding.chat_id, now=now, text=text,
                         reply_markup=reply_markup, employee_id=binding.employee_id,
                         method=method, params=params, escalate=escalate, requires=requires,
                         file_id=file_id, file_field=file_field)


@dataclass(frozen=True)
class Direct:
    """One message for an active employee with a Telegram binding: nothing
    left to decide, so many of them are written in one statement."""

    employee_id: int
    chat_id: int
    key: str
    now: datetime
    text: str
    reply_markup: InlineKeyboardMarkup | None = None
    method: str = "sendMessage"
    params: dict[str, Any] | None = None
    escalate: bool = False
    requires: str | None = None
    file_id: int | None = None  # an OutboxFile uploaded as ``file_field``
    file_field: str | None = None


async def enqueue_many(session: AsyncSession, rows: Sequence[Direct]) -> int:
    """Queue many messages at once (a job telling thousands of people): one
    statement, whatever their number; how many were new (a key used before
    writes nothing)."""
    if not rows:
        return 0
    values = [_row_values(key=r.key, chat_id=r.chat_id, now=r.now, text=r.text,
                          reply_markup=r.reply_markup, employee_id=r.employee_id,
                          method=r.method, params=r.params, escalate=r.escalate,
                          requires=r.requires, file_id=r.file_id, file_field=r.file_field)
              for r in rows]
    insert = dialect_insert(session)
    # render_nulls: the ORM would batch rows by which values are None (a photo
    # has no text, a text no file), and a mix would become a statement a row
    statement = (insert(OutboxMessage).on_conflict_do_nothing(index_elements=["key"])
                 .returning(OutboxMessage.key).execution_options(render_nulls=True))
    written = list(await session.scalars(statement, values))
    if written:
        session.info[QUEUED] = True
    return len(written)


async def bindings_of(session: AsyncSession, employee_ids: Iterable[int]
                      ) -> dict[int, TelegramBinding]:
    """The Telegram bindings of these employees (those who have one), in one query."""
    ids = set(employee_ids)
    if not ids:
        return {}
    rows = await session.scalars(
        select(TelegramBinding).where(TelegramBinding.employee_id.in_(ids)))
    return {row.employee_id: row for row in rows}


def forwarded(body: str, inactive: Employee, lang: str) -> str:
    """The message for ``inactive``, with a first line saying why it comes to you."""
    note = text("outbox.forwarded", lang, name=html.escape(inactive.name),
                nip=html.escape(inactive.nip))
    return f"{note}\n\n{body}"


# --- the sender's side: what is due, and each outcome in its own transaction ---

MAX_ERROR = 1000
DEFAULT_CLAIM = timedelta(minutes=2)


@dataclass(frozen=True)
class DueMessage:
    """One outbox row to send now, detached from its session."""

    id: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    attempts: int
    unreachable: bool  # the chat's binding is marked unreachable: do not call Telegram
    file: Attached | None = None  # the file the call uploads
    claimed_until: datetime | None = None  # this sender's claim (outbox_claims)


async def due_messages(
    session: AsyncSession, *, now: datetime, limit: int, skip: frozenset[int] = frozenset(),
    claimer: str = "sender", claim_until: datetime | None = None,
) -> list[DueMessage]:
    """The oldest pending row of each chat, if it is due and unclaimed; oldest
    first. Returned rows are claimed by ``claimer`` until ``claim_until`` in this
    transaction (``bot.services.outbox_claims``: never two senders on one row).

    A chat whose oldest pending row waits for a retry, or is claimed by another
    sender, sends nothing else, so a chat's messages arrive in the order they
    were queued. ``skip``: ids the sender already delivered but could not
    record yet.
    """
    pending = select(
        OutboxMessage.id,
        OutboxMessage.next_attempt_at,
        func.row_number()
        .over(partition_by=OutboxMessage.chat_id, order_by=OutboxMessage.id)
        .label("place"),
    ).where(
        OutboxMessage.status == "pending",
        # an employee with no Telegram account (unbound): their rows wait for a new one
        or_(OutboxMessage.employee_id.is_(None),
            exists().where(TelegramBinding.employee_id == OutboxMessage.employee_id)),
    ).subquery()
    firsts = select(pending.c.id).where(pending.c.place == 1, pending.c.next_attempt_at <= now)
    if skip:
        firsts = firsts.where(pending.c.id.not_in(list(skip)))
    rows = await claim(session, firsts, limit=limit, now=now, claimer=claimer,
                       until=claim_until or now + DEFAULT_CLAIM)
    files = await attached(session, ((row.file_id, row.file_field or "document")
                                     for row, _ in rows if row.file_id is not None))
    return [
        DueMessage(row.id, row.chat_id, row.method, {**row.payload, "chat_id": row.chat_id},
                   row.attempts, unreachable,
                   files.get(row.file_id) if row.file_id is not None else None,
                   row.claimed_until)
        for row, unreachable in rows
    ]


async def mark_sent(
    session: AsyncSession, message_id: int, *, at: datetime, telegram_message_id: int | None,
    file_id: int | None = None,
) -> bool:
    """Sent; the file it uploaded (``file_id``) is deleted once nothing else needs it."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
        .values(status="sent", sent_at=at, telegram_message_id=telegram_message_id,
                last_error=None)
    )
    if file_id is not None:
        await release(session, file_id)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def schedule_retry(
    session: AsyncSession, message_id: int, *, attempts: int, next_attempt_at: datetime,
    error: str,
) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
        .values(attempts=attempts, next_attempt_at=next_attempt_at, last_error=error[:MAX_ERROR],
                claimed_by=None, claimed_until=None)
    )


ALERT_PREFIX = "alert:"


async def mark_failed(
    session: AsyncSession, message_id: int, *, attempts: int, error: str,
    alert_chat_id: int | None = None, now: datetime | None = None, lang: str = "id",
) -> None:
    """Given up: stays in the table, visible, with the last error, and the
    admin chat (when set) is told once — never about a failed alert itself."""
    row = await session.get(OutboxMessage, message_id)
    if row is None or row.status != "pending":
        return
    row.status, row.attempts, row.last_error = "failed", attempts, error[:MAX_ERROR]
    if alert_chat_id and now is not None and not row.key.startswith(ALERT_PREFIX):
        # at most one alert an hour: a broken template must not flood the admins
        body = text("outbox.admin_failed", lang, key=html.escape(row.key),
                    chat_id=row.chat_id, error=html.escape(error[:300]))
        await enqueue(session, key=f"{ALERT_PREFIX}failed:{now:%Y%m%d%H}", chat_id=alert_chat_id,
                      now=now, text=body)


async def mark_unreachable(
    session: AsyncSession, message: DueMessage, *, now: datetime, error: str,
    default_language: str, blocked_now: bool,
) -> bool:
    """The chat cannot be written to. With ``blocked_now`` (Telegram just said
    403) the chat's binding is marked unreachable, if it was not already, and
    the employee's supervisor is told once per blocking episode. True when that
    notice was queued now."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.status == "pending")
        .values(status="unreachable", last_error=error[:MAX_ERROR])
    )
    if not blocked_now:
        return False
    binding = await session.scalar(
        select(TelegramBinding).where(TelegramBinding.chat_id == message.chat_id).limit(1)
    )
    if binding is None:  # not an employee's chat (e.g. an admin group)
        return False
    if binding.unreachable_since is None:
        binding.unreachable_since = now
        await session.flush()
    return await _tell_supervisor(session, binding, now=now, default_language=default_language)


async def _tell_supervisor(
    session: AsyncSession, binding: TelegramBinding, *, now: datetime, default_language: str
) -> bool:
    employee, since = binding.employee, binding.unreachable_since
    assert since is not None
    supervisor = (await session.get(Employee, employee.supervisor_id)
                  if employee.supervisor_id is not None else None)
    if supervisor is None:
        log.warning("employee %s is unreachable and has no supervisor to tell", employee.id)
        return False
    lang = supervisor.language or default_language
    tz = home_timezone(supervisor)
    when = f"{long_date(since.astimezone(tz).date(), lang)}, {local_time(since, tz)}"
    body = text("outbox.supervisor_unreachable", lang, name=html.escape(employee.name),
                nip=html.escape(employee.nip), since=when)
    key = f"unreachable:{employee.id}:{int(since.timestamp())}"
    return await enqueue_for_employee(session, supervisor.id, key=key, now=now, text=body,
                                      escalate=True, default_language=default_language)


async def mark_reachable(session: AsyncSession, telegram_user_id: int) -> bool:
    """The user wrote to the bot again: messages to them are sent again. True
    when they had been marked unreachable. Rows already marked unreachable stay
    so (they are stale by now); a later block starts a new episode and their
    supervisor is told again."""
    result = await session.execute(
        update(TelegramBinding)
        .where(TelegramBinding.telegram_user_id == telegram_user_id,
               TelegramBinding.unreachable_since.is_not(None))
        .values(unreachable_since=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def outbox_counts(session: AsyncSession) -> dict[str, int]:
    """Rows per status, every status present (zero included)."""
    rows = await session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    counts = dict.fromkeys(OUTBOX_STATUSES, 0)
    counts.update({status: int(n) for status, n in rows.all()})
    return counts
