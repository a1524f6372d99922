"""/metrics and /healthz of the real Application, scraped over HTTP as
Prometheus and a load balancer would, on SQLite and PostgreSQL."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from telegram.ext import CommandHandler

from bot import web
from bot.app import build_application
from bot.services.outbox import enqueue
from db.session import Database
from tests.test_attendance import ANDI, check, monday, office

__all__ = ["office"]  # the attendance roster fixture, used below

Scrape = Callable[..., Any]


def samples(exposition: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """``{(name, sorted labels): value}`` of a Prometheus text exposition."""
    found = {}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(exposition: str, name: str, **labels: str) -> float | None:
    return samples(exposition).get((name, tuple(sorted(labels.items()))))


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def serve(http: aiohttp.ClientSession) -> AsyncIterator[Callable[..., Any]]:
    """Start the health/metrics server of an Application on a free port; returns
    ``get(path) -> (status, body)``."""
    servers: list[web.HttpServer] = []

    async def start(app: Any, **kw: Any) -> Scrape:
        server = web.HttpServer(app, **kw)
        await server.start("127.0.0.1", 0, setting="HTTP_PORT")
        servers.append(server)

        async def get(path: str) -> tuple[int, Any]:
            async with http.get(server.url + path) as answer:
                if answer.content_type == "application/json":
                    return answer.status, await answer.json()
                return answer.status, await answer.text()

        return get

    yield start
    for server in servers:
        await server.stop()


async def scrape(get: Scrape) -> str:
    status, body = await get("/metrics")
    assert status == 200
    return str(body)


async def test_updates_by_kind_and_reply_latency_after_a_check_in(
        bot: Any, serve: Any, clock: Any, office: Any) -> None:
    get = await serve(bot.app)
    before = await scrape(get)
    assert value(before, "hadir_updates_total", kind="command") is None
    assert value(before, "hadir_reply_latency_seconds_count") == 0
    await check(bot, clock, "in", monday(7, 20))
    text = await scrape(get)
    assert value(text, "hadir_updates_total", kind="command") == 1
    assert value(text, "hadir_updates_total", kind="location") == 1
    assert value(text, "hadir_reply_latency_seconds_count") == 2
    assert value(text, "hadir_reply_latency_seconds_bucket", le="+Inf") == 2
    assert 0 < value(text, "hadir_reply_latency_seconds_sum") < 30  # type: ignore[operator]
    await bot.press(ANDI, bot.emu.sent_messages(ANDI)[0]["message_id"], "nothing:here")
    assert value(await scrape(get), "hadir_updates_total", kind="callback_query") == 1


async def test_each_application_counts_only_its_own(
        make_harness: Any, serve: Any, office: Any) -> None:
    first, second = await make_harness(), await make_harness()
    await first.text(ANDI, "/bantuan")
    assert value(await scrape(await serve(first.app)), "hadir_updates_total",
                 kind="command") == 1
    assert value(await scrape(await serve(second.app)), "hadir_updates_total",
                 kind="command") is None


async def test_handler_errors_are_counted(bot: Any, serve: Any, office: Any) -> None:
    async def broken(update: Any, context: Any) -> None:
        raise RuntimeError("a bug")

    bot.app.add_handler(CommandHandler("rusak", broken), group=-5)
    get = await serve(bot.app)
    assert value(await scrape(get), "hadir_handler_errors_total", source="update") is None
    await bot.text(ANDI, "/rusak")
    assert value(await scrape(get), "hadir_handler_errors_total", source="update") == 1
    assert [type(e) for e in bot.errors] == [RuntimeError]
    bot.errors.clear()  # the one error this test made on purpose


async def test_outbox_depth_age_and_sends_by_result(
        bot: Any, serve: Any, clock: Any, db: Any, emulator: Any, office: Any) -> None:
    get = await serve(bot.app)
    empty = await scrape(get)
    assert value(empty, "hadir_outbox_pending") == 0
    assert value(empty, "hadir_outbox_oldest_pending_age_seconds") == 0
    assert value(empty, "hadir_outbox_sends_total", result="sent") == 0
    async with db.transaction() as s:
        for n in range(3):
            await enqueue(s, key=f"test:{n}", chat_id=ANDI + n, now=clock.now(),
                          text=f"pesan {n}")
    clock.advance(seconds=90)
    queued = await scrape(get)
    assert value(queued, "hadir_outbox_pending") == 3
    assert value(queued, "hadir_outbox_oldest_pending_age_seconds") == 90
    emulator.fail_next("sendMessage", 400, description="Bad Request: chat not found")
    emulator.fail_next("sendMessage", 500)
    await bot.deliver()  # the 5xx one waits for its retry: still pending
    drained = await scrape(get)
    assert value(drained, "hadir_outbox_sends_total", result="sent") == 1
    assert value(drained, "hadir_outbox_sends_total", result="failed") == 1
    assert value(drained, "hadir_outbox_sends_total", result="retried") == 1
    assert value(drained, "hadir_outbox_pending") == 1
    clock.advance(minutes=10)
    emulator.fail_next("sendMessage", 429, retry_after=1)
    await bot.deliver()
    assert value(await scrape(get), "hadir_outbox_sends_total", result="rate_limited") == 1


async def test_job_runs_and_durations_by_job(bot: Any, serve: Any) -> None:
    get = await serve(bot.app)
    assert value(await scrape(get), "hadir_job_runs_total", job="retention", result="ok") is None
    [retention] = bot.app.job_queue.get_jobs_by_name("retention")
    await retention.run(bot.app)
    text = await scrape(get)
    assert value(text, "hadir_job_runs_total", job="retention", result="ok") == 1
    assert value(text, "hadir_job_duration_seconds_count", job="retention") == 1
    names = {job.name for job in bot.app.job_queue.jobs()}
    assert {"retention", "task_reminders", "presence_checks", "outbox-watchdog"} <= names


@pytest.mark.filterwarnings("ignore:Tasks created via `Application.create_task`:UserWarning")
async def test_a_failing_job_is_counted_as_an_error(bot: Any, serve: Any) -> None:
    async def broken(context: Any) -> None:
        raise RuntimeError("a broken job")

    from bot.metrics import time_jobs

    job = bot.app.job_queue.run_once(broken, timedelta(hours=1), name="broken")
    time_jobs(bot.app)
    time_jobs(bot.app)  # wrapping twice counts once
    await job.run(bot.app)  # its error reaches the error handlers before it returns
    get = await serve(bot.app)
    text = await scrape(get)
    assert value(text, "hadir_job_runs_total", job="broken", result="error") == 1
    assert value(text, "hadir_job_duration_seconds_count", job="broken") == 1
    assert value(await scrape(get), "hadir_handler_errors_total", source="job") == 1
    bot.errors.clear()  # made on purpose


async def test_leader_state_follows_the_role(bot: Any, serve: Any) -> None:
    get = await serve(bot.app)
    text = await scrape(get)
    assert value(text, "hadir_leader") == 1
    assert value(text, "hadir_role", role="single") == 1
    bot.app.bot_data["role"] = "standby"
    text = await scrape(get)
    assert value(text, "hadir_leader") == 0
    assert value(text, "hadir_role", role="standby") == 1
    assert value(text, "hadir_role", role="single") == 0
    bot.app.bot_data["role"] = "leader"
    assert value(await scrape(get), "hadir_leader") == 1


async def test_healthz_answers_with_the_role_and_the_database(bot: Any, serve: Any) -> None:
    get = await serve(bot.app)
    assert await get("/healthz") == (200, {"status": "ok", "role": "single", "database": "ok"})
    bot.app.bot_data["role"] = "standby"
    assert await get("/healthz") == (200, {"status": "ok", "role": "standby",
                                           "database": "ok"})
    # a proxy that sends traffic to the leader only asks with ?leader=1
    assert await get("/healthz?leader=1") == (503, {
        "status": "fail", "role": "standby", "database": "ok", "failed": ["leader"]})
    bot.app.bot_data["role"] = "confused"
    assert await get("/healthz") == (503, {
        "status": "fail", "role": "unknown", "database": "ok", "failed": ["role"]})


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def unreachable(db: Database, tmp_path: Path) -> AsyncIterator[Database]:
    """A database of the same engine that does not answer: a closed port, a
    "file" that is a directory."""
    url = (f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/test"
           if db.dialect == "postgresql" else f"sqlite+aiosqlite:///{tmp_path}")
    database = Database(url)
    yield database
    await database.dispose()


async def test_healthz_503_and_metrics_still_served_when_the_database_is_away(
        settings_factory: Any, clock: Any, unreachable: Database, serve: Any) -> None:
    app = build_application(settings_factory(), clock=clock, database=unreachable)
    get = await serve(app)
    assert await get("/healthz") == (503, {"status": "fail", "role": "single",
                                           "database": "unreachable", "failed": ["database"]})
    text = await scrape(get)
    assert value(text, "hadir_leader") == 1
    assert "hadir_outbox_sends_total" in text


async def test_healthz_says_timeout_when_the_database_hangs(
        settings_factory: Any, clock: Any, db: Database, serve: Any) -> None:
    """Every connection of the pool taken: SELECT 1 waits, /healthz does not."""
    small = Database(db.url, pool_size=1, max_overflow=0, pool_timeout=30)
    app = build_application(settings_factory(), clock=clock, database=small)
    get = await serve(app, health_timeout_s=0.3)
    try:
        async with small.engine.connect():
            status, body = await get("/healthz")
    finally:
        await small.dispose()
    assert (status, body["database"], body["failed"]) == (503, "timeout", ["database"])
