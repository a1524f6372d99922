"""Telegram's text and keyboard rules for the Bot API emulator.

Entity parsing for parse_mode HTML / MarkdownV2 / Markdown (what counts as the
visible text, which entities result, and which input Telegram refuses with
"can't parse entities"), the bot_command entities of user texts, and inline
keyboard validation. Pure functions; see :mod:`bot.emulator`.
"""

from __future__ import annotations

import re
from typing import Any

JSON = dict[str, Any]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64


class ApiError(Exception):
    """A Bot API failure, rendered as ``{"ok": false, "error_code": ..., ...}``."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------- entities

_HTML_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "a": "text_link", "code": "code", "pre": "pre",
    "span": "spoiler", "tg-spoiler": "spoiler", "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}  # fmt: skip
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);")
_START_RE = re.compile(
    r"<([^\s<>/=]*)((?:\s+[^\s=<>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?)*)\s*>"
)
_ATTR_RE = re.compile(r"([^\s=<>]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]*))?")
_END_RE = re.compile(r"</([^\s<>]*)\s*>")
_PARSE = "can't parse entities: "


def _decode_entity(match: re.Match[str]) -> str | None:
    name = match.group(1)
    if not name.startswith("#"):
        return _NAMED_ENTITIES.get(name)
    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else None


def parse_html(text: str) -> tuple[str, list[JSON]]:
    """Visible text and entities of an HTML-formatted message, or a 400 like Telegram's."""
    out: list[str] = []
    pos = 0  # UTF-16 offset in the visible text
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[JSON] = []
    i = 0

    def at(k: int) -> str:
        return f"at byte offset {len(text[:k].encode())}"

    while i < len(text):
        ch = text[i]
        if ch == "&" and (m := _ENTITY_RE.match(text, i)) and (dec := _decode_entity(m)):
            out.append(dec)
            pos += utf16_len(dec)
            i = m.end()
            continue
        if ch != "<":
            out.append(ch)
            pos += utf16_len(ch)
            i += 1
            continue
        if text.startswith("</", i):
            end = _END_RE.match(text, i)
            if end is None:
                raise bad_request(f"{_PARSE}Unclosed end tag {at(i)}")
            if not stack:
                raise bad_request(f"{_PARSE}Unexpected end tag {at(i)}")
            tag, start, attrs = stack.pop()
            if end.group(1).lower() != tag:
                raise bad_request(
                    f'{_PARSE}Unmatched end tag {at(i)}, expected "</{tag}>", '
                    f'found "</{end.group(1)}>"'
                )
            entity = _html_entity(tag, start, pos - start, attrs, entities)
            if entity is not None:
                entities.append(entity)
            i = end.end()
            continue
        start_tag = _START_RE.match(text, i)
        if start_tag is None:
            if ">" not in text[i:]:
                raise bad_request(f"{_PARSE}Unclosed start tag {at(i)}")
            name = re.match(r"<([^\s<>]*)", text[i:])
            raise bad_request(
                f'{_PARSE}Unsupported start tag "{name.group(1) if name else ""}" {at(i)}'
            )
        tag = start_tag.group(1).lower()
        if tag not in _HTML_TAGS:
            raise bad_request(f'{_PARSE}Unsupported start tag "{tag}" {at(i)}')
        attrs = {k.lower(): v.strip("\"'") for k, v in _ATTR_RE.findall(start_tag.group(2))}
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise bad_request(f'{_PARSE}Tag "span" must have class "tg-spoiler" {at(i)}')
        if tag == "code" and stack and stack[-1][0] == "pre" and stack[-1][1] == pos:
            language = attrs.get("class", "")
            if language.startswith("language-"):
                stack[-1][2]["language"] = language.removeprefix("language-")
        stack.append((tag, pos, attrs))
        i = start_tag.end()
    if stack:
        raise bad_request(
            f'{_PARSE}Can\'t find end tag corresponding to start tag "{stack[-1][0]}"'
        )
    return "".join(out), sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def _html_entity(
    tag: str, offset: int, length: int, attrs: dict[str, str], done: list[JSON]
) -> JSON | None:
    kind = _HTML_TAGS[tag]
    if length <= 0:
        return None
    entity: JSON = {"type": kind, "offset": offset, "length": length}
    if kind == "text_link":
        url = attrs.get("href", "")
        if not url:
            return None
        if m := re.fullmatch(r"tg://user\?id=(\d+)", url):
            return {
                **entity,
                "type": "text_mention",
                "user": {"id": int(m.group(1)), "is_bot": False, "first_name": ""},
            }
        entity["url"] = url
    elif kind == "pre" and attrs.get("language"):
        entity["language"] = attrs["language"]
        done[:] = [
            e
            for e in done
            if not (e["type"] == "code" and e["offset"] == offset and e["length"] == length)
        ]
    elif kind == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif kind == "custom_emoji":
        if not attrs.get("emoji-id"):
            return None
        entity["custom_emoji_id"] = attrs["emoji-id"]
    return entity


_MD_KINDS = {
    "*": ("bold", "Bold"), "_": ("italic", "Italic"), "__": ("underline", "Underline"),
    "~": ("strikethrough", "Strikethrough"), "||": ("spoiler", "Spoiler"),
    "`": ("code", "Code"), "```": ("pre", "Pre"), "[": ("text_link", "TextUrl"),
}  # fmt: skip
_MD_RESERVED = set("_*[]()~`>#+-=|{}.!")


def parse_markdown(text: str, *, v2: bool) -> tuple[str, list[JSON]]:
    """Visible text and entities for parse_mode MarkdownV2 (``v2``) or legacy Markdown."""
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, int, int, str]] = []  # marker, utf16 start, byte offset, language
    entities: list[JSON] = []
    i = 0
    marker: str | None  # the entity marker at i, if one starts there

    def emit(chars: str) -> None:
        nonlocal pos
        out.append(chars)
        pos += utf16_len(chars)

    while i < len(text):
        ch, nxt = text[i], text[i + 1 : i + 2]
        top = stack[-1][0] if stack else None
        escapable = (v2 and nxt and ord(nxt) <= 126) or (not v2 and top is None and nxt in "_*`[")
        if ch == "\\" and nxt and escapable:
            emit(nxt)
            i += 2
            continue
        if top in ("`", "```") or (not v2 and top not in (None, "[") and ch != top):
            if top is not None and text.startswith(top, i):
                marker, start, _, language = stack.pop()
                entities.append(_md_entity(marker, start, pos, language))
                i += len(marker)
            else:
                emit(ch)
                i += 1
            continue
        if v2 and ch == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1  # blockquote marker: not part of the visible text
            continue
        if ch == "]" and top == "[":
            url_re = r"\]\(((?:\\.|[^)\\])*)\)" if v2 else r"\]\(([^)]*)\)"
            url = re.match(url_re, text[i:])
            if url is None:
                raise bad_request(
                    f"{_PARSE}Can't find end of a url at byte offset {_byte(text, i)}"
                )
            start = stack.pop()[1]
            if pos > start:
                link = re.sub(r"\\(.)", r"\1", url.group(1))
                entities.append({"type": "text_link", "offset": start, "length": pos - start})
                entities[-1]["url"] = link
            i += url.end()
            continue
        marker = _md_marker(text, i, v2)
        if marker is None:
            if v2 and ch in _MD_RESERVED:
                raise bad_request(
                    f"{_PARSE}Character '{ch}' is reserved and must be escaped "
                    "with the preceding '\\'"
                )
            emit(ch)
            i += 1
            continue
        byte = _byte(text, i)
        i += len(marker)
        if top == marker and marker != "[":
            _, start, _, language = stack.pop()
            entities.append(_md_entity(marker, start, pos, language))
            continue
        language = ""
        if marker == "```" and (nl := text.find("\n", i)) != -1:
            if re.fullmatch(r"[\w+#-]*", text[i:nl]):
                language, i = text[i:nl], nl + 1
        stack.append((marker, pos, byte, language))
    if stack:
        marker, _, byte, _ = stack[-1]
        what = f"{_MD_KINDS[marker][1]} entity" if v2 else "the entity starting"
        raise bad_request(f"{_PARSE}Can't find end of {what} at byte offset {byte}")
    entities = [e for e in entities if e["length"] > 0]
    return "".join(out), sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def _byte(text: str, index: int) -> int:
    return len(text[:index].encode())


def _md_marker(text: str, i: int, v2: bool) -> str | None:
    for marker in ("```", "__", "||") if v2 else ("```",):
        if text.startswith(marker, i):
            return marker
    singles = "*_`[~" if v2 else "*_`["
    return text[i] if text[i] in singles else None


def _md_entity(marker: str, start: int, end: int, language: str) -> JSON:
    entity: JSON = {"type": _MD_KINDS[marker][0], "offset": start, "length": end - start}
    if language:
        entity["language"] = language
    return entity


def _trim(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Telegram strips leading and trailing whitespace, moving entities along."""
    stripped = text.strip(" \t\r\n")
    if not stripped:
        return "", []
    shift = utf16_len(text[: len(text) - len(text.lstrip(" \t\r\n"))])
    limit = utf16_len(stripped)
    kept: list[JSON] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, limit)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def format_text(
    text: str, parse_mode: str | None, entities: list[JSON] | None
) -> tuple[str, list[JSON]]:
    """Text as the recipient sees it, with its entities (trimmed like Telegram does)."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        text, parsed = parse_html(text)
    elif mode in ("markdownv2", "markdown"):
        text, parsed = parse_markdown(text, v2=mode == "markdownv2")
    elif mode:
        raise bad_request("unsupported parse_mode")
    else:
        parsed = list(entities or [])
    return _trim(text, parsed)


_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z][A-Za-z0-9_]{2,31})?(?![\w/@])")


def command_entities(text: str) -> list[JSON]:
    """The ``bot_command`` entities Telegram attaches to a user's text."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: m.start()]),
            "length": utf16_len(m.group()),
        }
        for m in _COMMAND_RE.finditer(text)
    ]


# --------------------------------------------------------------- keyboards

_BUTTON_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
    "copy_text", "callback_game", "pay",
)  # fmt: skip


def check_reply_markup(markup: Any) -> JSON | None:
    """Validate a reply_markup; return it if it is an inline keyboard (kept on the message)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        if not any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
            raise bad_request("can't parse reply keyboard markup JSON object")
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
        )
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                raise bad_request("BUTTON_TEXT_INVALID")
            if not any(k in button for k in _BUTTON_ACTIONS):
                raise bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not re.match(r"^(https?|tg)://\S+$", str(url)):
                raise bad_request("BUTTON_URL_INVALID")
    return {"inline_keyboard": rows}


def keyboard_buttons(message: JSON) -> list[list[tuple[str, str | None]]]:
    """``[[(text, callback_data or url), ...], ...]`` of a message's inline keyboard."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [[(b["text"], b.get("callback_data", b.get("url"))) for b in row] for row in rows]
