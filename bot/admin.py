"""What the admin commands do (``hadir migrate | import | invite | outbox | employee``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot

from bot.clock import Clock
from bot.config import Settings
from bot.rules.timefmt import local_time
from bot.services.invites import create_invites
from bot.texts import text
from db.migrate import current_revision, head_revision, upgrade
from db.models import Employee, TelegramBinding, Unit
from db.session import Database


async def migrate(settings: Settings) -> str:
    db = Database(settings.database_url)
    try:
        before = await current_revision(db.engine)
        await upgrade(db.engine)
        after = await current_revision(db.engine)
    finally:
        await db.dispose()
    return text("cli.migrated", settings.default_language, before=before or "-", after=after)


async def prepare_database(settings: Settings) -> str | None:
    """Migrate an empty database; refuse to run on one that is behind."""
    db = Database(settings.database_url)
    try:
        current = await current_revision(db.engine)
        if current is None:
            await upgrade(db.engine)
            return None
        if current != head_revision():
            return text(
                "cli.needs_migrate",
                settings.default_language,
                current=current,
                head=head_revision(),
            )
        return None
    finally:
        await db.dispose()


async def import_file(settings: Settings, path: Path, *, lang: str, clock: Clock,
                      db: Database | None = None) -> tuple[bool, str]:
    """The all-or-nothing import and its report, for ``hadir import`` and for a
    roster sent to the bot (which passes its own ``db``)."""
    from bot.roster import format_report, import_roster

    database = db or Database(settings.database_url)
    try:
        async with database.transaction() as session:
            report = await import_roster(session, path, lang=lang, now=clock.now(),
                                         default_language=settings.default_language)
            if report.errors:
                await session.rollback()
        return not report.errors, "\n".join(format_report(report, lang))
    finally:
        if db is None:
            await database.dispose()


async def _chosen(
    session: AsyncSession, *, nip: list[str] | None, unit: str | None, everyone: bool
) -> tuple[list[Employee], list[str]]:
    query = select(Employee).where(Employee.active.is_(True)).order_by(Employee.nip)
    missing: list[str] = []
    if nip:
        found = list(await session.scalars(query.where(Employee.nip.in_(nip))))
        missing = sorted(set(nip) - {e.nip for e in found})
        return found, missing
    if unit:
        root = await session.scalar(select(Unit).where(Unit.code == unit))
        if root is None:
            return [], [unit]
        units = {root.id}
        all_units = list(await session.scalars(select(Unit)))
        grew = True
        while grew:  # the whole subtree under the unit
            grew = False
            for row in all_units:
                if row.parent_id in units and row.id not in units:
                    units.add(row.id)
                    grew = True
        return list(await session.scalars(query.where(Employee.unit_id.in_(units)))), []
    assert everyone
    return list(await session.scalars(query)), []


async def bot_username(settings: Settings) -> str | None:
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    if not settings.token:
        return None
    async with Bot(settings.token, base_url=f"{settings.telegram_api_base_url}/bot") as bot:
        return bot.username


async def invite(
    settings: Settings,
    *,
    nip: list[str] | None,
    unit: str | None,
    everyone: bool,
    include_bound: bool,
    csv_path: Path | None,
    lang: str,
    clock: Clock,
) -> tuple[bool, str]:
    username = await bot_username(settings)
    if not username:
        return False, text("cli.invite_no_username", lang)
    now = clock.now()
    db = Database(settings.database_url)
    try:
        async with db.transaction() as session:
            employees, missing = await _chosen(session, nip=nip, unit=unit, everyone=everyone)
            if missing:
                return False, text("cli.invite_missing", lang, missing=", ".join(missing))
            if not include_bound:
                bound = set(await session.scalars(select(TelegramBinding.employee_id)))
                employees = [e for e in employees if e.id not in bound]
            made = await create_invites(
                session, employees, now=now, ttl=timedelta(days=settings.invite_ttl_days)
            )
    finally:
        await db.dispose()
    tz = ZoneInfo(settings.default_timezone)
    rows = [
        (
            e.nip,
            e.name,
            i.code,
            f"https://t.me/{username}?start={i.code}",
            f"{i.expires_at.astimezone(tz):%Y-%m-%d} {local_time(i.expires_at, tz)}",
        )
        for e, i in made
    ]
    header = ("nip", "name", "code", "link", "expires")
    if csv_path is not None:
        with csv_path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([header, *rows])
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerows([header, *rows])
    return True, out.getvalue() + text(
        "cli.invite_done", lang, count=len(rows), days=settings.invite_ttl_days
    )


RETRY_WITHIN = timedelta(hours=24)


async def outbox_report(settings: Settings, *, retry: bool, lang: str, clock: Clock) -> str:
    """Counts per status and the latest messages that were given up on;
    ``retry`` puts failed ones of the last day back in the queue (after the
    cause is fixed) — never old reminders or alerts, which would only mislead."""
    from sqlalchemy import update

    from bot.notifier import reminder_keys
    from bot.services.outbox import ALERT_PREFIX, outbox_counts
    from db.models import OutboxMessage

    now = clock.now()
    db = Database(settings.database_url)
    try:
        async with db.transaction() as session:
            retried = 0
            if retry:
                result = await session.execute(
                    update(OutboxMessage).where(
                        OutboxMessage.status == "failed",
                        OutboxMessage.created_at >= now - RETRY_WITHIN,
                        ~reminder_keys(),
                        ~OutboxMessage.key.startswith(ALERT_PREFIX))
                    .values(status="pending", attempts=0, next_attempt_at=now, last_error=None))
                retried = int(result.rowcount or 0)  # type: ignore[attr-defined]
            counts = await outbox_counts(session)
            stuck = list(await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.status.in_(("failed", "unreachable")))
                .order_by(OutboxMessage.id.desc()).limit(20)))
    finally:
        await db.dispose()
    lines = [text("cli.outbox_counts", lang, **counts)
             + (text("cli.outbox_cancelled", lang, **counts) if counts["cancelled"] else "")]
    lines += [text("cli.outbox_row", lang, id=m.id, status=m.status, key=m.key,
                   chat_id=m.chat_id, error=(m.last_error or "-")[:120]) for m in stuck]
    if retry:
        lines.append(text("cli.outbox_retried", lang, count=retried))
    return "\n".join(lines)


# --- revoking access (``hadir employee deactivate | unbind NIP``) ---


async def _expire_invites(session: AsyncSession, employee: Employee, now: datetime) -> None:
    """Invites not used yet stop working (one may sit on the lost phone)."""
    from sqlalchemy import update

    from db.models import Invite

    await session.execute(
        update(Invite).where(Invite.employee_id == employee.id, Invite.used_at.is_(None),
                             Invite.expires_at > now).values(expires_at=now))


EmployeeChange = Callable[[AsyncSession, Employee], Awaitable[tuple[bool, str]]]


async def _on_employee(settings: Settings, nip: str, lang: str, change: EmployeeChange
                       ) -> tuple[bool, str]:
    """Run ``change`` on the employee with this NIP in one transaction; an
    unknown NIP is refused and changes nothing."""
    db = Database(settings.database_url)
    try:
        async with db.transaction() as session:
            employee = await session.scalar(select(Employee).where(Employee.nip == nip))
            if employee is None:
                return False, text("cli.employee_unknown", lang, nip=nip)
            return await change(session, employee)
    finally:
        await db.dispose()


async def deactivate_employee(settings: Settings, nip: str, *, lang: str, clock: Clock
                              ) -> tuple[bool, str]:
    """The employee gets nothing more and can do nothing (the bot treats them
    as unknown); the work waiting on them goes to the next one up."""
    from bot.handover import hand_over

    now = clock.now()

    async def deactivate(session: AsyncSession, employee: Employee) -> tuple[bool, str]:
        if not employee.active:
            return True, text("cli.employee_already_inactive", lang, nip=nip,
                              name=employee.name)
        employee.active = False
        await _expire_invites(session, employee, now)
        await session.flush()
        handed = await hand_over(session, employee, now=now,
                                 default_language=settings.default_language)
        return True, text("cli.employee_deactivated", lang, nip=nip, name=employee.name,
                          handed=handed)

    return await _on_employee(settings, nip, lang, deactivate)


async def unbind_employee(settings: Settings, nip: str, *, lang: str, clock: Clock
                          ) -> tuple[bool, str]:
    """Unlink the employee's Telegram account (a lost phone): that account can
    do nothing more; messages for them wait until a new invite binds a new one."""
    from sqlalchemy import delete

    now = clock.now()

    async def unbind(session: AsyncSession, employee: Employee) -> tuple[bool, str]:
        result = await session.execute(
            delete(TelegramBinding).where(TelegramBinding.employee_id == employee.id))
        if not result.rowcount:  # type: ignore[attr-defined]
            return False, text("cli.employee_not_bound", lang, nip=nip, name=employee.name)
        await _expire_invites(session, employee, now)
        return True, text("cli.employee_unbound", lang, nip=nip, name=employee.name)

    return await _on_employee(settings, nip, lang, unbind)
