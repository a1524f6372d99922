"""The Bot API methods of the emulator, with Telegram's results and errors.

:class:`BotApiState` adds an ``api_<methodName>`` method per supported Bot API
method to :class:`~bot.emulator_state.EmulatorState`; :meth:`BotApiState.call`
dispatches to them case-insensitively, like Telegram.
"""

from __future__ import annotations

import asyncio
import copy
import re
from collections.abc import Awaitable, Callable
from typing import Any

from bot.emulator.state import DEFAULT_UPDATE_TYPES, EmulatorState, Upload, _Clock
from bot.emulator.text import (
    JSON,
    MAX_CAPTION,
    MAX_TEXT,
    ApiError,
    bad_request,
    check_reply_markup,
    format_text,
)

CHAT_ACTIONS = frozenset(
    {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
     "upload_document", "choose_sticker", "find_location", "record_video_note",
     "upload_video_note"}
)  # fmt: skip
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_CONTENT_KEYS = ("text", "entities", "caption", "caption_entities", "location", "reply_markup")


class BotApiState(EmulatorState):
    """The emulator's state plus the Bot API methods acting on it."""

    def __init__(self, token: str, bot_username: str, bot_first_name: str, clock: _Clock) -> None:
        super().__init__(token, bot_username, bot_first_name, clock)
        self.methods: dict[str, tuple[str, Callable[[JSON], Any]]] = {
            name[4:].lower(): (name[4:], getattr(self, name))
            for name in dir(self)
            if name.startswith("api_")
        }

    # ------------------------------------------------------------ helpers

    def _chat(self, params: JSON, *, sending: bool = True) -> JSON:
        raw = params.get("chat_id")
        if raw in (None, ""):
            raise bad_request("chat_id is empty")
        chat = next((c for c in self.chats.values() if f"@{c.get('username')}" == raw), None)
        if chat is None:
            try:
                chat = self.chats.get(int(raw))
            except (TypeError, ValueError):
                chat = None
        if chat is None:
            raise bad_request("chat not found")
        if sending and chat["id"] in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    @staticmethod
    def _text(params: JSON, key: str, limit: int) -> JSON:
        raw = params.get(key)
        prefix = "caption_" if key == "caption" else ""
        text, entities = format_text(
            str(raw or ""), params.get("parse_mode"), params.get(f"{prefix}entities")
        )
        if len(text) > limit:
            raise bad_request(
                "message is too long" if key == "text" else "message caption is too long"
            )
        if not text and key == "text":
            raise bad_request("message text is empty")
        out: JSON = {key: text} if text else {}
        if entities:
            out["entities" if key == "text" else "caption_entities"] = entities
        return out

    def _send(self, params: JSON, content: JSON, chat: JSON | None = None) -> JSON:
        chat = chat or self._chat(params)
        markup = check_reply_markup(params.get("reply_markup"))
        reply = params.get("reply_parameters") or {}
        reply_id = reply.get("message_id", params.get("reply_to_message_id"))
        if reply_id is not None:
            replied = self.message(chat["id"], int(reply_id))
            if replied is not None:
                replied.pop("reply_to_message", None)
                content = {**content, "reply_to_message": replied}
            elif not (reply.get("allow_sending_without_reply") or
                      params.get("allow_sending_without_reply")):  # fmt: skip
                raise bad_request("message to be replied not found")
        if markup:
            content = {**content, "reply_markup": markup}
        message = self.new_message(chat["id"], self.bot_user, self.now(), content)
        raw = params.get("reply_markup")
        if isinstance(raw, dict) and "keyboard" in raw:
            self.reply_keyboards[chat["id"]] = copy.deepcopy(raw)
        elif isinstance(raw, dict) and raw.get("remove_keyboard"):
            self.reply_keyboards.pop(chat["id"], None)
        return message

    def _editable(self, params: JSON) -> JSON:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._chat(params, sending=False)
        if params.get("message_id") in (None, ""):
            raise bad_request("message identifier is not specified")
        message = self.messages.get((chat["id"], int(params["message_id"])))
        if message is None:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise bad_request("message can't be edited")
        return message

    def _edit(self, message: JSON, changes: JSON, markup: JSON | None) -> JSON:
        updated = {k: v for k, v in message.items() if k not in changes and k != "reply_markup"}
        updated.update({k: v for k, v in changes.items() if v})
        if markup:
            updated["reply_markup"] = markup
        if all(updated.get(k) == message.get(k) for k in _CONTENT_KEYS):
            raise bad_request(NOT_MODIFIED)
        updated["edit_date"] = self.now()
        self.messages[(message["chat"]["id"], message["message_id"])] = updated
        return copy.deepcopy(updated)

    def _media(self, params: JSON, key: str) -> JSON | list[JSON]:
        """A document (dict) or photo sizes (list) from an upload, a file_id or a URL."""
        value = params.get(key)
        if isinstance(value, str) and value in self.media:
            media = copy.deepcopy(self.media[value])
            if isinstance(media, list) != (key == "photo"):
                raise bad_request("type of file mismatch")
            return media
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            value = Upload(value.rsplit("/", 1)[-1], b"")
        if isinstance(value, Upload):
            return self.media_from_upload(key, value)
        raise bad_request("wrong file identifier/HTTP URL specified")

    # ------------------------------------------------------------ dispatch

    async def call(self, method: str, params: JSON) -> Any:
        entry = self.methods.get(method.lower())
        if entry is None:
            raise ApiError(404, "Not Found")
        result = entry[1](params)
        return await result if isinstance(result, Awaitable) else result

    def canonical(self, method: str) -> str:
        entry = self.methods.get(method.lower())
        return entry[0] if entry else method

    # ------------------------------------------------------------ Bot API: bot and updates

    def api_getMe(self, params: JSON) -> JSON:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False, "can_connect_to_business": False,
                "has_main_web_app": False}  # fmt: skip

    def api_logOut(self, params: JSON) -> bool:
        return True

    def api_close(self, params: JSON) -> bool:
        return True

    def api_setWebhook(self, params: JSON) -> bool:
        self.webhook_url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        self.webhook_secret = None if secret is None else str(secret)
        allowed = params.get("allowed_updates")
        self.webhook_allowed_updates = list(allowed) if allowed is not None else None
        return True

    def api_deleteWebhook(self, params: JSON) -> bool:
        self.webhook_url, self.webhook_secret = "", None
        if params.get("drop_pending_updates"):
            self.updates.clear()
        return True

    def api_getWebhookInfo(self, params: JSON) -> JSON:
        return {"url": self.webhook_url, "has_custom_certificate": False,
                "pending_update_count": len(self.updates)}  # fmt: skip

    async def api_getUpdates(self, params: JSON) -> list[JSON]:
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")  # fmt: skip
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        if params.get("allowed_updates") is not None:
            self.allowed_updates = frozenset(params["allowed_updates"]) or DEFAULT_UPDATE_TYPES
        offset = int(params.get("offset") or 0)
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]
        self._poll_generation += 1
        generation = self._poll_generation
        self.wake()  # an older pending getUpdates is terminated, as on Telegram
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure "
                                    "that only one bot instance is running")  # fmt: skip
            remaining = deadline - asyncio.get_running_loop().time()
            if self.updates or self.closing or remaining <= 0:
                return copy.deepcopy(self.updates[:limit])
            self.polls_waiting += 1
            try:
                await asyncio.wait_for(self._wake.wait(), remaining)
            except TimeoutError:
                pass
            finally:
                self.polls_waiting -= 1

    # ------------------------------------------------------------ Bot API: settings

    @staticmethod
    def _scope_key(params: JSON) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        key = scope.get("type", "default")
        for field in ("chat_id", "user_id"):
            if field in scope:
                key += f":{scope[field]}"
        return key, str(params.get("language_code") or "")

    def _check_scope_chat(self, params: JSON) -> None:
        scope = params.get("scope") or {}
        if "chat_id" in scope:
            self._chat({"chat_id": scope["chat_id"]}, sending=False)  # "chat not found"

    def api_setMyCommands(self, params: JSON) -> bool:
        self._check_scope_chat(params)
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description.strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._scope_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def api_getMyCommands(self, params: JSON) -> list[JSON]:
        return copy.deepcopy(self.commands.get(self._scope_key(params), []))

    def api_deleteMyCommands(self, params: JSON) -> bool:
        self._check_scope_chat(params)
        self.commands.pop(self._scope_key(params), None)
        return True

    def _setting(self, name: str, value: Any) -> bool:
        self.settings[name] = value
        return True

    def api_setChatMenuButton(self, params: JSON) -> bool:
        return self._setting("menu_button", params.get("menu_button") or {"type": "default"})

    def api_getChatMenuButton(self, params: JSON) -> JSON:
        return dict(self.settings["menu_button"])

    def api_setMyDescription(self, params: JSON) -> bool:
        return self._setting("description", params.get("description") or "")

    def api_getMyDescription(self, params: JSON) -> JSON:
        return {"description": self.settings.get("description", "")}

    def api_setMyShortDescription(self, params: JSON) -> bool:
        return self._setting("short_description", params.get("short_description") or "")

    def api_getMyShortDescription(self, params: JSON) -> JSON:
        return {"short_description": self.settings.get("short_description", "")}

    def api_setMyName(self, params: JSON) -> bool:
        return self._setting("name", params.get("name") or "")

    def api_getMyName(self, params: JSON) -> JSON:
        return {"name": self.settings.get("name") or self.bot_user["first_name"]}

    def api_getChat(self, params: JSON) -> JSON:
        return {**self._chat(params, sending=False), "accent_color_id": 0, "max_reaction_count": 11}

    # ------------------------------------------------------------ Bot API: messages

    def api_sendMessage(self, params: JSON) -> JSON:
        chat = self._chat(params)
        return self._send(params, self._text(params, "text", MAX_TEXT), chat)

    def api_sendPhoto(self, params: JSON) -> JSON:
        chat = self._chat(params)
        caption = self._text(params, "caption", MAX_CAPTION)
        return self._send(params, {"photo": self._media(params, "photo"), **caption}, chat)

    def api_sendDocument(self, params: JSON) -> JSON:
        chat = self._chat(params)
        caption = self._text(params, "caption", MAX_CAPTION)
        return self._send(params, {"document": self._media(params, "document"), **caption}, chat)

    def api_sendLocation(self, params: JSON) -> JSON:
        chat = self._chat(params)
        try:
            latitude, longitude = float(params["latitude"]), float(params["longitude"])
        except (KeyError, TypeError, ValueError):
            raise bad_request("wrong latitude or longitude specified") from None
        location: JSON = {"latitude": latitude, "longitude": longitude}
        for key in ("horizontal_accuracy", "live_period", "heading", "proximity_alert_radius"):
            if params.get(key) is not None:
                location[key] = params[key]
        return self._send(params, {"location": location}, chat)

    def api_sendContact(self, params: JSON) -> JSON:
        chat = self._chat(params)
        contact = {k: params[k] for k in ("phone_number", "first_name", "last_name", "vcard")
                   if params.get(k) is not None}  # fmt: skip
        return self._send(params, {"contact": contact}, chat)

    def api_sendChatAction(self, params: JSON) -> bool:
        chat = self._chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self.chat_actions[chat["id"]] = params["action"]
        return True

    def api_editMessageText(self, params: JSON) -> JSON:
        message = self._editable(params)
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        changes = self._text(params, "text", MAX_TEXT)
        changes.setdefault("entities", None)
        return self._edit(message, changes, check_reply_markup(params.get("reply_markup")))

    def api_editMessageCaption(self, params: JSON) -> JSON:
        message = self._editable(params)
        changes = {"caption": None, "caption_entities": None}
        changes.update(self._text(params, "caption", MAX_CAPTION))
        return self._edit(message, changes, check_reply_markup(params.get("reply_markup")))

    def api_editMessageReplyMarkup(self, params: JSON) -> JSON:
        message = self._editable(params)
        return self._edit(message, {}, check_reply_markup(params.get("reply_markup")))

    def api_deleteMessage(self, params: JSON) -> bool:
        chat = self._chat(params, sending=False)
        if self.messages.pop((chat["id"], int(params.get("message_id") or 0)), None) is None:
            raise bad_request("message to delete not found")
        return True

    def api_deleteMessages(self, params: JSON) -> bool:
        chat = self._chat(params, sending=False)
        for message_id in params.get("message_ids") or []:
            self.messages.pop((chat["id"], int(message_id)), None)
        return True

    def api_answerCallbackQuery(self, params: JSON) -> bool:
        query = self.callback_queries.get(str(params.get("callback_query_id")))
        if query is None or query["answered"]:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        query["answered"] = True
        query["answer"] = {k: params[k] for k in ("text", "show_alert", "url", "cache_time")
                           if params.get(k) is not None}  # fmt: skip
        return True

    def api_getFile(self, params: JSON) -> JSON:
        stored = self.files.get(str(params.get("file_id")))
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.content) > 20 * 1024 * 1024:
            raise bad_request("file is too big")
        return stored.as_file()
