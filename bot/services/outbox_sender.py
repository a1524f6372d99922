"""The sender that drains the outbox within Telegram's limits.

One ``OutboxSender`` per Application, made and run by ``jobs.outbox``. Each
round first settles the due rows (``bot.services.outbox_recipients``: the
chat each person is bound to now, nothing for an inactive person, the next
one up for work waiting on them, nothing for a reminder no longer applying),
then claims the due rows (the oldest pending row of each chat, so a chat's
messages keep their order), paces them through token buckets on the real
monotonic clock (they pace real HTTP calls) and records each outcome in its
own short transaction, never one held open across an HTTP call. Times written
to rows come from the injected clock, so tests move a ``ManualClock``.

Outcomes: sent → ``sent``; 429 → the row waits ``retry_after`` and all sending
pauses that long (floods are bot-wide), not counted as a try (but at most
3 × max_attempts floods per row and process); 5xx, timeouts, network and
unknown errors → retried with exponential backoff and jitter, ``failed``
after ``outbox_max_attempts`` tries; 400 → ``failed`` at once; 403 →
``unreachable``, the binding is marked and the supervisor told once.

Exactly once, and where it is only at least once: a row is marked sent as soon
as Telegram confirms, and a graceful stop lets the call in flight finish and
be recorded (``Application.stop`` awaits the drain task). A request lost
before Telegram processed it is retried safely. But a timeout after Telegram
*did* process the request (the answer was lost) is ambiguous: the Bot API has
no idempotency key, so the retry sends a duplicate. The send timeout is
therefore generous (``send_timeout_s``, 30 s against Telegram's usual
sub-second answers), which makes that case rare but not impossible.

Two senders (two leaders for a moment, bot.leader): each batch is claimed
(``bot.services.outbox_claims``: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL) for
a send timeout plus two leases; a send starts only while the claim outlasts
its timeout, the lease row is checked before each batch, and no send starts
once this process's lease has run out by the clock. What a batch did not send
is handed back when it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import warnings
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InputFile
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Application
from telegram.warnings import PTBDeprecationWarning

from bot.context import deps_of
from bot.leader import ELECTOR_KEY, new_holder
from bot.metrics import count_sends
from bot.rules.pacing import Monotonic, RateLimiter
from bot.services.outbox import (
    DueMessage,
    due_messages,
    mark_failed,
    mark_sent,
    mark_unreachable,
    schedule_retry,
)
from bot.services.outbox_claims import claim_allows, release
from bot.services.outbox_recipients import settle_due

log = logging.getLogger(__name__)

FLOODS_PER_TRY = 3  # 429s allowed per row = FLOODS_PER_TRY × outbox_max_attempts
NAP_S = 0.2  # longest uninterrupted sleep: a stop request is noticed this fast
Sleep = Callable[[float], Awaitable[Any]]
AnyApp = Application[Any, Any, Any, Any, Any, Any]


@dataclass
class DrainStats:
    sent: int = 0
    retried: int = 0  # transient errors: tried again later
    rate_limited: int = 0  # 429 answers
    failed: int = 0
    unreachable: int = 0
    notices: int = 0  # supervisors told that someone became unreachable
    cancelled: int = 0  # no longer applying: an inactive recipient, a stale reminder
    expired: int = 0  # claims run out before the send could start (sent by a later batch)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _retry_after_s(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # int vs timedelta migration notice of PTB 22
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _message_id(result: object) -> int | None:
    if isinstance(result, list) and result:
        result = result[0]
    if isinstance(result, dict) and isinstance(result.get("message_id"), int):
        return int(result["message_id"])
    return None


class OutboxSender:
    """Drains the outbox of one Application; see the module docstring."""

    def __init__(
        self, app: AnyApp, *, concurrency: int | None = None, batch_size: int = 200,
        send_timeout_s: float | None = None, monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep, rng: random.Random | None = None,
    ) -> None:
        self._app = app
        self._deps = deps_of(app)
        settings = self._deps.settings
        self.settings = settings
        self.limiter = RateLimiter(settings.outbox_global_rate_per_s,
                                   settings.outbox_per_chat_rate_per_s, monotonic)
        self._concurrency = concurrency or settings.outbox_concurrency
        self._batch_size = batch_size
        self._send_timeout = send_timeout_s or settings.outbox_send_timeout_s
        # the rows of a batch are this sender's for a send timeout plus two leases
        # (bot.services.outbox_claims); the claimer is unique per sender
        self.claimer = new_holder()
        self.claim = timedelta(seconds=self._send_timeout + 2 * settings.leader_lease_s)
        self._monotonic, self._sleep = monotonic, sleep
        self._rng = rng or random.Random()
        self._wake = asyncio.Event()  # set by wake(), awaited by idle()
        self._lock = asyncio.Lock()  # one drain at a time: never two sends of one row
        self._stop_requested = False
        self._floods: dict[int, int] = {}  # row id -> 429s seen by this process
        # sent, recording that failed: row id -> (Telegram's message id, the file uploaded)
        self._unrecorded: dict[int, tuple[int | None, int | None]] = {}

    # ------------------------------------------------------------ control

    def wake(self) -> None:
        """Drain now rather than after the poll interval (after a handler commits)."""
        self._wake.set()

    def request_stop(self) -> None:
        """Finish the calls in flight, record them, then return from drain/run."""
        self._stop_requested = True
        self._wake.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop_requested

    async def idle(self, seconds: float, stopping: Callable[[], bool]) -> None:
        """Wait until woken, stopping, or ``seconds`` pass; clears the wake-up."""
        deadline = time.monotonic() + seconds
        while not stopping() and not self._wake.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), min(left, NAP_S))
        self._wake.clear()

    async def drain(self, *, until_empty: bool = False,
                    stopping: Callable[[], bool] | None = None) -> DrainStats:
        """Send what is due: one batch, or with ``until_empty`` batches until
        nothing is due (rows waiting for a later retry stay pending). Returns
        early, with the calls in flight finished and recorded, once
        ``request_stop()`` was called or ``stopping()`` is true."""
        def stop() -> bool:
            return (self._stop_requested or (stopping is not None and stopping())
                    or self._lease_lost())

        return await self._drain(until_empty=until_empty, stopping=stop)

    # ------------------------------------------------------------ rounds

    async def _drain(self, *, until_empty: bool, stopping: Callable[[], bool]) -> DrainStats:
        stats = DrainStats()
        async with self._lock:
            while not stopping():
                before = asdict(stats)
                await self._record_unrecorded()
                if not await self._leading():  # a standby's sender sends nothing
                    break
                async with self._deps.db.transaction() as session:
                    now = self._deps.clock.now()
                    settled = await settle_due(
                        session, now=now, default_language=self.settings.default_language)
                    stats.cancelled += settled
                    batch = await due_messages(session, now=now, limit=self._batch_size,
                                               skip=frozenset(self._unrecorded),
                                               claimer=self.claimer,
                                               claim_until=now + self.claim)
                if not batch:
                    count_sends(self._app, {"cancelled": stats.cancelled - before["cancelled"]})
                    break
                todo = iter(batch)  # shared by the workers: each row goes to one of them
                workers = min(self._concurrency, len(batch))
                try:
                    await asyncio.gather(*(self._work(todo, stats, stopping)
                                           for _ in range(workers)))
                finally:
                    await self._release()  # what this batch did not send is free again
                count_sends(self._app, {k: v - before[k] for k, v in asdict(stats).items()})
                if not until_empty:
                    break
        return stats

    async def _leading(self) -> bool:
        """Without a lease (SQLite, tests) always; else the lease row still
        names this process at its epoch (checked in the database)."""
        elector = self._app.bot_data.get(ELECTOR_KEY)
        return elector is None or bool(await elector.still_leading())

    def _lease_lost(self) -> bool:
        """Our term ran out by the clock: start no more sends (no database call)."""
        elector = self._app.bot_data.get(ELECTOR_KEY)
        return elector is not None and (elector.term is None or elector.expired())

    async def _release(self) -> None:
        try:
            async with self._deps.db.transaction() as session:
                await release(session, self.claimer, keep=set(self._unrecorded))
        except Exception:  # the database away: the claims run out by themselves
            log.warning("outbox: could not hand back unsent claims; they expire")

    async def _work(self, todo: Iterator[DueMessage], stats: DrainStats,
                    stopping: Callable[[], bool]) -> None:
        for message in todo:
            if stopping():
                return
            if not claim_allows(message.claimed_until, self._deps.clock.now(),
                                self._send_timeout):
                stats.expired += 1  # too late to start under this claim: released below
                continue
            await self._deliver(message, stats, stopping)

    async def _nap(self, seconds: float, stopping: Callable[[], bool]) -> bool:
        """Sleep, waking early to a stop request; False when stopping."""
        end = self._monotonic() + seconds
        while not stopping():
            left = end - self._monotonic()
            if left <= 0:
                return True
            await self._sleep(min(left, NAP_S))
        return False

    async def _pace(self, chat_id: int, stopping: Callable[[], bool]) -> bool:
        while True:
            wait = self.limiter.chat_wait(chat_id)
            if wait > 0 and not await self._nap(wait, stopping):
                return False
            if wait > 0:
                continue
            wait = self.limiter.bucket.reserve()
            if wait > 0 and not await self._nap(wait, stopping):
                return False
            if self.limiter.chat_wait(chat_id) <= 0:  # no 429 arrived meanwhile
                return True

    async def _deliver(self, message: DueMessage, stats: DrainStats,
                       stopping: Callable[[], bool]) -> None:
        if message.unreachable:
            await self._record(message, lambda s: mark_unreachable(
                s, message, now=self._deps.clock.now(), error="not sent: chat unreachable",
                default_language=self.settings.default_language, blocked_now=False))
            stats.unreachable += 1
            return
        if not await self._pace(message.chat_id, stopping):
            return  # stopping: the row stays pending, untouched
        # shielded: once the request is out, its outcome is recorded even if we are cancelled
        await asyncio.shield(self._attempt(message, stats))

    # ------------------------------------------------------------ one call

    async def _call(self, message: DueMessage) -> object:
        # Bot API method names are case-insensitive; the lower-case name keeps PTB from
        # suggesting its typed method (which would need objects, not the stored JSON)
        kwargs = dict(message.payload)
        if message.file is not None:  # an upload: multipart, the bytes kept with the row
            kwargs[message.file.field] = InputFile(message.file.content,
                                                   filename=message.file.name)
        return await self._app.bot.do_api_request(
            message.method.lower(), api_kwargs=kwargs, read_timeout=self._send_timeout,
        )

    async def _attempt(self, message: DueMessage, stats: DrainStats) -> None:
        try:
            result = await self._call(message)
        except RetryAfter as exc:
            await self._flooded(message, _retry_after_s(exc), exc, stats)
        except Forbidden as exc:
            await self._blocked(message, exc, stats)
        except (BadRequest, ChatMigrated, EndPointNotFound) as exc:
            error = _describe(exc)
            log.warning("outbox: row %s failed for good: %s", message.id, error)
            await self._give_up(message, message.attempts + 1, error)
            stats.failed += 1
        except Exception as exc:  # 5xx, timeouts, network; unknown ones with a traceback
            if isinstance(exc, TelegramError):
                log.warning("outbox: row %s: %s", message.id, _describe(exc))
            else:
                log.exception("outbox: row %s: unexpected error", message.id)
            await self._transient(message, exc, stats)
        else:
            await self._sent(message, _message_id(result), stats)
        finally:
            self.limiter.answered(message.chat_id)

    async def _record(self, message: DueMessage,
                      change: Callable[[AsyncSession], Awaitable[object]]) -> bool:
        try:
            async with self._deps.db.transaction() as session:
                await change(session)
        except Exception:
            log.exception("outbox: could not record the outcome of row %s", message.id)
            return False
        return True

    async def _sent(self, message: DueMessage, telegram_id: int | None, stats: DrainStats
                    ) -> None:
        stats.sent += 1
        self._floods.pop(message.id, None)
        now = self._deps.clock.now()
        file_id = message.file.id if message.file is not None else None
        if not await self._record(message, lambda s: mark_sent(
                s, message.id, at=now, telegram_message_id=telegram_id, file_id=file_id)):
            self._unrecorded[message.id] = (telegram_id, file_id)  # never resend; record later

    async def _record_unrecorded(self) -> None:
        for row_id, (telegram_id, file_id) in list(self._unrecorded.items()):
            try:
                async with self._deps.db.transaction() as session:
                    await mark_sent(session, row_id, at=self._deps.clock.now(),
                                    telegram_message_id=telegram_id, file_id=file_id)
            except Exception:
                log.warning("outbox: row %s still not recorded as sent", row_id)
                return
            del self._unrecorded[row_id]

    async def _flooded(self, message: DueMessage, seconds: float, exc: RetryAfter,
                       stats: DrainStats) -> None:
        stats.rate_limited += 1
        self.limiter.pause(seconds)
        floods = self._floods[message.id] = self._floods.get(message.id, 0) + 1
        if floods >= FLOODS_PER_TRY * self.settings.outbox_max_attempts:
            self._floods.pop(message.id, None)
            stats.failed += 1
            error = f"{_describe(exc)} (gave up after {floods} floods)"
            await self._give_up(message, message.attempts, error)
            return
        due = self._deps.clock.now() + timedelta(seconds=seconds)
        await self._record(message, lambda s: schedule_retry(
            s, message.id, attempts=message.attempts, next_attempt_at=due,
            error=_describe(exc)))

    async def _give_up(self, message: DueMessage, attempts: int, error: str) -> None:
        settings = self.settings
        await self._record(message, lambda s: mark_failed(
            s, message.id, attempts=attempts, error=error, alert_chat_id=settings.admin_chat_id,
            now=self._deps.clock.now(), lang=settings.default_language))

    def backoff_s(self, attempts: int) -> float:
        """After the ``attempts``-th failed try: base·2^(attempts-1), capped, less 0-25 %."""
        s = self.settings
        nominal = min(s.outbox_backoff_base_s * 2 ** (attempts - 1), s.outbox_backoff_max_s)
        return nominal * self._rng.uniform(0.75, 1.0)

    async def _transient(self, message: DueMessage, exc: BaseException, stats: DrainStats
                         ) -> None:
        attempts = message.attempts + 1
        if attempts >= self.settings.outbox_max_attempts:
            stats.failed += 1
            await self._give_up(message, attempts, _describe(exc))
            return
        stats.retried += 1
        due = self._deps.clock.now() + timedelta(seconds=self.backoff_s(attempts))
        await self._record(message, lambda s: schedule_retry(
            s, message.id, attempts=attempts, next_attempt_at=due, error=_describe(exc)))

    async def _blocked(self, message: DueMessage, exc: Forbidden, stats: DrainStats) -> None:
        stats.unreachable += 1
        told: list[bool] = []

        async def change(session: AsyncSession) -> None:
            told.append(await mark_unreachable(
                session, message, now=self._deps.clock.now(), error=_describe(exc),
                default_language=self.settings.default_language, blocked_now=True))

        if await self._record(message, change) and told[0]:
            stats.notices += 1
            self.wake()

