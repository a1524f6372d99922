"""Invites, /start CODE, /bantuan, /bahasa and the published command list."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.callbacks import LanguageCB
from bot.services.invites import create_invites
from db.models import Employee, Invite, TelegramBinding
from tests import factories

NEW, OTHER = 5001, 5002


@pytest.fixture
async def staff(db: Any, emulator: Any, clock: Any) -> dict[str, Any]:
    async with db.transaction() as s:
        setda = await factories.office(s)
        await factories.schedule(s)
        org = await factories.unit(s, setda)
        rina = await factories.employee(s, org, "199303032019032003", "Rina <Admin> & Co")
        dedi = await factories.employee(s, org, "199404042020121004", "Dedi", language="en")
        [(_, invite)] = await create_invites(s, [rina], now=clock.now(), ttl=timedelta(days=7))
        [(_, invite_dedi)] = await create_invites(s, [dedi], now=clock.now(),
                                                  ttl=timedelta(days=7))
    emulator.add_user(NEW, "Rina")
    emulator.add_user(OTHER, "Someone")
    return {"rina": rina.id, "code": invite.code, "dedi_code": invite_dedi.code}


async def bindings(db: Any) -> list[tuple[int, int]]:
    async with db.transaction() as s:
        rows = await s.scalars(select(TelegramBinding).order_by(TelegramBinding.id))
        return [(b.employee_id, b.telegram_user_id) for b in rows]


def test_invite_codes_fit_a_deep_link() -> None:
    from bot.services.invites import new_code

    for _ in range(200):
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", new_code())


async def test_start_with_code_binds_and_explains_the_data_collected(
        bot: Any, db: Any, staff: dict[str, Any]) -> None:
    [reply] = await bot.text(NEW, f"/start {staff['code']}")
    assert reply["text"].startswith(
        "Selamat datang, Rina <Admin> & Co! Akun Telegram Anda sekarang terhubung ke Hadir "
        "sebagai pegawai NIP 199303032019032003, Bagian Organisasi.")
    assert "UU 27/2022" in reply["text"] and "disimpan 90 hari" in reply["text"]
    assert await bindings(db) == [(staff["rina"], NEW)]
    # the user's HTML-looking name was escaped: the bold entity covers exactly the name
    call = bot.emu.calls_to("sendMessage")[-1]
    assert "Rina &lt;Admin&gt; &amp; Co" in call.params["text"]


async def test_code_is_single_use_and_one_account_per_employee(
        bot: Any, db: Any, staff: dict[str, Any]) -> None:
    await bot.text(NEW, f"/start {staff['code']}")
    [reply] = await bot.text(OTHER, f"/start {staff['code']}")
    assert reply["text"].startswith("Kode undangan ini sudah dipakai.")
    # an account already bound cannot take a second employee's invite
    [reply] = await bot.text(NEW, f"/start {staff['dedi_code']}")
    assert reply["text"].startswith("Akun Telegram ini sudah terhubung ke pegawai lain.")
    assert await bindings(db) == [(staff["rina"], NEW)]


async def test_new_invite_moves_the_employee_to_a_new_phone(
        bot: Any, db: Any, clock: Any, staff: dict[str, Any]) -> None:
    await bot.text(NEW, f"/start {staff['code']}")
    async with db.transaction() as s:
        rina = await s.get(Employee, staff["rina"])
        [(_, fresh)] = await create_invites(s, [rina], now=clock.now(), ttl=timedelta(days=7))
    replies = await bot.text(OTHER, f"/start {fresh.code}")
    assert replies[-1]["text"] == "Akun Telegram sebelumnya untuk NIP ini tidak lagi terhubung."
    assert await bindings(db) == [(staff["rina"], OTHER)]
    [reply] = await bot.text(NEW, "/status")
    assert "belum terdaftar" in reply["text"]


async def test_expired_unknown_and_malformed_codes_are_refused(
        bot: Any, db: Any, clock: Any, staff: dict[str, Any]) -> None:
    clock.advance(timedelta(days=7, seconds=1))
    [reply] = await bot.text(NEW, f"/start {staff['code']}")
    assert reply["text"].startswith("Kode undangan ini sudah kedaluwarsa.")
    [reply] = await bot.text(NEW, "/start AAAAAAAAAAAAAAAAAAAAAA")
    assert reply["text"].startswith("Kode undangan tidak dikenal.")
    [reply] = await bot.text(NEW, "/start ' OR 1=1 --")
    assert reply["text"].startswith("Akun Telegram ini belum terdaftar") or reply[
        "text"].startswith("Kode undangan tidak dikenal.")
    [reply] = await bot.text(NEW, "/start")
    assert reply["text"].startswith("Akun Telegram ini belum terdaftar di Hadir.")
    assert await bindings(db) == []
    async with db.transaction() as s:
        assert (await s.scalar(select(Invite).where(Invite.code == staff["code"]))).used_at is None


async def test_english_employee_is_welcomed_in_english(bot: Any, staff: dict[str, Any]) -> None:
    [reply] = await bot.text(OTHER, f"/start {staff['dedi_code']}")
    assert reply["text"].startswith("Welcome, Dedi! Your Telegram account is now linked")


async def test_help_lists_the_published_commands(bot: Any, staff: dict[str, Any]) -> None:
    # the default menu is the staff one (managers' chats get theirs: test_menus)
    published = bot.emu.commands(scope_type="all_private_chats")
    assert [c["command"] for c in published] == [
        "masuk", "pulang", "status", "izin", "tugas", "dataku", "bahasa", "bantuan"]
    english = bot.emu.commands(language_code="en", scope_type="all_private_chats")
    assert [c["command"] for c in english] == [
        "checkin", "checkout", "status", "leave", "tasks", "mydata", "language", "help"]
    await bot.text(NEW, f"/start {staff['code']}")
    [reply] = await bot.text(NEW, "/bantuan")
    for command in published:
        assert f"/{command['command']} — {command['description']}" in reply["text"]


async def test_language_switch_and_english_aliases(bot: Any, db: Any, clock: Any,
                                                   staff: dict[str, Any]) -> None:
    await bot.text(NEW, f"/start {staff['code']}")
    [menu] = await bot.text(NEW, "/bahasa")
    assert bot.emu.buttons(menu) == [[("🇮🇩 Bahasa Indonesia", "lang:id"), ("🇬🇧 English",
                                                                          "lang:en")]]
    await bot.press(NEW, menu["message_id"], LanguageCB("en").pack())
    assert bot.emu.sent_messages(NEW)[-1]["text"].startswith("Language changed to English.")
    [reply] = await bot.text(NEW, "/checkout")
    assert reply["text"].startswith("There is no check-in for today")
    await bot.press(NEW, menu["message_id"], "lang:fr")  # forged
    assert bot.callback_answers()[-1]["text"] == "This button is no longer valid."
    async with db.transaction() as s:
        assert (await s.get(Employee, staff["rina"])).language == "en"


async def test_in_a_group_nothing_personal_is_answered_or_bound(
        bot: Any, db: Any, staff: dict[str, Any]) -> None:
    group = {"id": -1001234567890, "type": "supergroup", "title": "Bagian Organisasi"}
    bot.emu.state.chats[group["id"]] = group  # the bot was added to the unit's group

    def in_group(update: dict[str, Any]) -> dict[str, Any]:
        update["message"]["chat"] = group
        return update

    for command in (f"/start {staff['code']}", "/status", "/tugas", "/masuk"):
        await bot.feed(in_group(bot.emu.send_text(NEW, command, queue=False)))
    replies = [m["text"] for m in bot.emu.sent_messages(group["id"])]
    pointer = ("Hadir hanya melayani chat pribadi, agar data presensi dan tugas tidak terbaca "
               "orang lain. Buka @hadir_demo_bot dan kirim perintahnya di sana.")
    assert replies == [pointer] * 4
    assert await bindings(db) == []
