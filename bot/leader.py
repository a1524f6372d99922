"""Who leads: one ``hadir run`` process among several on one PostgreSQL database.

Active/standby. Every process runs the same command; exactly one of them holds
the lease and is the *leader*: it receives updates (polling or the webhook),
runs the job queue and the outbox sender. The others are *standbys*: they try
to take the lease every third of ``LEADER_LEASE_S`` and take over within
``LEADER_LEASE_S`` once the leader stops renewing (killed, hung, cut off from
the database).

Why a lease row and not ``pg_advisory_lock``: an advisory lock belongs to one
database *session*. Behind PgBouncer in transaction mode a session is not one
connection, so the lock is taken on a server connection another client may
use next, and released by nobody (or by somebody else); and when the
connection carrying the lock drops (a network cut, a PostgreSQL restart, a
pool recycling it) the lock is silently gone while the process still believes
it leads. A row survives all of that: it lives in a table, is read and written
in ordinary short transactions through any pooler, and says *who* leads until
*when*.

The row (``leader_lease``): ``holder`` (``host:pid:random``), ``epoch`` (a
fencing counter, +1 on every takeover), ``expires_at`` and ``renewed_at``.
Taking it is one statement: ``UPDATE … SET holder=me, epoch=epoch+1 WHERE
name=… AND (expires_at < now OR holder = me) RETURNING epoch`` (the very first
process inserts the row). Renewing is ``UPDATE … WHERE holder = me AND epoch =
my epoch``: a leader whose renewal finds someone else's epoch has been
replaced and steps down at once. A leader that cannot reach the database
keeps leading until its own ``expires_at`` and steps down then — the moment a
standby may take over — so a PostgreSQL restart shorter than the lease keeps
the same leader, and a longer one ends with exactly one. A step-down stops
receiving updates, the job queue and the outbox sender; the process becomes a
standby and tries again, with no restart. After a renewal failed (a database
failover, a reconnect) nothing is trusted: the next successful renewal checks
holder and epoch again, and the outbox sender checks the epoch before every
batch (``still_leading``) besides claiming its rows with ``FOR UPDATE SKIP
LOCKED`` (bot.services.outbox), so even two leaders for a moment never send a
row twice.

Times are the injected clock's (``deps.clock``), compared across hosts: the
hosts must keep their clocks in step (NTP); a skew of ``s`` seconds shortens
or lengthens the takeover by ``s``.

SQLite has no lease: one process, role ``single``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import select, update

from bot.clock import Clock
from db.models import LeaderLease
from db.session import Database, dialect_insert

log = logging.getLogger(__name__)
T = TypeVar("T")

LEASE_NAME = "hadir"
LEADER, STANDBY, SINGLE = "leader", "standby", "single"
ROLE_KEY = "role"  # app.bot_data[ROLE_KEY]: one of the three (read by /healthz, metrics)
ELECTOR_KEY = "elector"  # app.bot_data[ELECTOR_KEY]: this process's Elector (PostgreSQL)


def new_holder() -> str:
    """``host:pid:random``: unique even for a pid reused after a restart."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{secrets.token_hex(4)}"


def uses_lease(db: Database) -> bool:
    """Failover needs PostgreSQL; SQLite is one process (role ``single``)."""
    return db.dialect == "postgresql"


@dataclass(frozen=True)
class Term:
    """One stretch of leadership: the epoch taken and when it ends unless renewed."""

    epoch: int
    expires_at: datetime


class Lease:
    """The lease row, seen by one process. Every call is one short transaction;
    a database error propagates (the caller, ``Elector``, decides)."""

    def __init__(self, db: Database, clock: Clock, *, lease_s: float,
                 holder: str | None = None, name: str = LEASE_NAME) -> None:
        self.db, self.clock, self.name = db, clock, name
        self.lease = timedelta(seconds=lease_s)
        self.holder = holder or new_holder()

    async def take(self) -> Term | None:
        """Take the lease if it is free (expired, or ours): a new term with the
        next epoch; None while another holder's lease runs."""
        now = self.clock.now()
        expires = now + self.lease
        async with self.db.transaction() as session:
            epoch = await session.scalar(
                update(LeaderLease)
                .where(LeaderLease.name == self.name,
                       (LeaderLease.expires_at < now) | (LeaderLease.holder == self.holder))
                .values(holder=self.holder, epoch=LeaderLease.epoch + 1, expires_at=expires,
                        renewed_at=now)
                .returning(LeaderLease.epoch))
            if epoch is None:  # the first process ever, or someone else holds it
                insert = dialect_insert(session)
                epoch = await session.scalar(
                    insert(LeaderLease)
                    .values(name=self.name, holder=self.holder, epoch=1, expires_at=expires,
                            renewed_at=now)
                    .on_conflict_do_nothing(index_elements=["name"])
                    .returning(LeaderLease.epoch))
        return Term(int(epoch), expires) if epoch is not None else None

    async def renew(self, term: Term) -> Term | None:
        """Extend ``term``; None when the row is no longer ours at this epoch
        (someone took over: step down)."""
        now = self.clock.now()
        expires = now + self.lease
        async with self.db.transaction() as session:
            epoch = await session.scalar(
                update(LeaderLease)
                .where(LeaderLease.name == self.name, LeaderLease.holder == self.holder,
                       LeaderLease.epoch == term.epoch)
                .values(expires_at=expires, renewed_at=now)
                .returning(LeaderLease.epoch))
        return Term(term.epoch, expires) if epoch is not None else None

    async def holds(self, epoch: int) -> bool:
        """The row still names us at ``epoch`` and has not expired."""
        async with self.db.transaction() as session:
            row = await session.scalar(select(LeaderLease).where(LeaderLease.name == self.name))
        return (row is not None and row.holder == self.holder and row.epoch == epoch
                and row.expires_at > self.clock.now())

    async def release(self, term: Term) -> None:
        """A graceful stop: the lease ends now, so a standby need not wait it out."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            await session.execute(
                update(LeaderLease)
                .where(LeaderLease.name == self.name, LeaderLease.holder == self.holder,
                       LeaderLease.epoch == term.epoch)
                .values(expires_at=now - timedelta(microseconds=1)))


class Elector:
    """The heartbeat of one process: ``tick()`` once every ``interval_s``.

    A standby's tick tries to take the lease; a leader's renews it, and steps
    down when the row names someone else or when its term has run out without
    a renewal. Every database call is bounded (a third of the lease), so a
    hung connection cannot keep a stale leader leading."""

    def __init__(self, lease: Lease) -> None:
        self.lease = lease
        self.term: Term | None = None

    @property
    def role(self) -> str:
        return LEADER if self.term is not None else STANDBY

    @property
    def interval_s(self) -> float:
        return self.lease.lease.total_seconds() / 3

    @property
    def epoch(self) -> int | None:
        return self.term.epoch if self.term is not None else None

    async def _bounded(self, call: Awaitable[T]) -> T:
        return await asyncio.wait_for(call, timeout=self.interval_s)

    def next_tick_s(self) -> float:
        """Seconds to the next heartbeat: a third of the lease, or sooner when
        our term would run out first (then the tick steps down on time)."""
        if self.term is None:
            return self.interval_s
        left = (self.term.expires_at - self.lease.clock.now()).total_seconds()
        return max(0.05, min(self.interval_s, left))

    async def tick(self) -> str:
        """One heartbeat; the role after it."""
        if self.term is None:
            try:
                self.term = await self._bounded(self.lease.take())
            except Exception as exc:  # the database away: stay standby, try again
                log.warning("leader lease: cannot reach the database (%s)", type(exc).__name__)
            if self.term is not None:
                log.info("leader lease: leading as %s, epoch %s", self.lease.holder,
                         self.term.epoch)
            return self.role
        term = self.term
        try:
            renewed = await self._bounded(self.lease.renew(term))
        except Exception as exc:
            if self.lease.clock.now() >= term.expires_at:
                log.warning("leader lease: not renewed before it expired (%s): stepping down",
                            type(exc).__name__)
                self.term = None
            else:
                log.warning("leader lease: renewal failed (%s); leading until %s",
                            type(exc).__name__, term.expires_at.isoformat())
            return self.role
        if renewed is None:
            log.warning("leader lease: another process took over: stepping down")
        self.term = renewed
        return self.role

    def expired(self) -> bool:
        """Our term ran out by the clock (no renewal since): no more leader work."""
        return self.term is not None and self.lease.clock.now() >= self.term.expires_at

    async def still_leading(self) -> bool:
        """Checked by the outbox sender before each batch: the row still names
        us at our epoch (False on any doubt, such as the database away)."""
        term = self.term
        if term is None or self.expired():
            return False
        try:
            return await self._bounded(self.lease.holds(term.epoch))
        except Exception:
            return False

    async def resign(self) -> None:
        """Give the lease up (a graceful stop); never raises."""
        term, self.term = self.term, None
        if term is None:
            return
        try:
            await self._bounded(self.lease.release(term))
        except Exception as exc:
            log.warning("leader lease: could not release (%s); it expires by itself",
                        type(exc).__name__)
