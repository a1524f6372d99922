"""The bot's own HTTP server (aiohttp): Telegram's webhook, ``/healthz``, ``/metrics``.

python-telegram-bot's ``run_webhook`` needs tornado (``[webhooks]``); Hadir
already depends on aiohttp, so this follows PTB's "custom webhook bot"
example instead: the Application runs without an Updater, ``setWebhook`` is
given the URL, the secret and every update type, and each POST that carries
the secret becomes an ``Update`` put on ``app.update_queue`` — the same queue
polling fills, so both modes process updates the same way (and the same
de-duplication of a repeated ``update_id`` applies to both).

A POST without Telegram's ``X-Telegram-Bot-Api-Secret-Token``, or with a
wrong one, gets 403 and changes nothing; a body over 1 MiB gets 413, one that
is not an update 400; a standby process (``bot_data["role"] == "standby"``)
answers 503 and queues nothing, so Telegram retries and a reverse proxy can
send the retry to the leader.

``/healthz`` answers 200 when the database answers ``SELECT 1`` within
``HEALTH_TIMEOUT_S`` and the role is known, 503 naming what failed otherwise
(``?leader=1``: 503 on a standby too, for a proxy that routes to the leader).
In polling mode the server runs only when ``HTTP_PORT`` is set.

``hadir run`` drives it through ``bot.runner``: the server is a service that
answers whatever the role, and in webhook mode ``WebhookReceiver`` sets the
webhook each time the process starts leading.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from sqlalchemy import text as sql
from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter

from bot import metrics
from bot.config import Settings
from bot.context import deps_of
from bot.texts import text

log = logging.getLogger(__name__)

AnyApp = Any  # an Application of any types (PTB's generics add nothing here)
Sleep = Callable[[float], Awaitable[Any]]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024  # an update is a few KiB; Telegram never sends more than this
HEALTH_TIMEOUT_S = 2.0
KNOWN_ROLES = ("leader", "standby", "single")


class ListenError(Exception):
    """The server's address could not be opened; ``str()`` is the one line to print."""


def webhook_path(url: str) -> str:
    """The path the server takes updates on: the one of ``WEBHOOK_URL``."""
    return urlsplit(url).path or "/"


def webhook_refusal(settings: Settings, lang: str) -> str | None:
    """Why webhook mode cannot start with these settings (None: it can)."""
    if settings.webhook_url is None:
        return text("web.no_url", lang)
    if settings.webhook_secret is None:
        return text("web.no_secret", lang)
    return None


def hidden_secrets(settings: Settings) -> tuple[str, ...]:
    """The webhook secret, for the log's redaction."""
    return (settings.webhook_secret.get_secret_value(),) if settings.webhook_secret else ()


# ------------------------------------------------------------ the routes


def _webhook_handler(app: AnyApp, secret: str) -> Callable[[web.Request], Awaitable[web.Response]]:
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return web.Response(status=403, text="forbidden\n")
        if metrics.role_of(app) == "standby":
            return web.Response(status=503, text="standby\n")
        try:
            data = json.loads(await request.read())  # over MAX_BODY: aiohttp answers 413
            update = Update.de_json(data, app.bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError):
            update = None
        if update is None:
            return web.Response(status=400, text="not an update\n")
        await app.update_queue.put(update)
        return web.Response(text="ok\n")

    return receive


async def _database_answers(app: AnyApp, timeout_s: float) -> str:
    try:
        async with asyncio.timeout(timeout_s):
            async with deps_of(app).db.engine.connect() as conn:
                await conn.execute(sql("SELECT 1"))
    except TimeoutError:
        return "timeout"
    except Exception as exc:  # any driver error: the database does not answer
        log.warning("healthz: the database does not answer: %s", type(exc).__name__)
        return "unreachable"
    return "ok"


def _health_handler(app: AnyApp, timeout_s: float
                    ) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def health(request: web.Request) -> web.Response:
        role = metrics.role_of(app)
        database = await _database_answers(app, timeout_s)
        failed = [name for name, ok in (("database", database == "ok"),
                                        ("role", role in KNOWN_ROLES)) if not ok]
        if request.query.get("leader") in ("1", "true") and role == "standby":
            failed.append("leader")
        body: dict[str, object] = {"status": "fail" if failed else "ok",
                                   "role": role if role in KNOWN_ROLES else "unknown",
                                   "database": database}
        if failed:
            body["failed"] = failed
        return web.json_response(body, status=503 if failed else 200)

    return health


def _metrics_handler(app: AnyApp, timeout_s: float
                     ) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def scrape(_request: web.Request) -> web.Response:
        try:
            await asyncio.wait_for(metrics.refresh(app), timeout_s)
        except Exception as exc:  # the database away: the other metrics still count
            log.warning("metrics: the outbox gauges were not refreshed: %s",
                        type(exc).__name__)
        return web.Response(body=metrics.exposition(app),
                            headers={"Content-Type": "text/plain; version=0.0.4; charset=utf-8"})

    return scrape


# ------------------------------------------------------------ the server


class HttpServer:
    """The aiohttp server of one Application: health and metrics, and the
    webhook when ``webhook_path`` and ``secret`` are given."""

    def __init__(self, app: AnyApp, *, webhook_path: str | None = None,
                 secret: str | None = None, health_timeout_s: float = HEALTH_TIMEOUT_S) -> None:
        self.app = app
        self.web = web.Application(client_max_size=MAX_BODY)
        self.web.router.add_get("/healthz", _health_handler(app, health_timeout_s))
        self.web.router.add_get("/metrics", _metrics_handler(app, health_timeout_s))
        if webhook_path is not None:
            if not secret:
                raise ValueError("a webhook needs its secret")
            self.web.router.add_post(webhook_path, _webhook_handler(app, secret))
        self._runner: web.AppRunner | None = None
        self.host, self.port = "", 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self, host: str, port: int, *, setting: str, lang: str = "id") -> None:
        runner = web.AppRunner(self.web, access_log=None, shutdown_timeout=5.0)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            await runner.cleanup()
            raise ListenError(text("web.cannot_listen", lang, host=host, port=port,
                                   setting=setting, reason=exc.strerror or exc)) from None
        self._runner = runner
        self.host, self.port = host, int(runner.addresses[0][1])
        log.info("listening on %s (%s)", self.url, setting)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def webhook_server(app: AnyApp, settings: Settings) -> HttpServer:
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    return HttpServer(app, webhook_path=webhook_path(settings.webhook_url),
                      secret=settings.webhook_secret.get_secret_value())


async def set_webhook(app: AnyApp, settings: Settings, *, sleep: Sleep = asyncio.sleep,
                      lang: str = "id", attempts: int | None = None) -> None:
    """Tell Telegram where to post updates (every type, with the secret);
    Telegram unreachable is retried as at start, the wait doubling up to the
    cap — forever, or ``attempts`` times and then the last error is raised."""
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    delay, attempt = settings.startup_retry_base_s, 1
    while True:
        try:
            await app.bot.set_webhook(url=settings.webhook_url,
                                      secret_token=settings.webhook_secret.get_secret_value(),
                                      allowed_updates=Update.ALL_TYPES)
            return
        except (NetworkError, RetryAfter) as exc:
            if isinstance(exc, BadRequest):  # a URL Telegram refuses: the admin must fix it
                raise
            if attempts is not None and attempt >= attempts:
                raise
            log.warning(text("web.set_webhook_retry", lang, attempt=attempt,
                             seconds=f"{delay:g}", reason=type(exc).__name__))
        await sleep(delay)
        delay, attempt = min(settings.startup_retry_max_s, delay * 2), attempt + 1


async def start_webhook(app: AnyApp, settings: Settings, *, port: int | None = None,
                        sleep: Sleep = asyncio.sleep, lang: str = "id") -> HttpServer:
    """Listen, then (unless this process is a standby) set the webhook. The
    Application is expected to be started (or started soon): updates wait in
    its queue until it is."""
    server = webhook_server(app, settings)
    await server.start(settings.webhook_listen,
                       settings.webhook_port if port is None else port,
                       setting="WEBHOOK_PORT", lang=lang)
    if metrics.role_of(app) != "standby":
        await set_webhook(app, settings, sleep=sleep, lang=lang)
    return server


# ------------------------------------------------------------ hadir run


class Serving:
    """An ``HttpServer`` as a service of ``bot.runner.Runner``: it answers
    whatever the role (a standby's /healthz says ``standby``; its webhook POST
    is answered 503, so Telegram retries and a proxy can fail over)."""

    def __init__(self, server: HttpServer, host: str, port: int, *, setting: str,
                 lang: str = "id") -> None:
        self.server, self.host, self.port = server, host, port
        self.setting, self.lang = setting, lang

    async def start(self, app: AnyApp) -> None:
        await self.server.start(self.host, self.port, setting=self.setting, lang=self.lang)

    async def stop(self, app: AnyApp) -> None:
        await self.server.stop()


SET_WEBHOOK_ATTEMPTS = 5  # a leader with a standby: then it hands the lease on


class WebhookReceiver:
    """How a leader receives updates in webhook mode: on becoming leader it
    points Telegram's webhook at itself. Stepping down leaves it set (a
    standby never calls deleteWebhook, which could race the new leader):
    the new leader sets it to its own address, and until then a posted
    update is answered 503 and Telegram retries it."""

    def __init__(self, settings: Settings, *, sleep: Sleep = asyncio.sleep,
                 lang: str = "id") -> None:
        self.settings, self.sleep, self.lang = settings, sleep, lang

    async def start(self, app: AnyApp) -> None:
        # with a standby, a leader that cannot reach Telegram gives up after a few
        # tries and hands the lease on (bot.runner); alone, it keeps trying
        attempts = None if metrics.role_of(app) == "single" else SET_WEBHOOK_ATTEMPTS
        await set_webhook(app, self.settings, sleep=self.sleep, lang=self.lang,
                          attempts=attempts)

    async def stop(self, app: AnyApp) -> None:
        return None  # the webhook stays set: Telegram keeps the updates until a leader answers


def services(app: AnyApp, settings: Settings, *, webhook: bool, lang: str) -> list[Serving]:
    """The HTTP server of ``hadir run``: the webhook's (with /healthz and
    /metrics) in webhook mode, /healthz and /metrics on ``HTTP_PORT`` when set
    in polling mode, else none."""
    if webhook:
        return [Serving(webhook_server(app, settings), settings.webhook_listen,
                        settings.webhook_port, setting="WEBHOOK_PORT", lang=lang)]
    if settings.http_port is None:
        return []
    return [Serving(HttpServer(app), settings.http_listen, settings.http_port,
                    setting="HTTP_PORT", lang=lang)]
