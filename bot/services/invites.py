"""One-time invite codes and binding a Telegram account to an employee."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Employee, Invite, TelegramBinding

# token_urlsafe uses only A–Z a–z 0–9 _ - and 22 characters fit Telegram's
# 64-character limit for a deep-link start parameter.
CODE_BYTES = 16


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


async def create_invites(
    session: AsyncSession, employees: list[Employee], *, now: datetime, ttl: timedelta
) -> list[tuple[Employee, Invite]]:
    made = []
    for employee in employees:
        invite = Invite(
            code=new_code(), employee_id=employee.id, created_at=now, expires_at=now + ttl
        )
        session.add(invite)
        made.append((employee, invite))
    await session.flush()
    return made


@dataclass(frozen=True)
class Bound:
    employee: Employee
    rebound: bool  # the employee had another Telegram account before


@dataclass(frozen=True)
class InviteRefused:
    reason: str  # unknown | expired | used | account_taken
    employee: Employee | None = None


async def redeem_invite(
    session: AsyncSession,
    code: str,
    *,
    telegram_user_id: int,
    chat_id: int,
    username: str | None,
    now: datetime,
) -> Bound | InviteRefused:
    invite = await session.scalar(select(Invite).where(Invite.code == code).with_for_update())
    if invite is None:
        return InviteRefused("unknown")
    employee = await session.get(Employee, invite.employee_id)
    if employee is None or not employee.active:
        return InviteRefused("unknown")
    if invite.used_at is not None:
        return InviteRefused("used")
    if invite.expires_at <= now:
        return InviteRefused("expired")
    taken = await session.scalar(
        select(TelegramBinding).where(TelegramBinding.telegram_user_id == telegram_user_id)
    )
    if taken is not None and taken.employee_id != employee.id:
        return InviteRefused("account_taken", taken.employee)

    binding = await session.scalar(
        select(TelegramBinding).where(TelegramBinding.employee_id == employee.id)
    )
    rebound = binding is not None and binding.telegram_user_id != telegram_user_id
    if binding is None:
        binding = TelegramBinding(
            employee_id=employee.id,
            telegram_user_id=telegram_user_id,
            chat_id=chat_id,
            bound_at=now,
        )
        session.add(binding)
    binding.telegram_user_id = telegram_user_id
    binding.chat_id = chat_id
    binding.username = username
    binding.bound_at = now
    # a new binding is reachable: whatever blocked the old account does not hold for it,
    # and the messages still queued go to this chat (resolved when they are sent)
    binding.unreachable_since = None
    binding.menu = None  # a new chat has no menu of its own yet: bot.menus gives it one
    invite.used_at = now
    invite.used_by_telegram_id = telegram_user_id
    # the other open invites of this employee stop working: one account, one way in
    await session.execute(
        update(Invite)
        .where(
            Invite.employee_id == employee.id,
            Invite.used_at.is_(None),
            Invite.id != invite.id,
            Invite.expires_at > now,
        )
        .values(expires_at=now)
    )
    await session.flush()
    return Bound(employee, rebound)
