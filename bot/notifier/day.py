"""Who is told what about the working day, and the keys of those messages.

Keys name the fact, so a job run twice, a second process or a restart
never sends it twice:
    day:<employee>:<work date>:remind-in      the check-in reminder
    day:<employee>:<work date>:remind-out     the check-out reminder
    day:noshow:<manager>:<work date>:<scope>  a manager's no-show digest of the
                                              windows (schedule@zone) judged in one scan;
                                              its Alert row has the same key

Each message carries a condition (``bot.services.day_conditions``) checked
right before it is sent: a reminder is cancelled once its person checked in
(or out); a digest is rebuilt without who arrived since.
"""

from __future__ import annotations

from datetime import date

from bot.day_views import no_show_keyboard, no_show_text
from bot.events.day import CheckInReminderDue, CheckOutReminderDue, DayEvent, NoShowDigestDue
from bot.notifier.base import Notice
from bot.rules.timefmt import local_time, long_date
from bot.services.day_conditions import (
    no_show_condition,
    not_checked_in_condition,
    not_checked_out_condition,
)
from bot.texts import text

EVENTS = (CheckInReminderDue, NoShowDigestDue, CheckOutReminderDue)
_DAY = "day"


def check_in_reminder_key(employee_id: int, work_date: date) -> str:
    return f"{_DAY}:{employee_id}:{work_date.isoformat()}:remind-in"


def check_out_reminder_key(employee_id: int, work_date: date) -> str:
    return f"{_DAY}:{employee_id}:{work_date.isoformat()}:remind-out"


def no_show_key(manager_id: int, work_date: date, scope: str) -> str:
    return f"{_DAY}:noshow:{manager_id}:{work_date.isoformat()}:{scope}"


def notices_for(event: DayEvent, default_language: str) -> list[Notice]:
    if isinstance(event, CheckInReminderDue):
        person = event.person
        lang = person.language or default_language
        body = text("day.remind_in", lang, date=long_date(event.work_date, lang),
                    start=local_time(event.start, person.tz))
        return [Notice(person.id, check_in_reminder_key(person.id, event.work_date), body,
                       requires=not_checked_in_condition(person.id, event.work_date))]
    if isinstance(event, CheckOutReminderDue):
        person = event.person
        lang = person.language or default_language
        body = text("day.remind_out", lang, date=long_date(event.work_date, lang),
                    end=local_time(event.end, person.tz),
                    until=local_time(event.closes, person.tz), code=event.code)
        return [Notice(person.id, check_out_reminder_key(person.id, event.work_date), body,
                       requires=not_checked_out_condition(person.id, event.work_date))]
    manager = event.manager
    lang = manager.language or default_language
    body = no_show_text(event.people, event.work_date, event.at, manager.tz, lang)
    return [Notice(manager.id, no_show_key(manager.id, event.work_date, event.scope), body,
                   no_show_keyboard(event.people, event.work_date),
                   requires=no_show_condition(manager.id))]
