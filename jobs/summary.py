"""The weekly summary, every ``ALERT_SCAN_INTERVAL_S``: to each unit head at
``WEEKLY_SUMMARY_TIME`` of their office zone (and to supervisors, with
``WEEKLY_SUMMARY_SUPERVISORS``), see ``bot.services.summary_scan``.

One transaction a run; the windows it claims and the outbox keys make a
second run, a second process or a restart send nothing twice.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.context import HadirContext, deps_of
from bot.services.summary_scan import scan_weekly_summaries
from jobs.outbox import wake_outbox

if TYPE_CHECKING:
    from bot.context import HadirApp

log = logging.getLogger(__name__)

JOB_NAME = "weekly_summary"
FIRST_RUN_S = 11


async def weekly_summary_job(context: HadirContext) -> None:
    deps = context.deps
    async with deps.db.transaction() as session:
        queued = await scan_weekly_summaries(session, deps.settings, deps.clock.now())
    if queued:
        log.info("weekly summary: %d messages queued", queued)
        wake_outbox(context.application)


def schedule(app: HadirApp) -> None:
    assert app.job_queue is not None
    interval = deps_of(app).settings.alert_scan_interval_s
    app.job_queue.run_repeating(weekly_summary_job, interval=interval,
                                first=min(FIRST_RUN_S, interval), name=JOB_NAME)


__all__ = ["JOB_NAME", "schedule", "weekly_summary_job"]
