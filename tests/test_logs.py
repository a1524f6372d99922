"""The token and personal data never reach the log.

Representative flows run with every logger at DEBUG: a check-in with a
location, a task's progress note, a leave request with an attachment, a
reply that fails (a handler error), the outbox failing with 429, 5xx and
403. Each record is formatted as ``hadir run`` formats it (``Redacting``)
and searched for the token, the coordinates sent, NIPs, names and what
users typed. The CLI's own refusals are covered in tests/test_cli.py.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from bot.callbacks import FlowCB, LeaveFlowCB, TaskCB
from bot.cli_support import QUIET_LOGGERS, Redacting, quiet_libraries, secrets
from bot.rules.leave import KINDS, LeaveKind
from tests.conftest import BACKENDS
from tests.security_world import (
    ANDI,
    DEWI,
    World,
    make_world,
    world_url,  # noqa: F401 (the fixture)
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

LAT, LON = -2.8772317, 103.8455123
LOGGERS = ("telegram", "hadir", "bot", "handlers", "jobs", "db", "sqlalchemy")
TYPED = ("catatan progres rahasia 4471", "alasan keluarga rahasia 8812", "surat-dokter-8812.pdf")


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=BACKENDS)
async def world(request: pytest.FixtureRequest, world_url: Any) -> AsyncIterator[World]:  # noqa: F811
    async for built in make_world(world_url(request.param), require_live_location=False):
        yield built


async def _text(world: World, uid: int, body: str) -> None:
    await world.feed(world.emu.send_text(uid, body, queue=False))


async def _press(world: World, uid: int, data: str) -> None:
    await world.feed(world.emu.press_button(uid, world.anchor[uid], data, queue=False))


async def _flows(world: World) -> None:
    emu = world.emu
    await _text(world, DEWI, "/masuk")
    await world.feed(emu.send_location(DEWI, LAT, LON, live_period=900, horizontal_accuracy=10,
                                       queue=False))
    task = world.seeded.tasks["ORG"][1]
    await _press(world, ANDI, TaskCB("progress", task).pack())
    await _press(world, ANDI, FlowCB("percent", 50, task).pack())
    await _text(world, ANDI, TYPED[0])
    await _press(world, DEWI, LeaveFlowCB("new").pack())
    flow = world.app.user_data[DEWI].leave.flow
    await _press(world, DEWI, LeaveFlowCB("kind", KINDS.index(LeaveKind.CT), flow).pack())
    for typed in ("07-12-2026", "08-12-2026", TYPED[1]):
        await _text(world, DEWI, typed)
    await world.feed(emu.send_document(DEWI, TYPED[2], b"%PDF-1.4", queue=False))
    await _press(world, DEWI, LeaveFlowCB("send", 0, flow).pack())
    # the outbox: Telegram refuses, then fails, then the approver blocked the bot
    emu.fail_next("sendMessage", 429, retry_after=0)
    emu.fail_next("sendMessage", 502)
    await world.deliver()
    emu.fail_next("sendMessage", 403, description="Forbidden: bot was blocked by the user")
    await world.deliver()
    # a reply that fails after the commit: the error handler logs the update
    emu.fail_next("sendMessage", 400, description="Bad Request: chat not found")
    await _text(world, DEWI, "/status")


async def test_no_secret_or_personal_data_in_the_log(world: World,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    world.reset()
    caplog.set_level(logging.DEBUG)
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # echo: every statement
    quiet_libraries()  # as `hadir run` does at any LOG_LEVEL
    try:
        await _flows(world)
    finally:
        for name in (*LOGGERS, "sqlalchemy.engine", *QUIET_LOGGERS):
            logging.getLogger(name).setLevel(logging.NOTSET)
    world.errors.clear()  # the failed reply was the point
    settings = world.app.bot_data["deps"].settings
    formatter = Redacting(secrets(settings.token, settings.database_url))
    logged = "\n".join(formatter.format(r) for r in caplog.records)
    assert "error while handling update" in logged  # the handler error was logged
    assert settings.token not in logged
    assert settings.token.split(":")[-1] not in logged
    raw = "\n".join(r.getMessage() + (formatter.formatException(r.exc_info) if r.exc_info else "")
                    for r in caplog.records)
    personal = [str(LAT), str(LON), f"{LAT:.5f}", f"{LON:.5f}", *TYPED,
                *(w for words in world.seeded.secrets.values() for w in words)]
    found = [p for p in personal if p in raw and not p.startswith("Bagian")]
    assert found == [], [line for line in raw.splitlines() if any(p in line for p in found)][:5]
