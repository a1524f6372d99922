"""Job registration. Jobs keep only ids in their data and reload what they
need, so a restart rebuilds the schedule from the database."""

from __future__ import annotations

from telegram.ext import Application

from jobs import outbox, reminders, retention


def schedule_all(app: Application) -> None:  # type: ignore[type-arg]
    outbox.schedule(app)  # drains the outbox within Telegram's limits
    reminders.schedule(app)  # task reminders before and at the deadline
    retention.schedule(app)  # nightly: delete location data past its retention
