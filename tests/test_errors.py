"""An exception inside a handler never reaches the user as a crash: they get
a plain apology, the admin chat gets told, and nothing is half-written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot.services import prompts
from db.models import CheckPrompt
from tests import factories

ANDI, ADMIN = 1001, 4444


@pytest.fixture
async def andi(db: Any, emulator: Any) -> None:
    async with db.transaction() as s:
        setda = await factories.office(s)
        await factories.schedule(s)
        org = await factories.unit(s, setda)
        await factories.employee(s, org, "199001012015011001", "Andi", telegram_id=ANDI)
    emulator.add_user(ANDI, "Andi")
    emulator.add_user(ADMIN, "Admin")


async def test_failure_apologises_tells_the_admin_and_rolls_back(
        make_harness: Any, db: Any, andi: None, monkeypatch: pytest.MonkeyPatch) -> None:
    bot = await make_harness(admin_chat_id=ADMIN)
    original = prompts.ask_for_location

    async def written_then_broken(*args: Any, **kwargs: Any) -> Any:
        await original(*args, **kwargs)  # the prompt row is written...
        raise RuntimeError("disk full")  # ...then something breaks

    monkeypatch.setattr(prompts, "ask_for_location", written_then_broken)
    [reply] = await bot.text(ANDI, "/masuk")
    assert reply["text"] == (
        "Maaf, terjadi kesalahan di sistem. Tidak ada data yang berubah; coba lagi sebentar.")
    await bot.deliver()  # the alert goes through the outbox
    [alert] = bot.emu.sent_messages(ADMIN)
    assert alert["text"].startswith("⚠️ Galat Hadir saat memproses pembaruan")
    assert alert["text"].endswith("RuntimeError: disk full")
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(CheckPrompt)) == 0
    assert [type(e) for e in bot.errors] == [RuntimeError]
    bot.errors.clear()  # seen and asserted: not a stray failure
