"""The outbox sender's life in the Application: one long-lived drain task.

Why a task and not a ``run_repeating`` drain job: a backlog takes longer to
drain than the poll interval (300 messages at 25/s is 12 s), and APScheduler
would skip, and warn about, every run that overlaps; a repeating job cannot be
woken either, so a task notice would wait for the next tick. The task drains,
then idles until ``wake_outbox(app)`` or the poll interval, for as long as the
Application runs. It is created with ``Application.create_task``, which
``Application.stop`` awaits: on stop the loop sees ``app.running`` turn false,
lets the calls in flight finish and records them, then returns — so a restart
resends nothing that was already sent. A one-off job, run as the job queue
starts in ``app.start()``, creates that task; a ``run_repeating`` watchdog
creates it again should it ever have ended while the app runs (a stop/start
cycle of the same Application, or a bug).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.ext import Application

from bot.context import HadirContext
from bot.services.outbox_sender import OutboxSender

log = logging.getLogger(__name__)

SENDER_KEY = "outbox_sender"
TASK_KEY = "outbox_task"
WATCHDOG_INTERVAL_S = 30.0
AnyApp = Application[Any, Any, Any, Any, Any, Any]


def sender_of(app: AnyApp) -> OutboxSender | None:
    sender: OutboxSender | None = app.bot_data.get(SENDER_KEY)
    return sender


def wake_outbox(app: AnyApp) -> None:
    """Call after a transaction that queued messages has committed, so they go
    out now rather than after the poll interval. A no-op without a sender
    (an Application built without jobs)."""
    sender = sender_of(app)
    if sender is not None:
        sender.wake()


async def run_sender(app: AnyApp, sender: OutboxSender) -> None:
    """Drain, then idle until woken or the poll interval passes, while the app runs."""
    def stopping() -> bool:
        return not app.running or sender.stop_requested

    interval = sender.settings.outbox_poll_interval_s
    log.info("outbox sender started")
    while not stopping():
        try:
            await sender.drain(until_empty=True, stopping=stopping)
        except Exception:  # the database may be away for a while: never end the loop
            log.exception("outbox: drain failed; trying again in %.1f s", interval)
        await sender.idle(interval, stopping)
    log.info("outbox sender stopped")


async def outbox_watchdog(context: HadirContext) -> None:
    app = context.application
    sender = sender_of(app)
    task: asyncio.Task[None] | None = app.bot_data.get(TASK_KEY)
    if sender is None or not app.running or (task is not None and not task.done()):
        return
    app.bot_data[TASK_KEY] = app.create_task(run_sender(app, sender), name="outbox-sender")


def schedule(app: AnyApp) -> None:
    assert app.job_queue is not None
    app.bot_data[SENDER_KEY] = OutboxSender(app)
    # as the job queue starts (a date in the past still runs once: no misfire limit) ...
    app.job_queue.run_once(outbox_watchdog, 0, name="outbox-start",
                           job_kwargs={"misfire_grace_time": None})
    # ... and now and then after, in case the task ever ended while the app runs
    app.job_queue.run_repeating(outbox_watchdog, WATCHDOG_INTERVAL_S,
                                first=WATCHDOG_INTERVAL_S, name="outbox-watchdog")
