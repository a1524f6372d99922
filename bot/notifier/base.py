"""What the notifier hands to the outbox: one message for one employee."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardMarkup

from bot.services.outbox_files import Upload


@dataclass(frozen=True)
class Notice:
    """One message to queue for one employee."""

    employee_id: int
    key: str
    text: str
    markup: InlineKeyboardMarkup | None = None
    method: str = "sendMessage"
    params: dict[str, Any] = field(default_factory=dict)
    # work waiting on the receiver: if they are inactive, the next one up gets it
    escalate: bool = False
    # checked again when it is sent (a reminder: the task still open, same deadline)
    requires: str | None = None
    # a file the message uploads (``method`` sendPhoto / sendDocument, ``text`` its caption)
    file: Upload | None = None
