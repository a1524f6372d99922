"""What happened, as the services report it: one module per family.

Every change a service makes returns events; ``bot.notifier`` alone turns
them into messages. So a handler, a job and a CLI command that make the same
change tell the same people. Events hold the rows they are about, loaded in
the transaction that made the change, and know when it happened (``at``).

    tasks        task changes and reminders
    day          the day's reminders and no-show digests (bot.events.day)
    presence     mid-day presence checks (bot.events.presence)
    patterns     patterns found in closed days and open tasks, dispensations
                 (bot.events.patterns)
    leave        leave and permission requests (bot.events.leave)
    summary      the weekly summary due to a head or a supervisor (bot.events.summary)
"""

from bot.events.day import (
    CheckInReminderDue,
    CheckOutReminderDue,
    DayEvent,
    Missing,
    NoShowDigestDue,
)
from bot.events.tasks import (
    CLOSING,
    Evidence,
    EvidenceAdded,
    ExtensionDecided,
    ExtensionRequested,
    TaskAccepted,
    TaskAssigned,
    TaskCancelled,
    TaskChange,
    TaskProgressed,
    TaskReminderDue,
    TaskReturned,
    TaskStarted,
    TaskSubmitted,
)

__all__ = [
    "CLOSING", "CheckInReminderDue", "CheckOutReminderDue", "DayEvent", "Evidence",
    "EvidenceAdded", "ExtensionDecided", "ExtensionRequested", "Missing", "NoShowDigestDue",
    "TaskAccepted", "TaskAssigned", "TaskCancelled", "TaskChange", "TaskProgressed",
    "TaskReminderDue", "TaskReturned", "TaskStarted", "TaskSubmitted",
]
