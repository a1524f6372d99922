"""The team board (/tim) as its reader sees it: one compact message, grouped,
with a refresh button and a button per person (pages of eight) that opens
their month (``bot.month_views``).

Every time is shown in the person's own office zone (WIB/WITA/WIT). A big
team still fits one message: each group keeps its count and shows its first
names, then "… dan N lainnya".
"""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from babel.dates import format_date
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import BoardCB, MonthCB
from bot.rules.timefmt import local_time, long_date
from bot.services.team_board import (
    AWAY,
    GROUPS,
    LATE,
    LEAVE,
    NOT_YET,
    ON_TIME,
    Audience,
    Board,
    part_leave,
)
from bot.services.workday import Check, PersonDay
from bot.texts import shorten, text

BOARD_MAX = 3900  # characters: Telegram takes 4096, the HTML tags count too
GROUP_LIMITS = (None, 25, 15, 10, 6, 3, 1)  # names shown per group, tried in turn
PAGE_SIZE = 8  # name buttons per page
BUTTONS_PER_ROW = 2
NAME_MAX = 40
BUTTON_NAME_MAX = 30
ROOTS_NAMED = 3  # units named in the title; more are counted



def _name(day: PersonDay) -> str:
    return html.escape(shorten(day.person.name, NAME_MAX))


def _at(check: Check, day: PersonDay) -> str:
    zones = {office.id: office.timezone for office in day.person.offices}
    tz = ZoneInfo(zones[check.office_id]) if check.office_id in zones else day.person.tz
    return local_time(check.occurred_at, tz)


def _checked_in(day: PersonDay, lang: str) -> str:
    check = day.check_in
    assert check is not None
    line = text("board.line.in", lang, name=_name(day), at=_at(check, day),
                code=html.escape(check.code or "H"))
    if check.code and check.minutes_off:
        line += text("board.line.minutes", lang, minutes=check.minutes_off)
    out = day.check_out
    if out is not None:
        line += text("board.line.out", lang, at=_at(out, day),
                     code=f" {html.escape(out.code)}" if out.code else "")
    return line


def _on_leave(day: PersonDay, board: Board, lang: str) -> str:
    span = day.leave or part_leave(day, board.at)
    assert span is not None
    kind = html.escape(span.kind)
    if span.start_at is not None and span.end_at is not None:
        return text("board.line.leave_part", lang, name=_name(day), kind=kind,
                    start=local_time(span.start_at, day.person.tz),
                    end=local_time(span.end_at, day.person.tz))
    if span.end_date > day.work_date:
        until = format_date(span.end_date, "d MMM", locale="id" if lang == "id" else "en_GB")
        return text("board.line.leave_until", lang, name=_name(day), kind=kind, until=until)
    return text("board.line.leave", lang, name=_name(day), kind=kind)


def _not_yet(day: PersonDay, board: Board, lang: str) -> str:
    assert day.period is not None
    start = local_time(day.period.start, day.person.tz)
    key = "board.line.early" if board.at < day.period.start else "board.line.missing"
    return text(key, lang, name=_name(day), start=start)


def _away(day: PersonDay, board: Board, lang: str) -> str:
    found = board.absent[day.person.id]
    return text(f"board.line.{found.result}", lang, name=_name(day),
                at=local_time(found.at, day.person.tz))


def _line(group: str, day: PersonDay, board: Board, lang: str) -> str:
    if group in (ON_TIME, LATE):
        return _checked_in(day, lang)
    if group == LEAVE:
        return _on_leave(day, board, lang)
    if group == NOT_YET:
        return _not_yet(day, board, lang)
    assert group == AWAY
    return _away(day, board, lang)


def title(seen: Audience, lang: str) -> str:
    if not seen.roots:
        return text("board.title.team", lang)
    named = [text("board.unit", lang, name=html.escape(u.name), code=html.escape(u.code))
             for u in seen.roots[:ROOTS_NAMED]]
    if len(seen.roots) > ROOTS_NAMED:
        named.append(text("board.units_more", lang, n=len(seen.roots) - ROOTS_NAMED))
    return text("board.title.units", lang, units=", ".join(named))


def _groups(board: Board, lang: str, limit: int | None) -> list[str]:
    lines: list[str] = []
    for group in GROUPS:
        days = board.groups.get(group, [])
        if not days:
            continue
        shown = days if limit is None else days[:limit]
        lines += ["", text(f"board.group.{group}", lang, n=len(days))]
        lines += [_line(group, day, board, lang) for day in shown]
        if len(days) > len(shown):
            lines.append(text("board.more", lang, n=len(days) - len(shown)))
    return lines


def board_text(board: Board, seen: Audience, tz: ZoneInfo, lang: str, *, refreshed: bool,
               page: int = 0) -> str:
    """The board: title, the moment (``tz``: the reader's), one block per group
    that has anyone, how many have no working day, and the name-button hint."""
    moment = local_time(board.at, tz)
    head = [title(seen, lang),
            text("board.moment_refreshed" if refreshed else "board.moment", lang,
                 date=long_date(board.at.astimezone(tz).date(), lang), at=moment),
            text("board.count", lang, n=len(board.people))]
    tail = []
    if board.not_working:
        tail += ["", text("board.not_working", lang, n=board.not_working)]
    pages = page_count(board)
    if pages > 1:
        tail += ["", text("board.hint_pages", lang, page=min(page, pages - 1) + 1, pages=pages)]
    elif board.people:
        tail += ["", text("board.hint", lang)]
    body = ""
    for limit in GROUP_LIMITS:
        body = "\n".join(head + _groups(board, lang, limit) + tail)
        if len(body) <= BOARD_MAX:
            break
    return body


def page_count(board: Board) -> int:
    return max(1, -(-len(board.people) // PAGE_SIZE))


def board_keyboard(board: Board, seen: Audience, page: int, lang: str) -> InlineKeyboardMarkup:
    """A button per person of this page (their month), the pages, and refresh."""
    pages = page_count(board)
    page = min(max(page, 0), pages - 1)
    people = board.people[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    buttons = [InlineKeyboardButton(shorten(p.name, BUTTON_NAME_MAX),
                                    callback_data=MonthCB(p.id).pack()) for p in people]
    rows = [buttons[i:i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    turn = []
    if page > 0:
        turn.append(InlineKeyboardButton(text("board.button.previous", lang),
                                         callback_data=BoardCB("page", seen.unit_id,
                                                               page - 1).pack()))
    if page < pages - 1:
        turn.append(InlineKeyboardButton(text("board.button.next", lang),
                                         callback_data=BoardCB("page", seen.unit_id,
                                                               page + 1).pack()))
    if turn:
        rows.append(turn)
    rows.append([InlineKeyboardButton(text("board.button.refresh", lang),
                                      callback_data=BoardCB("refresh", seen.unit_id,
                                                            page).pack())])
    return InlineKeyboardMarkup(rows)
