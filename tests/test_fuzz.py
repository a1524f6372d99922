"""Property: whatever arrives, in whatever flow state, no handler fails.

Each example puts a person in a flow state (idle, each step of /tugasbaru
and /izin, a task's input steps, a dispensation's and an absence's reason,
/start CODE) and sends one random update: text (unicode, huge, empty,
commands with junk, HTML-like), a button's data (random, over 64 bytes,
valid prefixes with junk fields, other people's ids), a location (out of
range, odd live periods, an edit), a document or a photo (odd names, mime
types and sizes, albums). The world is seeded once per backend; flows are
reset before each example (``World.reset``), which is why the
function-scoped-fixture health check is suppressed knowingly.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.callbacks import ExcuseCB, ExtensionCB, LeaveFlowCB, NewTaskCB, PresenceCB, TaskCB
from bot.commands import BY_NAME
from bot.rules.leave import KINDS, LeaveKind
from tests.conftest import BACKENDS
from tests.security_world import (
    ANDI,
    DEWI,
    RIZKI,
    STRANGER,
    World,
    make_world,
    world_url,  # noqa: F401 (the fixture)
)

pytestmark = pytest.mark.asyncio(loop_scope="module")
EXAMPLES = 15  # per flow state and backend: the file stays well under 90 s with -n 2


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=BACKENDS)
async def world(request: pytest.FixtureRequest, world_url: Any) -> AsyncIterator[World]:  # noqa: F811
    async for built in make_world(world_url(request.param)):
        yield built


def _org(w: World, attr: str, n: int = 0) -> int:
    return int(getattr(w.seeded, attr)["ORG"][n])


def _flow(w: World, uid: int) -> int:
    draft = w.app.user_data[uid].leave
    return int(draft.flow) if draft else 0


Step = str | Callable[[World], str]
# (who, how they get there)
STATES: dict[str, tuple[int, list[Step]]] = {
    "idle": (DEWI, []),
    "stranger": (STRANGER, []),
    "newtask-pick": (RIZKI, ["/tugasbaru"]),
    "newtask-title": (RIZKI, ["/tugasbaru",
                              lambda w: NewTaskCB("toggle", _org(w, "employees", 2)).pack(),
                              NewTaskCB("next").pack()]),
    "newtask-deadline": (RIZKI, ["/tugasbaru",
                                 lambda w: NewTaskCB("toggle", _org(w, "employees", 2)).pack(),
                                 NewTaskCB("next").pack(), "Judul", NewTaskCB("skip").pack()]),
    "task-percent": (ANDI, [lambda w: TaskCB("progress", _org(w, "tasks", 1)).pack()]),
    "task-evidence": (ANDI, [lambda w: TaskCB("done", _org(w, "tasks", 1)).pack()]),
    "task-extension": (DEWI, [lambda w: TaskCB("extend", _org(w, "tasks", 0)).pack()]),
    "reject-note": (RIZKI, [lambda w: ExtensionCB("reject", _org(w, "extensions")).pack()]),
    "izin-kind": (DEWI, [LeaveFlowCB("new").pack()]),
    "izin-start": (DEWI, [LeaveFlowCB("new").pack(), lambda w: LeaveFlowCB(
        "kind", KINDS.index(LeaveKind.CT), _flow(w, DEWI)).pack()]),
    "izin-reason": (DEWI, [LeaveFlowCB("new").pack(), lambda w: LeaveFlowCB(
        "kind", KINDS.index(LeaveKind.IK), _flow(w, DEWI)).pack()]),
    "izin-attachment": (DEWI, [LeaveFlowCB("new").pack(), lambda w: LeaveFlowCB(
        "kind", KINDS.index(LeaveKind.CT), _flow(w, DEWI)).pack(), "07-12-2026", "08-12-2026",
        "urusan keluarga"]),
    "excuse-reason": (RIZKI, [lambda w: ExcuseCB(_org(w, "marks", 0)).pack()]),
    "absence-reason": (ANDI, [lambda w: PresenceCB("reason", _org(w, "marks", 1)).pack()]),
    "checkin-asked": (DEWI, ["/masuk"]),
}

_commands = st.sampled_from(sorted(BY_NAME)).map(lambda n: "/" + n)
texts = st.one_of(
    st.text(max_size=300),
    st.just(""), st.just(" "),
    st.text(min_size=4000, max_size=5000, alphabet="xé😀<>&"),
    st.tuples(_commands, st.text(max_size=80)).map(lambda t: f"{t[0]} {t[1]}"),
    st.sampled_from(["<b>x</b>", "<script>", "&amp;", "/start " + "A" * 70, "/start ../..",
                     "/tim %", "/rekap 9999-99", "99-99-9999", "31-02", "101", "-5", "50%"]),
)
_prefixes = st.sampled_from(["tk", "ext", "exc", "fl", "nt", "cal", "pd", "pc", "lv", "lf",
                             "tb", "tm", "ck", "lang"])
callback_data = st.one_of(
    st.text(max_size=64), st.text(min_size=65, max_size=120),
    st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
    st.tuples(_prefixes, st.lists(st.one_of(st.text(max_size=8), st.integers(-5, 2**64)
                                            .map(str)), max_size=4))
    .map(lambda t: ":".join([t[0], *t[1]])),
    st.tuples(_prefixes, st.integers(1, 40)).map(lambda t: f"{t[0]}:approve:{t[1]}"),
)
locations = st.tuples(st.floats(-200, 200, allow_nan=False), st.floats(-400, 400, allow_nan=False),
                      st.sampled_from([None, 0, 60, 900, 86400, 0x7FFFFFFF, -1]),
                      st.sampled_from([None, 0.0, 5.0, 1500.0]), st.booleans())
documents = st.tuples(st.text(min_size=1, max_size=120), st.sampled_from(
    [None, "application/pdf", "image/png", "x/" + "y" * 100, ""]),
    st.sampled_from([None, 0, 1, 30 * 1024 * 1024, 2**40]), st.booleans(),
    st.sampled_from([None, "album-1"]))
updates = st.one_of(st.tuples(st.just("text"), texts), st.tuples(st.just("press"), callback_data),
                    st.tuples(st.just("location"), locations),
                    st.tuples(st.just("document"), documents))


async def _do(world: World, uid: int, step: Step) -> None:
    data = step(world) if callable(step) else step
    if data.startswith("/") or ":" not in data:
        await world.feed(world.emu.send_text(uid, data, queue=False))
    else:
        await world.feed(world.emu.press_button(uid, world.anchor[uid], data, queue=False))


async def _send(world: World, uid: int, kind: str, payload: Any) -> None:
    emu = world.emu
    if kind == "text":
        await world.feed(emu.send_text(uid, payload, queue=False))
    elif kind == "press":
        await world.feed(emu.press_button(uid, world.anchor[uid], payload, queue=False))
    elif kind == "location":
        lat, lon, live, accuracy, edit = payload
        update = emu.send_location(uid, 0.0, 0.0, live_period=live, horizontal_accuracy=accuracy,
                                   queue=False)
        update["message"]["location"].update(latitude=lat, longitude=lon)
        if edit:  # the same message moved: an edited live location
            message = update.pop("message")
            update["edited_message"] = {**message, "edit_date": message["date"] + 30}
        await world.feed(update)
    else:
        name, mime, size, photo, album = payload
        update = (emu.send_photo(uid, media_group_id=album, queue=False) if photo
                  else emu.send_document(uid, name, b"x", mime_type=mime, media_group_id=album,
                                         queue=False))
        message = update["message"]
        for item in message.get("photo", []) + ([message["document"]] if "document" in message
                                                 else []):
            item["file_size"] = size
            if size is None:
                item.pop("file_size")
        await world.feed(update)


@pytest.mark.parametrize("state", list(STATES))
async def test_no_update_breaks_a_flow_state(world: World, state: str) -> None:
    uid, steps = STATES[state]

    loop = asyncio.get_running_loop()

    async def example(update: tuple[str, Any]) -> None:
        world.reset()
        for step in steps:
            await _do(world, uid, step)
        before = len(world.emu.sent_messages(uid))
        await _send(world, uid, *update)
        assert world.errors == [], (update, world.errors)
        assert len(world.emu.sent_messages(uid)) - before <= 2  # at most a sane reply

    # hypothesis drives from a thread; each example runs on the test's loop
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(update=updates)
    def one(update: tuple[str, Any]) -> None:
        asyncio.run_coroutine_threadsafe(example(update), loop).result(timeout=60)

    await loop.run_in_executor(None, one)
