"""End to end: ``python -m bot run --webhook`` and ``hadir run`` with
``HTTP_PORT`` as processes, Telegram played by the emulator and an HTTP client."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.emulator import BotApiEmulator
from tests.test_e2e import _env, empty_db_url, until

__all__ = ["empty_db_url"]  # the fixture, used below

pytestmark = pytest.mark.e2e

SECRET = "e2e-webhook-secret_0123456789"
URL = "https://hadir.example.go.id/telegram"


def leading_role(url: str) -> str:
    """What /healthz calls a process that leads: one SQLite process is "single",
    a PostgreSQL one holds the lease (bot.leader)."""
    return "leader" if url.startswith("postgresql") else "single"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def process(tmp_path: Path, emulator: BotApiEmulator
                  ) -> AsyncIterator[Callable[..., Any]]:
    """Start ``python -m bot ARGS``; on teardown (before the emulator stops) SIGINT
    it and check a clean exit."""
    started: list[tuple[asyncio.subprocess.Process, Path, list[str]]] = []

    async def start(*args: str, env: dict[str, str], hidden: list[str]
                    ) -> asyncio.subprocess.Process:
        log = tmp_path / f"bot-{len(started)}.log"  # a file: a DEBUG log never fills a pipe
        with log.open("wb") as err:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", *args, env=env, cwd=tmp_path,
                stdout=asyncio.subprocess.DEVNULL, stderr=err)
        started.append((proc, log, hidden))
        return proc

    yield start
    for proc, path, hidden in started:
        if proc.returncode is None:
            proc.send_signal(signal.SIGINT)
        await asyncio.wait_for(proc.wait(), timeout=120)
        log = path.read_text(encoding="utf-8", errors="replace")
        assert proc.returncode == 0, log[-2000:]
        assert "Traceback" not in log, log[-2000:]
        for secret in hidden:
            assert secret not in log  # neither the token nor the webhook secret in the logs


async def get_when_up(http: aiohttp.ClientSession, url: str) -> tuple[int, Any]:
    answers: list[tuple[int, Any]] = []

    async def attempt() -> None:
        try:
            async with http.get(url) as answer:
                answers.append((answer.status, await answer.text()))
        except aiohttp.ClientConnectionError:
            pass

    async def poll() -> bool:
        await attempt()
        return bool(answers)

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 120
    while not await poll():
        assert loop.time() < deadline, f"nothing answers at {url}"
        await asyncio.sleep(0.05)
    return answers[0]


async def test_webhook_process_takes_an_update_and_answers(
        process: Any, emulator: BotApiEmulator, empty_db_url: str) -> None:
    port = free_port()
    env = _env(emulator, empty_db_url, LOG_LEVEL="DEBUG", WEBHOOK_URL=URL,
               WEBHOOK_SECRET=SECRET, WEBHOOK_PORT=str(port))
    await process("run", "--webhook", env=env, hidden=[SECRET, emulator.token.split(":")[1]])
    await until(lambda: emulator.state.webhook_url == URL, "setWebhook")
    assert emulator.state.webhook_secret == SECRET
    assert not emulator.calls_to("getUpdates")  # no polling in webhook mode
    base = f"http://127.0.0.1:{port}"
    emulator.add_user(4242, "Orang Asing")
    update = emulator.send_text(4242, "/masuk", queue=False)
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base}/telegram", json=update) as answer:
            assert answer.status == 403
        async with http.post(f"{base}/telegram", json=update,
                             headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as answer:
            assert answer.status == 200
        reply = await until(lambda: emulator.sent_messages(4242), "a reply")
        assert "belum terdaftar di Hadir" in reply[0]["text"]
        async with http.get(f"{base}/healthz") as answer:
            assert answer.status == 200
            assert await answer.json() == {"status": "ok", "role": leading_role(empty_db_url),
                                           "database": "ok"}
        async with http.get(f"{base}/metrics") as answer:
            assert 'hadir_updates_total{kind="command"} 1.0' in await answer.text()
    assert len(emulator.sent_messages(4242)) == 1  # the forged post changed nothing


async def test_polling_with_http_port_serves_healthz_and_metrics(
        process: Any, emulator: BotApiEmulator, empty_db_url: str) -> None:
    port = free_port()
    env = _env(emulator, empty_db_url, HTTP_PORT=str(port))
    await process("run", env=env, hidden=[emulator.token.split(":")[1]])
    async with aiohttp.ClientSession() as http:
        status, body = await get_when_up(http, f"http://127.0.0.1:{port}/healthz")
        assert status == 200 and json.loads(body)["database"] == "ok"
        # on PostgreSQL the process is a standby until its first heartbeat takes the lease
        await until(lambda: emulator.state.polls_waiting > 0, "the bot to poll")
        status, body = await get_when_up(http, f"http://127.0.0.1:{port}/healthz")
        assert (status, json.loads(body)) == (200, {"status": "ok",
                                                    "role": leading_role(empty_db_url),
                                                    "database": "ok"})
        await until(lambda: emulator.state.polls_waiting > 0, "the bot to poll")
        emulator.add_user(4242, "Orang Asing")
        emulator.send_text(4242, "/masuk")
        await until(lambda: emulator.sent_messages(4242), "a reply")
        async with http.get(f"http://127.0.0.1:{port}/metrics") as answer:
            text = await answer.text()
    assert 'hadir_updates_total{kind="command"} 1.0' in text
    assert "hadir_outbox_pending 0.0" in text
