"""Patterns, every ``ALERT_SCAN_INTERVAL_S``: chronic lateness, unexcused
absence (PP 94/2021) and overdue tasks (``bot.services.patterns``).

Each scan runs as its own job in its own transaction, so one that fails
keeps no other from running. The database holds what was told (alert rows,
outbox keys, window claims), so a second run, a second process or a restart
tells nobody twice; after an outage each scan catches up once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.context import HadirContext, deps_of
from bot.services.patterns import (
    scan_chronic_lateness,
    scan_overdue_tasks,
    scan_unexcused_absence,
)
from jobs.outbox import wake_outbox

if TYPE_CHECKING:
    from bot.context import HadirApp

log = logging.getLogger(__name__)

FIRST_RUN_S = 7
Scan = Callable[[AsyncSession, Settings, datetime], Awaitable[int]]
SCANS: tuple[tuple[str, Scan], ...] = (
    ("chronic_lateness", scan_chronic_lateness),
    ("unexcused_absence", scan_unexcused_absence),
    ("overdue_tasks", scan_overdue_tasks),
)


def scan_job(name: str, scan: Scan) -> Callable[[HadirContext], Coroutine[Any, Any, None]]:
    """The job that runs ``scan`` once, in one transaction, at the clock's now."""

    async def run(context: HadirContext) -> None:
        deps = context.deps
        async with deps.db.transaction() as session:
            queued = await scan(session, deps.settings, deps.clock.now())
        if queued:
            log.info("%s: %d messages queued", name, queued)
            wake_outbox(context.application)

    run.__name__ = run.__qualname__ = f"{name}_job"
    return run


def schedule(app: HadirApp) -> None:
    assert app.job_queue is not None
    interval = deps_of(app).settings.alert_scan_interval_s
    for n, (name, scan) in enumerate(SCANS):
        app.job_queue.run_repeating(scan_job(name, scan), interval=interval,
                                    first=min(FIRST_RUN_S + n, interval), name=f"patterns_{name}")


__all__ = ["SCANS", "scan_chronic_lateness", "scan_job", "scan_overdue_tasks",
           "scan_unexcused_absence", "schedule"]
