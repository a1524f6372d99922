"""Who is told what about a mid-day presence check, and the keys of those notices.

Keys name the fact, so a job run twice or a restart never sends twice:
    presence:ask:<ask>                 the person, asked to share their live location
    presence:seen:<ask>                the person, answered by their live location
    presence:absence:<ask>             the person, told what was recorded (reason button)
    presence:digest:<check>:<manager>  one manager, everyone of theirs found absent
    presence:reason:<mark>             the manager, the person's reason
    presence:correction:<mark>         the manager, an absence withdrawn (answered in time)
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import PresenceCB
from bot.events.presence import (
    EVENTS,
    Absence,
    AbsenceReasonGiven,
    PresenceAsked,
    PresenceCorrected,
    PresenceJudged,
    PresenceSeen,
)
from bot.notifier.base import Notice
from bot.notifier.patterns import excuse_buttons
from bot.render import distance
from bot.rules.presence import FWA_PLACE
from bot.rules.timefmt import local_time, long_date
from bot.services.employees import home_timezone
from bot.services.outbox_recipients import mark_counts_condition, presence_ask_condition
from bot.task_views import NAME_MAX, NOTE_MAX, clip, lang_of
from bot.texts import text
from db.models import Employee

__all__ = ["EVENTS", "absence_key", "ask_key", "correction_key", "digest_key", "notices_for",
           "reason_key", "seen_key"]

_P = "presence"
DIGEST_LINES_MAX = 40  # a digest stays well inside Telegram's 4096 characters


def ask_key(ask_id: int) -> str:
    return f"{_P}:ask:{ask_id}"


def seen_key(ask_id: int) -> str:
    return f"{_P}:seen:{ask_id}"


def absence_key(ask_id: int) -> str:
    return f"{_P}:absence:{ask_id}"


def digest_key(check_id: int, manager_id: int) -> str:
    return f"{_P}:digest:{check_id}:{manager_id}"


def reason_key(mark_id: int) -> str:
    return f"{_P}:reason:{mark_id}"


def correction_key(mark_id: int) -> str:
    return f"{_P}:correction:{mark_id}"


def _place(name: str | None, lang: str) -> str:
    if name == FWA_PLACE:
        return text("presence.fwa_place", lang)
    return html.escape(name or "")


def finding(facts: dict[str, Any], tz: ZoneInfo, lang: str) -> str:
    """'1,2 km dari Sekretariat Daerah (lokasi pukul 10:04 WIB)' or 'tidak ada jawaban …'."""
    if facts.get("result") == "away":
        seen = facts.get("seen_at")
        return text("presence.finding.away", lang,
                    distance=distance(float(facts.get("distance_m") or 0), lang),
                    place=_place(facts.get("place"), lang),
                    seen=local_time(datetime.fromisoformat(seen), tz) if seen else "-")
    return text("presence.finding.no_answer", lang, minutes=facts.get("answer_minutes", ""))


def _check_time(facts: dict[str, Any], tz: ZoneInfo, lang: str) -> tuple[str, str]:
    at = datetime.fromisoformat(str(facts["check_at"]))
    return local_time(at, tz), long_date(at.astimezone(tz).date(), lang)


def _asked(event: PresenceAsked, default: str) -> Notice:
    employee, ask = event.employee, event.ask
    lang, tz = lang_of(employee, default), home_timezone(employee)
    minutes = max(1, round((ask.due_at - ask.asked_at).total_seconds() / 60))
    body = text("presence.ask", lang, time=local_time(event.check_at, tz), minutes=minutes,
                due=local_time(ask.due_at, tz))
    return Notice(employee.id, ask_key(ask.id), body, requires=presence_ask_condition(ask.id))


def _seen(event: PresenceSeen, default: str) -> Notice:
    employee, ask = event.employee, event.ask
    lang, tz = lang_of(employee, default), home_timezone(employee)
    seen = local_time(ask.answered_at or event.at, tz)
    if ask.result == "present":
        body = text("presence.seen_present", lang, time=local_time(event.check_at, tz),
                    seen=seen, place=_place(ask.place, lang))
    else:
        body = text("presence.seen_away", lang, seen=seen, place=_place(ask.place, lang),
                    distance=distance(ask.distance_m or 0, lang),
                    time=local_time(event.check_at, tz))
    return Notice(employee.id, seen_key(ask.id), body)


def reason_button(mark_id: int, lang: str) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(text("presence.button.reason", lang),
                                  callback_data=PresenceCB("reason", mark_id).pack())
    return InlineKeyboardMarkup([[button]])


def _told(absence: Absence, default: str) -> Notice:
    employee, mark = absence.employee, absence.mark
    lang, tz = lang_of(employee, default), home_timezone(employee)
    at, day = _check_time(mark.facts, tz, lang)
    body = text("presence.absence", lang, time=at, date=day,
                finding=finding(mark.facts, tz, lang))
    return Notice(employee.id, absence_key(int(mark.facts["ask_id"])), body,
                  reason_button(mark.id, lang), requires=mark_counts_condition(mark.id))


def _digests(event: PresenceJudged, default: str) -> list[Notice]:
    by_manager: dict[int, list[Absence]] = defaultdict(list)
    managers: dict[int, Employee] = {}
    for absence in event.absences:
        if absence.manager is not None:
            by_manager[absence.manager.id].append(absence)
            managers[absence.manager.id] = absence.manager
    notices = []
    for manager_id, found in by_manager.items():
        manager = managers[manager_id]
        lang, tz = lang_of(manager, default), home_timezone(manager)
        lines = [text("presence.digest.line", lang, name=clip(a.employee.name, NAME_MAX),
                      finding=finding(a.mark.facts, home_timezone(a.employee), lang))
                 for a in found[:DIGEST_LINES_MAX]]
        if len(found) > DIGEST_LINES_MAX:
            lines.append(text("presence.digest.more", lang, n=len(found) - DIGEST_LINES_MAX))
        body = text("presence.digest", lang, time=local_time(event.check_at, tz),
                    date=long_date(event.check_at.astimezone(tz).date(), lang),
                    count=len(found), lines="\n".join(lines))
        notices.append(Notice(manager_id, digest_key(event.check_id, manager_id), body,
                              escalate=True))
    return notices


@dataclass(frozen=True)
class _ToManager:
    """Who a follow-up about one absence goes to, and its time in their words."""

    manager_id: int
    lang: str
    tz: ZoneInfo
    values: dict[str, object]  # name, time and date of the check


def _to_manager(absence: Absence, default: str) -> _ToManager | None:
    manager, mark = absence.manager, absence.mark
    if manager is None:
        return None
    lang, tz = lang_of(manager, default), home_timezone(absence.employee)
    at, day = _check_time(mark.facts, tz, lang)
    return _ToManager(manager.id, lang, tz, {"name": clip(absence.employee.name, NAME_MAX),
                                             "time": at, "date": day})


def _reason(event: AbsenceReasonGiven, default: str) -> list[Notice]:
    mark = event.absence.mark
    if (to := _to_manager(event.absence, default)) is None:
        return []
    body = text("presence.reason.notice", to.lang, **to.values,
                finding=finding(mark.facts, to.tz, to.lang),
                reason=clip(mark.reason or "", NOTE_MAX))
    # the supervisor who reads the reason may excuse the absence at once
    return [Notice(to.manager_id, reason_key(mark.id), body,
                   InlineKeyboardMarkup(excuse_buttons([mark], to.lang)), escalate=True)]


def _correction(event: PresenceCorrected, default: str) -> list[Notice]:
    mark = event.absence.mark
    if (to := _to_manager(event.absence, default)) is None:
        return []
    body = text("presence.correction", to.lang, **to.values,
                seen=local_time(event.answered_at, to.tz), place=_place(event.place, to.lang))
    return [Notice(to.manager_id, correction_key(mark.id), body, escalate=True)]


def notices_for(event: object, default_language: str) -> list[Notice]:
    match event:
        case PresenceAsked():
            return [_asked(event, default_language)]
        case PresenceSeen():
            return [_seen(event, default_language)]
        case PresenceJudged(absences=found):
            return [_told(a, default_language) for a in found] + _digests(event,
                                                                           default_language)
        case AbsenceReasonGiven():
            return _reason(event, default_language)
        case PresenceCorrected():
            return _correction(event, default_language)
    return []
