"""What an employee is about to do: a /masuk or /pulang waiting for a
location, or a location that came first and waits for "masuk/pulang"."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.location import SharedLocation
from bot.rules.presence import period_seconds
from db.models import CheckPrompt


async def current_prompt(session: AsyncSession, employee_id: int) -> CheckPrompt | None:
    return await session.get(CheckPrompt, employee_id)


async def _replace(session: AsyncSession, prompt: CheckPrompt) -> CheckPrompt:
    await clear_prompt(session, prompt.employee_id)
    session.add(prompt)
    await session.flush()
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
    existing = await session.get(CheckPrompt, employee_id)
    if existing is not None:
        await session.delete(existing)
        await session.flush()
