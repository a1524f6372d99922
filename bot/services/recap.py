"""The monthly recap (the operators' LB.1 / LB.2 forms), computed from one
loaded period: no Telegram, no spreadsheet.

Whose recap (``Audience``, see ``bot.services.recap_scope``): an admin's is
everyone's, a head's the units they head and every unit below, a
supervisor's (and a head's who heads none) their team of each day — the days
whose ``supervisor_id`` is theirs. Each closed
day counts where it was worked: a person transferred inside the month is
counted in each unit (and team) for that unit's days; their other days show
as ``ELSEWHERE`` and their unit as the path of their days ("ORG → KEU").

A row has one cell per date (``Day.cell``; a holiday or a day off is
``HOLIDAY_CELL``; a day not closed yet is blank), the counts of each code
(``Tally``), the minutes late and early, missed apel, mid-day absences and the
deduction (``DEDUCTION_PERCENT``, capped at ``DEDUCTION_CAP_PERCENT``); and
the person's tasks of the month (``task_tally``) from their unit's midnight
to the next month's, or to now when that comes first. A task counts where
its person's day was when it was given. The notes say what an auditor needs
to re-check the numbers: the month's holidays, the schedules used (plain
weekday rows and dated ranges such as Ramadan) and the settings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.rules.leave import LeaveKind
from bot.rules.recap import (
    CODE_ORDER,
    HOLIDAY,
    OFF,
    Day,
    Tally,
    TaskFact,
    TaskTally,
    deduction,
    month_end,
    tally,
    task_tally,
)
from bot.services.recap_data import Period, Scope, UnitInfo, load_period, task_day
from bot.services.recap_scope import Audience

HOLIDAY_CELL = "L"  # libur: a holiday, a weekend, a day without a period
ELSEWHERE = "-"  # a day counted in another unit (or team) of this month
ELSEWHERE_STATUS, OPEN_STATUS = "elsewhere", "open"
_ROLE_ORDER = {"head": 0, "supervisor": 1, "admin": 2, "staff": 3}
_LEAVE_ORDER = {kind.value: n for n, kind in enumerate(LeaveKind)}


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    status: str  # present | absent | leave | holiday | off | elsewhere | open


@dataclass(frozen=True)
class RecapRow:
    employee_id: int
    nip: str
    name: str
    role: str
    units: tuple[str, ...]  # the codes of the units of their days, in order
    cells: tuple[Cell, ...]
    tally: Tally
    deduction: float
    tasks: TaskTally

    @property
    def unit(self) -> str:
        return " → ".join(self.units)


@dataclass(frozen=True)
class ScheduleLine:
    """One version of a schedule: its plain weekday rows, or a dated range."""

    code: str
    valid_from: date | None
    valid_to: date | None
    rows: tuple[tuple[int, time, time], ...]  # weekday, start, end
    works_on_holidays: bool


@dataclass(frozen=True)
class MonthRecap:
    first: date
    last: date
    audience: Audience
    made_at: datetime  # in the reader's zone
    rows: tuple[RecapRow, ...]
    codes: tuple[str, ...]  # the total columns: CODE_ORDER, then the leave codes that occur
    holidays: tuple[tuple[date, str], ...]
    schedules: tuple[ScheduleLine, ...]
    settings: tuple[tuple[str, str], ...]  # name, value as in .env
    closed_until: date | None  # the last closed day of the recap
    bands: tuple[tuple[int, ...], tuple[int, ...]] = ((30, 60, 90), (30, 60, 90))  # TL, PSW
    missing_codes: tuple[str, str] = ("TL4", "PSW4")  # no check-in, no check-out

    @property
    def dates(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


# --- the numbers -------------------------------------------------------------------


def _cell(day: Day | None, in_scope: bool) -> Cell:
    if day is None:
        return _CELLS.setdefault(("", OPEN_STATUS), Cell("", OPEN_STATUS))
    if not in_scope:
        return _CELLS.setdefault((ELSEWHERE, ELSEWHERE_STATUS), Cell(ELSEWHERE, ELSEWHERE_STATUS))
    text = HOLIDAY_CELL if day.status in (HOLIDAY, OFF) else day.cell
    return _CELLS.setdefault((text, day.status), Cell(text, day.status))


_CELLS: dict[tuple[str, str], Cell] = {}  # a few dozen distinct cells, shared by every row


def _unit_path(days: Iterable[Day], all_units: Mapping[int, UnitInfo]) -> tuple[str, ...]:
    path: list[str] = []
    for day in days:
        unit = all_units.get(day.unit_id) if day.unit_id is not None else None
        code = unit.code if unit else "?"
        if not path or path[-1] != code:
            path.append(code)
    return tuple(path)


def _tasks_of(tasks: list[TaskFact], whole: dict[date, Day], scope: Scope, zone: ZoneInfo
              ) -> list[TaskFact]:
    """The person's tasks this scope sees: those given on one of its days."""
    if scope.everyone:
        return tasks
    ordered = sorted(whole)
    return [t for t in tasks
            if scope.holds(task_day(whole, ordered, t.created_at.astimezone(zone).date()))]


def _leave_codes(rows: Iterable[RecapRow]) -> tuple[str, ...]:
    found = {code for row in rows for code in row.tally.codes if code not in CODE_ORDER}
    return tuple(sorted(found, key=lambda c: (_LEAVE_ORDER.get(c, len(_LEAVE_ORDER)), c)))


def _unit_order(all_units: Mapping[int, UnitInfo]) -> dict[int, int]:
    """Each unit's place in the tree: parents first, children by code."""
    children: dict[int | None, list[UnitInfo]] = {}
    for unit in all_units.values():
        parent = unit.parent_id if unit.parent_id in all_units else None
        children.setdefault(parent, []).append(unit)
    order: dict[int, int] = {}
    todo = sorted(children.get(None, []), key=lambda u: u.code, reverse=True)
    while todo:
        unit = todo.pop()
        order[unit.id] = len(order)
        todo += sorted(children.get(unit.id, []), key=lambda u: u.code, reverse=True)
    return order


def settings_lines(settings: Settings) -> tuple[tuple[str, str], ...]:
    """The settings that shaped a recap's numbers, as they are written in .env."""
    def listed(values: Iterable[object]) -> str:
        return ",".join(str(v) for v in values)

    return (
        ("DEDUCTION_PERCENT",
         ",".join(f"{code}={percent:g}" for code, percent in settings.deduction_percent.items())),
        ("DEDUCTION_CAP_PERCENT", f"{settings.deduction_cap_percent:g}"),
        ("LATE_BAND_LIMITS", listed(settings.late_band_limits)),
        ("EARLY_BAND_LIMITS", listed(settings.early_band_limits)),
        ("LATE_GRACE_MINUTES", str(settings.late_grace_minutes)),
        ("EARLY_LEAVE_GRACE_MINUTES", str(settings.early_leave_grace_minutes)),
        ("MISSING_CHECK_IN_CODE", settings.missing_check_in_code),
        ("MISSING_CHECK_OUT_CODE", settings.missing_check_out_code),
        ("APEL_WEEKDAYS", listed(settings.apel_weekdays)),
        ("HOLIDAY_CATEGORIES", listed(settings.holiday_categories)),
        ("CHECK_OUT_SLACK_MINUTES", str(settings.check_out_slack_minutes)),
        ("PRESENCE_ANSWER_MINUTES", str(settings.presence_answer_minutes)),
    )


def _schedules(period: Period, codes: Iterable[str]) -> tuple[ScheduleLine, ...]:
    found = []
    for code in sorted(set(codes)):
        versions: dict[tuple[date | None, date | None], list[tuple[int, time, time]]] = {}
        works = False
        for rule in period.schedules.get(code, []):
            works = works or rule.works_on_holidays
            if rule.valid_from is not None and rule.valid_to is not None and (
                    rule.valid_to < period.first or rule.valid_from > period.last):
                continue  # a dated range of another month
            versions.setdefault((rule.valid_from, rule.valid_to), []).append(
                (rule.weekday, rule.start, rule.end))
        def start(item: tuple[tuple[date | None, date | None], object]) -> tuple[bool, date]:
            return item[0][0] is not None, item[0][0] or date.min

        for (valid_from, valid_to), rows in sorted(versions.items(), key=start):
            found.append(ScheduleLine(code, valid_from, valid_to, tuple(sorted(rows)), works))
    return tuple(found)


def _row(period: Period, whole: Period, person_id: int, dates: list[date],
         tasks: list[TaskFact], settings: Settings, now: datetime, zone: ZoneInfo
         ) -> RecapRow:
    """One person's row: the days the scope sees, and where the others were."""
    person, mine, all_days = period.people[person_id], period.days[person_id], whole.days[person_id]
    unit = period.units.get(mine[max(mine)].unit_id or 0)
    tz = unit.tz if unit else zone
    start = datetime.combine(period.first, time(0), tz)
    end = min(datetime.combine(period.last + timedelta(days=1), time(0), tz), now)
    counted = tally(mine.values())
    return RecapRow(
        person_id, person.nip, person.name, person.role,
        _unit_path((all_days[d] for d in sorted(all_days)), period.units),
        tuple(_cell(all_days.get(d), d in mine) for d in dates), counted,
        deduction(counted.codes, settings.deduction_percent, settings.deduction_cap_percent),
        task_tally(_tasks_of(tasks, all_days, period.scope, tz), start, end))


def _holidays(period: Period) -> tuple[tuple[date, str], ...]:
    """The calendar's holidays of the month and any other the records name."""
    found = dict(period.holidays())
    for by_date in period.days.values():
        for day in by_date.values():
            if day.holiday_name and day.work_date not in found:
                found[day.work_date] = day.holiday_name
    return tuple(sorted(found.items()))


async def build_recap(session: AsyncSession, settings: Settings, first: date,
                      audience: Audience, now: datetime, zone: ZoneInfo) -> MonthRecap:
    """The recap of the month starting ``first`` for ``audience``, made ``now``
    (shown in ``zone``). One period load, or two for a narrower audience (its
    people's whole month, to show where their other days were)."""
    first = first.replace(day=1)
    last = month_end(first)
    scope = audience.scope
    period = whole = await load_period(session, settings, first, last, scope)
    if not scope.everyone and period.days:
        whole = await load_period(session, settings, first, last,
                                  Scope(employee_ids=frozenset(period.days)))
        period = whole.within(scope)
    order = _unit_order(period.units)
    dates = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    tasks: dict[int, list[TaskFact]] = defaultdict(list)
    for task in whole.tasks:
        tasks[task.assignee_id].append(task)

    def place(person_id: int) -> tuple[int, int, str, int]:
        by_date = period.days[person_id]
        person = period.people[person_id]
        unit = by_date[max(by_date)].unit_id
        return (order.get(unit, len(order)) if unit is not None else len(order),
                _ROLE_ORDER.get(person.role, len(_ROLE_ORDER)), person.name.casefold(),
                person_id)

    rows = tuple(_row(period, whole, person_id, dates, tasks.get(person_id, []), settings, now,
                      zone) for person_id in sorted(period.days, key=place))
    used = {day.schedule_code for by_date in period.days.values() for day in by_date.values()
            if day.schedule_code}
    closed = [max(by_date) for by_date in period.days.values()]
    return MonthRecap(
        first, last, audience, now.astimezone(zone), rows, CODE_ORDER + _leave_codes(rows),
        _holidays(period),
        _schedules(period, used or {p.schedule_code for p in period.people.values()}),
        settings_lines(settings), max(closed) if closed else None,
        (tuple(settings.late_band_limits), tuple(settings.early_band_limits)),
        (settings.missing_check_in_code, settings.missing_check_out_code))
