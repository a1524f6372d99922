"""The working day's jobs: reminders, the no-show digest, closing the day.

One repeating job, every ``ALERT_SCAN_INTERVAL_S``, its first run a few
seconds after start (so a start after downtime catches up once). Each run
does four scans, each in its own transaction (one failing never holds the
others back):

    close_days                closed check-out windows: DayRecords and marks
    scan_check_in_reminders   CHECK_IN_REMINDER_MINUTES after the start
    scan_no_shows             NO_SHOW_ALERT_MINUTES after the start: each manager's list
    scan_check_out_reminders  CHECK_OUT_REMINDER_MINUTES after the end

The scans are pure functions of (session, settings, now) returning a count:
tests and ``bench.scans`` call them directly. Each judges only windows that
have passed in the group's local time, claims them (``bot.services.windows``)
and writes under unique keys: a second run, a restart or a second process
sends and writes nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.context import HadirContext, deps_of
from bot.services.day_alerts import (
    scan_check_in_reminders,
    scan_check_out_reminders,
    scan_no_shows,
)
from bot.services.day_close import close_days
from bot.services.outbox import queued_in
from jobs.outbox import wake_outbox

if TYPE_CHECKING:
    from bot.context import HadirApp

__all__ = ["SCANS", "close_days", "day_job", "scan_check_in_reminders",
           "scan_check_out_reminders", "scan_no_shows", "schedule"]

log = logging.getLogger(__name__)

FIRST_RUN_S = 5
JOB_NAME = "day"

Scan = Callable[[AsyncSession, Settings, datetime], Awaitable[int]]
# closing first: a day that closed gets its record before anything else is looked at
SCANS: tuple[tuple[str, Scan], ...] = (
    ("day close", close_days),
    ("check-in reminders", scan_check_in_reminders),
    ("no-show digests", scan_no_shows),
    ("check-out reminders", scan_check_out_reminders),
)


async def day_job(context: HadirContext) -> None:
    deps = context.deps
    failed: Exception | None = None
    for label, scan in SCANS:
        try:
            async with deps.db.transaction() as session:
                count = await scan(session, deps.settings, deps.clock.now())
        except Exception as exc:  # the other scans still run; the next run tries again
            log.warning("day job: %s failed", label)
            failed = failed or exc
            continue
        if count:
            log.info("day job: %s: %d", label, count)
        if queued_in(session):
            wake_outbox(context.application)  # what it queued goes out now
    if failed is not None:
        raise failed  # to the error handler: logged with its traceback, the admin told


def schedule(app: HadirApp) -> None:
    assert app.job_queue is not None
    interval = deps_of(app).settings.alert_scan_interval_s
    app.job_queue.run_repeating(day_job, interval=interval, first=min(FIRST_RUN_S, interval),
                                name=JOB_NAME)
