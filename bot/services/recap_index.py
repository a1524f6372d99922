"""Indexes of a loaded period, made once: who has days where, and whose tasks.

``Period.within`` and ``Period.people_in`` (``bot.services.recap_data``)
ask them, so a view of one unit tree, one supervisor's team or some people
reads only the people it may hold instead of every day of the period: the
weekly job splits a province's two weeks (700,000 days) into 500 unit
trees. Each part is made the first time it is needed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from bot.rules.recap import Day, TaskFact

if TYPE_CHECKING:
    from bot.services.recap_data import PersonInfo, Scope


class PeriodIndex:
    """Who has days in each unit and under each supervisor, whose last day was
    where, and the tasks by unit and assignee (positions in load order); each
    part made the first time it is needed."""

    def __init__(self, days: dict[int, dict[date, Day]], tasks: list[TaskFact]) -> None:
        self.days, self.all_tasks = days, tasks

    @cached_property
    def order(self) -> dict[int, int]:
        return {person: n for n, person in enumerate(self.days)}

    @cached_property
    def by_unit(self) -> dict[int | None, set[int]]:
        found: dict[int | None, set[int]] = defaultdict(set)
        for person, by_date in self.days.items():
            for day in by_date.values():
                found[day.unit_id].add(person)
        return found

    @cached_property
    def by_supervisor(self) -> dict[int | None, set[int]]:
        found: dict[int | None, set[int]] = defaultdict(set)
        for person, by_date in self.days.items():
            for day in by_date.values():
                found[day.supervisor_id].add(person)
        return found

    @cached_property
    def by_last_unit(self) -> dict[int | None, list[int]]:
        found: dict[int | None, list[int]] = defaultdict(list)
        for person, by_date in self.days.items():
            found[by_date[max(by_date)].unit_id].append(person)
        return found

    @cached_property
    def tasks_by_unit(self) -> dict[int | None, list[int]]:
        found: dict[int | None, list[int]] = defaultdict(list)
        for n, task in enumerate(self.all_tasks):
            found[task.unit_id].append(n)
        return found

    @cached_property
    def tasks_by_assignee(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for n, task in enumerate(self.all_tasks):
            found[task.assignee_id].append(n)
        return found

    def candidates(self, scope: Scope) -> list[int]:
        """Everyone who may have a day ``scope`` holds, in load order."""
        if scope.employee_ids is not None:
            found = {i for i in scope.employee_ids if i in self.days}
        elif scope.unit_ids is not None:
            found = set().union(*(self.by_unit.get(u, ()) for u in scope.unit_ids))
        elif scope.supervisor_id is not None:
            found = self.by_supervisor.get(scope.supervisor_id, set())
        else:
            return list(self.days)
        return sorted(found, key=self.order.__getitem__)

    def tasks(self, scope: Scope, people: dict[int, PersonInfo]) -> list[TaskFact]:
        """The tasks ``scope`` sees: all, those given in its units, or its people's."""
        if scope.everyone:
            return list(self.all_tasks)
        if scope.unit_ids is not None:
            picked = [n for u in scope.unit_ids for n in self.tasks_by_unit.get(u, ())]
        else:
            picked = [n for p in people for n in self.tasks_by_assignee.get(p, ())]
        return [self.all_tasks[n] for n in sorted(picked)]
