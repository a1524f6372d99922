"""Fault: the leader killed (kill -9) while it drains a backlog of alerts.

Two ``python -m bot run`` processes on one throwaway PostgreSQL database and
the Bot API emulator (in this process, real time). N alerts are queued in the
outbox for N/per-chat chats; the processes start together (one migrates, one
leads, the other stands by), and once a share of the alerts has gone out the
leader — named by the lease row — is killed with SIGKILL. The standby must
lead within the lease (``LEADER_LEASE_S``, here small) plus a margin, and
every alert must reach the emulator exactly once. The one documented
exception: a send in flight at the kill (delivered by Telegram, never recorded
by the dead process) is sent again once its claim runs out; such a double is
counted and reported (``in flight``), not failed. Rows the dead leader had
claimed wait for their claim (send timeout + two leases) before the new
leader sends them: that wait is reported too.

    python -m bench.faults_leader [--n 200] [--per-chat 4] [--lease 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from collections import defaultdict

from sqlalchemy import func, select

from bench.fault_kit import Outcome
from bench.throwaway import throwaway_database
from bot.clock import SystemClock
from bot.emulator import BotApiEmulator
from bot.services.outbox import enqueue
from db.migrate import upgrade
from db.models import LeaderLease, OutboxMessage
from db.session import Database

NAME = "leader killed"
FIRST_CHAT = 810_000
MARGIN_S = 10.0  # process scheduling on a loaded machine, a long poll ending
SEND_TIMEOUT_S = 5.0  # the claim is this plus two leases


def _env(emu: BotApiEmulator, url: str, lease_s: float) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "DATABASE_", "HADIR_", "LEADER_", "OUTBOX_"))}
    env.update({"DATABASE_URL": url, "LOG_LEVEL": "WARNING", "TELEGRAM_BOT_TOKEN": emu.token,
                "TELEGRAM_API_BASE_URL": emu.url, "LEADER_LEASE_S": f"{lease_s:g}",
                "OUTBOX_SEND_TIMEOUT_S": f"{SEND_TIMEOUT_S:g}"})
    return env


async def _lease(db: Database) -> tuple[int, int] | None:
    """(pid, epoch) of the lease holder."""
    try:
        async with db.transaction() as s:
            row = await s.scalar(select(LeaderLease))
    except Exception:
        return None
    return (int(row.holder.split(":")[1]), row.epoch) if row is not None else None


async def _pending(db: Database) -> int:
    async with db.transaction() as s:
        return int(await s.scalar(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.status == "pending")) or 0)


async def _wait(check: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.05)
    return False


async def scenario(n: int = 200, per_chat: int = 4, lease_s: float = 3.0) -> Outcome:
    clock = SystemClock()
    chats = [FIRST_CHAT + i for i in range(max(1, n // per_chat))]
    texts = [f"⚠️ alert {chat} #{k}" for k in range(per_chat) for chat in chats]
    processes: list[asyncio.subprocess.Process] = []
    with tempfile.TemporaryDirectory(prefix="hadir-fault-leader-") as folder:
        async with BotApiEmulator() as emu, throwaway_database("hadir_fault_leader") as url:
            db = Database(url)
            try:
                await upgrade(db.engine)
                for chat in chats:
                    emu.add_user(chat, f"Pegawai {chat}")
                async with db.transaction() as s:
                    for i, body in enumerate(texts):
                        await enqueue(s, key=f"fault:leader:{i}", chat_id=chats[i % len(chats)],
                                      now=clock.now(), text=body)
                for _ in range(2):
                    processes.append(await asyncio.create_subprocess_exec(
                        sys.executable, "-m", "bot", "run", env=_env(emu, url, lease_s),
                        cwd=folder, stdout=asyncio.subprocess.DEVNULL,
                        stderr=asyncio.subprocess.PIPE))

                def sends() -> int:
                    return len(emu.calls_to("sendMessage"))

                async def drained_a_share() -> bool:
                    return sends() >= n // 3

                if not await _wait(drained_a_share, 120):
                    return Outcome(NAME, False, detail="the leader never drained a third")
                first = await _lease(db)
                assert first is not None
                leader_pid, first_epoch = first
                os.kill(leader_pid, signal.SIGKILL)
                killed_at, calls_at_kill, sent_at_kill = time.monotonic(), len(emu.calls), sends()

                async def new_leader() -> bool:
                    now = await _lease(db)
                    return now is not None and now[1] > first_epoch

                took_over = await _wait(new_leader, lease_s + MARGIN_S)
                takeover_s = time.monotonic() - killed_at

                async def all_sent() -> bool:
                    return await _pending(db) == 0

                drained = await _wait(all_sent, 120 + n / 10)
                drained_s = time.monotonic() - killed_at
            finally:
                for process in processes:
                    if process.returncode is None:
                        process.send_signal(signal.SIGINT)
                errors = [(await asyncio.wait_for(p.communicate(), timeout=120))[1].decode()
                          for p in processes]
                await db.dispose()
            positions: dict[str, list[int]] = defaultdict(list)
            for index, call in enumerate(emu.calls):
                if call.method == "sendMessage" and call.ok:
                    positions[str(call.params.get("text"))].append(index)
    lost = sum(1 for body in texts if not positions.get(body))
    doubles = [positions[body] for body in texts if len(positions.get(body, ())) > 1]
    in_flight = sum(1 for p in doubles if len(p) == 2 and p[0] < calls_at_kill <= p[1])
    doubled = len(doubles) - in_flight
    tracebacks = sum("Traceback" in err for pid_err, err in
                     zip(processes, errors, strict=True) if pid_err.pid != leader_pid)
    survived = (took_over and drained and lost == 0 and doubled == 0 and tracebacks == 0
                and takeover_s <= lease_s + MARGIN_S)
    detail = (f"{n} alerts, leader killed after {sent_at_kill} sends; standby led "
              f"{takeover_s:.1f} s after the kill (lease {lease_s:g} s), all sent "
              f"{drained_s:.1f} s after (claims of the dead leader ran out first); "
              f"{in_flight} in flight at the kill sent again")
    if not took_over:
        detail = f"no new leader within {lease_s + MARGIN_S:g} s; " + detail
    if tracebacks:
        detail += f"; {tracebacks} traceback(s) in the survivor's log"
    return Outcome(NAME, survived, lost=lost, doubled=doubled, detail=detail)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="alerts queued (default 200)")
    parser.add_argument("--per-chat", type=int, default=4, help="alerts per chat (default 4)")
    parser.add_argument("--lease", type=float, default=3.0, help="LEADER_LEASE_S (default 3)")
    args = parser.parse_args()
    outcome = asyncio.run(scenario(args.n, args.per_chat, args.lease))
    print(f"{outcome.name}: {'survived' if outcome.survived else 'FAILED'}, "
          f"{outcome.lost} lost, {outcome.doubled} doubled — {outcome.detail}")
    return 0 if outcome.survived else 1


if __name__ == "__main__":
    raise SystemExit(main())
