"""Who is told what about a leave or permission request, and the keys of
those notices (``bot.events.leave``).

    leave:<request>:requested   the approver: the request, its attachment, Setujui / Tolak
    leave:<request>:decided     the requester: approved (and the marks it cleared) or
                                rejected with the reason; an approved IK with "Saya sudah
                                kembali"
    leave:<request>:cancelled   whoever had it in hand, when the requester cancels
    leave:<request>:returned    who approved an izin keluar, when the person is back
    leave:<request>:handover:<inactive>   the request again, to the one above an approver
                                who was deactivated before deciding it (bot.handover)

A request waiting in the outbox is sent only while it is still pending
(``leave_pending_condition``), and the approver's notices are work waiting on
them: if they are inactive, the next one up gets them (``escalate``).
"""

from __future__ import annotations

from typing import Any

from bot.events.leave import (
    LeaveCancelled,
    LeaveChange,
    LeaveDecided,
    LeaveRequested,
    LeaveReturned,
)
from bot.leave_views import (
    back_keyboard,
    decision_keyboard,
    kind_name,
    mark_text,
    request_card,
    span_text,
)
from bot.notifier.base import Notice
from bot.render import distance
from bot.rules.leave import AnnualBalance, LeaveKind
from bot.rules.timefmt import local_time
from bot.services.employees import home_timezone
from bot.services.outbox_recipients import leave_pending_condition
from bot.task_views import NAME_MAX, NOTE_MAX, clip, lang_of
from bot.texts import text
from db.models import Employee
from db.models_day import LeaveRequest

_LEAVE = "leave"


def requested_key(request_id: int) -> str:
    return f"{_LEAVE}:{request_id}:requested"


def decided_key(request_id: int) -> str:
    return f"{_LEAVE}:{request_id}:decided"


def cancelled_key(request_id: int) -> str:
    return f"{_LEAVE}:{request_id}:cancelled"


def returned_key(request_id: int) -> str:
    return f"{_LEAVE}:{request_id}:returned"


def handover_key(request_id: int, inactive_id: int) -> str:
    return f"{_LEAVE}:{request_id}:handover:{inactive_id}"


def request_of_key(key: str) -> int | None:
    """The request a leave notice's key names (None for any other key)."""
    kind, _, rest = key.partition(":")
    request_id = rest.partition(":")[0]
    return int(request_id) if kind == _LEAVE and request_id.isascii() and (
        request_id.isdigit()) else None


def attachment_method(kind: str | None, file_id: str | None) -> tuple[str, dict[str, Any]]:
    """The Bot API method and parameter that send the attachment again."""
    if kind == "photo" and file_id:
        return "sendPhoto", {"photo": file_id}
    if kind == "document" and file_id:
        return "sendDocument", {"document": file_id}
    return "sendMessage", {}


def request_notice(request: LeaveRequest, employee: Employee, receiver_id: int, lang: str, *,
                   key: str, balance: AnnualBalance | None = None) -> Notice:
    """The request with its attachment and Setujui / Tolak, to who decides it."""
    method, params = attachment_method(request.attachment_kind, request.attachment_file_id)
    body = request_card(request, employee, lang, compact=method != "sendMessage",
                        balance=balance)
    return Notice(receiver_id, key, body, decision_keyboard(request.id, lang), method, params,
                  escalate=True, requires=leave_pending_condition(request.id))


def _requested(event: LeaveRequested, default: str) -> Notice:
    request, approver = event.request, event.approver
    # in the receiver's language: the approver, or who the outbox hands it to
    return request_notice(request, event.employee, approver.id,
                          lang_of(event.receiver, default), key=requested_key(request.id),
                          balance=event.balance)


def _decided(event: LeaveDecided, default: str) -> Notice:
    request, employee = event.request, event.employee
    lang, tz = lang_of(employee, default), home_timezone(employee)
    values = {"kind": kind_name(request.kind, lang), "when": span_text(request, tz, lang),
              "actor": clip(event.actor.name, NAME_MAX)}
    if not event.approved:
        body = text("leave.notice.rejected", lang, note=clip(event.note or "", NOTE_MAX),
                    **values)
        return Notice(employee.id, decided_key(request.id), body)
    lines = [text("leave.notice.approved", lang, **values)]
    if event.cleared:
        lines += ["", text("leave.notice.cleared", lang)]
        lines += [f"• {mark_text(mark, tz, lang)}" for mark in event.cleared]
    markup = None
    if request.kind == LeaveKind.IK:
        lines += ["", text("leave.notice.ik_back_hint", lang)]
        markup = back_keyboard(request.id, lang)
    return Notice(employee.id, decided_key(request.id), "\n".join(lines), markup)


def _cancelled(event: LeaveCancelled, default: str) -> Notice | None:
    if event.told is None:
        return None
    request, lang = event.request, lang_of(event.told, default)
    body = text(f"leave.notice.cancelled_{event.was}", lang,
                name=clip(event.employee.name, NAME_MAX), kind=kind_name(request.kind, lang),
                when=span_text(request, home_timezone(event.employee), lang))
    return Notice(event.told.id, cancelled_key(request.id), body, escalate=True)


def _returned(event: LeaveReturned, default: str) -> Notice | None:
    if event.told is None:
        return None
    request, lang = event.request, lang_of(event.told, default)
    assert request.returned_at is not None
    tz = home_timezone(event.employee)
    place = clip(event.place, NAME_MAX) if event.place else text("leave.fwa_place", lang)
    late = (text("leave.notice.returned_late", lang, minutes=event.late_minutes)
            if event.late_minutes else "")
    body = text("leave.notice.returned", lang, name=clip(event.employee.name, NAME_MAX),
                time=local_time(request.returned_at, tz), place=place,
                distance=distance(event.distance_m, lang), late=late,
                when=span_text(request, tz, lang))
    return Notice(event.told.id, returned_key(request.id), body, escalate=True)


def notices_for(event: LeaveChange, default_language: str) -> list[Notice]:
    match event:
        case LeaveRequested():
            found: list[Notice | None] = [_requested(event, default_language)]
        case LeaveDecided():
            found = [_decided(event, default_language)]
        case LeaveCancelled():
            found = [_cancelled(event, default_language)]
        case LeaveReturned():
            found = [_returned(event, default_language)]
        case _:
            found = []
    return [notice for notice in found if notice is not None]


EVENTS: tuple[type, ...] = (LeaveChange,)
