"""The day's messages as people read them: the no-show digest and its
buttons, and one person's day as their supervisor sees it.

The digest is rendered twice: when the scan queues it, and again right
before it is sent if someone it names checked in meanwhile
(``bot.services.day_conditions``), so both use these functions.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import PersonCB
from bot.events.day import Missing
from bot.rules.leave import LeaveSpan
from bot.rules.timefmt import local_time, long_date
from bot.services.workday import Check, PersonDay
from bot.texts import shorten, text

# a digest names at most this many people (one button each): Telegram takes
# 4096 characters a message and a keyboard this size stays usable
DIGEST_MAX = 30
BUTTONS_PER_ROW = 2
BUTTON_NAME_MAX = 30
LINE_NAME_MAX = 60  # a full name with titles fits; 30 lines stay far below 4096



def no_show_text(people: Sequence[Missing], work_date: date, as_of: datetime,
                 tz: ZoneInfo, lang: str) -> str:
    """'Belum ada keterangan', the date and moment, one line per person."""
    shown = list(people)[:DIGEST_MAX]
    lines = [text("day.no_show.title", lang, date=long_date(work_date, lang),
                  as_of=local_time(as_of, tz)), "",
             text("day.no_show.intro", lang, n=len(people))]
    lines += [text("day.no_show.line", lang, name=html.escape(shorten(p.name, LINE_NAME_MAX)),
                   nip=html.escape(p.nip),
                   start=local_time(p.start, ZoneInfo(p.timezone))) for p in shown]
    if len(people) > len(shown):
        lines.append(text("day.no_show.more", lang, n=len(people) - len(shown)))
    lines += ["", text("day.no_show.provisional", lang)]
    return "\n".join(lines)


def no_show_keyboard(people: Sequence[Missing], work_date: date) -> InlineKeyboardMarkup:
    """One button per person named, opening their day."""
    buttons = [InlineKeyboardButton(shorten(p.name, BUTTON_NAME_MAX),
                                    callback_data=PersonCB(p.employee_id, work_date).pack())
               for p in list(people)[:DIGEST_MAX]]
    rows = [buttons[i:i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    return InlineKeyboardMarkup(rows)


def _check(check: Check | None, zones: dict[int, str], fallback: ZoneInfo, lang: str) -> str:
    if check is None:
        return text("status.none", lang)
    tz = ZoneInfo(zones[check.office_id]) if check.office_id in zones else fallback
    code = f" ({check.code})" if check.code else ""
    return f"{local_time(check.occurred_at, tz)}{code}"


def _leave_line(span: LeaveSpan, tz: ZoneInfo, lang: str) -> str:
    if span.start_at is not None and span.end_at is not None:
        return text("day.person.leave_part", lang, kind=html.escape(span.kind),
                    start=local_time(span.start_at, tz), end=local_time(span.end_at, tz))
    return text("day.person.leave", lang, kind=html.escape(span.kind),
                first=long_date(span.start_date, lang), last=long_date(span.end_date, lang))


def person_card(day: PersonDay, unit: str, lang: str, *, closed_code: str | None,
                closed_apel: bool, closed: bool) -> str:
    """One person's day: who, the schedule, the check-in and check-out with
    their times and codes, approved leave, and whether the day is closed.
    Nothing else of theirs (no phone number, no coordinates)."""
    person = day.person
    tz = person.tz
    zones = {office.id: office.timezone for office in person.offices}
    lines = [text("day.person.title", lang, name=html.escape(person.name),
                  nip=html.escape(person.nip), unit=html.escape(unit)),
             text("day.person.date", lang, date=long_date(day.work_date, lang))]
    if day.holiday:
        lines.append(text("day.person.holiday", lang, holiday=html.escape(day.holiday)))
    if day.period is not None and day.working:
        lines.append(text("day.person.schedule", lang, start=local_time(day.period.start, tz),
                          end=local_time(day.period.end, tz)))
    elif not day.holiday:
        lines.append(text("day.person.no_schedule", lang))
    lines += [text("status.in", lang, value=_check(day.check_in, zones, tz, lang)),
              text("status.out", lang, value=_check(day.check_out, zones, tz, lang))]
    lines += [_leave_line(span, tz, lang) for span in day.leaves if span.kind != "FWA"]
    if day.fwa is not None:
        lines.append(text("day.person.fwa", lang))
    if closed:
        apel = text("day.person.closed_apel", lang) if closed_apel else ""
        lines.append(text("day.person.closed", lang, code=html.escape(closed_code or "-"),
                          apel=apel))
    else:
        lines.append(text("day.person.open", lang))
    return "\n".join(lines)
