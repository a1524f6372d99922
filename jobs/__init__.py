"""Job registration. Jobs keep only ids in their data and reload what they
need, so a restart rebuilds the schedule from the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.metrics import time_jobs
from jobs import day, menus, outbox, patterns, presence, reminders, retention, summary

if TYPE_CHECKING:
    from bot.context import HadirApp


def schedule_all(app: HadirApp) -> None:
    outbox.schedule(app)  # drains the outbox within Telegram's limits
    reminders.schedule(app)  # task reminders before and at the deadline
    retention.schedule(app)  # nightly: delete location data past its retention
    day.schedule(app)  # the working day: reminders, no-show digests, closing the day
    presence.schedule(app)  # mid-day presence checks: plan, ask, judge, digests
    # chronic lateness, PP 94/2021 bands, overdue tasks: every ALERT_SCAN_INTERVAL_S
    patterns.schedule(app)
    # the weekly summary to unit heads (and supervisors) at WEEKLY_SUMMARY_TIME
    summary.schedule(app)
    menus.schedule(app)  # each chat's command menu follows its person's role and language
    time_jobs(app)  # every job above counted and timed (hadir_job_runs_total ...)
