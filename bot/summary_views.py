"""The weekly summary as a head reads it: one compact HTML message (split at
line boundaries when it is long), the chart's short caption, and plain text
for ``hadir summary`` and for the document that replaces a message too long
for three parts."""

from __future__ import annotations

import html
import re

from bot.rules.recap import PSW_CODES, TL_CODES, Tally
from bot.rules.timefmt import long_date
from bot.services.summary import Flagged, WeeklySummary
from bot.task_views import clip
from bot.texts import text

# under Telegram's limits (4096 a message, 1024 a caption), leaving room for
# the line a forwarded message gets (``outbox.forwarded``) when its head is inactive
TEXT_LIMIT = 3800
MESSAGES_MAX = 3  # a longer summary goes as a document
NAME_MAX = 60
UNIT_MAX = 80
_TAG = re.compile(r"<[^>]+>")


def percent(rate: float | None, lang: str) -> str:
    """``91%``; ``—`` when there is nothing to divide by."""
    return "—" if rate is None else f"{round(rate * 100)}%"


def _number(value: float, lang: str) -> str:
    shown = f"{value:g}"
    return shown.replace(".", ",") if lang == "id" else shown


def _delta(value: int, lang: str, unit_key: str | None = None) -> str:
    if value == 0:
        return text("summary.same", lang)
    shown = f"+{value}" if value > 0 else f"−{-value}"
    return text(unit_key, lang, value=shown) if unit_key else shown


def _points(now: float | None, before: float | None, lang: str) -> str:
    if now is None or before is None:
        return "—"
    return _delta(round(now * 100) - round(before * 100), lang, "summary.points")


def title(summary: WeeklySummary, lang: str) -> str:
    values = {"unit": clip(summary.unit.name, UNIT_MAX),
              "first": long_date(summary.monday, lang), "last": long_date(summary.sunday, lang)}
    if summary.supervisor_name is not None:
        return text("summary.title_team", lang, name=clip(summary.supervisor_name, NAME_MAX),
                    **values)
    return text("summary.title", lang, **values)


def caption(summary: WeeklySummary, lang: str) -> str:
    """The chart's caption: the title and the week's four numbers (names are
    clipped, so it stays far under the 1024 of a caption)."""
    a = summary.attendance
    return text("summary.caption", lang, title=title(summary, lang),
                rate=percent(a.attendance_rate, lang), on_time=percent(a.on_time_rate, lang),
                absent=a.absent, overdue=summary.tasks.overdue)


def _codes(tally: Tally, codes: tuple[str, ...]) -> str:
    return " · ".join(f"{code} {tally.codes[code]}" for code in codes)


def _attendance(summary: WeeklySummary, lang: str) -> list[str]:
    a = summary.attendance
    leave = " · ".join(f"{html.escape(code)} {n}" for code, n in
                       sorted(a.leave.items(), key=lambda item: (-item[1], item[0]))) or "—"
    return [text("summary.attendance.head", lang),
            text("summary.attendance.rates", lang, present=a.present, working=a.working,
                 rate=percent(a.attendance_rate, lang), on_time=a.on_time,
                 on_time_rate=percent(a.on_time_rate, lang)),
            text("summary.attendance.late", lang, codes=_codes(a, TL_CODES),
                 minutes=a.late_minutes),
            text("summary.attendance.early", lang, codes=_codes(a, PSW_CODES),
                 minutes=a.early_minutes),
            text("summary.attendance.absent", lang, absent=a.absent, midday=a.midday_absences,
                 apel=a.apel_missed),
            text("summary.attendance.leave", lang, codes=leave)]


def _tasks(summary: WeeklySummary, lang: str) -> list[str]:
    t = summary.tasks
    return [text("summary.tasks.head", lang),
            text("summary.tasks.flow", lang, given=t.given, on_time=t.done_on_time,
                 late=t.done_late),
            text("summary.tasks.open", lang, open=t.open, overdue=t.overdue, stalled=t.stalled),
            text("summary.tasks.extensions", lang, asked=t.extensions_asked,
                 granted=t.extensions_granted)]


def reason(flagged: Flagged, lang: str) -> str:
    return text(f"summary.reason.{flagged.reason}", lang, count=flagged.count,
                minutes=flagged.minutes)


def _attention(summary: WeeklySummary, lang: str) -> list[str]:
    lines = [text("summary.attention.head", lang)]
    if not summary.attention:
        return [*lines, text("summary.attention.none", lang)]
    return lines + [text("summary.attention.line", lang, n=n, name=clip(f.name, NAME_MAX),
                         reason=reason(f, lang))
                    for n, f in enumerate(summary.attention, start=1)]


def _change(summary: WeeklySummary, lang: str) -> list[str]:
    now, before = summary.attendance, summary.previous
    if before.working == 0:
        return [text("summary.change.head", lang), text("summary.change.none", lang)]
    return [text("summary.change.head", lang), text(
        "summary.change.line", lang,
        attendance=_points(now.attendance_rate, before.attendance_rate, lang),
        on_time=_points(now.on_time_rate, before.on_time_rate, lang),
        absent=_delta(now.absent - before.absent, lang),
        late=_delta(now.late_minutes - before.late_minutes, lang),
        early=_delta(now.early_minutes - before.early_minutes, lang),
        overdue=_delta(summary.tasks.overdue - summary.previous_tasks.overdue, lang))]


def workload_line(summary: WeeklySummary, lang: str) -> str | None:
    """The workload line naming the person and the numbers, or None (shared evenly)."""
    busiest = summary.workload
    if busiest is None:
        return None
    line = busiest.line
    values = {"name": clip(busiest.name, NAME_MAX), "count": line.open_tasks,
              "total": line.total, "share": percent(line.share, lang),
              "median": _number(line.median, lang)}
    if line.reason == "share":
        return text("summary.workload.share", lang, limit=percent(busiest.limit, lang),
                    **values)
    return text("summary.workload.ratio", lang, ratio=_number(busiest.limit, lang), **values)


def message(summary: WeeklySummary, lang: str) -> str:
    """The whole summary, sections separated by a blank line."""
    days = sum(d.working for d in summary.days)
    sections = [[title(summary, lang),
                 text("summary.people", lang, people=summary.people, days=days)],
                _attendance(summary, lang), _tasks(summary, lang), _attention(summary, lang),
                _change(summary, lang)]
    line = workload_line(summary, lang)
    if line is not None:
        sections.append([text("summary.workload.head", lang), line])
    return "\n\n".join("\n".join(section) for section in sections)


def split_lines(body: str, limit: int = TEXT_LIMIT) -> list[str]:
    """``body`` in parts of at most ``limit`` characters, cut between lines
    (a line longer than that is cut where it must)."""
    parts: list[str] = []
    current = ""
    for line in body.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        joined = f"{current}\n{line}" if current else line
        if current and len(joined) > limit:
            parts.append(current)
            current = line
        else:
            current = joined
    if current.strip():
        parts.append(current)
    return [part.strip("\n") for part in parts if part.strip()]


def message_parts(summary: WeeklySummary, lang: str, limit: int = TEXT_LIMIT) -> list[str]:
    """The message as Telegram takes it: one part, or several marked as continued."""
    body = message(summary, lang)
    if len(body) <= limit:
        return [body]
    parts = split_lines(body, limit - 40)  # room for "(lanjutan 2/3)"
    return [part if n == 1 else f"{text('summary.more', lang, n=n, total=len(parts))}\n{part}"
            for n, part in enumerate(parts, start=1)]


def plain(body: str) -> str:
    """HTML as plain text: tags removed, entities unescaped."""
    return html.unescape(_TAG.sub("", body))
