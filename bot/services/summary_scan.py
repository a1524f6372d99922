"""When the weekly summary goes, and to whom (``scan_weekly_summaries``).

Run every ``ALERT_SCAN_INTERVAL_S`` by ``jobs.summary``. In each office zone
whose local moment ``WEEKLY_SUMMARY_TIME`` (default Monday 07:00) of the
current ISO week has passed, the summaries of the week before go (all its
days are closed by then): to the head of each unit, for their unit tree, and
with ``WEEKLY_SUMMARY_SUPERVISORS`` to each active supervisor with people in
that week who heads no unit, for their team of that week.

Windows claimed (``bot.services.windows``, job ``weekly_summary``, work date
the Monday of the week summarised), so that a re-run, a second process or a
restart sends nothing twice (and the outbox keys say it again):

    <unit id>           a head's summary of the unit
    team:<supervisor>   a supervisor's summary of their team
    zone:<time zone>    every summary of the zone judged: the later runs of the
                        week read the units and this claim, nothing more

A run judges at most ``SUMMARIES_PER_RUN`` summaries (the next run, a
minute later, goes on), each read from one ``load_period`` of everyone's two
weeks: a fixed number of queries whatever the head count. Only the current
week counts: after downtime the latest week's summary goes, once; a missed
week is not sent late. A unit tree (or team) without a working day that week
— holidays only — is judged and sent nothing. Computing runs in a worker
thread and drawing too, or in worker processes on every core when a run has
many charts (``draw_charts``), so the bot keeps answering meanwhile.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.events.summary import WeeklySummaryDue
from bot.rules.recap import WeeklyTime
from bot.services import access_log, windows
from bot.services.day_close import CLOSE, CLOSE_FROM
from bot.services.day_windows import groups
from bot.services.pattern_alerts import employees, publish_all
from bot.services.recap_data import Period, Scope, units
from bot.services.summary import (
    WEEK,
    SummaryCache,
    Target,
    WeeklySummary,
    load_weeks,
    monday_of,
    summarize,
    targets,
)
from db.models_day import JobWindow

NAME = "weekly_summary"  # JobWindow.name
SUMMARIES_PER_RUN = 100


def window_scope(target: Target) -> str:
    if target.supervisor_id is not None:
        return f"team:{target.supervisor_id}"
    return str(target.unit_id)


def target_scope(period: Period, target: Target) -> Scope:
    """Whose days a summary shows: the team of those days, or the unit tree."""
    if target.supervisor_id is not None:
        return Scope(supervisor_id=target.supervisor_id)
    return Scope(unit_ids=period.tree(target.unit_id))


def zone_scope(timezone: str) -> str:
    return f"zone:{timezone}"


def due_week(tz: ZoneInfo, when: WeeklyTime, now: datetime) -> date | None:
    """The Monday of the week whose summary is due in ``tz`` at ``now`` (the
    week before the current ISO week), or None before this week's moment."""
    local = now.astimezone(tz)
    this_monday = monday_of(local.date())
    day, at = when.moment(this_monday)
    if local < datetime.combine(day, at, tz):
        return None
    return this_monday - WEEK


async def scan_weekly_summaries(session: AsyncSession, settings: Settings, now: datetime, *,
                                limit: int = SUMMARIES_PER_RUN) -> int:
    """Queue the summaries due at ``now`` (``limit`` of them at most); how
    many messages were queued."""
    all_units = await units(session)
    due: dict[str, date] = {}
    for timezone in {unit.timezone for unit in all_units.values()}:
        monday = due_week(ZoneInfo(timezone), settings.weekly_summary_time, now)
        if monday is not None:
            due[timezone] = monday
    if not due:
        return 0
    judged = await windows.claimed(session, NAME, [(zone_scope(tz), m) for tz, m in due.items()])
    waiting = {tz: m for tz, m in due.items() if (zone_scope(tz), m) not in judged}
    queued = 0
    for monday in sorted(set(waiting.values())):
        zones = await closed_zones(session, {tz for tz, m in waiting.items() if m == monday},
                                   monday + timedelta(days=6))
        if zones:
            queued += await _week(session, settings, now, monday, zones, limit)
    return queued


async def closed_zones(session: AsyncSession, zones: set[str], sunday: date) -> set[str]:
    """The zones whose days are closed through ``sunday``: every group there
    that Hadir judged by then (its ``close_from``) has that Sunday's close
    window. A summary waits for them — a catch-up close after downtime, a
    night shift that closes on Monday morning — and goes at a later run."""
    found = [g for g in await groups(session) if g.timezone in zones]
    starts = dict((await session.execute(
        select(JobWindow.scope, func.min(JobWindow.work_date))
        .where(JobWindow.name == CLOSE_FROM, JobWindow.scope.in_({g.scope for g in found}))
        .group_by(JobWindow.scope))).all())
    needed = [g for g in found if g.scope in starts and starts[g.scope] <= sunday]
    closed = await windows.claimed(session, CLOSE, [(g.scope, sunday) for g in needed])
    late = {g.timezone for g in needed if (g.scope, sunday) not in closed}
    return zones - late


async def _week(session: AsyncSession, settings: Settings, now: datetime, monday: date,
                zones: set[str], limit: int) -> int:
    period = await load_weeks(session, settings, monday)
    found = [t for t in targets(period, monday, teams=settings.weekly_summary_supervisors)
             if period.units[t.unit_id].timezone in zones and t.receiver_id is not None]
    receivers = await employees(session, {t.receiver_id for t in found if t.receiver_id})
    found = [t for t in found if t.receiver_id in receivers
             and (t.supervisor_id is None or receivers[t.receiver_id].active)]
    before = await windows.claimed(session, NAME, [(window_scope(t), monday) for t in found])
    pending = [t for t in found if (window_scope(t), monday) not in before]
    batch = pending[:limit]
    won = await windows.claim_many(session, NAME, [(window_scope(t), monday) for t in batch],
                                   now)
    if len(pending) <= limit:
        await windows.claim_many(session, NAME, [(zone_scope(tz), monday) for tz in zones], now)
    drawing = _Drawing(period, settings, monday)
    made = []
    for target in batch:
        if (window_scope(target), monday) not in won:
            continue  # another process judged it meanwhile
        receiver = receivers[target.receiver_id or 0]
        name = receiver.name if target.supervisor_id is not None else None
        summary = await asyncio.to_thread(drawing.summary, target, name)
        if summary.has_working_day:  # a week of holidays only sends nothing
            made.append((summary, receiver))
    for summary, receiver in made:  # whose week went to whom (UU 27/2022): a row each
        access_log.record_scope(session, at=now, viewer=receiver, view=access_log.SUMMARY,
                                first=monday, last=monday + timedelta(days=6),
                                scope=target_scope(period, summary.target))
    charts = await draw_charts([(summary, receiver.language or settings.default_language)
                                for summary, receiver in made])
    events = [WeeklySummaryDue(now, summary, receiver.id, receiver.language, chart)
              for (summary, receiver), chart in zip(made, charts, strict=True)]
    return await publish_all(session, settings, events)


POOL_FROM = 24  # charts of one run from which they are drawn on every core


async def draw_charts(wanted: list[tuple[WeeklySummary, str]]) -> list[bytes]:
    """The charts of these summaries (each in its language). A chart costs a
    tenth of a second of CPU, most of it holding the interpreter: a few are
    drawn in a worker thread, many (Monday 07:00 of a province: hundreds) in
    worker processes on every core, so the bot keeps answering meanwhile.
    matplotlib is imported here, not at start: a bot that never draws does not
    carry it (a third of its resident memory)."""
    from bot.summary_chart import draw

    if len(wanted) < POOL_FROM:
        return await asyncio.to_thread(lambda: [draw(s, lang) for s, lang in wanted])
    loop = asyncio.get_running_loop()
    pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1,
                               mp_context=multiprocessing.get_context("spawn"))
    try:
        return list(await asyncio.gather(*(loop.run_in_executor(pool, draw, s, lang)
                                           for s, lang in wanted)))
    finally:
        await asyncio.to_thread(pool.shutdown)


@dataclass
class _Drawing:
    """The summaries of a run, made one at a time in a worker thread (what
    they share made once)."""

    period: Period
    settings: Settings
    monday: date
    cache: SummaryCache | None = None

    def summary(self, target: Target, supervisor_name: str | None) -> WeeklySummary:
        self.cache = self.cache or SummaryCache(self.period)
        return summarize(self.period, self.settings, self.monday, target, self.cache,
                         supervisor_name)
