"""A local Telegram Bot API emulator (an aiohttp web server) for tests and the demo.

The bot side is served like api.telegram.org (``/bot{token}/{method}`` and
``/file/bot{token}/{path}``), so a PTB ``Application`` built with
``.base_url(emu.base_url).base_file_url(emu.base_file_url)`` runs unmodified.
Tests act as Telegram users through the Python API (``send_text``,
``press_button`` ...) or, from another process, through ``/_emulator/...``.

Rate limits use the real monotonic time (they model Telegram's servers);
everything else uses the injected clock.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import math
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.emulator.faults import KINDS, RandomFaults
from bot.emulator.methods import BotApiState
from bot.emulator.state import ApiCall, StoredFile, Upload, UserActions, _Clock, _SystemClock
from bot.emulator.text import JSON, ApiError, bad_request, keyboard_buttons

__all__ = ["ApiCall", "ApiError", "BotApiEmulator", "serve_forever"]

_JSON_FIELDS = {"reply_markup", "reply_parameters", "link_preview_options", "entities",
                "caption_entities", "allowed_updates", "commands", "scope", "menu_button",
                "media", "message_ids", "results"}  # fmt: skip
_INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "user_id", "cache_time",
               "live_period", "heading", "proximity_alert_radius", "message_thread_id",
               "reply_to_message_id", "from_chat_id"}  # fmt: skip
_FLOAT_FIELDS = {"latitude", "longitude", "horizontal_accuracy"}
_BOOL_FIELDS = {"disable_notification", "protect_content", "show_alert", "drop_pending_updates",
                "allow_sending_without_reply", "disable_web_page_preview", "has_spoiler",
                "allow_paid_broadcast", "disable_content_type_detection"}  # fmt: skip
_SEND_METHODS = re.compile(r"^(send(?!chataction)\w+|forwardmessages?|copymessages?)$")
_GATEWAY_TIMEOUT = "<html><head><title>504 Gateway Time-out</title></head></html>\r\n"
_BAD_GATEWAY = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" \
               "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n" \
               "</body>\r\n</html>\r\n"  # fmt: skip


@dataclass
class _Fault:
    method: str
    status: int | None
    retry_after: int
    description: str | None
    delay_s: float | None
    remaining: int
    drop: bool = False


class _Bucket:
    """Token bucket on the real monotonic clock."""

    def __init__(self, rate: float) -> None:
        self.rate, self.capacity = rate, max(1.0, rate)
        self.tokens, self.stamp = self.capacity, time.monotonic()

    def wait_needed(self) -> float:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


def _decode(key: str, value: Any) -> Any:
    """Form fields arrive as strings; JSON-typed fields arrive JSON-encoded."""
    if not isinstance(value, str):
        return value
    if key in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {key} JSON object") from None
    if key in _INT_FIELDS and re.fullmatch(r"-?\d+", value):
        return int(value)
    if key in _FLOAT_FIELDS:
        with contextlib.suppress(ValueError):
            return float(value)
    if key in _BOOL_FIELDS and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


class BotApiEmulator(UserActions):
    """Telegram as far as one bot and its users are concerned. See the module docstring."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "hadir_demo_bot",
        bot_first_name: str = "Hadir",
        clock: _Clock | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.clock: _Clock = clock or _SystemClock()
        self.state: BotApiState = BotApiState(token, bot_username, bot_first_name, self.clock)
        self.host, self.port = host, port
        self.calls: list[ApiCall] = []
        self._faults: list[_Fault] = []
        self.random_faults: RandomFaults | None = None  # see fail_randomly
        self._global_rate: float | None = None
        self._chat_rate: float | None = None
        self._buckets: dict[int | None, _Bucket] = {}
        self._query_ids = itertools.count(4_382_000_000_000_000_001)
        self._runner: web.AppRunner | None = None

    # ------------------------------------------------------------ lifecycle

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def bot_user(self) -> JSON:
        return dict(self.state.bot_user)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_bot)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._add_control_routes(app)
        self.state.closing = False
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        self.state.closing = True
        self.state.wake()  # pending long polls answer [] at once
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        await self.stop()

    # ------------------------------------------------------------ bot side (HTTP)

    async def _read_params(self, request: web.Request) -> JSON:
        raw: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            body = await request.text()
            try:
                raw.update(json.loads(body) if body.strip() else {})
            except ValueError:
                raise bad_request("can't parse JSON object") from None
        elif request.can_read_body:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    raw[key] = Upload(value.filename, value.file.read(), value.content_type)
                else:
                    raw[key] = value
        params = {key: _decode(key, value) for key, value in raw.items()}
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = raw.get(value.removeprefix("attach://"), value)
        return params

    async def _handle_bot(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").to_json(), status=401)
        method = self.state.canonical(request.match_info["method"])
        params: JSON = {}
        delay, html = 0.0, False
        try:
            params = await self._read_params(request)
            fault = self._take_fault(method) or self._random_fault(method, params)
            if fault is not None and fault.drop:
                return await self._drop(method, params, fault)
            if fault is not None:
                delay = fault.delay_s or 0.0
                html = fault.status == 502
                self._raise_fault(fault)
            self._check_rate(method, params)
            body: JSON = {"ok": True, "result": await self.state.call(method, params)}
            status = 200
        except ApiError as exc:
            body, status = exc.to_json(), exc.code
        except (ValueError, TypeError, KeyError, AttributeError) as exc:  # malformed parameters
            body, status = bad_request(f"invalid parameters: {exc}").to_json(), 400
        recorded = {k: v.summary() if isinstance(v, Upload) else v for k, v in params.items()}
        self.calls.append(ApiCall(method, recorded, body, bool(body["ok"])))
        if delay:
            await asyncio.sleep(delay)  # the call took effect; only the answer is late
        if html:
            return web.Response(status=502, text=_BAD_GATEWAY, content_type="text/html")
        return web.json_response(body, status=status)

    async def _drop(self, method: str, params: JSON, fault: _Fault) -> web.StreamResponse:
        """A request lost on its way: never processed, answered (if still awaited) late."""
        recorded = {k: v.summary() if isinstance(v, Upload) else v for k, v in params.items()}
        body = {"ok": False, "error_code": 504, "description": "dropped: never processed"}
        self.calls.append(ApiCall(method, recorded, body, False))
        await asyncio.sleep(fault.delay_s if fault.delay_s is not None else 10.0)
        return web.Response(status=504, text=_GATEWAY_TIMEOUT, content_type="text/html")

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        stored: StoredFile | None = self.state.files_by_path.get(request.match_info["path"])
        if request.match_info["token"] != self.token or stored is None:
            return web.json_response(ApiError(404, "Not Found").to_json(), status=404)
        return web.Response(body=stored.content, content_type="application/octet-stream")

    # ------------------------------------------------------------ faults and limits

    def fail_next(
        self,
        method: str,
        status: int | None = None,
        *,
        retry_after: int = 3,
        count: int = 1,
        delay_s: float | None = None,
        description: str | None = None,
        drop: bool = False,
    ) -> None:
        """Make the next ``count`` calls of ``method`` ("*" = any) fail or answer late.

        ``status`` 429 (the default unless only ``delay_s`` is given) answers "Too Many
        Requests" with ``parameters.retry_after``; 500 an internal error; 502 nginx's HTML
        page; other codes a JSON error with ``description``. With ``delay_s`` the answer
        is held that long (after the call took effect, when there is no status).
        With ``drop`` the request is lost instead: it is never processed, and the answer
        (nginx's 504) comes after ``delay_s`` (default 10 s), by when the client has
        usually timed out; the call is recorded with ``ok`` False.
        """
        if status is None and delay_s is None and not drop:
            status = 429
        self._faults.append(
            _Fault(method.lower(), status, retry_after, description, delay_s, count, drop)
        )

    def fail_randomly(
        self, rate: float, seed: int = 0, kinds: tuple[str, ...] | list[str] | None = None,
        *, methods: tuple[str, ...] | list[str] = ("sendMessage",), retry_after: int = 1,
        delay_s: float = 1.0,
    ) -> RandomFaults:
        """Fail each call of ``methods`` with probability ``rate`` (seeded), after any
        ``fail_next`` faults: see ``bot.emulator.faults`` for the kinds. ``rate`` 0
        turns it off. Returns the recorder (``.injected``)."""
        faults = RandomFaults(rate, seed, tuple(kinds) if kinds else KINDS,
                              frozenset(m.lower() for m in methods), retry_after, delay_s)
        self.random_faults = faults if rate > 0 else None
        return faults

    def _random_fault(self, method: str, params: JSON) -> _Fault | None:
        if self.random_faults is None:
            return None
        kind = self.random_faults.draw(method, params)
        if kind is None:
            return None
        r = self.random_faults
        if kind in ("429", "500", "502"):
            return _Fault(method, int(kind), r.retry_after, None, None, 1)
        if kind == "lost":
            return _Fault(method, None, r.retry_after, None, r.delay_s, 1, drop=True)
        return _Fault(method, None, r.retry_after, None, r.delay_s, 1)  # late: processed

    def _take_fault(self, method: str) -> _Fault | None:
        for fault in self._faults:
            if fault.method in ("*", method.lower()):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    @staticmethod
    def _raise_fault(fault: _Fault) -> None:
        if fault.status is None:
            return
        if fault.status == 429:
            ra = fault.retry_after
            raise ApiError(429, f"Too Many Requests: retry after {ra}", {"retry_after": ra})
        defaults = {500: "Internal Server Error", 502: "Bad Gateway", 403: "Forbidden"}
        description = fault.description or defaults.get(fault.status, "Bad Request: injected")
        raise ApiError(fault.status, description)

    def block_user(self, user_id: int, blocked: bool = True) -> None:
        """While blocked, sends to the user's chat get 403 "bot was blocked by the user"."""
        (self.state.blocked.add if blocked else self.state.blocked.discard)(user_id)

    def set_rate_limits(
        self, global_per_s: float | None = None, per_chat_per_s: float | None = None
    ) -> None:
        """Token-bucket limits on send* methods (burst = max(1, rate)); None = unlimited."""
        self._global_rate, self._chat_rate = global_per_s, per_chat_per_s
        self._buckets.clear()

    def _check_rate(self, method: str, params: JSON) -> None:
        if not _SEND_METHODS.match(method.lower()):
            return
        buckets: list[_Bucket] = []
        if self._global_rate:
            buckets.append(self._buckets.setdefault(None, _Bucket(self._global_rate)))
        chat_id = params.get("chat_id")
        if self._chat_rate and isinstance(chat_id, int):
            buckets.append(self._buckets.setdefault(chat_id, _Bucket(self._chat_rate)))
        wait = max((b.wait_needed() for b in buckets), default=0.0)
        if wait > 0:
            ra = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {ra}", {"retry_after": ra})
        for bucket in buckets:
            bucket.tokens -= 1

    # ------------------------------------------------------------ observation

    def sent_messages(self, chat_id: int) -> list[JSON]:
        """The bot's messages in the chat, in order, as they are now (edited, not deleted)."""
        return self.state.bot_messages(int(chat_id))

    def last_message(self, chat_id: int) -> JSON | None:
        messages = self.sent_messages(chat_id)
        return messages[-1] if messages else None

    @staticmethod
    def buttons(message: JSON | None) -> list[list[tuple[str, str | None]]]:
        """``[[(text, callback_data or url), ...], ...]`` of the message's inline keyboard."""
        return keyboard_buttons(message or {})

    def reply_keyboard(self, chat_id: int) -> JSON | None:
        """The custom (reply) keyboard the user currently sees, if any."""
        return self.state.reply_keyboards.get(int(chat_id))

    def commands(self, language_code: str | None = None, scope_type: str = "default") -> list[JSON]:
        """Commands set for the scope ("default", "all_private_chats", "chat:<id>" ...)."""
        return [dict(c) for c in self.state.commands.get((scope_type, language_code or ""), [])]

    def menu_of(self, chat_id: int, language_code: str | None = None) -> list[str]:
        """The command names a user whose client is in ``language_code`` sees in the
        menu of their private chat, by Telegram's order of scopes (the chat's own list
        for that language, the chat's own, all private chats' for that language, all
        private chats', the default for that language, the default)."""
        lang = language_code or ""
        for scope in (f"chat:{chat_id}", "all_private_chats", "default"):
            for code in ((lang, "") if lang else ("",)):
                if (scope, code) in self.state.commands:
                    return [c["command"] for c in self.state.commands[(scope, code)]]
        return []

    def calls_to(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def callback_answer(self, query_id: str) -> JSON | None:
        """What the bot answered to the callback query (None: not answered yet)."""
        query = self.state.callback_queries.get(str(query_id))
        return query["answer"] if query else None

    def pending_updates(self) -> list[JSON]:
        return [dict(u) for u in self.state.updates]

    def clear(self) -> None:
        """Forget the recorded calls (users, chats and messages stay)."""
        self.calls.clear()

    # ------------------------------------------------------------ control API (HTTP)

    def _add_control_routes(self, app: web.Application) -> None:
        def b64(func: Callable[..., JSON]) -> Callable[..., JSON]:
            def call(content_b64: str = "", **kwargs: Any) -> JSON:
                return func(content=base64.b64decode(content_b64), **kwargs)

            return call

        def press(**kwargs: Any) -> JSON:
            if "button_text" in kwargs:
                return self.press_button_text(**kwargs)
            return self.press_button(**kwargs)

        def rate_limits(**kwargs: Any) -> JSON:
            self.set_rate_limits(**kwargs)
            return {"ok": True}

        posts: dict[str, Callable[..., Any]] = {
            "users": self.add_user, "text": self.send_text, "location": self.send_location,
            "edit_location": self.edit_live_location, "edit_text": self.edit_text,
            "press": press,
            "photo": b64(self.send_photo), "document": b64(self.send_document),
            "contact": self.send_contact, "fail_next": self.fail_next,
            "block": self.block_user, "rate_limits": rate_limits, "clear": self.clear,
        }  # fmt: skip
        for name, func in posts.items():
            app.router.add_post(f"/_emulator/{name}", self._control(func, from_body=True))
        gets: dict[str, Callable[..., Any]] = {
            "messages": lambda chat_id: self.sent_messages(int(chat_id)),
            "calls": lambda method=None: [asdict(c) for c in
                                          (self.calls_to(method) if method else self.calls)],
            "commands": self.commands, "updates": self.pending_updates,
            "bot": lambda: self.bot_user,
        }  # fmt: skip
        for name, func in gets.items():
            app.router.add_get(f"/_emulator/{name}", self._control(func, from_body=False))

    @staticmethod
    def _control(
        func: Callable[..., Any], *, from_body: bool
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(request: web.Request) -> web.Response:
            try:
                kwargs = dict(request.query)
                if from_body and request.can_read_body:
                    kwargs.update(await request.json())
                result = func(**kwargs)
            except (ValueError, TypeError, KeyError) as exc:
                return web.json_response({"ok": False, "error": str(exc)}, status=400)
            return web.json_response({"ok": True, "result": result})

        return handler


async def serve_forever(emulator: BotApiEmulator) -> None:
    """Start the emulator and serve until the task is cancelled (for the demo / CLI)."""
    async with emulator:
        await asyncio.Event().wait()
