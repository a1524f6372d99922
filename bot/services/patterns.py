"""Patterns the bot tells supervisors about, and the dispensation that
answers them (issue 7, items 6–9). One module per pattern:

    lateness        chronic lateness: late streaks, the month's TL+PSW minutes
    absence         unexcused absence (PP 94/2021): yearly bands, consecutive runs
    overdue         overdue tasks: the deadline passed, escalation, the morning digest
                    (open_tasks: what it reads)
    excuses         a supervisor excuses a mark (it stays, it no longer counts)
    pattern_base    SQL they share: ids in one parameter, counting marks, marks close
                    together, working days
    pattern_alerts  who is told, alert rows written at once, a batch per run

Each scan is ``scan_*(session, settings, now) -> int`` (messages queued),
runs a fixed number of queries whatever the head count, writes one ``Alert``
row per pattern under a unique key, and tells through ``bot.notifier`` in
the same transaction: a re-run, a second process or a restart tells nobody
twice.
"""

from bot.services.absence import scan_unexcused_absence
from bot.services.excuses import excuse, mark_to_excuse
from bot.services.lateness import scan_chronic_lateness
from bot.services.overdue import scan_overdue_tasks

__all__ = ["excuse", "mark_to_excuse", "scan_chronic_lateness", "scan_overdue_tasks",
           "scan_unexcused_absence"]
