"""State of the Bot API emulator, and the user side acting on it.

:class:`EmulatorState` holds users, chats, messages, files, the update queue
and bot settings; :class:`UserActions` (mixed into ``BotApiEmulator``) plays
the Telegram users: it creates their messages, live-location edits and button
presses as updates. The Bot API methods are in :mod:`bot.emulator_methods`,
the HTTP layer in :mod:`bot.emulator`.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from bot.emulator.text import JSON, command_entities, keyboard_buttons

FIRST_UPDATE_ID = 100_001
DEFAULT_UPDATE_TYPES = frozenset(
    {"message", "edited_message", "channel_post", "edited_channel_post", "callback_query",
     "inline_query", "chosen_inline_result", "shipping_query", "pre_checkout_query", "poll",
     "poll_answer", "my_chat_member", "chat_join_request", "business_connection",
     "business_message", "edited_business_message", "deleted_business_messages",
     "message_reaction_count", "purchased_paid_media", "chat_boost", "removed_chat_boost"}
) - {"message_reaction_count"}  # fmt: skip


class _Clock(Protocol):
    def now(self) -> datetime: ...


class _SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class ApiCall:
    """One request the bot made: decoded params and the JSON it got back."""

    method: str
    params: JSON
    response: JSON
    ok: bool


@dataclass
class Upload:
    """A file sent in a multipart request."""

    file_name: str
    content: bytes
    mime_type: str | None = None

    def summary(self) -> JSON:
        return {"file_name": self.file_name, "size": len(self.content), "mime_type": self.mime_type}


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes

    def as_file(self) -> JSON:
        return {"file_id": self.file_id, "file_unique_id": self.file_unique_id,
                "file_size": len(self.content), "file_path": self.file_path}  # fmt: skip


def to_unix(value: datetime | float | str | None, clock: _Clock) -> int:
    """Unix seconds from an aware datetime, a number, an ISO string or ``None`` (now)."""
    if value is None:
        return int(clock.now().timestamp())
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("dates must be timezone-aware")
        return int(value.timestamp())
    return int(value)


class EmulatorState:
    """Everything the emulated Telegram knows."""

    def __init__(self, token: str, bot_username: str, bot_first_name: str, clock: _Clock) -> None:
        self.token = token
        self.clock = clock
        self.bot_user: JSON = {"id": int(token.split(":", 1)[0]), "is_bot": True,
                               "first_name": bot_first_name, "username": bot_username}  # fmt: skip
        self.users: dict[int, JSON] = {}
        self.chats: dict[int, JSON] = {}
        self.blocked: set[int] = set()
        self.messages: dict[tuple[int, int], JSON] = {}
        self.media: dict[str, JSON | list[JSON]] = {}  # file_id -> document / photo sizes
        self.files: dict[str, StoredFile] = {}  # file_id -> file
        self.files_by_path: dict[str, StoredFile] = {}
        self.updates: list[JSON] = []
        self.allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self.callback_queries: dict[str, JSON] = {}  # id -> {"answered": bool, "answer": ...}
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.settings: dict[str, Any] = {"menu_button": {"type": "default"}}
        self.chat_actions: dict[int, str] = {}
        self.reply_keyboards: dict[int, JSON] = {}  # chat id -> the custom keyboard shown
        self.webhook_url = ""
        # what setWebhook was given (Telegram would send the secret in every POST)
        self.webhook_secret: str | None = None
        self.webhook_allowed_updates: list[str] | None = None
        self.closing = False
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._update_ids = itertools.count(FIRST_UPDATE_ID)
        self._serial = itertools.count(1)
        self._wake = asyncio.Event()
        self._poll_generation = 0
        self.polls_waiting = 0  # getUpdates requests now long-polling

    # ------------------------------------------------------------ storage

    def now(self) -> int:
        return int(self.clock.now().timestamp())

    def add_user(self, user: JSON) -> None:
        self.users[user["id"]] = user
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        chat.update({k: user[k] for k in ("last_name", "username") if k in user})
        self.chats[user["id"]] = chat

    def new_message(self, chat_id: int, sender: JSON, date: int, content: JSON) -> JSON:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        message = {"message_id": next(counter), "from": sender, "chat": self.chats[chat_id],
                   "date": date, **content}  # fmt: skip
        self.messages[(chat_id, message["message_id"])] = message
        return copy.deepcopy(message)

    def message(self, chat_id: int, message_id: int) -> JSON | None:
        found = self.messages.get((chat_id, message_id))
        return copy.deepcopy(found) if found is not None else None

    def bot_messages(self, chat_id: int) -> list[JSON]:
        bot_id = self.bot_user["id"]
        return [copy.deepcopy(m) for (cid, _), m in self.messages.items()
                if cid == chat_id and m["from"]["id"] == bot_id]  # fmt: skip

    def unique(self, prefix: str) -> str:
        serial = next(self._serial)
        digest = hashlib.sha1(f"{self.token}:{prefix}:{serial}".encode()).hexdigest()
        return f"{prefix}{serial:04d}{digest[:20]}"

    def store_file(self, content: bytes, folder: str, file_name: str) -> StoredFile:
        file_id = self.unique("AgAD" if folder == "photos" else "BQAD")
        ext = file_name.rsplit(".", 1)[-1] if "." in file_name else "dat"
        stored = StoredFile(
            file_id, file_id[-12:], f"{folder}/file_{len(self.files)}.{ext}", content
        )
        self.files[file_id] = self.files_by_path[stored.file_path] = stored
        return stored

    def enqueue(self, kind: str, payload: JSON, *, queue: bool = True) -> JSON:
        """Build an update; queue it (and wake long polls) unless filtered or ``queue=False``."""
        update = {"update_id": next(self._update_ids), kind: copy.deepcopy(payload)}
        if queue and kind in self.allowed_updates:
            self.updates.append(update)
            self.wake()
        return copy.deepcopy(update)

    def wake(self) -> None:
        self._wake.set()
        self._wake = asyncio.Event()

    def media_from_upload(self, key: str, upload: Upload) -> JSON | list[JSON]:
        if key == "photo":
            sizes: list[JSON] = []
            for width, height in ((90, 68), (320, 240), (1280, 960)):
                stored = self.store_file(upload.content, "photos", "photo.jpg")
                size: JSON = {"width": width, "height": height, "file_size": len(upload.content)}
                sizes.append(
                    {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, **size}
                )
            for size in sizes:
                self.media[size["file_id"]] = sizes
            return copy.deepcopy(sizes)
        stored = self.store_file(upload.content, "documents", upload.file_name)
        document = {
            "file_name": upload.file_name,
            "mime_type": upload.mime_type or "application/octet-stream",
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(upload.content),
        }
        self.media[stored.file_id] = document
        return copy.deepcopy(document)


Date = datetime | int | None
LIVE_FOREVER = 0x7FFFFFFF


class UserActions:
    """The Telegram users' side: each action returns the Update it created and, unless
    ``queue=False``, queues it for getUpdates."""

    state: EmulatorState
    clock: _Clock
    _query_ids: Iterator[int]

    def add_user(
        self, user_id: int, first_name: str, *, username: str | None = None,
        last_name: str | None = None, language_code: str | None = "id",
    ) -> JSON:  # fmt: skip
        """Register a user and their private chat (chat id == user id)."""
        user: JSON = {"id": int(user_id), "is_bot": False, "first_name": first_name}
        extra = {"last_name": last_name, "username": username, "language_code": language_code}
        user.update({k: v for k, v in extra.items() if v})
        self.state.add_user(user)
        return dict(user)

    def _user(self, user_id: int) -> JSON:
        if int(user_id) not in self.state.users:
            raise ValueError(f"unknown user {user_id}: call add_user first")
        return self.state.users[int(user_id)]

    def _user_message(self, user_id: int, content: JSON, date: Date, queue: bool) -> JSON:
        user = self._user(user_id)
        message = self.state.new_message(user["id"], user, to_unix(date, self.clock), content)
        return self.state.enqueue("message", message, queue=queue)

    def send_text(self, user_id: int, text: str, *, date: Date = None, queue: bool = True) -> JSON:
        """A text message from the user; commands get their ``bot_command`` entities."""
        content: JSON = {"text": text}
        if entities := command_entities(text):
            content["entities"] = entities
        return self._user_message(user_id, content, date, queue)

    def send_location(
        self, user_id: int, latitude: float, longitude: float, *,
        live_period: int | None = None, horizontal_accuracy: float | None = None,
        heading: int | None = None, forwarded_from_user_id: int | None = None,
        via_bot_id: int | None = None, forward_date: Date = None, date: Date = None,
        queue: bool = True,
    ) -> JSON:  # fmt: skip
        """A (live) location, optionally forwarded from another user or sent via a bot."""
        location: JSON = {"latitude": float(latitude), "longitude": float(longitude)}
        extra = {"horizontal_accuracy": horizontal_accuracy, "live_period": live_period,
                 "heading": heading}  # fmt: skip
        location.update({k: v for k, v in extra.items() if v is not None})
        content: JSON = {"location": location}
        if forwarded_from_user_id is not None:
            sender = int(forwarded_from_user_id)
            unknown = {"id": sender, "is_bot": False, "first_name": "User"}
            origin = self.state.users.get(sender, unknown)
            when = to_unix(forward_date if forward_date is not None else date, self.clock)
            content["forward_origin"] = {"type": "user", "sender_user": origin, "date": when}
        if via_bot_id is not None:
            content["via_bot"] = {"id": int(via_bot_id), "is_bot": True, "first_name": "Bot",
                                  "username": f"bot{via_bot_id}_bot"}  # fmt: skip
        return self._user_message(user_id, content, date, queue)

    def edit_live_location(
        self, user_id: int, message_id: int, latitude: float, longitude: float, *,
        horizontal_accuracy: float | None = None, heading: int | None = None,
        edit_date: Date = None, queue: bool = True,
    ) -> JSON:  # fmt: skip
        """The ``edited_message`` Telegram sends when a live location moves."""
        stored = self.state.messages.get((int(user_id), int(message_id)))
        if stored is None or stored["from"]["id"] != int(user_id) or "location" not in stored:
            raise ValueError(f"no location message {message_id} from user {user_id}")
        live_period = stored["location"].get("live_period")
        if not live_period:
            raise ValueError(f"message {message_id} is not a live location")
        edited = to_unix(edit_date, self.clock)
        if live_period != LIVE_FOREVER and edited > stored["date"] + live_period:
            raise ValueError("the live period has ended; Telegram sends no more edits")
        location = {
            **stored["location"],
            "latitude": float(latitude),
            "longitude": float(longitude),
        }
        for key, value in (("horizontal_accuracy", horizontal_accuracy), ("heading", heading)):
            location.pop(key, None)
            if value is not None:
                location[key] = value
        stored.update(location=location, edit_date=edited)
        return self.state.enqueue("edited_message", stored, queue=queue)

    def edit_text(
        self, user_id: int, message_id: int, text: str, *, edit_date: Date = None,
        queue: bool = True,
    ) -> JSON:  # fmt: skip
        """The ``edited_message`` Telegram sends when the user edits a text message
        of theirs (a command keeps its ``bot_command`` entities)."""
        stored = self.state.messages.get((int(user_id), int(message_id)))
        if stored is None or stored["from"]["id"] != int(user_id) or "text" not in stored:
            raise ValueError(f"no text message {message_id} from user {user_id}")
        stored.pop("entities", None)
        stored.update(text=text, edit_date=to_unix(edit_date, self.clock))
        if entities := command_entities(text):
            stored["entities"] = entities
        return self.state.enqueue("edited_message", stored, queue=queue)

    def press_button(
        self, user_id: int, message_id: int, callback_data: str, *, queue: bool = True
    ) -> JSON:
        """A ``callback_query`` for the bot's message (the data is not checked: forge away)."""
        user = self._user(user_id)
        message = self.state.message(user["id"], int(message_id))
        if message is None or message["from"]["id"] != self.state.bot_user["id"]:
            raise ValueError(f"the bot has no message {message_id} in chat {user_id}")
        query_id = str(next(self._query_ids))
        self.state.callback_queries[query_id] = {"answered": False, "answer": None}
        instance = hashlib.sha1(f"{self.state.token}:{user_id}".encode()).hexdigest()
        query = {"id": query_id, "from": user, "message": message,
                 "chat_instance": str(-int(instance[:15], 16)), "data": callback_data}  # fmt: skip
        return self.state.enqueue("callback_query", query, queue=queue)

    def press_button_text(
        self, user_id: int, message_id: int, button_text: str, *, queue: bool = True
    ) -> JSON:
        """Press the inline button labelled ``button_text`` on the bot's message."""
        message = self.state.message(int(user_id), int(message_id))
        for row in keyboard_buttons(message or {}):
            for text, data in row:
                if text == button_text:
                    if data is None or data.startswith(("http://", "https://", "tg://")):
                        raise ValueError(f"button {button_text!r} has no callback_data")
                    return self.press_button(user_id, message_id, data, queue=queue)
        raise ValueError(f"no button {button_text!r} on message {message_id} in chat {user_id}")

    def send_photo(
        self, user_id: int, *, caption: str | None = None, content: bytes = b"\xff\xd8\xff\xe0",
        media_group_id: str | None = None, date: Date = None, queue: bool = True,
    ) -> JSON:  # fmt: skip
        """A photo (three sizes, each served by getFile) from the user. Telegram
        sends each photo of an album as its own update with one ``media_group_id``."""
        upload = Upload("p.jpg", content)
        return self._user_file(user_id, "photo", upload, caption, media_group_id, date, queue)

    def send_document(
        self, user_id: int, file_name: str, content: bytes, *, mime_type: str | None = None,
        caption: str | None = None, media_group_id: str | None = None, date: Date = None,
        queue: bool = True,
    ) -> JSON:  # fmt: skip
        """A document from the user, served by getFile (``media_group_id``: one of an album)."""
        upload = Upload(file_name, content, mime_type)
        return self._user_file(user_id, "document", upload, caption, media_group_id, date, queue)

    def _user_file(self, user_id: int, kind: str, upload: Upload, caption: str | None,
                   media_group_id: str | None, date: Date, queue: bool) -> JSON:
        payload: JSON = {kind: self.state.media_from_upload(kind, upload)}
        if caption:
            payload["caption"] = caption
        if media_group_id:
            payload["media_group_id"] = media_group_id
        return self._user_message(user_id, payload, date, queue)

    def send_contact(
        self, user_id: int, phone_number: str, *, first_name: str | None = None,
        own: bool = True, date: Date = None, queue: bool = True,
    ) -> JSON:  # fmt: skip
        """A shared contact; ``own`` (the default) is the user sharing their own number."""
        user = self._user(user_id)
        contact: JSON = {
            "phone_number": phone_number,
            "first_name": first_name or user["first_name"],
        }
        if own:
            contact["user_id"] = user["id"]
        return self._user_message(user_id, {"contact": contact}, date, queue)
