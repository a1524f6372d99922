"""Prometheus metrics of one Application, served at ``GET /metrics`` (bot.web).

Every metric lives here, in a ``CollectorRegistry`` of the Application's own
(kept in ``bot_data``, made by ``install`` in ``bot.app.build_application``),
never in prometheus' global registry: tests build many Applications in one
process, and each must count only its own. Other modules count through the
small functions below, which do nothing for an Application without metrics.

Names (all prefixed ``hadir_``):
- ``updates_total{kind}``: updates the Application processed, by kind;
- ``handler_errors_total{source}``: errors that reached the error handlers
  (``update`` or ``job``);
- ``reply_latency_seconds``: a handler's run, from the update taken up to its
  replies flushed (``handlers.kit``);
- ``outbox_pending``, ``outbox_oldest_pending_age_seconds``: read from the
  database when scraped;
- ``outbox_sends_total{result}``: the outbox sender's outcomes;
- ``job_runs_total{job,result}``, ``job_duration_seconds{job}``;
- ``leader`` (1 when this process does the leader's work), ``role{role}``.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import func, select
from telegram import Update
from telegram.ext import Application, TypeHandler

from db.models import OutboxMessage

AnyApp = Application[Any, Any, Any, Any, Any, Any]
KEY = "metrics"
ROLES = ("leader", "standby", "single")
SEND_RESULTS = ("sent", "retried", "rate_limited", "failed", "unreachable", "cancelled")
LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
JOB_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0)
COUNT_GROUP = -1000  # before every handler group: an ApplicationHandlerStop cannot skip it


class Metrics:
    """The metric objects of one Application."""

    def __init__(self) -> None:
        self.registry = r = CollectorRegistry()
        self.updates = Counter("hadir_updates", "Updates processed, by kind", ["kind"],
                               registry=r)
        self.handler_errors = Counter("hadir_handler_errors",
                                      "Errors that reached the error handlers", ["source"],
                                      registry=r)
        self.reply_latency = Histogram(
            "hadir_reply_latency_seconds",
            "From a handler taking an update up to its replies flushed",
            buckets=LATENCY_BUCKETS, registry=r)
        self.outbox_pending = Gauge("hadir_outbox_pending", "Outbox messages not sent yet",
                                    registry=r)
        self.outbox_oldest = Gauge("hadir_outbox_oldest_pending_age_seconds",
                                   "Age of the oldest pending outbox message (0: none)",
                                   registry=r)
        self.sends = Counter("hadir_outbox_sends", "Outbox send outcomes", ["result"],
                             registry=r)
        self.job_runs = Counter("hadir_job_runs", "Job runs, by job and result",
                                ["job", "result"], registry=r)
        self.job_duration = Histogram("hadir_job_duration_seconds", "Job run durations",
                                      ["job"], buckets=JOB_BUCKETS, registry=r)
        self.leader = Gauge("hadir_leader",
                            "1 when this process does the leader's work (leader or single)",
                            registry=r)
        self.role = Gauge("hadir_role", "1 for this process's role", ["role"], registry=r)
        for result in SEND_RESULTS:  # present (at 0) before the first drain
            self.sends.labels(result)


def metrics_of(app: AnyApp) -> Metrics | None:
    found: Metrics | None = app.bot_data.get(KEY)
    return found


def update_kind(update: object) -> str:
    """What the update is, for ``hadir_updates_total`` (a small, fixed set)."""
    if not isinstance(update, Update):
        return "other"
    if update.callback_query is not None:
        return "callback_query"
    if update.edited_message is not None:
        return "location_edit" if update.edited_message.location else "edited_message"
    message = update.message
    if message is not None:
        if message.location is not None:
            return "location"
        if message.document is not None or message.photo:
            return "file"
        if message.text and message.text.startswith("/"):
            return "command"
        return "message"
    for kind in ("my_chat_member", "chat_member", "inline_query", "channel_post"):
        if getattr(update, kind, None) is not None:
            return kind
    return "other"


def install(app: AnyApp) -> Metrics:
    """Give the Application its registry, count every update it processes and
    every error that reaches its error handlers."""
    metrics = app.bot_data[KEY] = Metrics()

    async def count_update(update: object, _context: object) -> None:
        metrics.updates.labels(update_kind(update)).inc()

    async def count_error(update: object, _context: object) -> None:
        metrics.handler_errors.labels("update" if update is not None else "job").inc()

    app.add_handler(TypeHandler(Update, count_update), group=COUNT_GROUP)
    app.add_error_handler(count_error)
    return metrics


def observe_reply(app: AnyApp, seconds: float) -> None:
    """One handler's run, from taking the update up to its replies flushed."""
    if (metrics := metrics_of(app)) is not None:
        metrics.reply_latency.observe(seconds)


def count_sends(app: AnyApp, outcomes: Mapping[str, int]) -> None:
    """Add the outbox sender's outcomes (``sent``, ``retried`` ...; other keys ignored)."""
    if (metrics := metrics_of(app)) is None:
        return
    for result in SEND_RESULTS:
        if n := outcomes.get(result, 0):
            metrics.sends.labels(result).inc(n)


JobCallback = Callable[[Any], Coroutine[Any, Any, Any]]


def timed_job(app: AnyApp, name: str, callback: JobCallback) -> JobCallback:
    """``callback`` counted in ``hadir_job_runs_total`` and timed; errors still raise."""
    @functools.wraps(callback)
    async def run(context: Any) -> Any:
        metrics = metrics_of(app)
        start = time.perf_counter()
        result = "error"
        try:
            outcome = await callback(context)
            result = "ok"
            return outcome
        finally:
            if metrics is not None:
                metrics.job_runs.labels(name, result).inc()
                metrics.job_duration.labels(name).observe(time.perf_counter() - start)

    return run


def time_jobs(app: AnyApp) -> None:
    """Wrap the callback of every job scheduled so far (``jobs.schedule_all``)."""
    if app.job_queue is None:
        return
    for job in app.job_queue.jobs():
        if not getattr(job.callback, "__hadir_timed__", False):
            job.callback = timed_job(app, job.name or "job", job.callback)
            job.callback.__hadir_timed__ = True  # type: ignore[attr-defined]


def role_of(app: AnyApp) -> str:
    return str(app.bot_data.get("role", "single"))


async def refresh(app: AnyApp) -> None:
    """Set the gauges read at scrape time: the outbox (one query) and the role."""
    from bot.context import deps_of

    metrics = metrics_of(app)
    if metrics is None:
        return
    role = role_of(app)
    metrics.leader.set(1 if role in ("leader", "single") else 0)
    for known in ROLES:
        metrics.role.labels(known).set(1 if known == role else 0)
    deps = deps_of(app)
    async with deps.db.transaction() as session:
        row = (await session.execute(
            select(func.count(), func.min(OutboxMessage.created_at))
            .where(OutboxMessage.status == "pending"))).one()
    pending, oldest = int(row[0]), row[1]
    metrics.outbox_pending.set(pending)
    age = (deps.clock.now() - oldest).total_seconds() if oldest is not None else 0.0
    metrics.outbox_oldest.set(max(0.0, age))


def exposition(app: AnyApp) -> bytes:
    """The Prometheus text of the Application's registry (empty without one)."""
    metrics = metrics_of(app)
    return generate_latest(metrics.registry) if metrics is not None else b""
