"""Who a pattern is told to, and the alert rows that make it told once.

A scan finds its patterns (``Found``), then writes all their ``Alert`` rows
in one statement (``record_alerts``: a key recorded before — a re-run, a
second process — writes nothing and tells nobody), loads the rows of
everyone told in one query, and hands the events to the notifier.

One run tells at most ``ALERTS_PER_RUN`` new patterns per kind: after a long
outage or on the first run over months of history the rest are found by the
next runs, a minute apart, so no transaction grows with the backlog and the
messages leave at the pace the outbox sends them anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from bot import notifier
from bot.config import Settings
from bot.events.patterns import MarkFact, PatternFound
from bot.services.employees import MAX_CHAIN
from bot.services.pattern_base import among
from bot.services.workday import Person, people
from db.models import Employee, Unit
from db.models_day import Alert
from db.session import dialect_insert

ALERTS_PER_RUN = 100  # new patterns of one kind a run tells at most; the next run goes on
PEOPLE_BY_ID_MAX = 10_000  # more people than this are read whole rather than by id
PUBLISH_CHUNK = 5_000  # events per notifier call (its one bindings query names their receivers)
ROWS_PER_INSERT = 2_000  # rows in one multi-row INSERT (a statement's parameters are capped)

# --- who is told ----------------------------------------------------------------


@dataclass(frozen=True)
class UnitTree:
    """Every unit's parent and head: the heads above anyone, without a query."""

    units: dict[int, tuple[int | None, int | None]]  # id -> (parent, head)

    def head_for(self, unit_id: int, exclude: Iterable[int | None] = ()) -> int | None:
        """The head of the unit, or of the nearest unit above, who is not in
        ``exclude`` (the person themselves; the supervisor, for an escalation)."""
        skip = set(exclude)
        seen: set[int] = set()
        current: int | None = unit_id
        while current is not None and current not in seen and len(seen) < MAX_CHAIN:
            seen.add(current)
            parent, head = self.units.get(current, (None, None))
            if head is not None and head not in skip:
                return head
            current = parent
        return None


async def unit_tree(session: AsyncSession) -> UnitTree:
    rows = await session.execute(select(Unit.id, Unit.parent_id, Unit.head_id))
    return UnitTree({id_: (parent, head) for id_, parent, head in rows})


@dataclass(frozen=True)
class Subject:
    """Someone a pattern is about, as the candidates' query found them."""

    id: int
    supervisor_id: int | None
    unit_id: int


def subject_columns() -> tuple[Any, ...]:
    return Employee.id, Employee.supervisor_id, Employee.unit_id


def receivers_of(subject: Subject, tree: UnitTree, *, head_too: bool,
                 escalation: bool = False) -> tuple[int, ...]:
    """The supervisor (else the unit head), and with ``head_too`` the unit head
    as well: ids, nearest first, without repeats. For an ``escalation`` the
    head is one above the supervisor (the head of a unit above, when the
    supervisor heads the person's unit)."""
    exclude = (subject.id, subject.supervisor_id) if escalation else (subject.id,)
    head = tree.head_for(subject.unit_id, exclude=exclude)
    found = [subject.supervisor_id] if subject.supervisor_id is not None else []
    if head is not None and (head_too or not found):
        found.append(head)
    return tuple(dict.fromkeys(found))


async def employees(session: AsyncSession, ids: Iterable[int]) -> dict[int, Employee]:
    """These employees' rows, active or not (a notice for an inactive manager
    goes to the next one up), with their offices, in one query: kept in the
    session, so queueing their notices looks nobody up again."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = (await session.scalars(select(Employee).options(joinedload(Employee.offices))
                                  .where(among(session, Employee.id, wanted)))).unique()
    return {row.id: row for row in rows}


async def persons_of(session: AsyncSession, ids: Iterable[int]) -> dict[int, Person]:
    """The active ones of these people, detached (schedule, home zone): three queries."""
    wanted = set(ids)
    if not wanted:
        return {}
    found = await people(session, employee_ids=wanted if len(wanted) <= PEOPLE_BY_ID_MAX
                         else None)
    return {person.id: person for person in found if person.id in wanted}


# --- alert rows -------------------------------------------------------------------


@dataclass(frozen=True)
class NewAlert:
    """An ``Alert`` row to write: ``key`` names the fact, ``work_date`` the day
    the pattern was complete, ``facts`` what it rests on."""

    key: str
    kind: str
    employee_id: int
    work_date: date
    facts: dict[str, Any]


@dataclass(frozen=True)
class Found:
    """A pattern found, waiting for its alert row (written with all the others
    at once) and its people's rows to become its event."""

    kind: type[PatternFound]
    alert: NewAlert
    receiver_ids: tuple[int, ...]
    values: dict[str, Any]  # the event's other fields
    also: tuple[NewAlert, ...] = field(default=())  # recorded with it, told within it

    def event(self, alert_id: int, rows: dict[int, Employee]) -> PatternFound:
        return self.kind(alert_id=alert_id, alert_key=self.alert.key,
                         person=rows[self.alert.employee_id],
                         receivers=tuple(rows[r] for r in self.receiver_ids), **self.values)


async def record_alerts(session: AsyncSession, alerts: Sequence[NewAlert],
                        now: datetime) -> dict[str, int]:
    """Write the alerts, a few thousand rows a statement; ``{key: id}`` of
    those written now (a key recorded before writes nothing)."""
    unique = list({alert.key: alert for alert in alerts}.values())
    written: dict[str, int] = {}
    for i in range(0, len(unique), ROWS_PER_INSERT):
        rows = [{"key": a.key, "kind": a.kind, "employee_id": a.employee_id,
                 "work_date": a.work_date, "facts": a.facts, "created_at": now}
                for a in unique[i:i + ROWS_PER_INSERT]]
        result = await session.execute(
            dialect_insert(session)(Alert).values(rows)
            .on_conflict_do_nothing(index_elements=["key"]).returning(Alert.key, Alert.id))
        written.update({key: id_ for key, id_ in result})
    return written


async def events_of(session: AsyncSession, found: Sequence[Found],
                    now: datetime) -> list[PatternFound]:
    """Record every alert found, then the events of those recorded now, with
    the rows of everyone they name (one query)."""
    written = await record_alerts(session, [a for f in found for a in (f.alert, *f.also)], now)
    told = [f for f in found if f.alert.key in written]
    rows = await employees(session, (i for f in told
                                     for i in (f.alert.employee_id, *f.receiver_ids)))
    return [f.event(written[f.alert.key], rows) for f in told]


def mark_ids(marks: Sequence[MarkFact]) -> list[int]:
    return [mark.id for mark in marks]


async def publish_all(session: AsyncSession, settings: Settings,
                      events: Sequence[notifier.Happened]) -> int:
    """Queue what the events cause; how many messages: in chunks, each with
    one query for the receivers' bindings, so no statement names too many ids."""
    queued = 0
    for i in range(0, len(events), PUBLISH_CHUNK):
        queued += await notifier.publish(session, *events[i:i + PUBLISH_CHUNK],
                                         default_language=settings.default_language)
    return queued
