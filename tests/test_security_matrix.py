"""Nothing crosses a unit: every command and every button × role × own/other unit.

The world (``tests.security_world``) is seeded once per backend; each cell
is one test. A command's cell: the caller sends it, the outbox is delivered,
and no chat was shown a word of a unit it is not in (texts, captions, button
labels, workbooks, answers to buttons). A button's cell: every action of the
schema, with the ids of the caller's own unit or of the other one; a forged
one (the other unit's ids) is refused in the caller's language and changes
no row (every table's digest before and after).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, get_args

import pytest
import pytest_asyncio

from bot.callbacks import (
    BoardCB,
    CalendarCB,
    CheckKindCB,
    ExcuseCB,
    ExtensionCB,
    FlowCB,
    LanguageCB,
    LeaveAction,
    LeaveCB,
    LeaveFlowCB,
    MonthCB,
    NewTaskCB,
    PersonCB,
    PresenceCB,
    TaskCB,
)
from bot.commands import COMMANDS
from bot.rules.task_states import TaskAction
from tests.conftest import BACKENDS
from tests.security_world import (
    CALLERS,
    LANG,
    Seen,
    World,
    changed,
    in_language,
    leaks,
    make_world,
    snapshot,
    when_,
    world_url,  # noqa: F401 (the fixture)
)

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=BACKENDS)
async def world(request: pytest.FixtureRequest,
                world_url: Any) -> AsyncIterator[World]:  # noqa: F811 (the fixture)
    async for built in make_world(world_url(request.param)):
        yield built


@pytest.fixture
def fresh(world: World) -> World:
    world.reset()
    return world


def _other(unit: str) -> str:
    return "UMUM-B" if unit == "ORG" else "ORG"


# --- commands ------------------------------------------------------------------------------

COMMAND_TEXTS = sorted({f"/{name}" for c in COMMANDS for name in c.names()}
                       | {"/tim ORG", "/tim UMUM-B", "/team UMUM-B", "/rekap 2026-11",
                          "/report 11-2026", "/start NOSUCHCODE", "/izin extra words"})


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize("command", COMMAND_TEXTS)
async def test_command_shows_nothing_of_another_unit(fresh: World, command: str,
                                                     caller: str) -> None:
    unit, role, uid = CALLERS[caller]
    seen = Seen(fresh)
    await fresh.feed(fresh.emu.send_text(uid, command, queue=False))
    await fresh.deliver()
    assert fresh.errors == []
    assert leaks(fresh, seen, uid) == []
    replies = seen.shown(uid)
    assert replies, f"{command} got no answer"
    if role in ("inactive", "unknown") and not command.startswith("/start"):
        assert all(in_language(r, LANG[unit]) for r in replies), replies


# --- buttons -------------------------------------------------------------------------------

def _buttons(world: World, prefix: str, unit: str, uid: int) -> list[str]:
    """Every action of the schema ``prefix`` naming rows of ``unit``."""
    s = world.seeded
    tasks, people, units = s.tasks[unit], s.employees[unit], s.units[unit]
    leave, marks, exts = s.leave[unit], s.marks[unit], s.extensions[unit]
    day = when_(20)
    match prefix:
        case "tk":
            return [TaskCB(a, t).pack() for a in TaskAction for t in tasks]
        case "ext":
            return [ExtensionCB(a, e).pack() for a in ("approve", "reject") for e in exts]
        case "exc":
            return [ExcuseCB(m).pack() for m in marks]
        case "pc":
            return [PresenceCB("reason", m).pack() for m in marks]
        case "pd":
            return [PersonCB(p, day).pack() for p in people]
        case "lv":
            return [LeaveCB(a, r).pack() for a in get_args(LeaveAction) for r in leave]
        case "tm":
            return [MonthCB(p).pack() for p in people]
        case "tb":
            return [BoardCB(a, units, 0).pack() for a in ("refresh", "page")]
        case "fl":
            return [FlowCB(a, 0, t).pack() for a in ("percent", "date", "skip") for t in tasks]
        case "nt":  # inside /tugasbaru: pick people of this unit
            return ["/tugasbaru", *(NewTaskCB("toggle", p).pack() for p in people),
                    NewTaskCB("next").pack()]
        case "lf":
            return [LeaveFlowCB("new").pack(), LeaveFlowCB("kind", 0, 1).pack()]
        case "cal":
            return ["/tugasbaru", CalendarCB("month", day).pack(), CalendarCB("day", day).pack()]
        case "ck":
            return [CheckKindCB("in", world.anchor[uid]).pack()]
        case "lang":
            return [LanguageCB("id" if unit == "ORG" else "en").pack()]
    raise AssertionError(prefix)


# the schemas whose fields name another unit's rows
WITH_IDS = ("tk", "ext", "exc", "pc", "pd", "lv", "tm", "tb", "fl", "nt")
WITHOUT_IDS = ("lf", "cal", "ck", "lang")
# by design an admin sees every unit (the board, a person's month and day)
ADMIN_MAY_SEE = {"tb", "tm", "pd"}


async def _press_all(world: World, uid: int, buttons: list[str]) -> list[str]:
    """Press (or type) each; the answers and replies the presser got."""
    seen = Seen(world)
    for data in buttons:
        if data.startswith("/"):
            await world.feed(world.emu.send_text(uid, data, queue=False))
        else:
            await world.feed(world.emu.press_button(uid, world.anchor[uid], data, queue=False))
    await world.deliver()
    return [a for a in seen.answers() if a] + seen.shown(uid)


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize("prefix", WITH_IDS)
async def test_forged_button_of_another_unit_is_refused(fresh: World, prefix: str,
                                                        caller: str) -> None:
    unit, role, uid = CALLERS[caller]
    target = _other(unit) if unit else "ORG"
    if role == "admin" and prefix in ADMIN_MAY_SEE:
        pytest.skip("an admin sees every unit's board, months and days")
    buttons = _buttons(fresh, prefix, target, uid)
    before = await snapshot(fresh.db)
    seen = Seen(fresh)
    said = await _press_all(fresh, uid, buttons)
    assert fresh.errors == []
    assert leaks(fresh, seen, uid) == []
    assert changed(before, await snapshot(fresh.db)) == []
    lang = LANG[unit]
    refusals = [s for s in said if s.strip()]
    assert refusals, f"{prefix}: no refusal at all"
    assert all(in_language(s, lang) for s in refusals), refusals


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize("prefix", WITH_IDS + WITHOUT_IDS)
async def test_button_of_own_unit_shows_nothing_of_another(fresh: World, prefix: str,
                                                           caller: str) -> None:
    unit, role, uid = CALLERS[caller]
    buttons = _buttons(fresh, prefix, unit or "ORG", uid)
    seen = Seen(fresh)
    before = await snapshot(fresh.db)
    await _press_all(fresh, uid, buttons)
    assert fresh.errors == []
    assert leaks(fresh, seen, uid) == []
    if role in ("inactive", "unknown"):
        assert changed(before, await snapshot(fresh.db)) == []
