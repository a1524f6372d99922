"""Turning attendance records into the sentences people read."""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from bot.rules.timefmt import local_time, long_date
from bot.services.attendance import AlreadyDone, CheckResult, NotCheckedIn, OutsideOffice, Recorded
from bot.texts import text
from db.models import AttendanceEvent


def distance(metres: float, lang: str) -> str:
    locale = "id" if lang == "id" else "en"
    if metres < 1000:
        return text("distance.m", lang, value=format_decimal(round(metres), locale=locale))
    return text("distance.km", lang, value=format_decimal(round(metres / 1000, 1), locale=locale))


def event_time(event: AttendanceEvent) -> str:
    return local_time(event.occurred_at, ZoneInfo(event.office.timezone))


def event_summary(event: AttendanceEvent, lang: str) -> str:
    """'07:42 WIB (TL1)' or '07:25 WIB' — for /status."""
    code = f" ({event.code})" if event.code else ""
    return f"{event_time(event)}{code}"


def check_result(kind: str, result: CheckResult, lang: str) -> str:
    if isinstance(result, OutsideOffice):
        return text(
            "location.outside",
            lang,
            distance=distance(result.distance_m, lang),
            office=html.escape(result.office.name),
            radius=round(result.office.radius_m),
        )
    if isinstance(result, NotCheckedIn):
        return text("checkout.not_checked_in", lang)
    if isinstance(result, AlreadyDone):
        key = "checkin.already" if kind == "in" else "checkout.already"
        return text(key, lang, time=event_time(result.event))
    return _recorded(kind, result, lang)


def _recorded(kind: str, result: Recorded, lang: str) -> str:
    event = result.event
    tz = ZoneInfo(event.office.timezone)
    lines = [
        text(
            "checkin.done" if kind == "in" else "checkout.done",
            lang,
            time=event_time(event),
            date=long_date(event.work_date, lang),
            office=html.escape(event.office.name),
        )
    ]
    if event.day_type == "holiday":
        lines.append(text("day.holiday", lang, holiday=html.escape(event.holiday_name or "")))
    elif event.day_type == "no_schedule":
        lines.append(text("day.no_schedule", lang))
    elif event.scheduled_at is not None:
        scheduled = local_time(event.scheduled_at, tz)
        if event.code is None:
            lines.append(
                text(
                    "checkin.on_time" if kind == "in" else "checkout.on_time",
                    lang,
                    scheduled=scheduled,
                )
            )
        else:
            lines.append(
                text(
                    "checkin.late" if kind == "in" else "checkout.early",
                    lang,
                    minutes=event.minutes_off,
                    scheduled=scheduled,
                    code=event.code,
                )
            )
    return "\n".join(lines)
