"""Turning attendance records into the sentences people read."""

from __future__ import annotations

import html
from collections.abc import Collection
from datetime import date
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from bot.rules.apel import missed_apel
from bot.rules.presence import LIVE_DAY_S
from bot.rules.timefmt import local_time, long_date
from bot.services.attendance import (
    AlreadyDone,
    CheckResult,
    MissedCheckOut,
    NotCheckedIn,
    OutsideOffice,
    Recorded,
    TooEarly,
)
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


def _local_date(event: AttendanceEvent) -> date:
    return event.occurred_at.astimezone(ZoneInfo(event.office.timezone)).date()


def _already(kind: str, result: AlreadyDone, lang: str) -> str:
    """'… today at 07:20' — or with the date when the first record is of another day."""
    event = result.event
    day = _local_date(event)
    asked = result.asked_at.astimezone(ZoneInfo(event.office.timezone)).date() if (
        result.asked_at is not None) else day
    prefix = "checkin" if kind == "in" else "checkout"
    if asked == day:
        return text(f"{prefix}.already", lang, time=event_time(event))
    return text(f"{prefix}.already_on", lang, time=event_time(event), date=long_date(day, lang))


def check_result(kind: str, result: CheckResult, lang: str,
                 apel_weekdays: Collection[int] = ()) -> str:
    """The reply to a check; ``apel_weekdays`` (APEL_WEEKDAYS): a late check-in
    on such a day also says the apel was missed."""
    if isinstance(result, OutsideOffice):
        if result.fwa_distance_m is not None and result.fwa_radius_m is not None:
            return text("leave.outside_fwa", lang, distance=distance(result.fwa_distance_m, lang),
                        radius=round(result.fwa_radius_m),
                        office_distance=distance(result.distance_m, lang),
                        office=html.escape(result.office.name))
        return text(
            "location.outside",
            lang,
            distance=distance(result.distance_m, lang),
            office=html.escape(result.office.name),
            radius=round(result.office.radius_m),
        )
    if isinstance(result, NotCheckedIn):
        return text("checkout.not_checked_in", lang)
    if isinstance(result, MissedCheckOut):
        check_in = result.check_in
        return text("checkout.missed", lang, date=long_date(check_in.work_date, lang),
                    time=event_time(check_in))
    if isinstance(result, TooEarly):
        tz = result.period.start.tzinfo
        assert isinstance(tz, ZoneInfo)
        return text("checkin.too_early", lang, start=local_time(result.period.start, tz),
                    opens=local_time(result.opens_at, tz))
    if isinstance(result, AlreadyDone):
        return _already(kind, result, lang)
    return _recorded(kind, result, lang, apel_weekdays)


def check_date(event: AttendanceEvent, lang: str) -> str:
    """The local date of the check itself, and the shift's when it started the day
    before: 'Selasa, 24 November 2026 (shift Senin, 23 November 2026)'."""
    day = _local_date(event)
    shown = long_date(day, lang)
    if day != event.work_date:
        shown += text("day.shift_of", lang, date=long_date(event.work_date, lang))
    return shown


def _recorded(kind: str, result: Recorded, lang: str, apel_weekdays: Collection[int]) -> str:
    event = result.event
    tz = ZoneInfo(event.office.timezone)
    lines = [
        text(
            "checkin.done" if kind == "in" else "checkout.done",
            lang,
            time=event_time(event),
            date=check_date(event, lang),
            office=text("leave.fwa_place", lang) if result.fwa else html.escape(event.office.name),
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
        overnight = result.period is not None and result.period.overnight
        if kind == "in" and missed_apel(apel_weekdays, event.work_date, event.minutes_off,
                                        overnight=overnight):
            lines.append(text("checkin.apel_missed", lang, start=scheduled))
        if kind == "in" and (event.live_period or 0) < LIVE_DAY_S:
            lines.append(text("checkin.live_hint", lang))
    return "\n".join(lines)
