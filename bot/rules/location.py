"""Checks on a shared location before it may count as presence at the office.

Fake GPS is the best-known attendance fraud: a static location can be any
point picked on the map, a live one comes from the device. So a location must
be live (by default), not forwarded, not sent via another bot, precise
enough, and it must answer a /masuk or /pulang asked for shortly before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class LocationProblem(StrEnum):
    FORWARDED = "forwarded"
    VIA_BOT = "via_bot"
    NOT_LIVE = "not_live"
    INACCURATE = "inaccurate"


@dataclass(frozen=True)
class SharedLocation:
    latitude: float
    longitude: float
    sent_at: datetime  # the Telegram message date
    # PTB gives a timedelta under PTB_TIMEDELTA; only whether it is set matters here
    live_period: int | timedelta | None = None
    accuracy_m: float | None = None
    forwarded: bool = False
    via_bot: bool = False


def location_problem(
    location: SharedLocation, *, require_live: bool, max_accuracy_m: float
) -> LocationProblem | None:
    if location.forwarded:
        return LocationProblem.FORWARDED
    if location.via_bot:
        return LocationProblem.VIA_BOT
    if require_live and not location.live_period:
        return LocationProblem.NOT_LIVE
    if location.accuracy_m is not None and location.accuracy_m > max_accuracy_m:
        return LocationProblem.INACCURATE
    return None


def answers_prompt(asked_at: datetime, sent_at: datetime, window_s: int) -> bool:
    """A location counts only if sent after the prompt and within the window."""
    elapsed = (sent_at - asked_at).total_seconds()
    return 0 <= elapsed <= window_s
