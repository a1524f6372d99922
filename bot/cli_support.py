"""What every ``hadir`` subcommand shares: the language of its output, secrets
kept out of it, known failures told in one line, and waiting for Telegram."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import unquote

from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.config import LANGUAGES, SettingsError, redact_url, url_password
from bot.texts import text

if TYPE_CHECKING:
    from telegram import Bot

Sleep = Callable[[float], Awaitable[None]]
"""How a wait is made: ``asyncio.sleep`` in production, a recorder in tests."""


class _RawEnv(BaseSettings):
    """The few settings a failure line needs, read without validation so that
    even a refused configuration gets its secrets hidden and its language."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore", env_ignore_empty=True)
    telegram_bot_token: str = ""
    database_url: str = ""
    webhook_secret: str = ""
    default_language: str = "id"


def _raw_env() -> _RawEnv:
    try:
        return _RawEnv()
    except Exception:  # an unreadable .env: nothing to hide, the default language
        return _RawEnv.model_construct()


def env_language() -> str:
    lang = _raw_env().default_language.strip()
    return lang if lang in LANGUAGES else "id"


def secrets(token: str | None, database_url: str | None) -> tuple[str, ...]:
    found = [token.strip() if token else ""]
    password = url_password(database_url or "")
    if password:
        found += [password, unquote(password)]
    return tuple(sorted({s for s in found if len(s) >= 2}, key=len, reverse=True))


def env_secrets() -> tuple[str, ...]:
    env = _raw_env()
    found = secrets(env.telegram_bot_token, env.database_url)
    webhook = env.webhook_secret.strip()
    return (*found, webhook) if len(webhook) >= 2 else found


def redact(line: str, hidden: tuple[str, ...]) -> str:
    """``line`` with every secret, and the password of any address in it, as ``***``."""
    line = redact_url(line)
    for secret in hidden:
        line = line.replace(secret, "***")
    return line


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def explain(exc: BaseException, lang: str) -> tuple[str, int] | None:
    """The one line (and exit status) for a failure an admin can fix, or None."""
    from sqlalchemy.exc import SQLAlchemyError
    from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter

    if isinstance(exc, InvalidToken):  # its message holds the token: never shown
        return text("cli.token_rejected", lang), 2
    if isinstance(exc, SettingsError):
        return f"{text('cli.bad_settings', lang)}\n{exc.lines(lang)}", 2
    if isinstance(exc, NetworkError | RetryAfter) and not isinstance(exc, BadRequest):
        return text("cli.telegram_unreachable", lang, reason=_first_line(exc)), 1
    if isinstance(exc, OSError) and exc.filename is not None:
        return text("cli.file_error", lang, reason=_first_line(exc)), 1
    if isinstance(exc, OSError | SQLAlchemyError):
        return text("cli.database_unreachable", lang, reason=_first_line(exc)), 1
    return None


def guarded(work: Callable[[], int], *, lang: str | None) -> int:
    """Run a subcommand; a known failure becomes one line, an unknown one a
    traceback; neither ever shows the token or the database password."""
    try:
        return work()
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        lang = lang or env_language()
        hidden = env_secrets()
        known = explain(exc, lang)
        if known is None:
            print(redact(traceback.format_exc(), hidden), file=sys.stderr)
            known = text("cli.unexpected", lang, kind=type(exc).__name__), 1
        line, status = known
        print(redact(line, hidden), file=sys.stderr)
        return status


# loggers kept at WARNING whatever LOG_LEVEL says: httpx logs every request URL (the
# URL holds the bot token), aiosqlite every statement with its values and PTB's Bot
# every call with its parameters (names, what people typed, coordinates: personal
# data); apscheduler and alembic are only noisy
# telegram.ext.Application logs each whole update ("Processing update …") at DEBUG
QUIET_LOGGERS = ("httpx", "aiosqlite", "telegram.Bot", "telegram.ext.ExtBot", "apscheduler",
                 "alembic.runtime.plugins", "telegram.ext.Application", "telegram.ext.Updater")


def quiet_libraries() -> None:
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


class Redacting(logging.Formatter):
    """Whatever a library logs (PTB puts a rejected token in its error), no
    secret reaches the log."""

    def __init__(self, hidden: tuple[str, ...]) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.hidden = hidden

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.hidden)


async def wait_for_telegram(
    bot: Bot, *, base_s: float, max_s: float, sleep: Sleep, lang: str, log: logging.Logger
) -> int:
    """Initialise ``bot`` (its getMe), retrying while Telegram cannot be
    reached, the wait doubling from ``base_s`` up to ``max_s``; one log line per
    failed attempt. A rejected token raises at once. Returns the attempts made."""
    from telegram.error import BadRequest, NetworkError, RetryAfter

    delay, attempt = base_s, 1
    while True:
        try:
            await bot.initialize()
            return attempt
        except (NetworkError, RetryAfter) as exc:  # TimedOut is a NetworkError too
            if isinstance(exc, BadRequest):
                await bot.shutdown()
                raise
            wait = delay
            if isinstance(exc, RetryAfter):
                after = exc.retry_after
                wait = max(delay, after.total_seconds() if isinstance(after, timedelta)
                           else float(after))
            reason = _first_line(exc)
        except BaseException:
            await bot.shutdown()
            raise
        log.warning(text("cli.telegram_retry", lang, attempt=attempt, seconds=f"{wait:g}",
                         reason=reason))
        await sleep(wait)
        delay, attempt = min(max_s, delay * 2), attempt + 1
