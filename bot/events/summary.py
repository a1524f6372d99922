"""The weekly summary is due to someone (``bot.services.summary_scan``).

The event carries the summary as computed (``bot.services.summary``), who
reads it, in which language, and the chart already drawn in that language
(drawn off the event loop by the job; ``None``: the notifier draws it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.services.summary import WeeklySummary


@dataclass(frozen=True)
class WeeklySummaryDue:
    at: datetime
    summary: WeeklySummary
    receiver_id: int
    language: str | None  # the receiver's; None: the default language
    chart: bytes | None = None  # the PNG in that language


SUMMARY_EVENTS = (WeeklySummaryDue,)
