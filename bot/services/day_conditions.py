"""Whether a day's message still applies when it is about to be sent.

A reminder to check in is queued at 07:45 and may wait in the outbox (a
backlog, a retry): if its person checks in (or their leave is approved)
meanwhile it is no longer true and is cancelled. The same for a reminder to
check out once they did. The no-show digest
is rebuilt instead: the people who checked in (or whose leave was approved)
since it was queued are left out, and the moment it speaks of becomes now;
when nobody is left it is cancelled. What a digest finally named is kept in
its ``Alert`` row (same key), so the supervisor's message and the record
agree.

Conditions (``<name>:<arguments>``, built only here):
    not-checked-in:<employee>:<work date>
    not-checked-out:<employee>:<work date>
    no-show:<manager>          the digest's facts are its Alert row (same key)

The sender asks for all the due rows of one name at once (``BATCHES``): one
query for all of them, whatever their number.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.day_views import no_show_keyboard, no_show_text
from bot.events.day import Missing
from bot.rules.leave import covering_day, covering_moment
from bot.services.workday import approved_leaves
from db.models import AttendanceEvent, OutboxMessage
from db.models_day import Alert

NOT_CHECKED_IN, NOT_CHECKED_OUT, NO_SHOW = "not-checked-in", "not-checked-out", "no-show"
_KINDS = {NOT_CHECKED_IN: "in", NOT_CHECKED_OUT: "out"}


def not_checked_in_condition(employee_id: int, work_date: date) -> str:
    return f"{NOT_CHECKED_IN}:{employee_id}:{work_date.isoformat()}"


def not_checked_out_condition(employee_id: int, work_date: date) -> str:
    return f"{NOT_CHECKED_OUT}:{employee_id}:{work_date.isoformat()}"


def no_show_condition(manager_id: int) -> str:
    return f"{NO_SHOW}:{manager_id}"


def _person_day(argument: str) -> tuple[int, date] | None:
    employee, _, day = argument.partition(":")
    if not employee.isdigit():
        return None
    try:
        return int(employee), date.fromisoformat(day)
    except ValueError:
        return None


async def _checked(session: AsyncSession, kind: str, days: set[tuple[int, date]]
                   ) -> set[tuple[int, date]]:
    """Which of these (employee, work date) have a check of ``kind``: one query."""
    if not days:
        return set()
    # by date only (a few dates, however many people): no parameter per person
    rows = await session.execute(
        select(AttendanceEvent.employee_id, AttendanceEvent.work_date).where(
            AttendanceEvent.kind == kind, AttendanceEvent.work_date.in_({d for _, d in days})))
    return {(e, d) for e, d in rows} & days


def _no_check(name: str) -> Callable[[AsyncSession, str], Awaitable[bool]]:
    """One row's condition (the sender uses ``BATCHES``; this is ``holds``)."""
    async def holds(session: AsyncSession, argument: str) -> bool:
        day = _person_day(argument)
        if day is None or await _checked(session, _KINDS[name], {day}):
            return False
        return name != NOT_CHECKED_IN or not await _on_leave(session, {day}, None)
    return holds


def _still_no_check(name: str) -> Callable[[AsyncSession, list[OutboxMessage], datetime],
                                           Awaitable[list[OutboxMessage]]]:
    async def settle(session: AsyncSession, rows: list[OutboxMessage], now: datetime
                     ) -> list[OutboxMessage]:
        wanted = {row: _person_day((row.requires or "").partition(":")[2]) for row in rows}
        days = {d for d in wanted.values() if d}
        done = await _checked(session, _KINDS[name], days)
        if name == NOT_CHECKED_IN:  # a leave approved meanwhile: no reminder either
            done |= await _on_leave(session, days, now)
        return [row for row, day in wanted.items() if day is None or day in done]
    return settle


async def _on_leave(session: AsyncSession, days: set[tuple[int, date]],
                    now: datetime | None) -> set[tuple[int, date]]:
    """Which of these days an approved leave covers (the whole day, or a
    permission at ``now``): one query."""
    if not days:
        return set()
    dates = [d for _, d in days]
    leaves = await approved_leaves(session, min(dates), max(dates))  # a few a day
    return {(e, d) for e, d in days
            if (covering_day(leaves.get(e, []), d) if now is None
                else covering_moment(leaves.get(e, []), d, now)) is not None}


# --- the no-show digest: its facts, and bringing it up to date -------------------------


def digest_facts(people: list[Missing], as_of: datetime, tz: ZoneInfo, lang: str
                 ) -> dict[str, Any]:
    """What the digest's Alert row keeps: whom it names, as of when, in which
    zone and language (so it can be rendered again without the roster)."""
    return {"as_of": as_of.isoformat(), "tz": tz.key, "lang": lang,
            "people": [{"id": p.employee_id, "name": p.name, "nip": p.nip,
                        "start": p.start.isoformat(), "tz": p.timezone} for p in people]}


def _people_of(facts: dict[str, Any]) -> list[Missing]:
    return [Missing(int(p["id"]), str(p["name"]), str(p["nip"]),
                    datetime.fromisoformat(p["start"]), str(p["tz"]))
            for p in facts.get("people", [])]


async def _settle_no_shows(session: AsyncSession, rows: list[OutboxMessage], now: datetime
                           ) -> list[OutboxMessage]:
    """Leave out who checked in or got leave since; cancel a digest left empty."""
    alerts = {a.key: a for a in await session.scalars(
        select(Alert).where(Alert.key.in_({row.key for row in rows})))}
    named: dict[str, tuple[Alert, list[Missing]]] = {}
    for row in rows:
        alert = alerts.get(row.key)
        if alert is not None and alert.work_date is not None:
            named[row.key] = (alert, _people_of(alert.facts))
    days = {(p.employee_id, alert.work_date) for alert, people in named.values()
            for p in people if alert.work_date is not None}
    arrived = await _checked(session, "in", days)
    first = min((d for _, d in days), default=None)
    last = max((d for _, d in days), default=None)
    leaves = (await approved_leaves(session, first, last)
              if first is not None and last is not None else {})
    cancel = []
    for row in rows:
        if row.key not in named:
            cancel.append(row)
            continue
        alert, people = named[row.key]
        day = alert.work_date
        assert day is not None
        left = [p for p in people if (p.employee_id, day) not in arrived
                and not any(covering_moment(leaves.get(p.employee_id, []), day, at)
                            for at in (p.start, now))]
        if not left:
            cancel.append(row)
        elif len(left) < len(people):
            tz, lang = ZoneInfo(alert.facts["tz"]), str(alert.facts["lang"])
            row.payload = {**row.payload, "text": no_show_text(left, day, now, tz, lang),
                           "reply_markup": no_show_keyboard(left, day).to_dict()}
            alert.facts = digest_facts(left, now, tz, lang)
    return cancel


CONDITIONS: dict[str, Callable[[AsyncSession, str], Awaitable[bool]]] = {
    NOT_CHECKED_IN: _no_check(NOT_CHECKED_IN),
    NOT_CHECKED_OUT: _no_check(NOT_CHECKED_OUT),
}
# the rows of one condition name settled together: the rows to cancel (a check may
# also bring a row's text up to date)
BATCHES: dict[str, Callable[[AsyncSession, list[OutboxMessage], datetime],
                            Awaitable[list[OutboxMessage]]]] = {
    NOT_CHECKED_IN: _still_no_check(NOT_CHECKED_IN),
    NOT_CHECKED_OUT: _still_no_check(NOT_CHECKED_OUT),
    NO_SHOW: _settle_no_shows,
}
