"""The weekly summary to a unit head (or a supervisor, for their team), in
their language, and the keys of its messages (``bot.events.summary``).

    summary:<scope>:<YYYY-Www>:<receiver>:chart     the chart, with a short caption
    summary:<scope>:<YYYY-Www>:<receiver>:text<n>   the message, part n of at most three
    summary:<scope>:<YYYY-Www>:<receiver>:document  the message as a file, when longer

``<scope>`` is ``u<unit>`` (a head's unit tree) or ``t<supervisor>`` (a team).
A unit's summary is work waiting on its head: an inactive head's goes to the
next active manager above them (``escalate``). A team's goes to its
supervisor only.
"""

from __future__ import annotations

from bot.events.summary import SUMMARY_EVENTS, WeeklySummaryDue
from bot.notifier.base import Notice
from bot.services.outbox_files import Upload
from bot.summary_views import (
    MESSAGES_MAX,
    TEXT_LIMIT,
    caption,
    message,
    message_parts,
    plain,
    title,
)
from bot.texts import text

EVENTS = SUMMARY_EVENTS
PARTS = ("chart", "document", *(f"text{n}" for n in range(1, MESSAGES_MAX + 1)))


def summary_key(scope: str, week: str, receiver_id: int, part: str) -> str:
    """The key of one message of a summary (``part``: one of ``PARTS``)."""
    if part not in PARTS:
        raise ValueError(part)
    return f"summary:{scope}:{week}:{receiver_id}:{part}"


def summary_keys(scope: str, week: str, receiver_id: int) -> list[str]:
    """Every key a summary may use (to see whether it was queued)."""
    return [summary_key(scope, week, receiver_id, part) for part in PARTS]


def _file_name(event: WeeklySummaryDue, lang: str, extension: str) -> str:
    summary = event.summary
    stem = text("summary.file_name", lang, unit=summary.unit.code, week=summary.week)
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in stem)
    return f"{safe}.{extension}"


def summary_notices(event: WeeklySummaryDue, default_language: str,
                    limit: int = TEXT_LIMIT) -> list[Notice]:
    """The chart with its caption, then the message in parts of at most
    ``limit`` characters, or as a document when that takes more than
    ``MESSAGES_MAX`` parts."""
    summary, receiver = event.summary, event.receiver_id
    lang = event.language or default_language
    scope, week = summary.target.key, summary.week
    escalate = summary.target.supervisor_id is None
    if event.chart is not None:
        chart = event.chart
    else:  # matplotlib is loaded only by a process that draws (a third of its memory)
        from bot.summary_chart import render_chart

        chart = render_chart(summary, lang)
    found = [Notice(receiver, summary_key(scope, week, receiver, "chart"),
                    caption(summary, lang), method="sendPhoto", escalate=escalate,
                    file=Upload(_file_name(event, lang, "png"), chart, "photo"))]
    parts = message_parts(summary, lang, limit)
    if len(parts) > MESSAGES_MAX:
        body = plain(message(summary, lang)).encode("utf-8")
        found.append(Notice(receiver, summary_key(scope, week, receiver, "document"),
                            text("summary.document", lang, title=title(summary, lang)),
                            method="sendDocument", escalate=escalate,
                            file=Upload(_file_name(event, lang, "txt"), body, "document")))
        return found
    found += [Notice(receiver, summary_key(scope, week, receiver, f"text{n}"), part,
                     escalate=escalate)
              for n, part in enumerate(parts, start=1)]
    return found


def notices_for(event: object, default_language: str) -> list[Notice]:
    """The messages ``event`` causes, in the receiver's language."""
    match event:
        case WeeklySummaryDue():
            return summary_notices(event, default_language)
    raise TypeError(f"no notices for {type(event).__name__}")
