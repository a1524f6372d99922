"""Typed, frozen settings read once from the environment and .env.

No other module reads ``os.environ``: everything that varies by agency is a
field here with the default documented in shared/docs/domain-rules.md.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Annotated, Any

import holidays
from dotenv import dotenv_values
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from bot.rules.presence import DEFAULT_BREAK_TIMES, Breaks, parse_break_times
from bot.rules.recap import (
    DEFAULT_DEDUCTION_PERCENT,
    DEFAULT_WEEKLY_SUMMARY_TIME,
    WeeklyTime,
    parse_deductions,
    parse_weekly_time,
)
from bot.texts import text

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/hadir.db"
LANGUAGES = ("id", "en")
# what hosting panels hand out, and the driver Hadir runs on
_URL_SCHEMES = {
    "postgres://": "postgresql+asyncpg://",
    "postgresql://": "postgresql+asyncpg://",
    "sqlite://": "sqlite+aiosqlite://",
}
_URL_PASSWORD = re.compile(r"(://[^\s:/@]*:)\S*@")


def redact_url(url: str) -> str:
    """A database address fit to print: its password is replaced by ``***``."""
    return _URL_PASSWORD.sub(r"\1***@", url)


def url_password(url: str) -> str | None:
    match = re.search(r"://[^\s:/@]*:(\S*)@", url)
    return match.group(1) if match and match.group(1) else None


def _asyncpg_url(url: str) -> str:
    """libpq's ``sslmode=`` (in most hosting panels' addresses) is asyncpg's ``ssl=``."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    query = dict(parsed.query)
    if "sslmode" in query:
        query.setdefault("ssl", query.pop("sslmode"))
        url = parsed.set(query=query).render_as_string(hide_password=False)
    return url


def _int_list(value: object) -> object:
    if isinstance(value, str):
        return [int(part) for part in value.replace(" ", "").split(",") if part]
    return value


def _str_list(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


# settings where an empty value means "none" rather than "the default"
# (everywhere else an empty KEY= in .env keeps the default)
_EMPTY_MEANS_NONE = ("apel_weekdays",)


class _EmptyMeansNone(PydanticBaseSettingsSource):
    """``APEL_WEEKDAYS=`` (empty, in the environment or .env) is an empty list."""

    def __init__(self, settings_cls: type[BaseSettings], env_file: object) -> None:
        super().__init__(settings_cls)
        self.env_file = env_file

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def _raw(self) -> dict[str, str | None]:
        files = self.env_file if isinstance(self.env_file, list | tuple) else [self.env_file]
        raw: dict[str, str | None] = {}
        for path in files:  # later files win, as pydantic-settings reads them
            if path is not None and Path(str(path)).is_file():
                raw |= {key.lower(): value for key, value in dotenv_values(str(path)).items()}
        raw |= {key.lower(): value for key, value in os.environ.items()}  # the environment wins
        return raw

    def __call__(self) -> dict[str, Any]:
        raw = self._raw()
        return {name: [] for name in _EMPTY_MEANS_NONE
                if name in raw and not (raw[name] or "").strip()}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
        env_ignore_empty=True,
    )

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        env_file = getattr(dotenv_settings, "env_file", None)
        return (init_settings, _EmptyMeansNone(settings_cls, env_file), env_settings,
                dotenv_settings, file_secret_settings)

    # --- connection ---
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org"
    database_url: str = DEFAULT_DATABASE_URL
    bot_username: str | None = None  # read from getMe when empty
    admin_chat_id: int | None = None  # errors are reported here when set
    log_level: str = "INFO"

    # schedules and local holidays are cached this long (a roster import made by
    # another process reaches the running bot within it); 0 = no cache
    reference_cache_ttl_s: float = Field(default=300.0, ge=0)
    # updates of different people handled at the same time (one person's always
    # one after another, in order; bot.pipeline)
    max_concurrent_updates: int = Field(default=32, ge=1, le=1024)

    # --- locale and calendar ---
    default_timezone: str = "Asia/Jakarta"
    default_language: str = "id"
    holiday_categories: Annotated[list[str], NoDecode] = ["public", "government"]

    # --- what users send: a photo or document (evidence, an attachment) larger than
    # this is refused from the size Telegram reports, before anything is fetched ---
    max_upload_mb: float = Field(default=20.0, gt=0)

    # --- location checks (fake-GPS defences) ---
    require_live_location: bool = True
    max_location_accuracy_m: float = Field(default=100.0, gt=0)
    location_prompt_window_s: int = Field(default=300, gt=0)

    # --- the attendance day: which period a check belongs to ---
    early_check_in_minutes: int = Field(default=120, ge=0)  # before the period start
    check_out_slack_minutes: int = Field(default=240, ge=0)  # after the period end (overtime)

    # --- lateness (TL) and early leave (PSW) bands, minutes ---
    late_grace_minutes: int = Field(default=0, ge=0)
    early_leave_grace_minutes: int = Field(default=0, ge=0)
    late_band_limits: Annotated[list[int], NoDecode] = [30, 60, 90]
    early_band_limits: Annotated[list[int], NoDecode] = [30, 60, 90]

    # --- invites ---
    invite_ttl_days: int = Field(default=7, gt=0)

    # --- tasks: reminders before the deadline (hours), and at the deadline ---
    reminder_offsets_hours: Annotated[list[float], NoDecode] = [24.0, 2.0]
    reminder_scan_interval_s: int = Field(default=60, gt=0)

    # --- start: Telegram unreachable at boot is retried, the wait doubling up to the cap ---
    startup_retry_base_s: float = Field(default=2.0, gt=0)
    startup_retry_max_s: float = Field(default=300.0, gt=0)

    # --- webhook mode (`hadir run --webhook`), health and metrics (bot.web) ---
    webhook_url: str | None = None  # the public https address Telegram posts updates to
    webhook_secret: SecretStr | None = None  # required in webhook mode; Telegram echoes it
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=0, le=65535)
    # polling mode: /healthz and /metrics on this port when set
    http_port: int | None = Field(default=None, ge=0, le=65535)
    http_listen: str = "127.0.0.1"

    # --- outbox: Telegram's limits and retries ---
    outbox_global_rate_per_s: float = Field(default=25.0, gt=0)
    outbox_per_chat_rate_per_s: float = Field(default=1.0, gt=0)
    outbox_max_attempts: int = Field(default=8, gt=0)
    outbox_backoff_base_s: float = Field(default=2.0, gt=0)
    outbox_backoff_max_s: float = Field(default=600.0, gt=0)
    outbox_poll_interval_s: float = Field(default=1.0, gt=0)
    outbox_send_timeout_s: float = Field(default=30.0, gt=0)
    outbox_concurrency: int = Field(default=8, gt=0)

    # --- failover on PostgreSQL (bot.leader): a standby takes over this long after
    # the leader's last heartbeat; renewed every third of it ---
    leader_lease_s: float = Field(default=15.0, ge=1)

    # --- operators: flood limit, roster upload in the chat, menus per role ---
    user_updates_per_minute: int = Field(default=30, ge=0)  # per person; 0 = no limit
    roster_upload_max_mb: int = Field(default=10, gt=0, le=20)  # the Bot API serves up to 20
    menu_sync_per_minute: int = Field(default=300, gt=0)  # setMyCommands calls at most

    # --- leave and permission (/izin) ---
    annual_leave_days: int = Field(default=12, ge=0)  # CT working days a year
    annual_leave_carry_over_days: int = Field(default=6, ge=0)  # unused CT carried at most
    fwa_radius_m: float = Field(default=150.0, gt=0)  # around an approved FWA/WFH place

    # --- the day's alerts (minutes after the scheduled start / end) ---
    alert_scan_interval_s: int = Field(default=60, gt=0)  # how often the day jobs look
    check_in_reminder_minutes: int = Field(default=15, ge=0)
    no_show_alert_minutes: int = Field(default=60, ge=0)
    check_out_reminder_minutes: int = Field(default=30, ge=0)
    missing_check_out_code: str = "PSW4"
    missing_check_in_code: str = "TL4"
    apel_weekdays: Annotated[list[int], NoDecode] = [1]  # 1 = Monday ... 7; empty = none

    # --- mid-day presence checks ---
    presence_checks_per_day: int = Field(default=2, ge=0, le=12)
    presence_answer_minutes: int = Field(default=15, gt=0)
    # breaks by weekday, for schedule rows without their own break_start/break_end:
    # no check falls in them ("-" = no breaks)
    break_times: Annotated[Breaks, NoDecode] = parse_break_times(DEFAULT_BREAK_TIMES)

    # --- patterns: chronic lateness, unexcused absence (PP 94/2021) ---
    chronic_late_days: int = Field(default=3, gt=0)
    chronic_late_window_days: int = Field(default=10, gt=0)
    chronic_late_minutes_month: int = Field(default=450, gt=0)
    unexcused_absence_bands: Annotated[list[int], NoDecode] = [3, 4, 7, 11, 14, 17, 21, 25, 28]
    unexcused_consecutive_days: int = Field(default=10, gt=0)

    # --- overdue tasks ---
    overdue_digest_time: time = time(8, 0)  # local time of each supervisor's office
    overdue_escalate_working_days: int = Field(default=3, gt=0)
    stalled_task_working_days: int = Field(default=3, gt=0)

    # --- summaries and recaps ---
    # the weekly summary to unit heads: ISO weekday and local time of the unit's office
    weekly_summary_time: Annotated[WeeklyTime, NoDecode] = parse_weekly_time(
        DEFAULT_WEEKLY_SUMMARY_TIME)
    weekly_summary_supervisors: bool = False  # each supervisor gets their own team's too
    workload_share: float = Field(default=0.4, gt=0, le=1)  # of a unit's open tasks
    workload_ratio: float = Field(default=3.0, gt=1)  # busiest against the median
    # percent of tukin/TPP per day with that code (each day's TL and PSW code, each TK day)
    deduction_percent: Annotated[dict[str, float], NoDecode] = parse_deductions(
        DEFAULT_DEDUCTION_PERCENT)
    deduction_cap_percent: float = Field(default=100.0, ge=0, le=100)  # a month at most

    # --- personal data (UU 27/2022) ---
    location_retention_days: int = Field(default=90, gt=0)
    # who viewed whose data (the access log): kept this long, then purged nightly
    access_log_retention_days: int = Field(default=730, gt=0)
    # live-location positions: at most one per interval, never after check-out or
    # the period end, nor past this many hours after check-in on a day without one
    position_sample_interval_s: int = Field(default=300, gt=0)
    max_tracking_hours: float = Field(default=10.0, gt=0, le=24)

    @field_validator("late_band_limits", "early_band_limits", mode="before")
    @classmethod
    def _parse_bands(cls, value: object) -> object:
        return _int_list(value)

    @field_validator("apel_weekdays", "unexcused_absence_bands", mode="before")
    @classmethod
    def _parse_int_lists(cls, value: object) -> object:
        return _int_list(value)

    @field_validator("apel_weekdays")
    @classmethod
    def _check_weekdays(cls, value: list[int]) -> list[int]:
        if any(not 1 <= day <= 7 for day in value):
            raise SettingProblem("settings.weekdays")
        return sorted(set(value))

    @field_validator("unexcused_absence_bands")
    @classmethod
    def _check_absence_bands(cls, value: list[int]) -> list[int]:
        if not value or any(b <= a for a, b in zip([0, *value], value, strict=False)):
            raise SettingProblem("settings.absence_bands")
        return value

    @field_validator("break_times", mode="before")
    @classmethod
    def _parse_break_times(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return parse_break_times(value)
            except ValueError:
                raise SettingProblem("settings.break_times", value=repr(value)) from None
        return value

    @field_validator("weekly_summary_time", mode="before")
    @classmethod
    def _parse_weekly_time(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return parse_weekly_time(value)
            except ValueError:
                raise SettingProblem("settings.weekly_time", value=repr(value)) from None
        return value

    @field_validator("deduction_percent", mode="before")
    @classmethod
    def _parse_deductions(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return parse_deductions(value)
            except ValueError:
                raise SettingProblem("settings.deductions", value=repr(value)) from None
        return value

    @field_validator("missing_check_in_code", "missing_check_out_code")
    @classmethod
    def _check_missing_code(cls, value: str) -> str:
        value = value.strip().upper()
        if not re.fullmatch(r"(TL|PSW)[1-4]|TK", value):
            raise SettingProblem("settings.missing_code", value=repr(value))
        return value

    @field_validator("reminder_offsets_hours", mode="before")
    @classmethod
    def _parse_offsets(cls, value: object) -> object:
        if isinstance(value, str):
            return [float(part) for part in value.replace(" ", "").split(",") if part]
        return value

    @field_validator("reminder_offsets_hours")
    @classmethod
    def _check_offsets(cls, value: list[float]) -> list[float]:
        if any(v <= 0 for v in value):
            raise SettingProblem("settings.offsets_positive")
        return sorted(set(value), reverse=True)

    @field_validator("holiday_categories", mode="before")
    @classmethod
    def _parse_categories(cls, value: object) -> object:
        return _str_list(value)

    @field_validator("holiday_categories")
    @classmethod
    def _check_categories(cls, value: list[str]) -> list[str]:
        known = tuple(holidays.Indonesia.supported_categories)
        unknown = [v for v in value if v not in known]
        if unknown or not value:
            raise SettingProblem("settings.unknown_categories",
                                 unknown=", ".join(unknown) or "(-)", known=", ".join(known))
        return value

    @field_validator("late_band_limits", "early_band_limits")
    @classmethod
    def _check_bands(cls, value: list[int]) -> list[int]:
        if len(value) != 3 or any(b <= a for a, b in zip([0, *value], value, strict=False)):
            raise SettingProblem("settings.bands")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingProblem("settings.timezone", value=repr(value)) from exc
        return value

    @field_validator("default_language")
    @classmethod
    def _check_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise SettingProblem("settings.language", choices=", ".join(LANGUAGES))
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        value = value.strip()
        for given, driver in _URL_SCHEMES.items():
            if value.startswith(given):
                value = driver + value.removeprefix(given)
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise SettingProblem("settings.database_scheme")
        try:
            return _asyncpg_url(value) if value.startswith("postgresql") else value
        except Exception:  # its message may quote the address: never shown
            raise SettingProblem("settings.database_invalid") from None

    @field_validator("telegram_api_base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise SettingProblem("settings.base_url")
        return value.rstrip("/")

    @field_validator("webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None) -> str | None:
        from urllib.parse import urlsplit

        value = (value or "").strip()
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme != "https" or not parts.hostname:
            raise SettingProblem("settings.webhook_url")
        if parts.path.rstrip("/") in ("/healthz", "/metrics"):
            raise SettingProblem("settings.webhook_path")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        secret = value.get_secret_value().strip() if value else ""
        if not secret:
            return None
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):  # what Telegram accepts
            raise SettingProblem("settings.webhook_secret")
        return SecretStr(secret)

    @field_validator("telegram_bot_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        token = value.get_secret_value().strip() if value else ""
        if not token:
            return None
        if ":" not in token or not token.split(":", 1)[0].isdigit():
            raise SettingProblem("settings.token")
        return SecretStr(token)

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None


def _shown(field: str, value: object) -> str:
    """The bad value as the error line shows it: never a token or a password."""
    if "token" in field or "secret" in field:
        return "***"
    if field == "database_url" and isinstance(value, str):
        return repr(redact_url(value))
    return repr(value)


class SettingProblem(ValueError):
    """Why a value is refused: a key of ``bot/texts/settings.py`` and its values,
    rendered in the reader's language when the error is shown."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(text(key, "en", **values))
        self.key, self.values = key, values


@dataclass(frozen=True)
class _Refused:
    setting: str
    problem: SettingProblem | str  # a pydantic message when it is not one of ours
    shown: str

    def line(self, lang: str) -> str:
        problem = self.problem
        if isinstance(problem, SettingProblem):
            problem = text(problem.key, lang, **problem.values)
        return text("settings.line", lang, setting=self.setting, problem=problem,
                    shown=self.shown)


class SettingsError(Exception):
    """One readable line per bad value; ``lines(lang)`` in the reader's language
    (``str()`` is English, for logs and tracebacks)."""

    def __init__(self, refused: list[_Refused]) -> None:
        self.refused = refused
        super().__init__(self.lines("en"))

    def lines(self, lang: str) -> str:
        return "\n".join(r.line(lang) for r in self.refused)


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        refused = []
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"]) or "settings"
            cause = (error.get("ctx") or {}).get("error")
            problem = (cause if isinstance(cause, SettingProblem)
                       else error["msg"].removeprefix("Value error, "))
            refused.append(_Refused(field.upper(), problem, _shown(field, error.get("input"))))
        raise SettingsError(refused) from None
