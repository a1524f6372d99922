"""Fault scenarios of issue 9 as tests; `python -m bench.faults` runs larger ones."""

from __future__ import annotations

from typing import Any

from bench.faults_api import drive
from bot.emulator import BotApiEmulator


async def test_bot_api_failing_ten_percent_delivers_every_message(
        make_harness: Any, db: Any, clock: Any, emulator: BotApiEmulator) -> None:
    h = await make_harness()
    outcome = await drive(h.app, db, emulator, clock, 60, rate=0.2, seed=3)
    assert outcome.lost == 0, outcome.detail
    assert outcome.doubled == 0, outcome.detail
    assert outcome.survived
    faults = emulator.random_faults
    assert faults is None  # switched off at the end
    calls = emulator.calls_to("sendMessage")
    assert len(calls) > 60  # the faults were really retried
    assert "faulted" in outcome.detail and "still pending" in outcome.detail
    assert outcome.detail.endswith("0 still pending")
