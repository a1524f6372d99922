"""Webhook mode: the real Application started without polling, its aiohttp
server on a free port, real Update JSON posted as Telegram would post it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot import web
from bot.__main__ import main
from bot.app import build_application
from db.models import AttendanceEvent
from tests.test_attendance import ANDI, IN_LAT, IN_LON, count, monday, office
from tests.test_e2e import until

__all__ = ["office"]  # the attendance roster fixture, used below

pytestmark = pytest.mark.filterwarnings(  # built without jobs: the webhook is the point
    "ignore:No `JobQueue` set up:UserWarning")

SECRET = "s3cr3t-webhook_token-42"
URL = "https://hadir.example.go.id/telegram"


class Hook:
    """The running webhook server and an HTTP client that plays Telegram."""

    def __init__(self, app: Any, server: web.HttpServer, http: aiohttp.ClientSession,
                 emulator: Any) -> None:
        self.app, self.server, self.http, self.emu = app, server, http, emulator
        self.errors: list[BaseException] = []

    async def post(self, update: Any, *, secret: str | None = SECRET,
                   path: str = "/telegram") -> int:
        headers = {} if secret is None else {web.SECRET_HEADER: secret}
        kwargs: dict[str, Any] = ({"data": update} if isinstance(update, bytes | str)
                                  else {"json": update})
        async with self.http.post(self.server.url + path, headers=headers, **kwargs) as answer:
            await answer.read()
            return answer.status

    async def get(self, path: str) -> tuple[int, Any]:
        async with self.http.get(self.server.url + path) as answer:
            body = (await answer.json() if answer.content_type == "application/json"
                    else await answer.text())
            return answer.status, body

    async def said(self, user_id: int, body: str, answer: str | None = None
                   ) -> list[dict[str, Any]]:
        """Post a text update and wait for the bot's answer to it (a message
        containing ``answer``, else any new message)."""
        before = len(self.emu.sent_messages(user_id))
        assert await self.post(self.emu.send_text(user_id, body, queue=False)) == 200

        def answered() -> bool:
            new = self.emu.sent_messages(user_id)[before:]
            return any(answer in m.get("text", "") for m in new) if answer else bool(new)

        await until(answered, f"the answer to {body}")
        return self.emu.sent_messages(user_id)[before:]

    async def barrier(self, user_id: int = ANDI) -> dict[str, Any]:
        """/status, answered: one person's updates are handled in order, so
        everything of theirs posted before it has been handled."""
        *_, status = await self.said(user_id, "/status", answer="Presensi Andi Pratama")
        return status


@pytest.fixture
async def hook(settings_factory: Any, clock: Any, db: Any, emulator: Any
               ) -> AsyncIterator[Hook]:
    settings = settings_factory(webhook_url=URL, webhook_secret=SECRET)
    app = build_application(settings, clock=clock, database=db, with_jobs=False)
    errors: list[BaseException] = []

    async def collect(update: object, context: Any) -> None:
        errors.append(context.error)

    app.add_error_handler(collect)
    await app.initialize()
    await app.start()
    server = await web.start_webhook(app, settings, port=0)
    async with aiohttp.ClientSession() as http:
        yield Hook(app, server, http, emulator)
    await server.stop()
    await app.stop()
    await app.shutdown()
    assert errors == [], f"handler errors: {errors!r}"


async def test_set_webhook_gets_the_url_the_secret_and_every_update_type(
        hook: Hook, emulator: Any) -> None:
    assert emulator.state.webhook_url == URL
    assert emulator.state.webhook_secret == SECRET
    assert "edited_message" in emulator.state.webhook_allowed_updates
    assert "callback_query" in emulator.state.webhook_allowed_updates


async def test_a_check_in_through_the_webhook(hook: Hook, emulator: Any, clock: Any, db: Any,
                                              office: Any) -> None:
    clock.set(monday(7, 20))
    [prompt] = await hook.said(ANDI, "/masuk")
    assert "Bagikan lokasi terkini" in prompt["text"]
    clock.advance(seconds=20)
    location = emulator.send_location(ANDI, IN_LAT, IN_LON, live_period=900,
                                      horizontal_accuracy=12.0, queue=False)
    assert await hook.post(location) == 200
    await until(lambda: len(emulator.sent_messages(ANDI)) >= 2, "the confirmation")
    assert emulator.sent_messages(ANDI)[1]["text"].startswith("✅ Masuk tercatat pukul 07:20 WIB")
    assert await count(db, AttendanceEvent) == 1


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET[:-1], SECRET + "x"])
async def test_a_post_without_the_secret_is_refused_and_changes_nothing(
        hook: Hook, emulator: Any, clock: Any, db: Any, office: Any, secret: str | None
) -> None:
    clock.set(monday(7, 20))
    await hook.said(ANDI, "/masuk")
    clock.advance(seconds=20)
    forged = emulator.send_location(ANDI, IN_LAT, IN_LON, live_period=900,
                                    horizontal_accuracy=12.0, queue=False)
    assert await hook.post(forged, secret=secret) == 403
    assert hook.app.update_queue.qsize() == 0
    # Andi's next update is handled after anything queued before it: nothing was
    status = await hook.barrier()
    assert "belum" in status["text"]
    assert len(emulator.sent_messages(ANDI)) == 2
    assert await count(db, AttendanceEvent) == 0


async def test_what_is_not_an_update_is_refused(hook: Hook, emulator: Any, office: Any) -> None:
    assert await hook.post(b"{not json", secret=SECRET) == 400
    assert await hook.post([1, 2, 3]) == 400
    assert await hook.post({"message": {"text": "no update_id"}}) == 400
    assert await hook.post(b"{" + b" " * (1024 * 1024) + b"}") == 413
    assert await hook.post(emulator.send_text(ANDI, "/status", queue=False),
                           path="/elsewhere") == 404
    async with hook.http.get(hook.server.url + "/telegram") as answer:
        assert answer.status == 405
    assert hook.app.update_queue.qsize() == 0
    assert emulator.sent_messages(ANDI) == []


async def test_a_standby_answers_503_and_queues_nothing(
        hook: Hook, emulator: Any, clock: Any, office: Any) -> None:
    hook.app.bot_data["role"] = "standby"
    assert await hook.post(emulator.send_text(ANDI, "/bantuan", queue=False)) == 503
    assert await hook.post(emulator.send_text(ANDI, "/bantuan", queue=False),
                           secret="wrong") == 403  # the secret is checked first
    assert hook.app.update_queue.qsize() == 0
    hook.app.bot_data["role"] = "leader"
    await hook.barrier()
    assert len(emulator.sent_messages(ANDI)) == 1  # the /status reply only


async def test_a_standby_listens_but_leaves_the_webhook_to_the_leader(
        settings_factory: Any, clock: Any, db: Any, emulator: Any) -> None:
    settings = settings_factory(webhook_url=URL, webhook_secret=SECRET)
    app = build_application(settings, clock=clock, database=db, with_jobs=False)
    app.bot_data["role"] = "standby"
    await app.initialize()
    server = await web.start_webhook(app, settings, port=0)
    try:
        async with aiohttp.ClientSession() as http, http.get(server.url + "/healthz") as answer:
            assert (await answer.json())["role"] == "standby"
    finally:
        await server.stop()
        await app.shutdown()
    assert emulator.calls_to("setWebhook") == []


async def test_a_repeated_update_id_is_answered_once(
        hook: Hook, emulator: Any, clock: Any, office: Any) -> None:
    clock.set(monday(7, 20))
    masuk = emulator.send_text(ANDI, "/masuk", queue=False)
    assert await hook.post(masuk) == 200
    assert await hook.post(masuk) == 200  # Telegram retries when it missed our 200
    await hook.barrier()
    prompts = [m for m in emulator.sent_messages(ANDI) if "Bagikan lokasi" in m["text"]]
    assert len(prompts) == 1


async def test_healthz_and_the_webhook_share_the_port(hook: Hook) -> None:
    status, body = await hook.get("/healthz")
    assert (status, body) == (200, {"status": "ok", "role": "single", "database": "ok"})
    status, body = await hook.get("/metrics")
    assert status == 200 and "hadir_updates_total" in body


# ------------------------------------------------------------ the command line


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    monkeypatch.chdir(tmp_path)  # no .env
    for key in list(os.environ):
        if key.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_", "HTTP_", "DEFAULT_", "LOG_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/x.db")
    return monkeypatch


def test_webhook_mode_without_a_secret_is_refused_in_one_line(
        clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clean_env.setenv("WEBHOOK_URL", URL)
    assert main(["run", "--webhook"]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "Mode webhook butuh WEBHOOK_SECRET (mis. hasil `openssl rand -hex 32`): tanpa itu "
        "siapa pun dapat mengirim pembaruan palsu ke bot."]
    assert main(["run", "--webhook", "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith("Webhook mode needs WEBHOOK_SECRET")


def test_webhook_mode_without_a_url_is_refused(
        clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clean_env.setenv("WEBHOOK_SECRET", SECRET)
    assert main(["run", "--webhook", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Webhook mode needs WEBHOOK_URL")
    assert SECRET not in err


def test_a_bad_secret_or_url_is_a_bad_setting_and_the_secret_is_never_shown(
        clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clean_env.setenv("WEBHOOK_SECRET", "has spaces and ünïcode")
    clean_env.setenv("WEBHOOK_URL", "http://hadir.example.go.id/telegram")
    assert main(["run", "--webhook", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "WEBHOOK_SECRET: 1–256 characters A-Z, a-z, 0-9, _ or - (Telegram's rule) (got ***)" \
        in err
    assert "WEBHOOK_URL: must be a public https:// address" in err
    assert "has spaces" not in err
