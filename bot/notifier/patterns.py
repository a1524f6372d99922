"""Who is told about a pattern, an overdue task or a dispensation, in which
words, and the keys of those notices.

Every pattern message names the facts it rests on — each day with its time,
minutes and code — and carries a dispensation button per mark it names
(``excuse_buttons``, for any alert that names marks). A pattern message
re-checks at send time that its marks still add up (``pattern_condition``),
an overdue message that its task is still open with the same deadline.

Keys (other code builds them with the functions below, never by hand):
    pattern:<alert key>:<receiver>               a pattern told to one receiver
    overdue:<task>:<deadline, unix>:<assignee|manager|head>
    digest:<supervisor>:<local date>             the morning digest of overdue tasks
    excused:<mark>                               the person told of a dispensation
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import ExcuseCB, TaskCB
from bot.events.patterns import (
    PATTERN_EVENTS,
    AbsenceBandReached,
    AbsenceRunFound,
    LateMinutesReached,
    LateStreakFound,
    MarkExcused,
    MarkFact,
    OverdueDigest,
    PatternFound,
    TaskFacts,
    TaskOverdue,
    TaskOverdueEscalated,
)
from bot.notifier.base import Notice
from bot.rules.patterns import RUN_NAME, band_name, band_span
from bot.rules.task_states import TaskAction
from bot.rules.timefmt import local_time, month_name
from bot.rules.timefmt import long_date as _long_date
from bot.services.employees import home_timezone
from bot.services.outbox_recipients import pattern_condition, task_open_condition
from bot.task_views import NAME_MAX, NOTE_MAX, clip, time_left_words
from bot.texts import text
from db.models import Employee

EVENTS = PATTERN_EVENTS
LINES_MAX = 31  # marks listed in one message (a month of working days); the latest kept
BUTTONS_MAX = 30  # dispensation buttons in one message, two to a row
TITLE_MAX = 80
DIGEST_MAX = 30  # tasks named in a digest, each with its button

# --- keys ---------------------------------------------------------------------


def pattern_key(alert_key: str, receiver_id: int) -> str:
    return f"pattern:{alert_key}:{receiver_id}"


def overdue_key(task_id: int, deadline: datetime, receiver: str) -> str:
    return f"overdue:{task_id}:{int(deadline.timestamp())}:{receiver}"


def digest_key(supervisor_id: int, day: date) -> str:
    return f"digest:{supervisor_id}:{day.isoformat()}"


def excused_key(mark_id: int) -> str:
    return f"excused:{mark_id}"


# --- dates as messages write them (a scan writes the same dates thousands of times) ---


@lru_cache(maxsize=4096)
def long_date(day: date, lang: str) -> str:
    """'Senin, 23 November 2026' (``timefmt.long_date``, kept)."""
    return _long_date(day, lang)


def when(moment: datetime, tz: ZoneInfo, lang: str) -> str:
    """'Senin, 23 November 2026 16:00 WIB' (as ``task_views.when``)."""
    return f"{long_date(moment.astimezone(tz).date(), lang)} {local_time(moment, tz)}"


# --- marks as messages name them ------------------------------------------------


class ExcusableMark(Protocol):
    """What a dispensation button needs of a mark (``MarkFact`` or the row)."""

    @property
    def id(self) -> int: ...
    @property
    def work_date(self) -> date: ...
    @property
    def code(self) -> str | None: ...
    @property
    def kind(self) -> str: ...


_TIMED = ("late", "early")
_SHORT = ("midday_absence", "apel_missed")  # kinds without a code: a word on the button


def describe_mark(mark: MarkFact, tz: ZoneInfo, lang: str) -> str:
    """'Senin, 23 November 2026 07:48 WIB, 18 menit (TL1)' — the facts of one mark
    (and where it was seen, when the mark says)."""
    values = {"day": long_date(mark.work_date, lang), "time": local_time(mark.at, tz),
              "minutes": mark.minutes, "code": html.escape(mark.code or ""),
              "kind": html.escape(mark.kind)}
    known = ("no_check_in", "no_check_out", "absent", "midday_absence", "apel_missed")
    key = ("timed" if mark.kind in _TIMED else mark.kind if mark.kind in known else "other")
    told = text(f"patterns.mark.{key}", lang, **values)
    if mark.place:
        told += text("patterns.mark.place", lang, place=clip(mark.place, NAME_MAX))
    return told


def mark_lines(marks: Sequence[MarkFact], tz: ZoneInfo, lang: str) -> str:
    """One line per mark (the latest ``LINES_MAX``), and how many more there are."""
    shown = list(marks)[-LINES_MAX:]
    lines = [text("patterns.line", lang, mark=describe_mark(m, tz, lang)) for m in shown]
    if len(shown) < len(marks):
        lines.insert(0, text("patterns.more", lang, count=len(marks) - len(shown)))
    return "\n".join(lines)


def excuse_buttons(marks: Sequence[ExcusableMark], lang: str) -> list[list[InlineKeyboardButton]]:
    """A dispensation button for each mark (the latest ``BUTTONS_MAX``), two
    to a row: other alerts that name marks add these rows to their keyboard."""
    buttons = [
        InlineKeyboardButton(
            text("patterns.button.excuse", lang, day=f"{m.work_date:%d/%m}",
                 code=m.code or (text(f"patterns.short.{m.kind}", lang)
                                 if m.kind in _SHORT else "")).strip(),
            callback_data=ExcuseCB(m.id).pack())
        for m in list(marks)[-BUTTONS_MAX:]]
    return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]


# --- patterns -------------------------------------------------------------------


def _lang(employee: Employee, default: str) -> str:
    return employee.language or default


def _name(employee: Employee) -> str:
    return clip(employee.name, NAME_MAX)


def _span(band: int, bands: Sequence[int], lang: str) -> str:
    low, high = band_span(band, bands)
    key = "open" if high is None else ("one" if high == low else "range")
    return text(f"patterns.span.{key}", lang, low=low, high=high)


def _dates(days: Sequence[date], lang: str) -> str:
    return ", ".join(long_date(day, lang) for day in days)


def _pattern_body(event: PatternFound, lang: str, tz: ZoneInfo) -> str:
    person = event.person
    values: dict[str, object] = {"name": _name(person), "nip": html.escape(person.nip),
                                 "lines": mark_lines(event.marks, tz, lang)}
    match event:
        case LateStreakFound(size=size, window=window, repeat=repeat, previous=previous):
            values |= {"size": size, "window": window,
                       "minutes": sum(m.minutes for m in event.marks)}
            if not repeat:
                return text("patterns.late.streak", lang, **values)
            supervisor = event.receivers[0] if event.receivers else person
            return text("patterns.late.repeat", lang, **values,
                        previous=_dates(previous, lang), supervisor=_name(supervisor))
        case LateMinutesReached(month=month, total=total, limit=limit):
            return text("patterns.late.minutes", lang, **values,
                        month=month_name(month, lang), total=total, limit=limit)
        case AbsenceBandReached(year=year, count=count, band=band, bands=bands,
                                skipped=skipped):
            lower = (text("patterns.absence.skipped", lang,
                          bands=", ".join(str(b) for b in skipped)) if skipped else "")
            return text("patterns.absence.band", lang, **values, year=year, count=count,
                        span=_span(band, bands, lang), skipped=lower,
                        band=text(f"patterns.band.{band_name(band, bands)}", lang))
        case AbsenceRunFound(length=length):
            return text("patterns.absence.run", lang, **values, length=length,
                        band=text(f"patterns.band.{RUN_NAME}", lang))
    raise TypeError(f"no text for {type(event).__name__}")


def _pattern_notices(event: PatternFound, default: str) -> list[Notice]:
    tz = home_timezone(event.person)  # the facts in the person's own local time
    notices = []
    for receiver in event.receivers:
        lang = _lang(receiver, default)
        rows = excuse_buttons(event.marks, lang)
        notices.append(Notice(
            receiver.id, pattern_key(event.alert_key, receiver.id),
            _pattern_body(event, lang, tz), InlineKeyboardMarkup(rows) if rows else None,
            escalate=True, requires=pattern_condition(event.alert_id)))
    return notices


# --- overdue tasks --------------------------------------------------------------


def _open_button(task_id: int, lang: str, label: str | None = None) -> InlineKeyboardButton:
    return InlineKeyboardButton(label or text("tasks.button.open", lang),
                                callback_data=TaskCB(TaskAction.OPEN, task_id).pack())


def _task_values(task: TaskFacts, now: datetime, lang: str, tz: ZoneInfo) -> dict[str, object]:
    return {"title": clip(task.title, TITLE_MAX), "deadline": when(task.deadline, tz, lang),
            "left": time_left_words(task.deadline, now, lang), "progress": task.progress,
            "status": text(f"tasks.status.{task.status}", lang)}


def _overdue_notice(task: TaskFacts, receiver: Employee, role: str, key_text: str, now: datetime,
                    default: str, **values: object) -> Notice:
    lang, tz = _lang(receiver, default), home_timezone(receiver)
    body = text(key_text, lang, **_task_values(task, now, lang, tz), **values)
    return Notice(receiver.id, overdue_key(task.id, task.deadline, role), body,
                  InlineKeyboardMarkup([[_open_button(task.id, lang)]]),
                  escalate=role != "assignee",
                  requires=task_open_condition(task.id, task.deadline))


def _digest_notice(event: OverdueDigest, default: str) -> Notice:
    receiver = event.supervisor
    lang, tz = _lang(receiver, default), home_timezone(receiver)
    shown = [*event.overdue, *event.stalled][:DIGEST_MAX]
    numbered = {task.id: n for n, task in enumerate(shown, start=1)}

    def line(task: TaskFacts, key: str) -> str:
        reported = task.last_report
        return text(key, lang, n=numbered[task.id],
                    assignee=clip(event.names.get(task.assignee_id, ""), NAME_MAX),
                    title=clip(task.title, TITLE_MAX), deadline=when(task.deadline, tz, lang),
                    left=time_left_words(task.deadline, event.moment, lang),
                    reported=when(reported, tz, lang) if reported else "—")

    def part(tasks: Sequence[TaskFacts], kind: str, count: int) -> str:  # overdue | stalled
        if not tasks:
            return ""
        listed = [line(t, f"patterns.digest.line_{kind}") for t in tasks if t.id in numbered]
        return text(f"patterns.digest.{kind}", lang, count=count, lines="\n".join(listed))

    late_count = max(event.overdue_total, len(event.overdue))
    body = text("patterns.digest", lang, day=long_date(event.day, lang),
                overdue=part(event.overdue, "overdue", late_count),
                stalled=part(event.stalled, "stalled", len(event.stalled)))
    hidden = late_count + len(event.stalled) - len(shown)
    if hidden:
        body += text("patterns.digest.more", lang, count=hidden)
    buttons = [_open_button(task.id, lang, str(n)) for task, n in
               ((t, numbered[t.id]) for t in shown)]
    rows = [buttons[i:i + 6] for i in range(0, len(buttons), 6)]
    return Notice(receiver.id, digest_key(receiver.id, event.day), body,
                  InlineKeyboardMarkup(rows) if rows else None, escalate=True)


def _excused_notice(event: MarkExcused, default: str) -> Notice:
    person = event.person
    lang = _lang(person, default)
    body = text("patterns.excuse.notice", lang, by=_name(event.by),
                mark=describe_mark(event.mark, home_timezone(person), lang),
                reason=clip(event.reason, NOTE_MAX))
    return Notice(person.id, excused_key(event.mark.id), body)


def notices_for(event: object, default_language: str) -> list[Notice]:
    """The messages ``event`` causes, in each receiver's language."""
    match event:
        case PatternFound():
            return _pattern_notices(event, default_language)
        case TaskOverdue(task=task, assignee=assignee, assigner=assigner, at=now):
            found = [_overdue_notice(task, assignee, "assignee", "patterns.overdue.assignee",
                                     now, default_language)]
            if assigner.id != assignee.id:
                found.append(_overdue_notice(task, assigner, "manager",
                                             "patterns.overdue.assigner", now, default_language,
                                             assignee=_name(assignee)))
            return found
        case TaskOverdueEscalated(task=task, assignee=assignee, assigner=assigner, head=head,
                                  working_days=days, at=now):
            return [_overdue_notice(task, head, "head", "patterns.overdue.head", now,
                                    default_language, assignee=_name(assignee),
                                    assigner=_name(assigner), days=days)]
        case OverdueDigest():
            return [_digest_notice(event, default_language)]
        case MarkExcused():
            return [_excused_notice(event, default_language)]
    raise TypeError(f"no notices for {type(event).__name__}")
