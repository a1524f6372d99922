"""Every free text a flow takes has a limit, and so has every file: one over
it is refused in the sender's language, the flow stays where it was and no
row changes. A file's size is judged from what Telegram reports
(``MAX_UPLOAD_MB``), so nothing is fetched to find out."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import pytest_asyncio

from bot.callbacks import (
    ExcuseCB,
    ExtensionCB,
    FlowCB,
    LeaveCB,
    LeaveFlowCB,
    NewTaskCB,
    PresenceCB,
    TaskCB,
)
from bot.rules.leave import KINDS, LeaveKind
from bot.texts import text
from db.models import EvidenceFile
from tests import factories
from tests.conftest import BACKENDS
from tests.security_world import (
    AHMAD,
    ANDI,
    DEWI,
    RIZKI,
    Seen,
    World,
    changed,
    make_world,
    snapshot,
    world_url,  # noqa: F401 (the fixture)
)

pytestmark = pytest.mark.asyncio(loop_scope="module")
MB = 1024 * 1024


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=BACKENDS)
async def world(request: pytest.FixtureRequest, world_url: Any) -> AsyncIterator[World]:  # noqa: F811
    async for built in make_world(world_url(request.param), max_upload_mb=5):
        yield built


Step = str | Callable[[World], str]


def _leave_flow(world: World, uid: int) -> int:
    draft = world.app.user_data[uid].leave
    assert draft is not None, "the /izin flow has started"
    return int(draft.flow)


def _kind(kind: LeaveKind) -> Callable[[World], str]:
    return lambda w: LeaveFlowCB("kind", KINDS.index(kind), _leave_flow(w, DEWI)).pack()


def _org(attr: str, n: int = 0) -> Callable[[World], int]:
    return lambda w: getattr(w.seeded, attr)["ORG"][n]


def _dewi(w: World) -> int:
    return w.seeded.employees["ORG"][2]


# (the person, what they do to reach the step, the text or file over the limit, the refusal)
CASES: dict[str, tuple[int, list[Step], str | int, str, dict[str, object]]] = {
    "task title": (RIZKI, ["/tugasbaru", lambda w: NewTaskCB("toggle", _dewi(w)).pack(),
                           NewTaskCB("next").pack()], "j" * 201,
                   "tasks.refused.title_long", {"limit": 200}),
    "task description": (RIZKI, ["/tugasbaru", lambda w: NewTaskCB("toggle", _dewi(w)).pack(),
                                 NewTaskCB("next").pack(), "Judul"], "d" * 2001,
                         "tasks.refused.text_long", {"limit": 2000}),
    "progress note": (ANDI, [lambda w: TaskCB("progress", _org("tasks", 1)(w)).pack(),
                             lambda w: FlowCB("percent", 50, _org("tasks", 1)(w)).pack()],
                      "p" * 2001, "tasks.refused.text_long", {"limit": 2000}),
    "done note": (ANDI, [lambda w: TaskCB("done", _org("tasks", 1)(w)).pack()], "n" * 2001,
                  "tasks.refused.text_long", {"limit": 2000}),
    "return note": (AHMAD, [lambda w: TaskCB("return", _org("tasks", 2)(w)).pack()], "r" * 2001,
                    "tasks.refused.text_long", {"limit": 2000}),
    "extension rejected": (RIZKI, [lambda w: ExtensionCB("reject", _org("extensions")(w)).pack()],
                           "e" * 2001, "tasks.refused.text_long", {"limit": 2000}),
    "leave reason": (DEWI, [lambda w: LeaveFlowCB("new").pack(), _kind(LeaveKind.IK)], "a" * 501,
                     "leave.refused.reason_long", {"limit": 500}),
    "leave rejected": (RIZKI, [lambda w: LeaveCB("reject", _org("leave")(w)).pack()], "t" * 501,
                       "leave.refused.note_long", {"limit": 500}),
    "dispensation": (RIZKI, [lambda w: ExcuseCB(_org("marks", 0)(w)).pack()], "x" * 501,
                     "patterns.excuse.reason_long", {"limit": 500}),
    "absence reason": (ANDI, [lambda w: PresenceCB("reason", _org("marks", 1)(w)).pack()],
                       "y" * 501, "presence.reason.too_long", {"length": 501, "limit": 500}),
    "evidence file": (ANDI, [lambda w: TaskCB("done", _org("tasks", 1)(w)).pack()], 6 * MB,
                      "common.file_too_large", {"size": "6.0", "limit": "5"}),
    "leave attachment": (DEWI, [lambda w: LeaveFlowCB("new").pack(), _kind(LeaveKind.CT),
                                "03-12-2026", "04-12-2026", "urusan keluarga"], 7 * MB,
                         "common.file_too_large", {"size": "7.0", "limit": "5"}),
}


async def _do(world: World, uid: int, step: Step) -> None:
    data = step(world) if callable(step) else step
    if data.startswith("/") or ":" not in data:
        await world.feed(world.emu.send_text(uid, data, queue=False))
    else:
        await world.feed(world.emu.press_button(uid, world.anchor[uid], data, queue=False))


def _file(world: World, uid: int, size: int) -> dict[str, Any]:
    """A document whose reported size is ``size`` (the bytes themselves are few)."""
    update = world.emu.send_document(uid, "surat.pdf", b"%PDF-1.4", mime_type="application/pdf",
                                     queue=False)
    update["message"]["document"]["file_size"] = size
    return update


@pytest.mark.parametrize("case", list(CASES))
async def test_over_the_limit_is_refused_and_changes_nothing(world: World, case: str) -> None:
    world.reset()
    uid, steps, over, key, values = CASES[case]
    for step in steps:
        await _do(world, uid, step)
    assert world.errors == []
    before = await snapshot(world.db)
    seen = Seen(world)
    if isinstance(over, int):
        await world.feed(_file(world, uid, over))
    else:
        await world.feed(world.emu.send_text(uid, over, queue=False))
    await world.deliver()
    assert world.errors == []
    lang = "id"
    refusal = text(key, lang, **values).replace("<b>", "").replace("</b>", "")
    assert [s.strip() for s in seen.shown(uid)] == [refusal]
    assert changed(before, await snapshot(world.db)) == []
    if case == "leave attachment":
        assert world.app.user_data[uid].leave.attachment_file_id is None


async def test_a_file_within_the_limit_is_taken(world: World) -> None:
    world.reset()
    task_id = world.seeded.tasks["ORG"][1]
    await _do(world, ANDI, TaskCB("done", task_id).pack())
    before = await factories.count(world.db, EvidenceFile)
    await world.feed(_file(world, ANDI, 5 * MB))
    await world.deliver()
    assert world.errors == []
    assert await factories.count(world.db, EvidenceFile) == before + 1
