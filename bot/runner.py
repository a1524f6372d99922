"""``hadir run``'s life: lead when holding the lease, wait as a standby when not.

One Application, initialised once. On SQLite (no lease, role ``single``) it
simply leads until SIGTERM/SIGINT. On PostgreSQL a heartbeat task
(``bot.leader.Elector``) renews or takes the lease every third of
``LEADER_LEASE_S``, on its own so that a slow Telegram never delays a renewal;
the main loop makes the process match the lease:

* becoming leader: the job schedule is built (anew after an earlier term: see
  below), ``Application.start()`` starts the job queue — whose first job
  starts the outbox sender (jobs.outbox) — and the receiver starts receiving
  updates (polling here; the webhook mode plugs its own ``Receiver`` in);
* losing the lease: the role turns ``standby`` first (a webhook POST is then
  answered 503), the receiver stops, ``Application.stop()`` lets the updates
  and jobs in progress finish and the sender record its sends in flight; then
  the process waits to lead again, without a restart.

The job queue across terms: PTB's ``JobQueue.stop()`` shuts APScheduler down,
and APScheduler 3's memory job store *drops every job* on shutdown
(``MemoryJobStore.shutdown`` calls ``remove_all_jobs``); the scheduler itself
starts again fine. So each new term schedules the jobs anew with
``jobs.schedule_all`` — the jobs keep only ids and read the database, and the
day's windows are claimed in the database, so a job run by two leaders for a
moment, or missed while nobody led, is done once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Sequence
from typing import Protocol

from telegram import Update

from bot.context import HadirApp, deps_of
from bot.inbox import inbox_of
from bot.leader import ELECTOR_KEY, LEADER, ROLE_KEY, SINGLE, STANDBY, Elector, Lease, uses_lease
from bot.persistence import reload_flows
from jobs import schedule_all

log = logging.getLogger(__name__)


class Receiver(Protocol):
    """How updates arrive while this process leads: polling, or the webhook
    (``start``: setWebhook to this host; ``stop``: stop taking them)."""

    async def start(self, app: HadirApp) -> None: ...

    async def stop(self, app: HadirApp) -> None: ...


class Service(Protocol):
    """Runs whatever the role (an HTTP server for /healthz and /metrics, which
    must answer on a standby too): started after initialise, stopped last."""

    async def start(self, app: HadirApp) -> None: ...

    async def stop(self, app: HadirApp) -> None: ...


class Polling:
    """getUpdates. ``bootstrap_retries``: -1 retries the first deleteWebhook
    forever (one process); a failover process retries by leading again."""

    def __init__(self, bootstrap_retries: int = -1) -> None:
        self.bootstrap_retries = bootstrap_retries

    async def start(self, app: HadirApp) -> None:
        assert app.updater is not None
        await app.updater.start_polling(allowed_updates=Update.ALL_TYPES,
                                        bootstrap_retries=self.bootstrap_retries)

    async def stop(self, app: HadirApp) -> None:
        if app.updater is not None and app.updater.running:
            await app.updater.stop()


class Runner:
    def __init__(self, app: HadirApp, receiver: Receiver, *, elector: Elector | None,
                 services: Sequence[Service] = ()) -> None:
        self.app, self.receiver, self.elector = app, receiver, elector
        self.services = services
        self.leading = False
        self.terms = 0  # how many times this process started leading
        self._changed = asyncio.Event()
        app.bot_data[ROLE_KEY] = SINGLE if elector is None else STANDBY
        if elector is not None:
            app.bot_data[ELECTOR_KEY] = elector

    # ------------------------------------------------------------ transitions

    async def lead(self) -> None:
        app = self.app
        jq = app.job_queue
        if jq is not None and not jq.scheduler.get_jobs():  # dropped by the last stop
            schedule_all(app)
        if self.elector is not None:  # others may have led since this process started
            await reload_flows(app)  # the flows as the last leader left them
            if inbox := inbox_of(app):
                await inbox.replay(app)  # what the last leader left unhandled
        await app.start()
        # the role first: a webhook POST that follows setWebhook at once is taken
        app.bot_data[ROLE_KEY] = LEADER if self.elector is not None else SINGLE
        try:
            await self.receiver.start(app)
        except BaseException:
            if self.elector is not None:
                app.bot_data[ROLE_KEY] = STANDBY
            await app.stop()
            raise
        self.leading, self.terms = True, self.terms + 1
        log.info("leading: receiving updates, running the jobs and the outbox")

    async def follow(self) -> None:
        """Stop leader work; never raises (each step on its own)."""
        app = self.app
        if self.elector is not None:
            app.bot_data[ROLE_KEY] = STANDBY
        self.leading = False
        try:
            await self.receiver.stop(app)
        except Exception:
            log.exception("stopping the updates failed")
        if app.running:
            try:
                await app.stop()
            except Exception:
                log.exception("stopping the application failed")
        log.info("standing by")

    async def reconcile(self) -> None:
        """Make the process match the lease: lead, or stand by."""
        elector = self.elector
        want = elector is None or (elector.role == LEADER and not elector.expired())
        if want and not self.leading:
            try:
                await self.lead()
            except Exception:  # e.g. Telegram unreachable from this host: let the other lead
                log.exception("could not start leading; handing the lease on")
                await self.follow()
                if elector is not None:
                    await elector.resign()
        elif not want and self.leading:
            await self.follow()

    # ------------------------------------------------------------ the loops

    async def heartbeat(self) -> None:
        elector = self.elector
        assert elector is not None
        while True:
            before = elector.role
            try:
                await elector.tick()
            except Exception:  # tick catches the database's errors; anything else: log, go on
                log.exception("leader heartbeat failed")
            if elector.role != before:
                self._changed.set()
            await asyncio.sleep(elector.next_tick_s())

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop`` is set: lead or stand by as the lease says."""
        app = self.app
        await app.initialize()
        if app.post_init:
            await app.post_init(app)
        for service in self.services:
            await service.start(app)
        beat = (asyncio.create_task(self.heartbeat(), name="leader-heartbeat")
                if self.elector is not None else None)
        try:
            while not stop.is_set():
                self._changed.clear()  # first: a change during reconcile() is not lost
                await self.reconcile()
                waits = [asyncio.create_task(stop.wait()),
                         asyncio.create_task(self._changed.wait())]
                timeout = self.elector.interval_s if self.elector is not None else None
                _, idle = await asyncio.wait(waits, timeout=timeout,
                                             return_when=asyncio.FIRST_COMPLETED)
                for task in idle:
                    task.cancel()
        finally:
            if beat is not None:
                beat.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await beat
            if self.leading:
                await self.follow()
            if self.elector is not None:
                await self.elector.resign()  # a standby need not wait the lease out
            for service in reversed(self.services):
                await service.stop(app)
            await app.shutdown()
            if app.post_shutdown:
                await app.post_shutdown(app)


def standby_elector(app: HadirApp) -> Elector | None:
    """The lease's elector on PostgreSQL; None on SQLite (one process)."""
    deps = deps_of(app)
    if not uses_lease(deps.db):
        return None
    return Elector(Lease(deps.db, deps.clock, lease_s=deps.settings.leader_lease_s))


def run_forever(runner: Runner, loop: asyncio.AbstractEventLoop) -> None:
    """Run on ``loop`` until SIGTERM or SIGINT, then stop cleanly."""
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        loop.run_until_complete(runner.run(stop))
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
