"""Windows a job has judged: each (job, group, local work date) once.

A job that judges closed windows (the no-show list of a schedule in a zone,
a day to close) claims the window in the transaction that writes what it
found. A second run, a second process or a restart finds it claimed and
does nothing; after the bot was down, only the windows still worth judging
are claimed, so a missed run happens once, not once per missed slot.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from db.models_day import JobWindow
from db.session import dialect_insert


async def claim(session: AsyncSession, name: str, scope: str, work_date: date,
                now: datetime) -> bool:
    """Claim a window; False when it was claimed before (by this or another run)."""
    result = await session.execute(
        dialect_insert(session)(JobWindow)
        .values(name=name, scope=scope, work_date=work_date, done_at=now)
        .on_conflict_do_nothing(index_elements=["name", "scope", "work_date"]))
    return bool(result.rowcount)  # type: ignore[attr-defined]


ROWS_PER_INSERT = 2_000  # a statement's parameters are capped (32,767)


async def claim_many(session: AsyncSession, name: str, windows: Iterable[tuple[str, date]],
                     now: datetime) -> set[tuple[str, date]]:
    """Claim many (scope, work date) windows of job ``name`` in a statement
    or a few, as ``claim`` does one; those claimed now (not those claimed before)."""
    wanted = sorted(set(windows))
    done: set[tuple[str, date]] = set()
    for i in range(0, len(wanted), ROWS_PER_INSERT):
        rows = [{"name": name, "scope": scope, "work_date": day, "done_at": now}
                for scope, day in wanted[i:i + ROWS_PER_INSERT]]
        result = await session.execute(
            dialect_insert(session)(JobWindow).values(rows)
            .on_conflict_do_nothing(index_elements=["name", "scope", "work_date"])
            .returning(JobWindow.scope, JobWindow.work_date))
        done.update((scope, day) for scope, day in result)
    return done


async def claimed(session: AsyncSession, name: str, windows: Iterable[tuple[str, date]]
                  ) -> set[tuple[str, date]]:
    """Which of these (scope, work date) windows of job ``name`` are claimed: one query."""
    wanted = set(windows)
    if not wanted:
        return set()
    rows = await session.execute(
        select(JobWindow.scope, JobWindow.work_date).where(
            JobWindow.name == name,
            JobWindow.work_date.in_({day for _, day in wanted}),
            tuple_(JobWindow.scope, JobWindow.work_date).in_(wanted)))
    return {(scope, day) for scope, day in rows}
