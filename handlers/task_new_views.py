"""Keyboards and texts of the /tugasbaru flow (kept apart from its steps)."""

from __future__ import annotations

import html
from datetime import date
from typing import Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import task_views
from bot.callbacks import NewTaskAction, NewTaskCB
from bot.context import Interaction
from bot.drafts import NewTaskDraft
from bot.rules.dates import OutsideDeadlineWindow, latest_deadline_day
from bot.rules.timefmt import long_date
from bot.services import tasks
from bot.services.employees import home_timezone
from db.models import PRIORITIES
from handlers import calendar_keys
from handlers.calendar_keys import calendar_button, in_months

PAGE_SIZE = 8


def cb(action: NewTaskAction, value: int = 0) -> str:
    return NewTaskCB(action, value).pack()


def button(label: str, action: NewTaskAction, value: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=cb(action, value))


async def picker(act: Interaction, draft: NewTaskDraft) -> tuple[str, InlineKeyboardMarkup]:
    team = await tasks.team_of(act.session, act.me)
    query = draft.query.casefold()
    shown = [e for e in team if query in e.name.casefold()] if query else team
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(draft.page, pages - 1)
    selected = set(draft.selected)
    rows = [
        [button(("✅ " if e.id in selected else "▫️ ") + e.name, "toggle", e.id)]
        for e in shown[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    ]
    if pages > 1:
        rows.append(
            [
                button("◀", "page", max(0, page - 1)),
                button(f"{page + 1}/{pages}", "noop"),
                button("▶", "page", min(pages - 1, page + 1)),
            ]
        )
    if query:
        rows.append([button(act.t("tasks.new.all"), "clear")])
    rows.append(
        [
            button(act.t("tasks.new.next", count=len(selected)), "next"),
            button(act.t("tasks.new.cancel"), "cancel"),
        ]
    )
    header = act.t("tasks.new.pick", count=len(selected))
    if query:
        header += "\n" + act.t(
            "tasks.new.search_result", query=html.escape(draft.query), count=len(shown)
        )
    return header, InlineKeyboardMarkup(rows)


def calendar(label: str, action: Literal["month", "day"], day: date) -> InlineKeyboardButton:
    return calendar_button(label, action, day)


def in_calendar(month: date, today: date) -> bool:
    """Whether the calendar shows that month: this one up to the month of the
    latest day a deadline may fall on."""
    return in_months(month, today, latest_deadline_day(today))


def month_keyboard(month: date, today: date) -> InlineKeyboardMarkup:
    """The days of ``month`` a deadline may fall on; the arrows go no further
    than the months that have such days."""
    return calendar_keys.month_keyboard(month, today, latest_deadline_day(today),
                                        noop=cb("noop"))


def priority_keyboard(act: Interaction) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(act.t(f"tasks.priority.{p}").capitalize(), "priority", i)
                                  for i, p in enumerate(PRIORITIES)]])


def confirm_keyboard(act: Interaction) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(act.t("tasks.new.send"), "confirm"),
                                  button(act.t("tasks.new.cancel"), "cancel")]])


def window_refusal(act: Interaction, out: OutsideDeadlineWindow) -> str:
    """Why a deadline cannot fall on that day: it is past, or too far ahead."""
    if out.too_early:
        return act.t("tasks.refused.deadline_past")
    return act.t("tasks.refused.deadline_far", latest=long_date(out.latest, act.lang))


def summary(act: Interaction, draft: NewTaskDraft, names: list[str]) -> str:
    assert draft.title is not None and draft.deadline is not None
    return act.t(
        "tasks.new.summary",
        title=html.escape(draft.title),
        description=html.escape(draft.description or "—"),
        people=html.escape(", ".join(names)),
        deadline=task_views.when(draft.deadline, home_timezone(act.me), act.lang),
        priority=act.t(f"tasks.priority.{draft.priority}"),
    )
