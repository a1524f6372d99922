"""The Bot API emulator, driven through real PTB objects (and httpx for the control API)."""

from __future__ import annotations

import asyncio
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import pytest_asyncio
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from bot.emulator import BotApiEmulator

pytestmark = [
    pytest.mark.asyncio,
    # PTB itself reads RetryAfter.retry_after while building the exception
    pytest.mark.filterwarnings("ignore:.*`retry_after` will be of type:DeprecationWarning"),
]

TOKEN = "123456:TEST-TOKEN"
USER = 4242
OTHER = 5151
T0 = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.moment = now

    def now(self) -> datetime:
        return self.moment


@pytest.fixture
def clock() -> _Clock:
    return _Clock(T0)


@pytest_asyncio.fixture
async def emu(clock: _Clock) -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(TOKEN, clock=clock) as emulator:
        emulator.add_user(USER, "Budi", username="budi", last_name="Santoso")
        emulator.add_user(OTHER, "Sari")
        yield emulator


@pytest_asyncio.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=emu.base_url, base_file_url=emu.base_file_url) as tg_bot:
        yield tg_bot


def _retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def _until(condition: Callable[[], object], limit_s: float = 5.0) -> None:
    """Poll emulator state (bounded) for work done by a background task."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def _keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d)] for t, d in pairs])


# ---------------------------------------------------------------- bot basics


async def test_get_me_and_bad_token(emu: BotApiEmulator, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username, me.first_name) == (
        123456,
        True,
        "hadir_demo_bot",
        "Hadir",
    )
    assert emu.base_url == f"http://127.0.0.1:{emu.port}/bot"
    with pytest.raises(InvalidToken):
        async with Bot("123456:WRONG", base_url=emu.base_url):
            pass
    async with httpx.AsyncClient() as client:
        unknown = await client.post(f"{emu.base_url}{TOKEN}/noSuchMethod")
        wrong = await client.get(f"{emu.base_url}999:NOPE/getMe")
    assert unknown.status_code == 404
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_updates_offset_confirms_and_negative_offset(emu: BotApiEmulator, bot: Bot) -> None:
    first = emu.send_text(USER, "halo")
    second = emu.send_text(USER, "/start KODE123")
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [first["update_id"], second["update_id"]]
    assert second["update_id"] == first["update_id"] + 1
    command = updates[1].message
    assert command is not None and command.text == "/start KODE123"
    assert command.entities[0].type == "bot_command" and command.entities[0].length == 6
    assert len(await bot.get_updates()) == 2  # not confirmed yet
    assert await bot.get_updates(offset=second["update_id"] + 1) == ()
    assert await bot.get_updates() == ()  # confirmed updates never come back

    ids = [emu.send_text(USER, f"m{i}")["update_id"] for i in range(3)]
    assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == ids[2:]
    assert [u.update_id for u in await bot.get_updates()] == ids[2:]  # older ones forgotten


async def test_long_poll_wakes_on_injected_update_and_times_out(
    emu: BotApiEmulator, bot: Bot
) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert time.monotonic() - started >= 0.9

    poll = asyncio.create_task(bot.get_updates(timeout=30, read_timeout=40))
    await _until(lambda: emu.state.polls_waiting == 1)
    started = time.monotonic()
    injected = emu.send_text(USER, "/hadir")
    updates = await asyncio.wait_for(poll, 20)
    assert time.monotonic() - started < 15  # woken by the update, not the 30 s timeout
    assert [u.update_id for u in updates] == [injected["update_id"]]


async def test_allowed_updates_filters_new_updates(emu: BotApiEmulator, bot: Bot) -> None:
    await bot.get_updates(allowed_updates=["callback_query"])
    emu.send_text(USER, "ignored")
    assert await bot.get_updates() == ()
    await bot.get_updates(allowed_updates=[])
    emu.send_text(USER, "seen")
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["seen"]


# ---------------------------------------------------------------- sendMessage rules


async def test_message_length_limit_counts_visible_text(emu: BotApiEmulator, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, "x" * 4097)
    assert emu.calls[-1].response == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message is too long",
    }
    sent = await bot.send_message(USER, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    assert sent.text == "x" * 4096 and sent.entities[0].type == "bold"
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(USER, "   ")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "hi")


async def test_message_result_fields(emu: BotApiEmulator, bot: Bot, clock: _Clock) -> None:
    first = await bot.send_message(USER, "a &lt;b&gt; <i>c</i>", parse_mode="HTML")
    second = await bot.send_message(USER, "two", reply_markup=_keyboard(("Ya", "yes")))
    assert first.text == "a <b> c" and first.date == T0 and first.from_user.id == 123456
    assert second.message_id == first.message_id + 1
    assert second.reply_markup is not None
    assert emu.buttons(emu.last_message(USER)) == [[("Ya", "yes")]]
    call = emu.calls_to("sendMessage")[-1]
    assert call.ok and call.params["chat_id"] == USER
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Ya", "callback_data": "yes"}]]
    }
    assert [m["text"] for m in emu.sent_messages(USER)] == ["a <b> c", "two"]
    reply = await bot.send_message(USER, "balas", reply_to_message_id=first.message_id)
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == first.message_id
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(USER, "balas", reply_to_message_id=999)
    assert emu.sent_messages(OTHER) == []


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", "Unmatched end tag at byte offset 4"),
        ("<blink>x</blink>", 'Unsupported start tag "blink" at byte offset 0'),
        ("1 < 2", "Unclosed start tag at byte offset 2"),
    ],
)
async def test_html_parse_errors(bot: Bot, text: str, detail: str) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities") as info:
        await bot.send_message(USER, text, parse_mode="HTML")
    assert detail.lower() in info.value.message.lower()  # PTB lower-cases all but the first


async def test_markdown_v2_reserved_character(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="reserved and must be escaped"):
        await bot.send_message(USER, "Jam 07.30", parse_mode="MarkdownV2")
    sent = await bot.send_message(USER, r"*Jam* 07\.30", parse_mode="MarkdownV2")
    assert sent.text == "Jam 07.30" and sent.entities[0].type == "bold"


async def test_callback_data_limit(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(USER, "pilih", reply_markup=_keyboard(("A", "x" * 65)))
    ok = await bot.send_message(USER, "pilih", reply_markup=_keyboard(("A", "é" * 32)))
    assert ok.reply_markup is not None


# ---------------------------------------------------------------- faults


async def test_retry_after_then_success(emu: BotApiEmulator, bot: Bot) -> None:
    emu.fail_next("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(USER, "hi")
    assert _retry_seconds(info.value) == 7
    assert emu.calls[-1].response["parameters"] == {"retry_after": 7}
    assert emu.sent_messages(USER) == []
    assert (await bot.send_message(USER, "hi")).text == "hi"


@pytest.mark.parametrize("status", [500, 502])
async def test_server_errors_are_network_errors(emu: BotApiEmulator, bot: Bot, status: int) -> None:
    emu.fail_next("sendMessage", status=status, count=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(USER, "hi")
    assert (await bot.send_message(USER, "hi")).text == "hi"


async def test_slow_response_times_out_but_takes_effect(emu: BotApiEmulator, bot: Bot) -> None:
    emu.fail_next("sendMessage", delay_s=1.0)
    with pytest.raises(TimedOut):
        await bot.send_message(USER, "lambat", read_timeout=0.2)
    assert [m["text"] for m in emu.sent_messages(USER)] == ["lambat"]


async def test_blocked_user_is_forbidden(emu: BotApiEmulator, bot: Bot) -> None:
    emu.block_user(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "hi")
    assert (await bot.send_message(OTHER, "hi")).chat.id == OTHER
    emu.block_user(USER, blocked=False)
    assert (await bot.send_message(USER, "hi")).chat.id == USER


async def test_rate_limits_per_chat_and_global(emu: BotApiEmulator, bot: Bot) -> None:
    emu.set_rate_limits(per_chat_per_s=1)
    await bot.send_message(USER, "one")
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(USER, "two")
    assert _retry_seconds(info.value) >= 1
    assert emu.calls[-1].response["description"].startswith("Too Many Requests: retry after ")
    await bot.send_message(OTHER, "other chat is fine")
    await bot.send_chat_action(USER, "typing")  # not a send
    emu.set_rate_limits(global_per_s=2)
    await bot.send_message(USER, "a")
    await bot.send_message(OTHER, "b")
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "c")


# ---------------------------------------------------------------- edits and callbacks


async def test_edits(emu: BotApiEmulator, bot: Bot, clock: _Clock) -> None:
    sent = await bot.send_message(USER, "pilih", reply_markup=_keyboard(("A", "a")))
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "pilih", USER, sent.message_id, reply_markup=_keyboard(("A", "a"))
        )
    clock.moment = T0 + timedelta(minutes=1)
    edited = await bot.edit_message_text("dipilih", USER, sent.message_id)
    assert isinstance(edited, object) and emu.last_message(USER)["text"] == "dipilih"
    assert "reply_markup" not in emu.last_message(USER)  # omitted markup removes the keyboard
    assert emu.last_message(USER)["edit_date"] == int(clock.moment.timestamp())
    await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=_keyboard(("B", "b")))
    assert emu.buttons(emu.last_message(USER)) == [[("B", "b")]]
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", USER, 999)
    assert await bot.delete_message(USER, sent.message_id)
    assert emu.sent_messages(USER) == []
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(USER, sent.message_id)


async def test_press_button_carries_bot_message(emu: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(
        USER, "Hadir?", reply_markup=_keyboard(("Ya", "att:yes"), ("Tidak", "att:no"))
    )
    update = emu.press_button_text(USER, sent.message_id, "Tidak")
    query = Update.de_json(update, bot).callback_query
    assert query is not None and query.data == "att:no" and query.from_user.id == USER
    assert query.message is not None and query.message.message_id == sent.message_id
    assert query.message.reply_markup == sent.reply_markup
    polled = (await bot.get_updates())[0].callback_query
    assert polled is not None and polled.id == query.id and polled.chat_instance
    assert await bot.answer_callback_query(query.id, text="Oke")
    assert emu.callback_answer(query.id) == {"text": "Oke"}
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("123")
    forged = emu.press_button(USER, sent.message_id, "att:forged", queue=False)
    assert forged["callback_query"]["data"] == "att:forged"
    with pytest.raises(ValueError):
        emu.press_button(USER, 999, "x")
    with pytest.raises(ValueError):
        emu.press_button_text(USER, sent.message_id, "Mungkin")


# ---------------------------------------------------------------- locations


async def test_live_location_edit_keeps_date(emu: BotApiEmulator, bot: Bot) -> None:
    start = emu.send_location(USER, -6.2, 106.8, live_period=900, horizontal_accuracy=15)
    message_id = start["message"]["message_id"]
    edit_time = T0 + timedelta(minutes=2)
    edited = emu.edit_live_location(USER, message_id, -6.21, 106.81, edit_date=edit_time)
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [start["update_id"], edited["update_id"]]
    message = updates[1].edited_message
    assert message is not None and message.message_id == message_id
    assert message.date == T0 and message.edit_date == edit_time
    assert message.location is not None and message.location.latitude == -6.21
    assert edited["edited_message"]["location"] == {
        "latitude": -6.21,
        "longitude": 106.81,
        "live_period": 900,
    }
    with pytest.raises(ValueError, match="live period"):
        emu.edit_live_location(USER, message_id, 0, 0, edit_date=T0 + timedelta(hours=1))
    static = emu.send_location(USER, 1, 2)
    with pytest.raises(ValueError):
        emu.edit_live_location(USER, static["message"]["message_id"], 0, 0)


async def test_forwarded_and_via_bot_locations(emu: BotApiEmulator, bot: Bot) -> None:
    emu.send_location(USER, 1.0, 2.0, forwarded_from_user_id=OTHER, date=T0)
    emu.send_location(USER, 1.0, 2.0, via_bot_id=777)
    forwarded, via = [u.message for u in await bot.get_updates()]
    assert forwarded is not None and forwarded.forward_origin is not None
    assert forwarded.forward_origin.sender_user.id == OTHER  # type: ignore[attr-defined]
    assert via is not None and via.via_bot is not None and via.via_bot.id == 777


async def test_send_location_and_chat_action(emu: BotApiEmulator, bot: Bot) -> None:
    share = KeyboardButton("Kirim lokasi", request_location=True)
    await bot.send_message(USER, "Bagikan lokasi", reply_markup=ReplyKeyboardMarkup([[share]]))
    keyboard = emu.reply_keyboard(USER)
    assert keyboard is not None and keyboard["keyboard"][0][0]["request_location"] is True
    assert "reply_markup" not in emu.last_message(USER)  # only inline keyboards are on messages
    await bot.send_message(USER, "Terima kasih", reply_markup=ReplyKeyboardRemove())
    assert emu.reply_keyboard(USER) is None
    sent = await bot.send_location(USER, -6.2, 106.8)
    assert sent.location is not None and sent.location.longitude == 106.8
    assert await bot.send_chat_action(USER, "typing")
    with pytest.raises(BadRequest):
        await bot.send_chat_action(USER, "dancing")


# ---------------------------------------------------------------- files


async def test_file_upload_get_file_download(emu: BotApiEmulator, bot: Bot) -> None:
    payload = b"nama,status\nBudi,hadir\n"
    sent = await bot.send_document(USER, InputFile(payload, filename="rekap.csv"), caption="Rekap")
    assert sent.document is not None and sent.document.file_name == "rekap.csv"
    assert sent.caption == "Rekap"
    assert emu.calls_to("sendDocument")[-1].params["document"]["size"] == len(payload)
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == payload
    again = await bot.send_document(OTHER, sent.document.file_id)
    assert (
        again.document is not None and again.document.file_unique_id == sent.document.file_unique_id
    )

    photo = await bot.send_photo(USER, b"\xff\xd8\xff\xe0jpeg")
    assert len(photo.photo) == 3
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_photo(USER, "no-such-file-id")
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("no-such-file-id")


async def test_user_document_and_photo_are_downloadable(emu: BotApiEmulator, bot: Bot) -> None:
    emu.send_document(USER, "surat.pdf", b"%PDF-1.4", mime_type="application/pdf", caption="izin")
    emu.send_photo(USER, content=b"photo-bytes", caption="selfie")
    document_msg, photo_msg = [u.message for u in await bot.get_updates()]
    assert document_msg is not None and document_msg.document is not None
    assert document_msg.caption == "izin"
    file = await document_msg.document.get_file()
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1.4"
    assert photo_msg is not None and photo_msg.photo
    file = await photo_msg.photo[-1].get_file()
    assert bytes(await file.download_as_bytearray()) == b"photo-bytes"


# ---------------------------------------------------------------- settings


async def test_commands_per_scope_and_language(emu: BotApiEmulator, bot: Bot) -> None:
    from telegram import BotCommand, BotCommandScopeAllPrivateChats

    await bot.set_my_commands([BotCommand("hadir", "Absen masuk")], language_code="id")
    await bot.set_my_commands([BotCommand("checkin", "Check in")])
    await bot.set_my_commands(
        [BotCommand("start", "Mulai")], scope=BotCommandScopeAllPrivateChats()
    )
    assert [c.command for c in await bot.get_my_commands(language_code="id")] == ["hadir"]
    assert emu.commands("id") == [{"command": "hadir", "description": "Absen masuk"}]
    assert [c["command"] for c in emu.commands()] == ["checkin"]
    assert [c["command"] for c in emu.commands(scope_type="all_private_chats")] == ["start"]
    await bot.delete_my_commands(language_code="id")
    assert await bot.get_my_commands(language_code="id") == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Hadir!", "x")])
    assert await bot.set_my_description("Bot absensi")
    assert await bot.set_my_short_description("Absensi")
    assert await bot.set_chat_menu_button()


# ---------------------------------------------------------------- a whole Application


async def test_application_polling_receives_start_and_replies(emu: BotApiEmulator) -> None:
    handled = asyncio.Event()

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"Selamat datang, kode {context.args[0]}")
        handled.set()

    application = (
        Application.builder()
        .token(TOKEN)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .get_updates_request(HTTPXRequest(read_timeout=5))
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        emu.send_text(USER, f"/start@{emu.bot_user['username']} ABC")
        await asyncio.wait_for(handled.wait(), 5)
        await application.updater.stop()
        await application.stop()
    reply = emu.last_message(USER)
    assert reply is not None and reply["text"] == "Selamat datang, kode ABC"
    assert emu.pending_updates() == []  # the updater confirmed what it processed
    assert any(c.method == "deleteWebhook" for c in emu.calls)


# ---------------------------------------------------------------- control API


async def test_http_control_api(emu: BotApiEmulator, bot: Bot) -> None:
    async with httpx.AsyncClient(base_url=f"{emu.url}/_emulator") as client:
        user = (await client.post("/users", json={"user_id": 777, "first_name": "Eka"})).json()
        assert user["result"]["id"] == 777
        text = (await client.post("/text", json={"user_id": 777, "text": "/start"})).json()
        assert text["result"]["message"]["text"] == "/start"
        sent = await bot.send_message(777, "pilih", reply_markup=_keyboard(("A", "a")))
        press = await client.post(
            "/press", json={"user_id": 777, "message_id": sent.message_id, "button_text": "A"}
        )
        assert press.json()["result"]["callback_query"]["data"] == "a"
        location = await client.post(
            "/location", json={"user_id": 777, "latitude": 1, "longitude": 2, "live_period": 600}
        )
        message_id = location.json()["result"]["message"]["message_id"]
        edit = await client.post(
            "/edit_location",
            json={"user_id": 777, "message_id": message_id, "latitude": 1.5, "longitude": 2.5},
        )
        assert edit.json()["result"]["edited_message"]["location"]["latitude"] == 1.5
        messages = (await client.get("/messages", params={"chat_id": 777})).json()["result"]
        assert [m["text"] for m in messages] == ["pilih"]
        assert (
            await client.post("/fail_next", json={"method": "sendMessage", "status": 500})
        ).is_success
        with pytest.raises(NetworkError):
            await bot.send_message(777, "x")
        assert (await client.post("/block", json={"user_id": 777})).is_success
        with pytest.raises(Forbidden):
            await bot.send_message(777, "x")
        calls = (await client.get("/calls", params={"method": "sendMessage"})).json()["result"]
        assert [c["ok"] for c in calls] == [True, False, False]
        bad = await client.post(
            "/press", json={"user_id": 777, "message_id": 999, "callback_data": "x"}
        )
        assert bad.status_code == 400 and "no message" in bad.json()["error"]
    emu.clear()
    assert emu.calls == []


async def test_stop_answers_pending_long_poll(clock: _Clock) -> None:
    emulator = BotApiEmulator(TOKEN, clock=clock)
    await emulator.start()
    async with Bot(TOKEN, base_url=emulator.base_url) as tg_bot:
        poll: Awaitable[object] = asyncio.create_task(
            tg_bot.get_updates(timeout=30, read_timeout=40)
        )
        await _until(lambda: emulator.state.polls_waiting == 1)
        started = time.monotonic()
        await emulator.stop()
        assert await asyncio.wait_for(poll, 20) == ()
        assert time.monotonic() - started < 15  # answered by the stop, not the 30 s timeout
