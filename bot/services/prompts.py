"""What an employee is about to do: a /masuk or /pulang waiting for a
location, or a location that came first and waits for "masuk/pulang".

A prompt read in a transaction is remembered for the rest of it (also when
there is none), so the handlers of one location read it once; a query that
brings it along (``presence_answers.open_ask``) hands it over with
``remember``. Clearing it is one DELETE, not a read and a flush."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.location import SharedLocation
from bot.rules.presence import period_seconds
from db.models import CheckPrompt

_MEMO = "check_prompts"  # session.info: {employee_id: CheckPrompt | None} read in this transaction
_PROMPTS = cast(Table, CheckPrompt.__table__)
_CLEAR = delete(_PROMPTS).where(_PROMPTS.c.employee_id == bindparam("employee_id"))


def _memo(session: AsyncSession) -> dict[int, CheckPrompt | None]:
    memo: dict[int, CheckPrompt | None] = session.info.setdefault(_MEMO, {})
    return memo


def remember(session: AsyncSession, employee_id: int, prompt: CheckPrompt | None) -> None:
    """What a query that brought the prompt along found (None: there is none)."""
    _memo(session)[employee_id] = prompt


async def current_prompt(session: AsyncSession, employee_id: int) -> CheckPrompt | None:
    memo = _memo(session)
    if employee_id not in memo:
        memo[employee_id] = await session.get(CheckPrompt, employee_id)
    return memo[employee_id]


async def _replace(session: AsyncSession, prompt: CheckPrompt) -> CheckPrompt:
    await clear_prompt(session, prompt.employee_id)
    session.add(prompt)
    await session.flush()
    remember(session, prompt.employee_id, prompt)
    return prompt


async def ask_for_location(
    session: AsyncSession, employee_id: int, kind: str, asked_at: datetime, chat_id: int
) -> CheckPrompt:
    return await _replace(
        session, CheckPrompt(employee_id=employee_id, kind=kind, asked_at=asked_at, chat_id=chat_id)
    )


async def park_location(
    session: AsyncSession,
    employee_id: int,
    location: SharedLocation,
    *,
    chat_id: int,
    message_id: int,
) -> CheckPrompt:
    return await _replace(
        session,
        CheckPrompt(
            employee_id=employee_id,
            kind=None,
            asked_at=location.sent_at,
            chat_id=chat_id,
            location_message_id=message_id,
            latitude=location.latitude,
            longitude=location.longitude,
            accuracy_m=location.accuracy_m,
            live_period=period_seconds(location.live_period),
        ),
    )


async def clear_prompt(session: AsyncSession, employee_id: int) -> None:
    memo = _memo(session)
    if employee_id in memo and memo[employee_id] is None:
        return  # read in this transaction: there is none
    existing = memo.get(employee_id)
    await session.execute(_CLEAR, {"employee_id": employee_id})
    if existing is not None and existing in session:
        session.expunge(existing)  # gone from the table: not to be flushed or found again
    memo[employee_id] = None
