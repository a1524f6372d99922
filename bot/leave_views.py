"""How a leave or permission request reads in a chat: its kind, its span,
its status, the card the approver gets, and the marks an approval cleared.
Used by the /izin handlers and by ``bot.notifier.leave`` alike.

Spans are shown in the requester's time zone (their home office), with the
zone's name, so an approver in another zone reads the requester's day.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import LeaveCB
from bot.events.leave import ClearedMark
from bot.rules.leave import AnnualBalance, LeaveKind, LeaveSpan
from bot.rules.timefmt import local_time, long_date
from bot.services.employees import home_timezone
from bot.task_views import clip
from bot.texts import text
from db.models import Employee
from db.models_day import LeaveRequest

NAME_MAX = 80
REASON_MAX = 500  # bot.rules.leave.REASON_MAX: a full card stays well under 4096
CAPTION_REASON_MAX = 300  # a card as a photo's caption stays under 1024
LIST_REASON_MAX = 60


def kind_name(kind: str, lang: str) -> str:
    """'Cuti Tahunan (CT)'."""
    return text(f"leave.kind.{kind}", lang)


def _clock(moment: datetime, tz: ZoneInfo) -> str:
    return f"{moment.astimezone(tz):%H:%M}"


def span_text(span: LeaveSpan | LeaveRequest, tz: ZoneInfo, lang: str) -> str:
    """'Senin, 30 November 2026', '… s.d. Rabu, 2 Desember 2026', or
    'Senin, 23 November 2026, 10:00–12:00 WIB'."""
    start, end = span.start_date, span.end_date
    if span.start_at is not None and span.end_at is not None:
        return (f"{long_date(start, lang)}, {_clock(span.start_at, tz)}–"
                f"{local_time(span.end_at, tz)}")
    if start == end:
        return long_date(start, lang)
    return text("leave.range", lang, start=long_date(start, lang), end=long_date(end, lang))


def days_text(request: LeaveRequest, lang: str) -> str:
    """' (3 hari kerja)' for whole days; nothing for part of a day."""
    if request.start_at is not None or request.kind == LeaveKind.IK:
        return ""
    return text("leave.working_days", lang, days=request.working_days)


def status_label(status: str, lang: str) -> str:
    return text(f"leave.status.{status}", lang)


def balance_text(balance: AnnualBalance, lang: str) -> str:
    return text("leave.balance", lang, year=balance.year, available=balance.available,
                entitlement=balance.entitlement, carried=balance.carried, used=balance.used,
                pending=balance.pending)


def request_card(request: LeaveRequest, employee: Employee, lang: str, *,
                 compact: bool = False, balance: AnnualBalance | None = None) -> str:
    """What the approver reads: who, what, when, how many working days, why."""
    tz = home_timezone(employee)
    reason = clip(request.reason, CAPTION_REASON_MAX if compact else REASON_MAX)
    lines = [
        text("leave.card.title", lang, kind=kind_name(request.kind, lang)),
        text("leave.card.who", lang, name=clip(employee.name, NAME_MAX), nip=employee.nip),
        text("leave.card.when", lang, when=span_text(request, tz, lang),
             days=days_text(request, lang)),
        text("leave.card.reason_ik" if request.kind == LeaveKind.IK else "leave.card.reason",
             lang, reason=reason),
    ]
    if request.kind == LeaveKind.FWA and request.latitude is not None:
        lines.append(text("leave.card.place", lang, lat=f"{request.latitude:.5f}",
                          lon=f"{request.longitude:.5f}"))
    if request.attachment_kind is not None:
        lines.append(text(f"leave.card.attachment_{request.attachment_kind}", lang,
                          name=clip(request.attachment_name or "", NAME_MAX)))
    if balance is not None:
        lines += [balance_text(balance, lang),
                  text("leave.summary.balance_after", lang,
                       days=balance.available - request.working_days)]
    return "\n".join(lines)


def decision_keyboard(request_id: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(text("leave.button.approve", lang),
                             callback_data=LeaveCB("approve", request_id).pack()),
        InlineKeyboardButton(text("leave.button.reject", lang),
                             callback_data=LeaveCB("reject", request_id).pack()),
    ]])


def back_keyboard(request_id: int, lang: str) -> InlineKeyboardMarkup:
    """The button of an approved izin keluar: "I am back"."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(
        text("leave.button.back", lang), callback_data=LeaveCB("back", request_id).pack())]])


def mark_text(mark: ClearedMark, tz: ZoneInfo, lang: str) -> str:
    """'TK pada Senin, 23 November 2026'."""
    what = text(f"leave.mark.{mark.kind}", lang, code=mark.code or "",
                time=local_time(mark.at, tz))
    return text("leave.mark.on", lang, what=what, date=long_date(mark.work_date, lang))
