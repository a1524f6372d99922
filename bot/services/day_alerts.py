"""The day's provisional messages: check-in reminder, no-show digest,
check-out reminder.

Each is a window per group (``bot.services.day_windows``) in the group's
local time: ``CHECK_IN_REMINDER_MINUTES`` after the scheduled start, then
``NO_SHOW_ALERT_MINUTES`` after it, then ``CHECK_OUT_REMINDER_MINUTES`` after
the end. Nothing is marked: the day is judged only when it closes
(``bot.services.day_close``). Nobody is told anything on a day off, on a
holiday (unless their schedule works holidays), or when an approved leave,
DL or permission covers the moment; after the bot was down a window still
open is judged once on start, one whose day is over is not.

Messages go through the notifier with a condition checked when they are
sent (``bot.services.day_conditions``): whoever checked in meanwhile is not
reminded, and drops out of their supervisor's digest.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import notifier
from bot.config import Settings
from bot.events.day import CheckInReminderDue, CheckOutReminderDue, Missing, NoShowDigestDue
from bot.notifier.day import no_show_key
from bot.rules.leave import covering_moment
from bot.services.day_conditions import digest_facts
from bot.services.day_windows import days_of, open_windows
from bot.services.workday import Person, PersonDay
from db.models import Unit
from db.models_day import Alert
from db.session import dialect_insert

REMIND_IN, NO_SHOW, REMIND_OUT = "check_in_reminder", "no_show", "check_out_reminder"
_LAST_MINUTE = timedelta(minutes=1)  # a permission until the end covers its last minute


def _excused(day: PersonDay, *moments: datetime) -> bool:
    """A whole-day leave or DL, or a permission covering one of the moments."""
    return any(covering_moment(list(day.leaves), day.work_date, at) is not None
               for at in moments)


def _missing(day: PersonDay, now: datetime) -> bool:
    """Expected at work and not checked in, with nothing that excuses it."""
    return (day.working and day.period is not None and day.check_in is None
            and not _excused(day, day.period.start, now))


async def scan_check_in_reminders(session: AsyncSession, settings: Settings,
                                  now: datetime) -> int:
    """One reminder to each person missing at ``CHECK_IN_REMINDER_MINUTES``
    after their start; how many were queued."""
    after = timedelta(minutes=settings.check_in_reminder_minutes)
    found = await open_windows(session, REMIND_IN, now, opens=lambda p: p.start + after,
                               closes=lambda p: p.end)
    if not found:
        return 0
    judged = await days_of(session, settings, found)
    due = [CheckInReminderDue(person=day.person, work_date=day.work_date,
                              start=day.period.start, at=now)
           for _, day in judged.days
           if _missing(day, now) and day.period is not None and day.person.chat_id is not None]
    return await notifier.publish(session, *due, default_language=settings.default_language)


async def _units(session: AsyncSession) -> dict[int, tuple[int | None, int | None]]:
    rows = await session.execute(select(Unit.id, Unit.head_id, Unit.parent_id))
    return {id_: (head, parent) for id_, head, parent in rows}


def manager_of(person: Person, people: dict[int, Person],
               units: dict[int, tuple[int | None, int | None]]) -> Person | None:
    """Who hears about ``person``: their supervisor, else (none, or no longer
    active) the head of their unit or of the nearest unit above that has one."""
    if person.supervisor_id in people and person.supervisor_id != person.id:
        return people[person.supervisor_id]
    unit_id: int | None = person.unit_id
    seen: set[int] = set()
    while unit_id is not None and unit_id in units and unit_id not in seen:
        seen.add(unit_id)
        head, parent = units[unit_id]
        if head is not None and head != person.id and head in people:
            return people[head]
        unit_id = parent
    return None


async def scan_no_shows(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Each manager's list of their people still missing at
    ``NO_SHOW_ALERT_MINUTES`` after the start, one message per manager and
    work date for the windows judged in this run; how many were queued."""
    after = timedelta(minutes=settings.no_show_alert_minutes)
    found = await open_windows(session, NO_SHOW, now, opens=lambda p: p.start + after,
                               closes=lambda p: p.end)
    if not found:
        return 0
    judged = await days_of(session, settings, found)
    units = await _units(session)
    lists: dict[tuple[int, date], list[Missing]] = defaultdict(list)
    scopes: dict[tuple[int, date], set[str]] = defaultdict(set)
    for window, day in judged.days:
        manager = manager_of(day.person, judged.people, units)
        if manager is None or day.period is None or not _missing(day, now):
            continue
        person = day.person
        lists[(manager.id, day.work_date)].append(Missing(
            person.id, person.name, person.nip, day.period.start, person.offices[0].timezone))
        scopes[(manager.id, day.work_date)].add(window.group.scope)
    digests = [NoShowDigestDue(manager=judged.people[manager_id], work_date=work_date,
                               scope=min(scopes[(manager_id, work_date)]),
                               people=tuple(sorted(people, key=lambda p: (p.start, p.name))),
                               at=now)
               for (manager_id, work_date), people in sorted(lists.items())
               if judged.people[manager_id].chat_id is not None]
    await _remember(session, settings, digests, now)
    return await notifier.publish(session, *digests,
                                  default_language=settings.default_language)


async def _remember(session: AsyncSession, settings: Settings,
                    digests: list[NoShowDigestDue], now: datetime) -> None:
    """An Alert row per digest, under its outbox key: whom it names, as of
    when (the sender rebuilds the digest from it). One statement."""
    if not digests:
        return
    rows = [{"key": no_show_key(d.manager.id, d.work_date, d.scope), "kind": NO_SHOW,
             "employee_id": d.manager.id, "created_at": now, "work_date": d.work_date,
             "facts": digest_facts(list(d.people), now, d.manager.tz,
                                   d.manager.language or settings.default_language)}
            for d in digests]
    await session.execute(
        dialect_insert(session)(Alert.__table__).on_conflict_do_nothing(index_elements=["key"]),
        rows)


async def scan_check_out_reminders(session: AsyncSession, settings: Settings,
                                   now: datetime) -> int:
    """One reminder to each person checked in and not out at
    ``CHECK_OUT_REMINDER_MINUTES`` after their end, while a check-out is still
    taken (``CHECK_OUT_SLACK_MINUTES``); how many were queued."""
    after = timedelta(minutes=settings.check_out_reminder_minutes)
    slack = timedelta(minutes=settings.check_out_slack_minutes)
    found = await open_windows(session, REMIND_OUT, now, opens=lambda p: p.end + after,
                               closes=lambda p: p.end + slack)
    if not found:
        return 0
    judged = await days_of(session, settings, found)
    due = [CheckOutReminderDue(person=day.person, work_date=day.work_date, end=day.period.end,
                               closes=day.period.end + slack,
                               code=settings.missing_check_out_code, at=now)
           for _, day in judged.days
           if day.working and day.period is not None and day.check_in is not None
           and day.check_out is None and day.person.chat_id is not None
           and not _excused(day, day.period.end - _LAST_MINUTE)]
    return await notifier.publish(session, *due, default_language=settings.default_language)
