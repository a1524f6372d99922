"""Handler registration in one explicit order.

Within group 0 the first matching handler wins, so feature handlers come
first and the fallback (unknown commands, free text) last.
"""

from __future__ import annotations

from telegram.ext import Application

from handlers import attendance, errors, fallback, help, registration, status


def register_all(app: Application) -> None:  # type: ignore[type-arg]
    registration.register(app)  # /start CODE
    attendance.register(app)  # /masuk, /pulang, locations, live-location edits
    status.register(app)  # /status
    help.register(app)  # /bantuan, /bahasa
    fallback.register(app)  # must stay last
    app.add_error_handler(errors.on_error)
