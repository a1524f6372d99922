"""Keyboards and texts of the /tugasbaru flow (kept apart from its steps)."""

from __future__ import annotations

import calendar as month_grid
import html
from datetime import date, datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import task_views
from bot.callbacks import NewTaskCB
from bot.context import Interaction
from bot.services import tasks
from bot.services.employees import home_timezone

PAGE_SIZE = 8


def cb(action: str, value: int = 0) -> str:
    return NewTaskCB(action, value).pack()


def button(label: str, action: str, value: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=cb(action, value))


async def picker(act: Interaction, draft: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    team = await tasks.team_of(act.session, act.me)
    query = draft.get("query", "").casefold()
    shown = [e for e in team if query in e.name.casefold()] if query else team
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(draft.get("page", 0), pages - 1)
    selected = set(draft.get("selected", []))
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
            "tasks.new.search_result", query=html.escape(draft["query"]), count=len(shown)
        )
    return header, InlineKeyboardMarkup(rows)


def month_keyboard(year: int, month: int, today: date) -> InlineKeyboardMarkup:
    rows = [[button(f"{month:02d}/{year}", "noop")]]
    for week in month_grid.monthcalendar(year, month):
        rows.append(
            [
                button(str(d), "day", year * 10000 + month * 100 + d)
                if d and date(year, month, d) >= today
                else button("·", "noop")
                for d in week
            ]
        )
    previous = year * 12 + month - 2
    following = year * 12 + month
    rows.append(
        [
            button("◀", "month", (previous // 12) * 100 + previous % 12 + 1),
            button("▶", "month", (following // 12) * 100 + following % 12 + 1),
        ]
    )
    return InlineKeyboardMarkup(rows)


def summary(act: Interaction, draft: dict[str, Any], names: list[str]) -> str:
    deadline = datetime.fromisoformat(draft["deadline"])
    return act.t(
        "tasks.new.summary",
        title=html.escape(draft["title"]),
        description=html.escape(draft.get("description") or "—"),
        people=html.escape(", ".join(names)),
        deadline=task_views.when(deadline, home_timezone(act.me), act.lang),
        priority=act.t(f"tasks.priority.{draft['priority']}"),
    )
