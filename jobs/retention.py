"""Personal data (UU 27/2022): location data older than
``LOCATION_RETENTION_DAYS`` (default 90) is deleted. Position samples go;
check-ins and presence-check answers keep their office, distance and times
(the attendance record) but lose their coordinates; an FWA/WFH request keeps
its approved place (the rule its days were checked against) until its last
day is that old, then loses it too. The day's codes (``day_records``,
``attendance_marks``) are never touched. Prompts go once their window has
passed: a location parked there (sent without /masuk or /pulang) can no
longer be used, so it is not kept. Access-log rows older than
``ACCESS_LOG_RETENTION_DAYS`` go in the same run.

Every statement names what is older than a cutoff, never "since the last
run": a second run the same night finds nothing, and the first run after
missed nights (the bot was down at 01:30) catches up in one go."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import HadirContext
from bot.inbox import prune_handled
from bot.services import access_log
from bot.services.outbox_files import release_orphans
from db.models import AttendanceEvent, CheckPrompt, PositionSample
from db.models_day import LeaveRequest, PresenceAsk

if TYPE_CHECKING:
    from bot.context import HadirApp

log = logging.getLogger(__name__)


async def purge_old_locations(
    session: AsyncSession, *, now: datetime, keep_days: int, prompt_window_s: int
) -> int:
    prompts = await session.execute(
        delete(CheckPrompt).where(CheckPrompt.asked_at < now - timedelta(seconds=prompt_window_s))
    )
    cutoff = now - timedelta(days=keep_days)
    old_events = select(AttendanceEvent.id).where(AttendanceEvent.occurred_at < cutoff)
    samples = await session.execute(
        delete(PositionSample).where(PositionSample.event_id.in_(old_events))
    )
    events = await session.execute(
        update(AttendanceEvent)
        .where(AttendanceEvent.occurred_at < cutoff, AttendanceEvent.latitude.is_not(None))
        .values(latitude=None, longitude=None, accuracy_m=None)
    )
    asks = await session.execute(  # presence checks keep their result, place and distance
        update(PresenceAsk)
        .where(PresenceAsk.asked_at < cutoff, PresenceAsk.latitude.is_not(None))
        .values(latitude=None, longitude=None)
    )
    places = await session.execute(  # an FWA place: kept while its days are in retention
        update(LeaveRequest)
        .where(LeaveRequest.end_date < cutoff.date(), LeaveRequest.latitude.is_not(None))
        .values(latitude=None, longitude=None)
    )
    results: list[Any] = [prompts, samples, events, asks, places]  # CursorResult: rowcount
    return sum(int(result.rowcount or 0) for result in results)


async def retention_job(context: HadirContext) -> None:
    deps = context.deps
    async with deps.db.transaction() as session:
        removed = await purge_old_locations(
            session, now=deps.clock.now(), keep_days=deps.settings.location_retention_days,
            prompt_window_s=deps.settings.location_prompt_window_s)
        files = await release_orphans(session)  # charts of messages that never went
        views = await access_log.purge(session, now=deps.clock.now(),
                                       keep_days=deps.settings.access_log_retention_days)
        updates = await prune_handled(session, now=deps.clock.now())
    log.info("retention: %d location rows removed or blanked, %d unsent files, "
             "%d access-log rows, %d handled updates", removed, files, views, updates)


def schedule(app: HadirApp) -> None:
    assert app.job_queue is not None
    app.job_queue.run_daily(retention_job, time(hour=1, minute=30), name="retention")
