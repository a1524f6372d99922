"""Flow state in the database (bot.persistence): a flow begun before a restart
or a takeover goes on where it was in the next process."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.drafts import LeaveDraft, NewTaskDraft, TaskInputDraft, UserData
from bot.drafts_codec import decode, encode
from db.models import Task
from db.models_pipeline import FlowConversation, FlowUserData
from tests import factories
from tests.piped import Piped, work_through

AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI = 8201, 8202, 8203, 8204, 8205, 8206
TITLE = "Susun laporan kinerja triwulan"


@pytest.fixture
async def org(db: Any, emulator: Any) -> dict[str, int]:
    async with db.transaction() as s:
        people = await factories.two_units(s, (AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI))
    factories.add_two_units_users(emulator, (AHMAD, RIZKI, DEWI, ANDI, SRI, YUDI))
    return {name: row.id for name, row in people.items()}


async def stored(db: Any) -> tuple[list[Any], list[Any]]:
    async with db.transaction() as s:
        users = list(await s.scalars(select(FlowUserData)))
        steps = list(await s.scalars(select(FlowConversation)))
    return users, steps


async def test_a_new_task_flow_goes_on_in_the_next_process(
        make_harness: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    before = Piped(await make_harness())
    await before.text(RIZKI, "/tugasbaru")
    await before.press_label(RIZKI, "▫️ Dewi Anggraini")
    [ask_title] = await before.press_label(RIZKI, "Lanjut (1) ➡️")
    users, [step] = await stored(db)  # written right after the update, not at shutdown
    assert [row.user_id for row in users] == [RIZKI]
    assert json.loads(step.key) == [RIZKI, RIZKI] and step.name == "task_flow"
    # the process is gone (killed: nothing more is written); a new one starts
    after = Piped(await make_harness())
    [ask_description] = await after.text(RIZKI, TITLE)
    # the flow stood at its title: the next step asks for the description
    assert ask_description["text"].startswith("Tambahkan uraian")
    await after.press_label(RIZKI, "Lewati")
    picks = after.emu.buttons(after.emu.sent_messages(RIZKI)[-1])
    await after.press_label(RIZKI, picks[1][0][0])
    await after.press_label(RIZKI, "Tinggi")
    await after.press_label(RIZKI, "✅ Kirim")
    [task] = await factories.rows(db, Task)
    assert (task.title, task.assignee_id) == (TITLE, org["dewi"])
    assert await stored(db) == ([], [])  # the flow ended: nothing is kept
    assert ask_title["text"] != ask_description["text"]


async def test_a_check_in_outside_a_flow_writes_no_flow_state(
        make_harness: Any, db: Any, org: dict[str, int]) -> None:
    piped = Piped(await make_harness())
    await piped.text(DEWI, "/status")
    await piped.text(DEWI, "/bantuan")
    assert piped.app.persistence.writes == 0
    assert await stored(db) == ([], [])


async def test_the_other_commands_still_end_a_flow_with_concurrency_on(
        make_harness: Any, db: Any, org: dict[str, int]) -> None:
    """A flow's steps and a command sent in one burst: handled in order."""
    piped = Piped(await make_harness())
    emu = piped.emu
    await piped.put(emu.send_text(RIZKI, "/tugasbaru", queue=False))
    await piped.put(emu.send_text(RIZKI, "/status", queue=False))
    await piped.put(emu.send_text(RIZKI, "nama yang dicari", queue=False))
    await work_through(piped.app)
    replies = piped.replies(RIZKI)
    assert len(replies) == 3  # picker, status, then free text outside any flow
    assert replies[0].startswith("👥 Pilih pegawai")
    assert replies[1].startswith("Presensi Rizki Pratama")
    assert replies[2].startswith("Saya hanya mengerti perintah")  # not a search in the flow
    _, steps = await stored(db)
    assert steps == []  # /status ended the flow


def test_drafts_round_trip_through_json() -> None:
    moment = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    data = UserData(
        lang="id",
        new_task=NewTaskDraft(selected=[1, 2], title="Laporan", picks=[moment],
                              deadline=moment),
        task_input=TaskInputDraft(task_id=3, percent=50),
        leave=LeaveDraft(flow=7, kind="CT", start_date=date(2026, 11, 25),
                         days=[date(2026, 11, 25)], spans=[(moment, moment)],
                         latitude=-2.9, longitude=103),
    )
    raw = encode(data)
    assert raw is not None
    assert decode(raw) == dataclasses.replace(data, leave=dataclasses.replace(
        data.leave, longitude=103.0) if data.leave else None)
    assert encode(UserData(lang="en")) is None  # the language alone is not kept


@pytest.mark.parametrize("raw", [
    "not json", "[]", '{"new_task": {"selected": "x"}}', '{"leave": {"kind": "CT"}}',
    '{"new_task": {"deadline": "2026-11-24T09:00:00"}}', '{"excuse": 5}',
])
def test_an_unreadable_draft_is_dropped_not_an_error(raw: str) -> None:
    data = decode(raw)
    assert (data.new_task, data.leave, data.excuse) == (None, None, None)


def test_an_old_shape_keeps_what_still_fits() -> None:
    raw = json.dumps({"v": 0, "gone": 1, "task_input": {"task_id": 4, "removed_field": "x"},
                      "leave": {"flow": "seven"}})
    data = decode(raw)
    assert data.task_input == TaskInputDraft(task_id=4)
    assert data.leave is None


async def test_a_standby_that_takes_over_goes_on_with_the_flow_begun_on_the_leader(
        make_harness: Any, db: Any, clock: Any, org: dict[str, int]) -> None:
    """Both processes start (and read the flows) before the flow begins on the
    leader; the standby reads them again as it starts leading."""
    from bot.leader import Elector, Lease
    from bot.runner import Runner

    if db.dialect != "postgresql":
        pytest.skip("a standby needs PostgreSQL: on SQLite Hadir is one process")

    class Idle:  # the updates are fed by hand here; real polling: tests/test_failover.py e2e
        async def start(self, app: Any) -> None: ...

        async def stop(self, app: Any) -> None: ...

    leader, standby = Piped(await make_harness()), Piped(await make_harness())
    runners = [Runner(p.app, Idle(), elector=Elector(Lease(db, clock, lease_s=15.0,
                                                          holder=f"host-{n}:1:ab")))
               for n, p in (("a", leader), ("b", standby))]
    for runner in runners:
        assert runner.elector is not None
        await runner.elector.tick()
        await runner.reconcile()
    assert [r.leading for r in runners] == [True, False]
    await leader.text(RIZKI, "/tugasbaru")
    await leader.press_label(RIZKI, "▫️ Dewi Anggraini")
    await leader.press_label(RIZKI, "Lanjut (1) ➡️")
    clock.advance(seconds=16)  # the leader died: its lease runs out
    takeover = runners[1]
    assert takeover.elector is not None
    await takeover.elector.tick()
    await takeover.reconcile()
    assert takeover.leading
    [ask_description] = await standby.text(RIZKI, TITLE)
    assert ask_description["text"].startswith("Tambahkan uraian")
    for runner in runners:
        await runner.follow()
