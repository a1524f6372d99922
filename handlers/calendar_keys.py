"""A month of a calendar as inline buttons (CalendarCB), for any window of days.

/tugasbaru (a deadline: today up to a year ahead) and /izin (a leave: from a
month back for sick leave, up to a year ahead) show the same grid; each says
which days may be picked and what an inert button (a blank, the title) sends.
"""

from __future__ import annotations

import calendar as month_grid
from collections.abc import Callable
from datetime import date
from typing import Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import CalendarCB


def calendar_button(label: str, action: Literal["month", "day"],
                    day: date) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=CalendarCB(action, day).pack())


def months(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_of(count: int) -> date:
    return date(count // 12, count % 12 + 1, 1)


def in_months(month: date, first: date, last: date) -> bool:
    """Whether ``month`` lies between the months of ``first`` and ``last``."""
    return months(first) <= months(month) <= months(last)


def month_keyboard(month: date, first: date, last: date, *, noop: str,
                   allowed: Callable[[date], bool] | None = None) -> InlineKeyboardMarkup:
    """The days of ``month`` between ``first`` and ``last`` (and ``allowed``)
    as buttons; the arrows go no further than the months of that window."""
    year, number = month.year, month.month

    def inert(label: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=noop)

    def pickable(day: date) -> bool:
        return first <= day <= last and (allowed is None or allowed(day))

    rows = [[inert(f"{number:02d}/{year}")]]
    for week in month_grid.monthcalendar(year, number):
        rows.append([calendar_button(str(d), "day", date(year, number, d))
                     if d and pickable(date(year, number, d)) else inert("·") for d in week])
    previous, following = month_of(months(month) - 1), month_of(months(month) + 1)
    rows.append([
        calendar_button("◀", "month", previous) if in_months(previous, first, last)
        else inert("◀"),
        calendar_button("▶", "month", following) if in_months(following, first, last)
        else inert("▶"),
    ])
    return InlineKeyboardMarkup(rows)
