"""Mid-day presence checks: planned per unit (``presence_plan``), run at
their moment (here), closed when their answers are in (``presence_judge``),
answered by a location (``presence_answers``). Each step runs a fixed number
of queries whatever the head count, and is safe to run twice or after a
restart: the database is the truth (``PresenceCheck.ran_at``/``judged_at``
are claimed with one ``UPDATE ... RETURNING``; asks and marks have unique
keys).

Running a check: each checked-in, not yet checked-out member whose own
working time (their schedule, outside its break) holds the moment is

* excused by an approved leave or DL of the day, or a part-of-day leave or
  izin keluar containing the moment (``PresenceAsk.result`` excused, nobody
  told);
* judged without being asked from the live location shared at check-in
  while it is current (message date + ``live_period``: Telegram sends no
  "sharing stopped") and its latest kept position is recent (within two
  ``POSITION_SAMPLE_INTERVAL_S``, accuracy within the limit; a check-in that
  recent counts as one): present inside an allowed place, else away;
* else asked, in one message, to share their live location within
  ``PRESENCE_ANSWER_MINUTES``.

After downtime a check whose moment is more than one answer window past
when the bot comes to it is not run: it is marked ran and judged
(``skipped``) and nobody is asked — an ask about a moment long gone would
not be true any more, and nobody could prove where they were back then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar, cast

from sqlalchemy import Table, and_, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.events.presence import PresenceAsked
from bot.rules.geo import locate
from bot.rules.leave import LeaveSpan, covering_moment, fwa_place
from bot.rules.presence import (
    FWA_PLACE,
    Span,
    break_of,
    in_working_time,
    live_current,
)
from bot.rules.schedule import WorkPeriod, work_period
from bot.services import workday
from bot.services.attendance import IN
from bot.services.employees import Rule
from bot.services.workday import Person, PersonDay, Place
from db.models import AttendanceEvent, Employee, Office, PositionSample
from db.models_day import AttendanceMark, PresenceAsk, PresenceCheck

PENDING, PRESENT, AWAY, NO_ANSWER, EXCUSED = "pending", "present", "away", "no_answer", "excused"
ABSENT_RESULTS = (AWAY, NO_ANSWER)
MIDDAY = "midday_absence"


def answer_window(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.presence_answer_minutes)


def position_max_age(settings: Settings) -> timedelta:
    """How old the latest position of a live location may be to judge from it."""
    return timedelta(seconds=2 * settings.position_sample_interval_s)


def midday_key(ask_id: int) -> str:
    return f"midday:{ask_id}"


# --- run --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Due:
    id: int
    unit_id: int
    at: datetime


@dataclass(frozen=True)
class _CheckIn:
    """A check-in with the latest recent position of its live location."""

    occurred_at: datetime
    live_period: int | None
    latitude: float | None
    longitude: float | None
    sampled_at: datetime | None
    accuracy_m: float | None


async def run_due_checks(session: AsyncSession, settings: Settings, now: datetime
                         ) -> list[PresenceAsked]:
    """Run the checks whose moment has come: asks written, people to ask.
    With ``PRESENCE_CHECKS_PER_DAY`` 0 nothing runs (checks planned before
    wait, and are skipped if checks are turned on again after their moment)."""
    if settings.presence_checks_per_day <= 0:
        return []
    answer = answer_window(settings)
    await session.execute(
        update(PresenceCheck)
        .where(PresenceCheck.ran_at.is_(None), PresenceCheck.at < now - answer)
        .values(ran_at=now, judged_at=now, skipped=True)
        .execution_options(synchronize_session=False))
    due = [_Due(id_, unit_id, utc(at)) for id_, unit_id, at in await session.execute(
        update(PresenceCheck)
        .where(PresenceCheck.ran_at.is_(None), PresenceCheck.at <= now)
        .values(ran_at=now)
        .returning(PresenceCheck.id, PresenceCheck.unit_id, PresenceCheck.at)
        .execution_options(synchronize_session=False))]
    if not due:
        return []
    persons = await workday.people(session, unit_ids={check.unit_id for check in due})
    rules = await workday.schedules(session, {person.schedule_code for person in persons})
    members: dict[int, list[Person]] = defaultdict(list)
    for person in persons:
        members[person.unit_id].append(person)
    wanted = {(person.id, check.id): (person, _work_date(person, rules[person.schedule_code],
                                                         check.at))
              for check in due for person in members[check.unit_id]}
    days, check_ins = await _days(session, settings, now, list(wanted.values()),
                                  {check.unit_id for check in due}, rules)
    breaks: dict[tuple[str, WorkPeriod], Span | None] = {}  # one per schedule and period

    def _break(day: PersonDay) -> Span | None:
        if day.period is None:
            return None
        key = (day.person.schedule_code, day.period)
        if key not in breaks:
            breaks[key] = break_of(rules[key[0]], day.period, settings.break_times)
        return breaks[key]

    asks: list[tuple[PresenceAsk, Person, datetime]] = []
    for check in due:
        for person in members[check.unit_id]:
            day = days[(person.id, wanted[(person.id, check.id)][1])]
            ask = _judge_now(settings, day, _break(day), check, check_ins, now)
            if ask is not None:
                asks.append((ask, person, check.at))
    await insert_all(session, [ask for ask, _, _ in asks], "check_id", "employee_id")
    asked = [(ask, at) for ask, _, at in asks if ask.result == PENDING]
    employees = await load_employees(session, (ask.employee_id for ask, _ in asked))
    return [PresenceAsked(at=now, ask=ask, employee=employees[ask.employee_id], check_at=at)
            for ask, at in asked if ask.employee_id in employees]


Row = TypeVar("Row", PresenceAsk, AttendanceMark)


async def insert_all(session: AsyncSession, rows: Sequence[Row], *key: str) -> None:
    """Insert new rows of one table in one executemany (SQLAlchemy sends it
    as a few multi-row INSERTs, where a flush of server-keyed rows sends one
    statement per row), and give each its id, matched by the ``key`` columns."""
    if not rows:
        return
    table = cast(Table, type(rows[0]).__table__)
    columns = [c.key for c in table.columns if c.key != "id"]
    by_key = {tuple(getattr(row, name) for name in key): row for row in rows}
    found = await session.execute(
        insert(table).returning(table.c.id, *(table.c[name] for name in key)),
        [{c: getattr(row, c) for c in columns} for row in rows])
    for id_, *values in found:
        by_key[tuple(values)].id = id_


def utc(moment: datetime) -> datetime:
    """SQLite hands back naive UTC from a RETURNING clause."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _work_date(person: Person, rows: list[Rule], at: datetime) -> date:
    """The person's work date at ``at``: yesterday's overnight period still
    running owns the moment (as ``workday.days_at`` decides)."""
    today = at.astimezone(person.tz).date()
    previous = work_period(rows, today - timedelta(days=1), person.tz)
    return previous.work_date if previous and previous.start <= at < previous.end else today


async def _days(session: AsyncSession, settings: Settings, now: datetime,
                wanted: list[tuple[Person, date]], unit_ids: set[int],
                rules: dict[str, list[Rule]]
                ) -> tuple[dict[tuple[int, date], PersonDay], dict[int, _CheckIn]]:
    """The people's days (as ``workday.days_on`` gives them, but reading the
    checks of these units only, not of everyone on those dates), and each
    check-in with the latest recent position of its live location: three
    queries."""
    dates = {day for _, day in wanted}
    calendar = await workday.calendar_between(session, settings,
                                              min(dates) - timedelta(days=1), max(dates))
    leaves = await workday.approved_leaves(session, min(dates), max(dates))
    since = now - position_max_age(settings)
    scope = (AttendanceEvent.work_date.in_(dates), Employee.unit_id.in_(unit_ids))
    latest = (
        select(PositionSample.event_id, func.max(PositionSample.sampled_at).label("last"))
        .join(AttendanceEvent, AttendanceEvent.id == PositionSample.event_id)
        .join(Employee, Employee.id == AttendanceEvent.employee_id)
        .where(*scope, AttendanceEvent.kind == IN, PositionSample.sampled_at > since,
               PositionSample.sampled_at <= now)
        .group_by(PositionSample.event_id)
        .subquery())
    rows = await session.execute(
        select(AttendanceEvent.id, AttendanceEvent.employee_id, AttendanceEvent.work_date,
               AttendanceEvent.kind, AttendanceEvent.occurred_at, AttendanceEvent.code,
               AttendanceEvent.minutes_off, AttendanceEvent.office_id, AttendanceEvent.chat_id,
               AttendanceEvent.message_id, AttendanceEvent.live_period,
               PositionSample.latitude, PositionSample.longitude, PositionSample.sampled_at,
               PositionSample.accuracy_m)
        .join(Employee, Employee.id == AttendanceEvent.employee_id)
        .outerjoin(latest, latest.c.event_id == AttendanceEvent.id)
        .outerjoin(PositionSample, and_(PositionSample.event_id == AttendanceEvent.id,
                                        PositionSample.sampled_at == latest.c.last))
        .where(*scope))
    checks: dict[tuple[int, date], dict[str, workday.Check]] = defaultdict(dict)
    check_ins: dict[int, _CheckIn] = {}
    for (id_, employee_id, work_date, kind, at, code, minutes, office_id, chat, message, live,
         lat, lon, sampled, accuracy) in rows:
        checks[(employee_id, work_date)][kind] = workday.Check(
            id_, kind, utc(at), code, minutes, office_id, chat, message)
        if kind == IN:
            check_ins[id_] = _CheckIn(utc(at), live, lat, lon, sampled, accuracy)
    days = {(person.id, day): workday.person_day(
                person, day, rules[person.schedule_code], calendar, leaves.get(person.id, []),
                checks.get((person.id, day), {}))
            for person, day in dict.fromkeys(wanted)}
    return days, check_ins


@dataclass
class AllowedPlace:
    """A place where a person counts as present (``bot.rules.geo.Place``)."""

    name: str
    latitude: float
    longitude: float
    radius_m: float


def allowed_places(offices: Iterable[Place | Office], fwa: LeaveSpan | None,
                   fwa_radius_m: float) -> list[AllowedPlace]:
    """Where a person counts as present: their offices, and the approved
    FWA/WFH place of the day."""
    places = [AllowedPlace(o.name, o.latitude, o.longitude, o.radius_m) for o in offices]
    if fwa is not None and fwa.latitude is not None and fwa.longitude is not None:
        places.append(AllowedPlace(FWA_PLACE, fwa.latitude, fwa.longitude, fwa_radius_m))
    return places


def _judge_now(settings: Settings, day: PersonDay, brk: Span | None, check: _Due,
               check_ins: dict[int, _CheckIn], now: datetime) -> PresenceAsk | None:
    """The ask of one person in one check (excused, judged from their live
    location, or pending), or None when the check is not theirs."""
    check_in, period = day.check_in, day.period
    if (day.person.chat_id is None  # unbound meanwhile (a lost phone): cannot be asked
            or not day.working or period is None or check_in is None
            or check_in.occurred_at > now
            or (day.check_out is not None and day.check_out.occurred_at <= now)
            or not in_working_time(check.at, period, brk)):
        return None
    ask = PresenceAsk(check_id=check.id, employee_id=day.person.id, work_date=day.work_date,
                      asked_at=now, due_at=now + answer_window(settings), result=PENDING,
                      from_live=False)
    if covering_moment(list(day.leaves), day.work_date, check.at) is not None:
        ask.result = EXCUSED
        return ask
    recent = now - position_max_age(settings)
    seen = check_ins.get(check_in.id)
    if check_in.occurred_at > recent:  # just checked in: inside an office by then
        office = next((o for o in day.person.offices if o.id == check_in.office_id),
                      day.person.offices[0])
        _seen(ask, check_in.occurred_at, office.name, 0.0, True, None, None)
    elif (seen is not None and seen.sampled_at is not None and seen.latitude is not None
          and seen.longitude is not None
          and live_current(seen.occurred_at, seen.live_period, now)
          and (seen.accuracy_m is None or seen.accuracy_m <= settings.max_location_accuracy_m)):
        places = allowed_places(day.person.offices, fwa_place(list(day.leaves), day.work_date),
                                settings.fwa_radius_m)
        fence = locate(seen.latitude, seen.longitude, places)
        _seen(ask, utc(seen.sampled_at), fence.place.name, fence.distance_m, fence.inside,
              seen.latitude, seen.longitude)
    return ask


def _seen(ask: PresenceAsk, at: datetime, place: str, distance_m: float, inside: bool,
          latitude: float | None, longitude: float | None) -> None:
    ask.result = PRESENT if inside else AWAY
    ask.from_live, ask.answered_at, ask.place = True, at, place
    ask.distance_m, ask.latitude, ask.longitude = round(distance_m, 1), latitude, longitude


async def load_employees(session: AsyncSession, ids: Iterable[int]) -> dict[int, Employee]:
    """The employees (with their offices) a notice goes to, in one query plus
    their offices: the outbox then finds them loaded."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await session.scalars(select(Employee).where(Employee.id.in_(wanted)))
    return {row.id: row for row in rows}


