"""A task's state machine (bot.rules.task_states): which action in which status
by whom, the refusal each wrong try gets, and the card buttons that follow
from it. Pure rules: no database, no Telegram."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.rules.task_states import (
    Refusal,
    Role,
    TaskAction,
    TaskStatus,
    action_named,
    allowed_actions,
    check_can,
    check_can_decide_extension,
    status_after,
)
from bot.task_views import assignee_keyboard, manager_keyboard
from db.models import Task

S, A, R = TaskStatus, TaskAction, Role
NEW, WORKING, WAITING, DONE, RETURNED, CANCELLED = (
    S.NEW, S.IN_PROGRESS, S.AWAITING_VERIFICATION, S.DONE, S.RETURNED, S.CANCELLED)

# written out by hand on purpose: the table in the module must say the same
EXPECTED: dict[tuple[TaskStatus, Role], list[TaskAction]] = {
    (NEW, R.ASSIGNEE): [A.OPEN, A.START, A.PROGRESS, A.SUBMIT, A.EXTEND],
    (WORKING, R.ASSIGNEE): [A.OPEN, A.PROGRESS, A.SUBMIT, A.EXTEND],
    (RETURNED, R.ASSIGNEE): [A.OPEN, A.START, A.PROGRESS, A.SUBMIT, A.EXTEND],
    (WAITING, R.ASSIGNEE): [A.OPEN],
    (DONE, R.ASSIGNEE): [A.OPEN],
    (CANCELLED, R.ASSIGNEE): [A.OPEN],
    (NEW, R.VERIFIER): [A.OPEN, A.CANCEL, A.DECIDE_EXTENSION],
    (WORKING, R.VERIFIER): [A.OPEN, A.CANCEL, A.DECIDE_EXTENSION],
    (RETURNED, R.VERIFIER): [A.OPEN, A.CANCEL, A.DECIDE_EXTENSION],
    (WAITING, R.VERIFIER): [A.OPEN, A.ACCEPT, A.RETURN, A.CANCEL],
    (DONE, R.VERIFIER): [A.OPEN],
    (CANCELLED, R.VERIFIER): [A.OPEN],
}


@pytest.mark.parametrize(("status", "role"), list(EXPECTED))
def test_each_status_allows_its_actions_and_no_other(status: TaskStatus, role: Role) -> None:
    assert allowed_actions(status, role) == EXPECTED[status, role]
    for action in TaskAction:
        if action in EXPECTED[status, role]:
            check_can(action, status, role)
        else:
            with pytest.raises(Refusal):
                check_can(action, status, role)


@pytest.mark.parametrize("status", list(TaskStatus))
def test_someone_with_no_business_may_do_nothing(status: TaskStatus) -> None:
    assert allowed_actions(status, None) == []


def _refusal(action: TaskAction, status: TaskStatus, role: Role | None) -> str:
    with pytest.raises(Refusal) as refused:
        check_can(action, status, role)
    return refused.value.key


def test_refusals_say_who_may_before_what_state() -> None:
    # the wrong person learns nothing of the status
    assert _refusal(A.START, DONE, R.VERIFIER) == "tasks.refused.not_yours"
    assert _refusal(A.OPEN, NEW, None) == "tasks.refused.not_yours"
    assert _refusal(A.ACCEPT, WAITING, R.ASSIGNEE) == "tasks.refused.not_verifier"
    assert _refusal(A.CANCEL, DONE, None) == "tasks.refused.not_verifier"
    # the right person is told the state
    assert _refusal(A.START, WORKING, R.ASSIGNEE) == "tasks.refused.status.in_progress"
    assert _refusal(A.SUBMIT, WAITING, R.ASSIGNEE) == (
        "tasks.refused.status.awaiting_verification")
    assert _refusal(A.RETURN, NEW, R.VERIFIER) == "tasks.refused.status.new"
    assert _refusal(A.CANCEL, CANCELLED, R.VERIFIER) == "tasks.refused.status.cancelled"


def test_each_action_leads_to_its_status() -> None:
    assert status_after(A.START, NEW) == WORKING
    assert status_after(A.START, RETURNED) == WORKING
    assert status_after(A.PROGRESS, NEW) == WORKING
    assert status_after(A.SUBMIT, RETURNED) == WAITING
    assert status_after(A.ACCEPT, WAITING) == DONE
    assert status_after(A.RETURN, WAITING) == RETURNED
    assert status_after(A.CANCEL, WAITING) == CANCELLED
    assert status_after(A.EXTEND, RETURNED) == RETURNED  # asking changes no status
    assert status_after(A.DECIDE_EXTENSION, WORKING) == WORKING


def test_an_extension_is_decided_once_by_a_verifier_while_the_task_is_worked_on() -> None:
    check_can_decide_extension(WORKING, "pending", R.VERIFIER)
    cases = [
        ((WORKING, "pending", R.ASSIGNEE), "tasks.refused.not_verifier"),
        ((DONE, "approved", None), "tasks.refused.not_verifier"),
        ((WORKING, "approved", R.VERIFIER), "tasks.refused.extension_approved"),
        ((CANCELLED, "closed", R.VERIFIER), "tasks.refused.extension_closed"),
        ((WAITING, "pending", R.VERIFIER), "tasks.refused.status.awaiting_verification"),
    ]
    for (status, request, role), key in cases:
        with pytest.raises(Refusal) as refused:
            check_can_decide_extension(status, request, role)
        assert refused.value.key == key


def test_button_names_are_the_actions() -> None:
    assert action_named("done") is A.SUBMIT
    assert action_named("open") is A.OPEN
    assert action_named("decide") is None
    assert [a.value for a in TaskAction][:8] == [
        "open", "start", "progress", "done", "extend", "accept", "return", "cancel"]


def test_statuses_keep_their_stored_values() -> None:
    assert [s.value for s in TaskStatus] == [
        "new", "in_progress", "awaiting_verification", "done", "returned", "cancelled"]
    assert TaskStatus("returned") == "returned"


def _task(status: TaskStatus) -> Task:
    now = datetime(2026, 11, 23, tzinfo=UTC)
    return Task(id=5, title="Rekap", deadline=now, priority="normal", status=status, progress=0)


def _labels(markup: object) -> list[list[str]]:
    if markup is None:
        return []
    return [[button.text for button in row] for row in markup.inline_keyboard]  # type: ignore[attr-defined]


def test_the_cards_offer_exactly_what_the_rules_allow() -> None:
    assert _labels(assignee_keyboard(_task(NEW), "id")) == [
        ["▶️ Mulai", "📊 Progres"], ["✅ Selesai", "⏳ Perpanjangan"]]
    assert _labels(assignee_keyboard(_task(RETURNED), "en")) == [
        ["▶️ Start", "📊 Progress"], ["✅ Done", "⏳ Extension"]]
    assert _labels(assignee_keyboard(_task(WORKING), "id")) == [
        ["📊 Progres", "✅ Selesai"], ["⏳ Perpanjangan"]]
    for closed in (WAITING, DONE, CANCELLED):
        assert assignee_keyboard(_task(closed), "id") is None
    assert _labels(manager_keyboard(_task(WAITING), "id")) == [["✔️ Terima", "↩️ Kembalikan"]]
    for open_ in (NEW, WORKING, RETURNED):
        assert _labels(manager_keyboard(_task(open_), "id")) == [["✖️ Batalkan tugas"]]
    for closed in (DONE, CANCELLED):
        assert manager_keyboard(_task(closed), "id") is None
    # and every button a card shows is one the rules allow that person
    for status in TaskStatus:
        for markup, role in ((assignee_keyboard(_task(status), "id"), R.ASSIGNEE),
                             (manager_keyboard(_task(status), "id"), R.VERIFIER)):
            for row in markup.inline_keyboard if markup else ():
                for button in row:
                    action = action_named(str(button.callback_data).split(":")[1])
                    assert action is not None and action in allowed_actions(status, role)
