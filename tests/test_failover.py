"""Active/standby on PostgreSQL: two Applications on one database, one leads.

The heartbeat is driven by hand (``Elector.tick``, ``Runner.reconcile``) and
time by the ManualClock, so a lease running out takes no real time. The lease
is PostgreSQL's (SQLite is one process, role ``single``): the PostgreSQL-only
tests skip their SQLite parameter, saying so.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.emulator import BotApiEmulator
from bot.leader import ELECTOR_KEY, LEADER, ROLE_KEY, SINGLE, STANDBY, Elector, Lease
from bot.runner import Runner
from bot.services.outbox import due_messages, enqueue
from bot.services.outbox_sender import OutboxSender
from db.models import LeaderLease, OutboxMessage
from db.session import Database
from jobs.outbox import TASK_KEY
from tests.test_e2e import until

LEASE_S = 15.0


def postgresql_only(db: Database) -> None:
    if db.dialect != "postgresql":
        pytest.skip("failover needs PostgreSQL: on SQLite Hadir is one process (role single)")


class Receiver:
    """Counts start/stop of receiving updates (real polling: the e2e test)."""

    def __init__(self) -> None:
        self.receiving = False
        self.starts = 0

    async def start(self, app: Any) -> None:
        self.receiving, self.starts = True, self.starts + 1

    async def stop(self, app: Any) -> None:
        self.receiving = False


class FlakyLease(Lease):
    """A lease whose database can be cut off (``down``)."""

    down = False

    def _check(self) -> None:
        if self.down:
            raise ConnectionRefusedError("database unreachable")

    async def take(self) -> Any:
        self._check()
        return await super().take()

    async def renew(self, term: Any) -> Any:
        self._check()
        return await super().renew(term)

    async def holds(self, epoch: int) -> bool:
        self._check()
        return await super().holds(epoch)


class Node:
    """One ``hadir run`` process: its Application, lease, elector and runner."""

    def __init__(self, harness: Any, db: Database, clock: ManualClock, name: str) -> None:
        self.app = harness.app
        self.lease = FlakyLease(db, clock, lease_s=LEASE_S, holder=f"host-{name}:1:ab")
        self.elector = Elector(self.lease)
        self.receiver = Receiver()
        self.runner = Runner(self.app, self.receiver, elector=self.elector)

    async def beat(self) -> str:
        await self.elector.tick()
        await self.runner.reconcile()
        return str(self.app.bot_data[ROLE_KEY])

    @property
    def role(self) -> str:
        return str(self.app.bot_data[ROLE_KEY])


@pytest.fixture
async def nodes(make_harness: Any, db: Database, clock: ManualClock) -> Any:
    postgresql_only(db)
    made = [Node(await make_harness(), db, clock, name) for name in ("a", "b")]
    yield made
    for node in made:
        await node.runner.follow()


async def lease_row(db: Database) -> LeaderLease:
    async with db.transaction() as s:
        row = await s.scalar(select(LeaderLease))
    assert row is not None
    return row


async def test_exactly_one_of_two_leads_and_the_standby_takes_over_after_the_lease(
        nodes: list[Node], db: Database, clock: ManualClock) -> None:
    a, b = nodes
    assert [await a.beat(), await b.beat()] == [LEADER, STANDBY]
    assert a.app.running and a.receiver.receiving
    assert not b.app.running and not b.receiver.receiving
    for _ in range(3):  # heartbeats every third of the lease keep it
        clock.advance(seconds=LEASE_S / 3)
        assert [await a.beat(), await b.beat()] == [LEADER, STANDBY]
    first = a.elector.epoch
    assert first is not None and (await lease_row(db)).holder == a.lease.holder

    # a dies: no more heartbeats. Just before the lease runs out b still waits
    clock.advance(seconds=LEASE_S - 0.5)
    assert await b.beat() == STANDBY
    clock.advance(seconds=1)
    assert await b.beat() == LEADER
    assert b.app.running and b.receiver.receiving
    assert b.elector.epoch is not None and b.elector.epoch > first
    row = await lease_row(db)
    assert (row.holder, row.epoch) == (b.lease.holder, b.elector.epoch)

    # a comes back (it was only hung): its next heartbeat is refused, it steps down
    assert await a.beat() == STANDBY
    assert not a.app.running and not a.receiver.receiving
    assert await a.beat() == STANDBY  # and keeps waiting while b renews
    clock.advance(seconds=LEASE_S / 3)
    assert [await b.beat(), await a.beat()] == [LEADER, STANDBY]


async def test_a_second_term_starts_the_jobs_and_the_sender_again(
        nodes: list[Node], clock: ManualClock) -> None:
    """APScheduler's memory store drops every job on shutdown: a new term
    schedules them anew, without a process restart."""
    a, b = nodes
    assert await a.beat() == LEADER
    assert a.app.job_queue is not None
    scheduled = {job.name for job in a.app.job_queue.jobs()}
    assert "outbox-watchdog" in scheduled
    clock.advance(seconds=LEASE_S + 1)
    assert await b.beat() == LEADER
    assert await a.beat() == STANDBY
    assert a.app.job_queue.jobs() == ()  # the stop emptied the schedule
    await b.runner.follow()
    await b.elector.resign()  # a graceful stop hands the lease over at once
    assert await a.beat() == LEADER
    assert a.receiver.starts == 2
    assert {job.name for job in a.app.job_queue.jobs()} >= scheduled - {"outbox-start"}
    first_task = a.app.bot_data.get(TASK_KEY)
    assert first_task is not None and first_task.done()  # the first term's sender ended
    await until(lambda: a.app.bot_data.get(TASK_KEY) is not first_task
                and not a.app.bot_data[TASK_KEY].done(), "a new outbox sender")


async def test_a_database_outage_shorter_than_the_lease_keeps_the_leader(
        nodes: list[Node], clock: ManualClock) -> None:
    a, b = nodes
    assert [await a.beat(), await b.beat()] == [LEADER, STANDBY]
    epoch = a.elector.epoch
    a.lease.down = b.lease.down = True  # PostgreSQL restarting
    for _ in range(2):
        clock.advance(seconds=LEASE_S / 3)
        assert [await a.beat(), await b.beat()] == [LEADER, STANDBY]
    assert not await a.elector.still_leading()  # no leader work while unsure
    a.lease.down = b.lease.down = False
    clock.advance(seconds=LEASE_S / 3 - 1)  # back before the lease ran out
    assert [await a.beat(), await b.beat()] == [LEADER, STANDBY]
    assert a.elector.epoch == epoch and await a.elector.still_leading()


async def test_a_longer_outage_ends_with_one_leader(
        nodes: list[Node], clock: ManualClock) -> None:
    a, b = nodes
    assert [await a.beat(), await b.beat()] == [LEADER, STANDBY]
    first = a.elector.epoch
    a.lease.down = True  # a is cut off from the database; b is not
    clock.advance(seconds=LEASE_S / 3)
    assert await a.beat() == LEADER  # still within its lease
    clock.advance(seconds=LEASE_S)
    assert await a.beat() == STANDBY  # the lease ran out unrenewed: stepped down at once
    assert not a.app.running and not a.receiver.receiving
    assert await b.beat() == LEADER
    a.lease.down = False  # back: a finds b's higher epoch and stays standby
    assert [await a.beat(), await b.beat()] == [STANDBY, LEADER]
    assert b.elector.epoch is not None and first is not None and b.elector.epoch > first


async def test_a_replaced_leader_sends_nothing_from_the_outbox(
        nodes: list[Node], db: Database, clock: ManualClock, emulator: BotApiEmulator) -> None:
    """Before each batch the sender checks the lease row: a leader replaced
    behind its back (here: b's clock runs 20 s ahead) sends nothing more."""
    a, b = nodes
    assert await a.beat() == LEADER
    await a.runner.follow()  # keep a's own background sender out of the way
    a.runner.leading = True
    a.app.bot_data[ROLE_KEY] = LEADER
    ahead = ManualClock(clock.now() + timedelta(seconds=LEASE_S + 5))
    b.lease.clock = ahead
    assert await b.elector.tick() == LEADER
    emulator.add_user(2001, "Ana")
    async with db.transaction() as s:
        await enqueue(s, key="alert:1", chat_id=2001, now=clock.now(), text="Peringatan 1")
    assert not a.elector.expired()  # by a's clock its term still runs ...
    stats = await OutboxSender(a.app).drain(until_empty=True)
    assert stats.sent == 0 and emulator.sent_messages(2001) == []  # ... the row says otherwise
    a.runner.leading = False


async def test_two_senders_on_one_outbox_send_each_row_once(
        make_harness: Any, db: Database, emulator: BotApiEmulator) -> None:
    """Two leaders for a moment: both drain the same outbox at once. The rows
    are claimed with FOR UPDATE SKIP LOCKED: each is sent once, in order."""
    postgresql_only(db)
    first, second = await make_harness(), await make_harness()
    chats = [4000 + i for i in range(25)]
    for chat in chats:
        emulator.add_user(chat, f"Pegawai {chat}")
    now = (await first_clock(first)).now()
    async with db.transaction() as s:
        for n in range(4):
            for chat in chats:
                await enqueue(s, key=f"k:{chat}:{n}", chat_id=chat, now=now,
                              text=f"pesan {chat} {n}")
    emulator.fail_next("sendMessage", delay_s=0.05, count=100)  # slow answers: they overlap
    one, two = OutboxSender(first.app, batch_size=10), OutboxSender(second.app, batch_size=10)
    stats = await asyncio.gather(one.drain(until_empty=True), two.drain(until_empty=True))
    sent = Counter(c.params["text"] for c in emulator.calls_to("sendMessage"))
    assert len(sent) == 100 and set(sent.values()) == {1}
    assert stats[0].sent + stats[1].sent == 100
    assert stats[0].sent > 0 and stats[1].sent > 0  # both did send: they raced
    for chat in chats:
        assert [m["text"] for m in emulator.sent_messages(chat)] == [
            f"pesan {chat} {n}" for n in range(4)]


async def first_clock(harness: Any) -> ManualClock:
    clock: ManualClock = harness.app.bot_data["deps"].clock
    return clock


async def test_a_dead_senders_claim_runs_out_and_the_rows_go_out(
        bot: Any, db: Database, clock: ManualClock, emulator: BotApiEmulator) -> None:
    """Both backends: a sender killed after claiming leaves its rows claimed;
    nobody sends them until the claim runs out, then they go out once."""
    emulator.add_user(2001, "Ana")
    async with db.transaction() as s:
        await enqueue(s, key="m:1", chat_id=2001, now=clock.now(), text="Satu")
        claimed = await due_messages(s, now=clock.now(), limit=10, claimer="dead:1:00",
                                     claim_until=clock.now() + timedelta(seconds=60))
    assert [m.payload["text"] for m in claimed] == ["Satu"]
    await bot.deliver()
    assert emulator.sent_messages(2001) == []
    clock.advance(seconds=61)
    await bot.deliver()
    assert [m["text"] for m in emulator.sent_messages(2001)] == ["Satu"]
    async with db.transaction() as s:
        row = await s.scalar(select(OutboxMessage))
    assert row is not None and row.status == "sent" and row.claimed_by != "dead:1:00"


async def test_sqlite_runs_one_process_as_single(make_harness: Any, db: Database) -> None:
    if db.dialect != "sqlite":
        pytest.skip("the single role is SQLite's")
    from bot.runner import standby_elector

    harness = await make_harness()
    assert standby_elector(harness.app) is None
    receiver = Receiver()
    runner = Runner(harness.app, receiver, elector=None)
    await runner.reconcile()
    try:
        assert harness.app.bot_data[ROLE_KEY] == SINGLE and receiver.receiving
        assert ELECTOR_KEY not in harness.app.bot_data
    finally:
        await runner.follow()


# ---------------------------------------------------------------- end to end

E2E_LEASE_S = 3.0
E2E_MARGIN_S = 12.0  # a loaded machine: process scheduling, a long poll ending


@pytest.mark.e2e
async def test_kill_9_the_leader_and_the_standby_answers_within_the_lease(
        emulator: BotApiEmulator, tmp_path: Any) -> None:
    """Two real ``hadir run`` on one throwaway PostgreSQL database: the leader
    (named by the lease row) is killed with SIGKILL; the standby answers the
    next /masuk within the lease plus a margin."""
    import os
    import signal

    from bench.throwaway import throwaway_database
    from tests.test_e2e import HADIR, _env
    from tests.test_e2e import until as until_io

    async with throwaway_database("hadir_e2e_failover") as url:
        env = _env(emulator, url, LEADER_LEASE_S=str(E2E_LEASE_S))
        processes = [await asyncio.create_subprocess_exec(
            HADIR, "run", env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE) for _ in range(2)]  # at once: one migrates
        db = Database(url)
        try:
            async def holder() -> tuple[str, int] | None:
                try:
                    async with db.transaction() as s:
                        row = await s.scalar(select(LeaderLease))
                except Exception:  # not migrated yet
                    return None
                return (row.holder, row.epoch) if row is not None else None

            async def leader_pid() -> int:
                for _ in range(6000):
                    found = await holder()
                    if found and emulator.state.polls_waiting > 0:
                        return int(found[0].split(":")[1])
                    await asyncio.sleep(0.02)
                raise AssertionError("no leader polling")

            pid = await leader_pid()
            assert pid in {p.pid for p in processes}
            emulator.add_user(4242, "Orang Asing")
            emulator.send_text(4242, "/masuk")
            await until_io(lambda: emulator.sent_messages(4242), "the leader's reply")
            before = await holder()
            assert before is not None

            os.kill(pid, signal.SIGKILL)
            killed_at = asyncio.get_running_loop().time()
            emulator.add_user(4243, "Orang Lain")
            emulator.send_text(4243, "/masuk")
            reply = await until_io(lambda: emulator.sent_messages(4243), "the standby's reply",
                                   seconds=E2E_LEASE_S + E2E_MARGIN_S)
            took = asyncio.get_running_loop().time() - killed_at
            print(f"the standby answered {took:.2f} s after the kill")
            assert "belum terdaftar di Hadir" in reply[0]["text"]
            assert took < E2E_LEASE_S + E2E_MARGIN_S
            after = await holder()
            assert after is not None and after[1] > before[1]
            survivor = next(p for p in processes if p.pid != pid)
            assert int(after[0].split(":")[1]) == survivor.pid
        finally:
            await db.dispose()
            for process in processes:
                if process.returncode is None:
                    process.send_signal(signal.SIGINT)
            outcomes = [await asyncio.wait_for(p.communicate(), timeout=120) for p in processes]
        for process, (_, err) in zip(processes, outcomes, strict=True):
            if process.pid != pid:
                assert process.returncode == 0, err.decode()[-2000:]
                assert "Traceback" not in err.decode(), err.decode()[-2000:]


async def test_a_leader_that_cannot_start_receiving_hands_the_lease_on(
        nodes: list[Node], db: Database, clock: ManualClock) -> None:
    """Telegram unreachable from one host only: its process gives the lease up,
    so the standby (which can reach Telegram) leads at its next heartbeat."""
    a, b = nodes

    async def unreachable(app: Any) -> None:
        raise ConnectionError("api.telegram.org unreachable from this host")

    a.receiver.start = unreachable  # type: ignore[method-assign]
    await a.beat()
    assert a.role == STANDBY and not a.app.running
    assert await b.beat() == LEADER  # at once: no lease to wait out
    assert (await lease_row(db)).holder == b.lease.holder
