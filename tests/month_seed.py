"""The hand-worked month: March 2027 in a small secretariat, played through
the real services, with its expected recap worked out by hand.

The organisation (everyone WIB, office SETDA in Sekayu, schedule UMUM)::

    SETDA  Sekretariat Daerah   head Hadi Wibowo; admin Wati Susanti
      ORG  Bagian Organisasi    head Ratna Dewi > supervisor Sari Wulandari > Andi, Budi
      KEU  Bagian Keuangan      (no head) supervisor Eko Saputra > Gita Permata

Budi is transferred (mutasi) from ORG (supervisor Sari) to KEU (supervisor
Eko) from Monday 22 March 2027 on: his days up to Sunday 21 count for ORG,
from the 22nd for KEU.

Schedule UMUM: Mon–Thu 07:30–16:00, Fri 07:30–16:30; Ramadan 1448 H
(dated rows 8 February – 9 March 2027): Mon–Thu 08:00–15:00, Fri
08:00–15:30. APEL_WEEKDAYS=1 (Monday). Defaults everywhere else
(LATE_BAND_LIMITS 30,60,90; MISSING_CHECK_OUT_CODE PSW4; DEDUCTION_PERCENT
TL1=0.5,TL2=1,TL3=1.25,TL4=1.5,PSW1=0.5,PSW2=1,PSW3=1.25,PSW4=1.5,TK=5; cap 100).

The calendar of March 2027 (``holidays.Indonesia``, public + government):
8 Hari Suci Nyepi; 9 Cuti Bersama Hari Raya Idul Fitri; 10 Hari Raya Idul
Fitri (perkiraan); 11 Hari kedua dari Hari Raya Idul Fitri (perkiraan); 12
and 15 Cuti Bersama Hari Raya Idul Fitri; 25 Cuti Bersama Wafat Yesus
Kristus; 26 Wafat Yesus Kristus; 28 Kebangkitan Yesus Kristus (a Sunday).
Working days: 1–5 (Ramadan), 16–19, 22–24, 29–31: fifteen. Mondays with an
apel: 1, 22 and 29.

On a working day everyone checks in 5 minutes before the start and out 5
minutes after the end, except:

    Andi  1 Mar in 08:20 (Ramadan start 08:00: 20 min, TL1, missed the apel)
          2 Mar in 09:35 (95 min: TL4)
         17 Mar nothing (TK at the close); on the 18th he asks CS for the 17th,
                Sari approves at 10:00: the day becomes CS, the TK mark cleared
         18 Mar out 15:40 (20 min early: PSW1)
         23 Mar a presence check at 10:00 finds him 1 km away (one mid-day
                absence; the day stays H)
    Budi  3–4 Mar DL, asked on the 1st and approved by Sari the same day
          5 Mar out 14:45 (Ramadan Friday end 15:30: 45 min, PSW2)
         22 Mar in 08:15 (45 min: TL2, missed the apel; now in KEU)
         24 Mar in 07:45 and out 15:50 (TL1 and PSW1 on one day: "TL1/PSW1")
    Gita 16 Mar in 08:40 (70 min: TL3); on the 17th Eko excuses it (a
                dispensation): the day becomes H, no minutes
         30 Mar in on time, never out (PSW4, MISSING_CHECK_OUT_CODE)
         31 Mar nothing (TK)
    Sari 19 Mar out 15:15 (Friday end 16:30: 75 min, PSW3)
    Ratna 29 Mar in 07:40 (10 min: TL1, missed the apel)
    Eko  29–31 Mar CT, asked on the 22nd and approved by Hadi
    Wati  2 Mar nothing (TK)

The Rekap sheet, by hand ("L": holiday or weekend)::

    date   1   2   3   4   5   6-15  16  17  18  19  20-21 22  23  24       25-28 29  30   31
    Hadi   H   H   H   H   H   L     H   H   H   H   L     H   H   H        L     H   H    H
    Wati   H   TK  H   H   H   L     H   H   H   H   L     H   H   H        L     H   H    H
    Ratna  H   H   H   H   H   L     H   H   H   H   L     H   H   H        L     TL1 H    H
    Sari   H   H   H   H   H   L     H   H   H   PSW3 L    H   H   H        L     H   H    H
    Andi   TL1 TL4 H   H   H   L     H   CS  PSW1 H  L     H   H   H        L     H   H    H
    Budi   H   H   DL  DL  PSW2 L    H   H   H   H   L     TL2 H   TL1/PSW1 L     H   H    H
    Eko    H   H   H   H   H   L     H   H   H   H   L     H   H   H        L     CT  CT   CT
    Gita   H   H   H   H   H   L     H   H   H   H   L     H   H   H        L     H   PSW4 TK

Totals, by hand (HK: working days; a day counts under each of its codes, H
only when it has none; minutes late / early; deduction = sum of the
percents, cap 100)::

    name   HK  H  TL1 TL2 TL4 PSW1 PSW2 PSW3 PSW4 TK CS CT DL  late early apel away  ded.
    Hadi   15 15                                                0    0    0    0    0
    Wati   15 14                                   1            0    0    0    0    5
    Ratna  15 14   1                                           10    0    1    0    0.5
    Sari   15 14                           1                    0   75    0    0    1.25
    Andi   15 11   1       1   1                      1       115   20    1    1    2.5
    Budi   15 10   1   1       1    1                        2 60   55    1    0    3
    Eko    15 12                                         3      0    0    0    0    0
    Gita   15 13                                1      1        0    0    0    0    6.5

Wati 5 = TK 5. Ratna 0.5 = TL1. Sari 1.25 = PSW3. Andi 2.5 = TL1 0.5 + TL4
1.5 + PSW1 0.5 (CS costs nothing). Budi 3 = PSW2 1 + TL2 1 + TL1 0.5 + PSW1
0.5. Gita 6.5 = PSW4 1.5 + TK 5 (her TL3 was excused).

Budi split by unit: ORG (1–21 March) HK 9, H 6, PSW2 1, DL 2, early 45 min,
deduction 1; KEU (22–31 March) HK 6, H 4, TL1 1, TL2 1, PSW1 1, late 60 min,
early 10 min, apel 1, deduction 2.

Tasks (Kinerja), given through the task services::

    T1 Sari > Andi  given 2 Mar 09:00, due 5 Mar 15:00, done 4 Mar 14:00 (on time)
    T2 Sari > Budi  given 16 Mar 09:00, due 18 Mar 16:00, done 19 Mar 10:00 (late; ORG)
    T3 Eko > Budi   given 23 Mar 09:00, due 26 Mar 16:00, never done (overdue; KEU)
    T4 Eko > Gita   given 16 Mar 09:00, due 31 Mar 12:00, never done (overdue)
    T5 Eko > Gita   given 22 Mar 09:00, due 24 Mar 16:00, done 24 Mar 13:00 (on time)
    T6 Ratna > Sari given 1 Mar 09:00, due 9 Apr 16:00, open (not overdue)

    name   given  on time  late  open overdue  on-time rate
    Andi   1      1        0     0             100 %
    Budi   2      0        1     1             0 %     (ORG: 1 0 1 0; KEU: 1 0 0 1)
    Gita   2      1        0     1             100 %
    Sari   1      0        0     0             —
    others 0      0        0     0             —
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings, load_settings
from bot.rules.leave import LeaveKind
from bot.rules.location import SharedLocation
from bot.services import attendance, excuses, leave, tasks
from bot.services.day_close import close_days
from bot.services.presence_answers import OpenAsk, answer_with_location
from bot.services.presence_judge import judge_closed_checks
from db.models import Employee, Unit
from db.models_day import AttendanceMark, EmployeeAssignment, PresenceAsk, PresenceCheck
from db.session import Database
from tests import factories

WIB = ZoneInfo("Asia/Jakarta")
MONTH = date(2027, 3, 1)
LAST = date(2027, 3, 31)
TRANSFER_DAY = date(2027, 3, 22)
RAMADAN = (date(2027, 2, 8), date(2027, 3, 9))
RAMADAN_ROWS = [(d, time(8), time(15)) for d in range(1, 5)] + [(5, time(8), time(15, 30))]
# when the tests make the recap: Thursday 1 April 2027, 08:00 WIB
MADE_AT = datetime(2027, 4, 1, 8, 0, tzinfo=WIB)

PEOPLE = ("hadi", "wati", "ratna", "sari", "andi", "budi", "eko", "gita")
NAMES = {"hadi": "Hadi Wibowo", "wati": "Wati Susanti", "ratna": "Ratna Dewi",
         "sari": "Sari Wulandari", "andi": "Andi Pratama", "budi": "Budi Santoso",
         "eko": "Eko Saputra", "gita": "Gita Permata"}
TELEGRAM = {name: 2701 + n for n, name in enumerate(PEOPLE)}
NIPS = {name: f"19800101200501{2701 + n:04d}" for n, name in enumerate(PEOPLE)}
IN_LAT, IN_LON = -2.87735, 103.84560  # inside the SETDA geofence
AWAY_LAT, AWAY_LON = -2.8680, 103.8455  # about 1 km north

# --- the expected month, by hand --------------------------------------------------

_L = "L"
HOLIDAYS = {
    date(2027, 3, 8): "Hari Suci Nyepi",
    date(2027, 3, 9): "Cuti Bersama Hari Raya Idul Fitri",
    date(2027, 3, 10): "Hari Raya Idul Fitri (perkiraan)",
    date(2027, 3, 11): "Hari kedua dari Hari Raya Idul Fitri (perkiraan)",
    date(2027, 3, 12): "Cuti Bersama Hari Raya Idul Fitri",
    date(2027, 3, 15): "Cuti Bersama Hari Raya Idul Fitri",
    date(2027, 3, 25): "Cuti Bersama Wafat Yesus Kristus",
    date(2027, 3, 26): "Wafat Yesus Kristus",
    date(2027, 3, 28): "Kebangkitan Yesus Kristus",
}
WORKING_DAYS = (1, 2, 3, 4, 5, 16, 17, 18, 19, 22, 23, 24, 29, 30, 31)
# the cells that are not "H" on a working day (every other working day is H,
# every other day L): the table of the docstring
NOT_H: dict[str, dict[int, str]] = {
    "hadi": {},
    "wati": {2: "TK"},
    "ratna": {29: "TL1"},
    "sari": {19: "PSW3"},
    "andi": {1: "TL1", 2: "TL4", 17: "CS", 18: "PSW1"},
    "budi": {3: "DL", 4: "DL", 5: "PSW2", 22: "TL2", 24: "TL1/PSW1"},
    "eko": {29: "CT", 30: "CT", 31: "CT"},
    "gita": {30: "PSW4", 31: "TK"},
}


def cells(name: str) -> list[str]:
    """The 31 cells of ``name``'s row, 1 to 31 March."""
    return [NOT_H[name].get(d, "H") if d in WORKING_DAYS else _L for d in range(1, 32)]


@dataclass(frozen=True)
class Totals:
    """One row's totals, worked out by hand (codes absent from ``codes`` are 0)."""

    working: int
    codes: dict[str, int]
    late: int = 0
    early: int = 0
    apel: int = 0
    away: int = 0
    deduction: float = 0.0


TOTALS: dict[str, Totals] = {
    "hadi": Totals(15, {"H": 15}),
    "wati": Totals(15, {"H": 14, "TK": 1}, deduction=5.0),
    "ratna": Totals(15, {"H": 14, "TL1": 1}, late=10, apel=1, deduction=0.5),
    "sari": Totals(15, {"H": 14, "PSW3": 1}, early=75, deduction=1.25),
    "andi": Totals(15, {"H": 11, "TL1": 1, "TL4": 1, "PSW1": 1, "CS": 1}, late=115, early=20,
                   apel=1, away=1, deduction=2.5),
    "budi": Totals(15, {"H": 10, "TL1": 1, "TL2": 1, "PSW1": 1, "PSW2": 1, "DL": 2}, late=60,
                   early=55, apel=1, deduction=3.0),
    "eko": Totals(15, {"H": 12, "CT": 3}),
    "gita": Totals(15, {"H": 13, "PSW4": 1, "TK": 1}, deduction=6.5),
}
# Budi's month split by the unit of each day
BUDI_IN = {
    "ORG": Totals(9, {"H": 6, "PSW2": 1, "DL": 2}, early=45, deduction=1.0),
    "KEU": Totals(6, {"H": 4, "TL1": 1, "TL2": 1, "PSW1": 1}, late=60, early=10, apel=1,
                  deduction=2.0),
}


@dataclass(frozen=True)
class Work:
    """One row of the Kinerja sheet, by hand."""

    given: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def rate(self) -> float | None:
        done = self.on_time + self.late
        return self.on_time / done if done else None


KINERJA: dict[str, Work] = {
    "hadi": Work(), "wati": Work(), "ratna": Work(), "eko": Work(),
    "sari": Work(given=1),
    "andi": Work(given=1, on_time=1),
    "budi": Work(given=2, late=1, overdue=1),
    "gita": Work(given=2, on_time=1, overdue=1),
}
BUDI_WORK = {"ORG": Work(given=1, late=1), "KEU": Work(given=1, overdue=1)}
# the rows' order in a recap of everyone: the unit tree (SETDA, then KEU and
# ORG by code), then head, supervisor, admin, staff, then name
ORDER = ("hadi", "wati", "eko", "budi", "gita", "ratna", "sari", "andi")
UNITS = {"hadi": "SETDA", "wati": "SETDA", "ratna": "ORG", "sari": "ORG", "andi": "ORG",
         "budi": "ORG → KEU", "eko": "KEU", "gita": "KEU"}


# --- playing it ----------------------------------------------------------------------


@dataclass
class Month:
    """What the played month left: employee ids by name, unit ids by code, task ids."""

    people: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    tasks: dict[str, int] = field(default_factory=dict)


def wib(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=WIB)


def _period(day: date) -> tuple[time, time]:
    """The scheduled start and end of a working day (UMUM, Ramadan rows inside RAMADAN)."""
    friday = day.isoweekday() == 5
    if RAMADAN[0] <= day <= RAMADAN[1]:
        return time(8), time(15, 30) if friday else time(15)
    return time(7, 30), time(16, 30) if friday else time(16)


# (name, day) -> (check-in, check-out): None is no check at all
_DEFAULT = "default"
EXCEPTIONS: dict[tuple[str, int], tuple[Any, Any]] = {
    ("andi", 1): (time(8, 20), _DEFAULT), ("andi", 2): (time(9, 35), _DEFAULT),
    ("andi", 17): (None, None), ("andi", 18): (_DEFAULT, time(15, 40)),
    ("budi", 3): (None, None), ("budi", 4): (None, None), ("budi", 5): (_DEFAULT, time(14, 45)),
    ("budi", 22): (time(8, 15), _DEFAULT), ("budi", 24): (time(7, 45), time(15, 50)),
    ("gita", 16): (time(8, 40), _DEFAULT), ("gita", 30): (_DEFAULT, None),
    ("gita", 31): (None, None), ("sari", 19): (_DEFAULT, time(15, 15)),
    ("ratna", 29): (time(7, 40), _DEFAULT),
    ("eko", 29): (None, None), ("eko", 30): (None, None), ("eko", 31): (None, None),
    ("wati", 2): (None, None),
}

Transfer = Callable[[AsyncSession, int, int, int, date, datetime], Awaitable[None]]


async def transfer_on_row(session: AsyncSession, employee_id: int, unit_id: int,
                          supervisor_id: int, valid_from: date, now: datetime) -> None:
    """Budi's mutasi, written straight on his row with the dated assignments
    the import records (the one he had, the new one). Replace it with the
    import's own path once it records transfers."""
    person = await session.get(Employee, employee_id)
    assert person is not None
    known = await session.scalar(select(EmployeeAssignment.id)
                                 .where(EmployeeAssignment.employee_id == employee_id))
    if known is None:
        session.add(EmployeeAssignment(employee_id=employee_id, valid_from=MONTH,
                                       unit_id=person.unit_id, supervisor_id=person.supervisor_id,
                                       schedule_code=person.schedule_code, recorded_at=now))
    session.add(EmployeeAssignment(employee_id=employee_id, valid_from=valid_from,
                                   unit_id=unit_id, supervisor_id=supervisor_id,
                                   schedule_code=person.schedule_code, recorded_at=now))
    person.unit_id, person.supervisor_id = unit_id, supervisor_id
    await session.flush()


class _Player:
    def __init__(self, db: Database, settings: Settings, month: Month) -> None:
        self.db, self.settings, self.month = db, settings, month
        self.message_id = 0

    async def person(self, session: AsyncSession, name: str) -> Employee:
        found = await session.get(Employee, self.month.people[name])
        assert found is not None
        return found

    async def check(self, name: str, kind: str, at: datetime) -> None:
        self.message_id += 1
        location = SharedLocation(IN_LAT, IN_LON, at, live_period=900, accuracy_m=10.0)
        record = attendance.record_check_in if kind == "in" else attendance.record_check_out
        async with self.db.transaction() as s:
            found = await record(s, self.settings, await self.person(s, name), location,
                                 chat_id=TELEGRAM[name], message_id=self.message_id, now=at)
        assert isinstance(found, attendance.Recorded), (name, kind, at, found)

    async def close(self, at: datetime) -> None:
        async with self.db.transaction() as s:
            await close_days(s, self.settings, at.astimezone(UTC))

    async def ask_leave(self, name: str, kind: LeaveKind, first: date, last: date, reason: str,
                        at: datetime, approver: str, approved_at: datetime) -> None:
        async with self.db.transaction() as s:
            asked = await leave.submit(s, self.settings, await self.person(s, name),
                                       leave.NewLeave(kind, first, last, reason=reason), at)
            request_id = asked.request.id
        async with self.db.transaction() as s:
            await leave.decide(s, await self.person(s, approver), request_id, True, None,
                               approved_at)

    async def give(self, key: str, by: str, to: str, title: str, at: datetime,
                   deadline: datetime) -> None:
        async with self.db.transaction() as s:
            [given] = await tasks.create_tasks(s, await self.person(s, by),
                                               [self.month.people[to]], title=title,
                                               description=None, deadline=deadline,
                                               priority="normal", now=at)
            self.month.tasks[key] = given.task.id

    async def finish(self, key: str, by: str, to: str, done_at: datetime,
                     accepted_at: datetime) -> None:
        async with self.db.transaction() as s:
            task = await tasks.load_task(s, self.month.tasks[key])
            await tasks.submit(s, await self.person(s, to), task, "Selesai", None, done_at)
        async with self.db.transaction() as s:
            task = await tasks.load_task(s, self.month.tasks[key])
            await tasks.accept(s, await self.person(s, by), task, accepted_at)

    async def excuse_late(self, name: str, day: date, by: str, at: datetime) -> None:
        async with self.db.transaction() as s:
            mark_id = await s.scalar(select(AttendanceMark.id).where(
                AttendanceMark.employee_id == self.month.people[name],
                AttendanceMark.work_date == day, AttendanceMark.kind == "late"))
            assert mark_id is not None
            await excuses.excuse(s, await self.person(s, by), mark_id,
                                 "Rapat di BPKAD pagi hari", at)

    async def away_at_check(self, name: str, unit: str, at: datetime) -> None:
        """A presence check of ``unit`` at ``at`` asks ``name``, who answers
        five minutes later from 1 km away; the check is judged after its window."""
        due = at + timedelta(minutes=self.settings.presence_answer_minutes)
        async with self.db.transaction() as s:
            check = PresenceCheck(unit_id=self.month.units[unit], work_date=at.date(), seq=1,
                                  at=at, ran_at=at)
            s.add(check)
            await s.flush()
            ask = PresenceAsk(check_id=check.id, employee_id=self.month.people[name],
                              work_date=at.date(), asked_at=at, due_at=due, result="pending")
            s.add(ask)
            await s.flush()
            answered = at + timedelta(minutes=5)
            location = SharedLocation(AWAY_LAT, AWAY_LON, answered, live_period=900,
                                      accuracy_m=10.0)
            await answer_with_location(s, self.settings, await self.person(s, name),
                                       OpenAsk(ask, at), location, answered)
            assert ask.result == "away"
        async with self.db.transaction() as s:
            judged = await judge_closed_checks(s, self.settings, due + timedelta(minutes=5))
            assert judged, "the check was judged"

    async def transfer(self, move: Transfer, name: str, unit: str, supervisor: str,
                       at: datetime) -> None:
        async with self.db.transaction() as s:
            await move(s, self.month.people[name], self.month.units[unit],
                       self.month.people[supervisor], at.date(), at)


async def organisation(db: Database) -> Month:
    """The units and people, with no day played yet."""
    month = Month()
    async with db.transaction() as s:
        setda_office = await factories.office(s)
        await factories.schedule(s)
        await factories.schedule(s, rows=RAMADAN_ROWS, valid=RAMADAN)
        setda = await factories.unit(s, setda_office, "SETDA", "Sekretariat Daerah")
        org = await factories.unit(s, setda_office, "ORG", "Bagian Organisasi", parent=setda)
        keu = await factories.unit(s, setda_office, "KEU", "Bagian Keuangan", parent=setda)
        month.units = {"SETDA": setda.id, "ORG": org.id, "KEU": keu.id}
        made: dict[str, Employee] = {}

        async def person(name: str, unit: Unit, role: str = "staff",
                         supervisor: str | None = None) -> None:
            made[name] = await factories.employee(
                s, unit, NIPS[name], NAMES[name], role=role, telegram_id=TELEGRAM[name],
                supervisor=made[supervisor] if supervisor else None)

        await person("hadi", setda, "head")
        setda.head_id = made["hadi"].id
        await person("wati", setda, "admin", "hadi")
        await person("ratna", org, "head", "hadi")
        org.head_id = made["ratna"].id
        await person("sari", org, "supervisor", "ratna")
        await person("andi", org, supervisor="sari")
        await person("budi", org, supervisor="sari")
        await person("eko", keu, "supervisor", "hadi")
        await person("gita", keu, supervisor="eko")
        await s.flush()
        month.people = {name: row.id for name, row in made.items()}
    return month


async def _workday(player: _Player, day: date) -> None:
    start, end = _period(day)
    for name in PEOPLE:
        check_in, check_out = EXCEPTIONS.get((name, day.day), (_DEFAULT, _DEFAULT))
        if check_in is not None:
            at = check_in if check_in != _DEFAULT else (
                datetime.combine(day, start) - timedelta(minutes=5)).time()
            await player.check(name, "in", datetime.combine(day, at, WIB))
    for name in PEOPLE:
        check_in, check_out = EXCEPTIONS.get((name, day.day), (_DEFAULT, _DEFAULT))
        if check_in is not None and check_out is not None:
            at = check_out if check_out != _DEFAULT else (
                datetime.combine(day, end) + timedelta(minutes=5)).time()
            await player.check(name, "out", datetime.combine(day, at, WIB))


async def play_month(db: Database, settings: Settings | None = None, *,
                     transfer: Transfer = transfer_on_row) -> Month:
    """The organisation and its March 2027, day by day: each day's checks
    and events in order, the day close at 00:30 (weekends close at midnight)
    and at 23:00. ``transfer``: how Budi's mutasi is written."""
    settings = settings or load_settings(_env_file=None)
    month = await organisation(db)
    player = _Player(db, settings, month)
    p = player
    # events between the checks, by the day they happen
    events: dict[int, list[Callable[[], Awaitable[None]]]] = {
        1: [lambda: p.give("T6", "ratna", "sari", "Evaluasi SOTK", wib(1, 9), wib(9, 16, 0, 4)),
            lambda: p.ask_leave("budi", LeaveKind.DL, date(2027, 3, 3), date(2027, 3, 4),
                                "Rapat koordinasi di Palembang", wib(1, 10), "sari",
                                wib(1, 11))],
        2: [lambda: p.give("T1", "sari", "andi", "Rekap ABK", wib(2, 9), wib(5, 15))],
        4: [lambda: p.finish("T1", "sari", "andi", wib(4, 14), wib(4, 15))],
        16: [lambda: p.give("T2", "sari", "budi", "Laporan SPIP", wib(16, 9), wib(18, 16)),
             lambda: p.give("T4", "eko", "gita", "Rekon kas", wib(16, 9), wib(31, 12))],
        17: [lambda: p.excuse_late("gita", date(2027, 3, 16), "eko", wib(17, 9))],
        18: [lambda: p.ask_leave("andi", LeaveKind.CS, date(2027, 3, 17), date(2027, 3, 17),
                                 "Demam, surat dokter menyusul", wib(18, 9), "sari",
                                 wib(18, 10))],
        19: [lambda: p.finish("T2", "sari", "budi", wib(19, 10), wib(19, 11))],
        22: [lambda: p.give("T5", "eko", "gita", "Register SP2D", wib(22, 9), wib(24, 16)),
             lambda: p.ask_leave("eko", LeaveKind.CT, date(2027, 3, 29), date(2027, 3, 31),
                                 "Keperluan keluarga", wib(22, 10), "hadi", wib(22, 11))],
        23: [lambda: p.give("T3", "eko", "budi", "Verifikasi SPJ", wib(23, 9), wib(26, 16)),
             lambda: p.away_at_check("andi", "ORG", wib(23, 10))],
        24: [lambda: p.finish("T5", "eko", "gita", wib(24, 13), wib(24, 14))],
    }
    day = MONTH
    while day <= LAST:
        await player.close(datetime.combine(day, time(0, 30), WIB))
        if day == TRANSFER_DAY:
            await player.transfer(transfer, "budi", "KEU", "eko", wib(22, 6))
        if day.day in WORKING_DAYS:
            await _workday(player, day)
        for event in events.get(day.day, []):
            await event()
        await player.close(datetime.combine(day, time(23), WIB))
        day += timedelta(days=1)
    await player.close(datetime(2027, 4, 1, 0, 30, tzinfo=WIB))
    return month


def add_users(emulator: Any) -> None:
    """Everyone's Telegram account in the emulator."""
    for name in PEOPLE:
        emulator.add_user(TELEGRAM[name], NAMES[name].split()[0])
