"""Mid-day presence checks (``bot.services.presence``), every
``ALERT_SCAN_INTERVAL_S``: plan the day's checks of each unit not planned
yet, run those whose moment has come, close those whose answers are in.

Both functions below are what the job, the tests and the bench call; each
opens no transaction of its own and runs a fixed number of queries whatever
the head count (only the outbox rows, one per message, grow with it). A run
twice, a second process or a restart finds the checks claimed in the
database and sends nothing twice; after downtime a check whose answer
window has passed is skipped (nobody is asked about a moment long gone).
"""

from __future__ import annotations

import logging
from datetime import datetime
from random import Random
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot import notifier
from bot.config import Settings
from bot.context import HadirContext, deps_of
from bot.services import presence, presence_judge, presence_plan
from jobs.outbox import wake_outbox

if TYPE_CHECKING:
    from bot.context import HadirApp

log = logging.getLogger(__name__)



async def plan_presence_checks(session: AsyncSession, settings: Settings, now: datetime, *,
                               rng: Random | None = None) -> int:
    """Plan today's checks of the units not planned yet; how many were planned."""
    return await presence_plan.plan_presence_checks(session, settings, now, rng=rng)


async def scan_presence(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Run the due checks and close the finished ones; how many messages were queued."""
    asked = await presence.run_due_checks(session, settings, now)
    judged = await presence_judge.judge_closed_checks(session, settings, now)
    return await notifier.publish(session, *asked, *judged,
                                  default_language=settings.default_language)


async def presence_job(context: HadirContext) -> None:
    deps = context.deps
    async with deps.db.transaction() as session:
        now = deps.clock.now()
        planned = await plan_presence_checks(session, deps.settings, now)
        queued = await scan_presence(session, deps.settings, now)
    if planned or queued:
        log.info("presence: %d checks planned, %d messages queued", planned, queued)
    if queued:
        wake_outbox(context.application)


def schedule(app: HadirApp) -> None:
    assert app.job_queue is not None
    # the first run after a start waits one interval: the answers Telegram kept
    # while the bot was down are read before their checks are judged
    interval = deps_of(app).settings.alert_scan_interval_s
    app.job_queue.run_repeating(presence_job, interval=interval, first=interval,
                                name="presence_checks")
