"""The notifier: every task event becomes the right messages (who, which
words, which key, which Bot API call), and only the notifier knows the keys.

The mapping is tested directly on rows built in memory; a few tests then go
through the database and the real Application."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot import notifier
from bot.events import (
    Evidence,
    EvidenceAdded,
    ExtensionDecided,
    ExtensionRequested,
    TaskAccepted,
    TaskAssigned,
    TaskCancelled,
    TaskChange,
    TaskProgressed,
    TaskReminderDue,
    TaskReturned,
    TaskStarted,
    TaskSubmitted,
)
from bot.notifier import Notice, notices_for
from bot.rules.task_states import TaskStatus
from db.models import Employee, ExtensionRequest, Office, OutboxMessage, Task
from tests import factories

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
DEADLINE = datetime(2026, 11, 24, 16, 0, tzinfo=WIB)


def _people(*, assignee_lang: str | None = None) -> tuple[Employee, Employee]:
    office = Office(timezone="Asia/Jakarta")
    rizki = Employee(id=2, name="Rizki Pratama", language=None, offices=[office])
    dewi = Employee(id=3, name="Dewi <Anggraini>", language=assignee_lang, offices=[office])
    return rizki, dewi


def _task(status: TaskStatus = TaskStatus.IN_PROGRESS, **people: Any) -> Task:
    rizki, dewi = _people(**people)
    return Task(id=7, title="Susun laporan & rekap", description=None, deadline=DEADLINE,
                priority="high", status=status, progress=50, assignee_id=dewi.id,
                assigned_by_id=rizki.id, assignee=dewi, assigned_by=rizki)


def _one(event: TaskChange, lang: str = "id") -> Notice:
    [notice] = notices_for(event, lang)
    return notice


def _buttons(notice: Notice) -> list[list[tuple[str, str]]]:
    if notice.markup is None:
        return []
    return [[(str(b.text), str(b.callback_data)) for b in row]
            for row in notice.markup.inline_keyboard]


def test_a_new_task_goes_to_its_assignee_with_the_card_and_their_buttons() -> None:
    task = _task(TaskStatus.NEW)
    notice = _one(TaskAssigned(task=task, actor=task.assigned_by, at=NOW, history_id=11))
    assert (notice.employee_id, notice.key, notice.method) == (3, "task:7:assigned",
                                                               "sendMessage")
    assert notice.text.startswith("📥 <b>Tugas baru</b>\n\n📋 <b>Susun laporan &amp; rekap</b>\n"
                                  "Dari: Rizki Pratama · Untuk: Dewi &lt;Anggraini&gt;\n"
                                  "Tenggat: Selasa, 24 November 2026 16:00 WIB (1 hari lagi)")
    assert _buttons(notice) == [[("▶️ Mulai", "tk:start:7"), ("📊 Progres", "tk:progress:7")],
                                [("✅ Selesai", "tk:done:7"), ("⏳ Perpanjangan", "tk:extend:7")]]


def test_a_start_tells_nobody() -> None:
    task = _task()
    assert notices_for(TaskStarted(task=task, actor=task.assignee, at=NOW, history_id=12),
                       "id") == []


def test_progress_goes_to_the_giver_under_the_key_of_its_history_row() -> None:
    task = _task()
    notice = _one(TaskProgressed(task=task, actor=task.assignee, at=NOW, history_id=13,
                                 percent=50, note="Dua bidang <selesai>"))
    assert (notice.employee_id, notice.key) == (2, "task:7:progress:13:manager")
    assert notice.text == ("📊 Dewi &lt;Anggraini&gt;: progres <b>Susun laporan &amp; rekap</b> "
                           "50%.\nCatatan: Dua bidang &lt;selesai&gt;")
    assert notice.markup is None


def test_a_report_with_a_photo_is_that_photo_with_a_compact_card_and_the_review_buttons() -> None:
    task = _task(TaskStatus.AWAITING_VERIFICATION)
    photo = Evidence("photo", "AgADphoto1")
    notice = _one(TaskSubmitted(task=task, actor=task.assignee, at=NOW, history_id=14,
                                note="Terlampir", evidence=(photo,)))
    assert (notice.employee_id, notice.key) == (2, "task:7:submitted:14:manager")
    assert (notice.method, notice.params) == ("sendPhoto", {"photo": "AgADphoto1"})
    assert notice.text.startswith("📤 <b>Dewi &lt;Anggraini&gt;</b> melaporkan tugas selesai.\n"
                                  "Catatan: Terlampir\n\n📋")
    assert _buttons(notice) == [[("✔️ Terima", "tk:accept:7"), ("↩️ Kembalikan", "tk:return:7")]]
    document = Evidence("document", "BQADdoc", "laporan.pdf")
    notice = _one(TaskSubmitted(task=task, actor=task.assignee, at=NOW, history_id=14,
                                evidence=(document,)))
    assert (notice.method, notice.params) == ("sendDocument", {"document": "BQADdoc"})
    plain = _one(TaskSubmitted(task=task, actor=task.assignee, at=NOW, history_id=14))
    assert (plain.method, plain.params) == ("sendMessage", {})


def test_a_later_file_of_an_album_follows_the_report_as_its_own_photo() -> None:
    task = _task(TaskStatus.AWAITING_VERIFICATION)
    notice = _one(EvidenceAdded(task=task, actor=task.assignee, at=NOW, history_id=14,
                                evidence=Evidence("photo", "AgADphoto2"), position=2))
    assert (notice.employee_id, notice.key) == (2, "task:7:evidence:14:2:manager")
    assert (notice.method, notice.params) == ("sendPhoto", {"photo": "AgADphoto2"})
    assert notice.text == "📎 Bukti 2 dari Dewi &lt;Anggraini&gt;: <b>Susun laporan &amp; rekap</b>"
    assert notice.markup is None


def test_decisions_go_to_the_assignee_in_their_language() -> None:
    task = _task(TaskStatus.DONE, assignee_lang="en")
    by = task.assigned_by
    accepted = _one(TaskAccepted(task=task, actor=by, at=NOW, history_id=15))
    assert (accepted.employee_id, accepted.key) == (3, "task:7:accepted:15:assignee")
    assert accepted.text == (
        "✔️ Task <b>Susun laporan &amp; rekap</b> was accepted (by Rizki Pratama). Thank you!")
    cancelled = _one(TaskCancelled(task=task, actor=by, at=NOW, history_id=16))
    assert cancelled.key == "task:7:cancelled:16:assignee"
    assert cancelled.text.startswith("✖️ Task <b>Susun laporan &amp; rekap</b> was cancelled")
    task.status = TaskStatus.RETURNED
    returned = _one(TaskReturned(task=task, actor=by, at=NOW, history_id=17, note="Tabel <b>"))
    assert returned.key == "task:7:returned:17:assignee"
    assert returned.text.startswith("↩️ Task <b>Susun laporan &amp; rekap</b> was returned (by "
                                    "Rizki Pratama).\nNote: Tabel &lt;b&gt;\n\n📋")
    assert _buttons(returned)[0][0] == ("▶️ Start", "tk:start:7")


def test_an_extension_request_and_its_decisions() -> None:
    task = _task()
    request = ExtensionRequest(id=4, new_deadline=datetime(2026, 11, 27, 15, tzinfo=WIB),
                               reason="Menunggu data")
    asked = _one(ExtensionRequested(task=task, actor=task.assignee, at=NOW, history_id=18,
                                    request=request, old_deadline=DEADLINE))
    assert (asked.employee_id, asked.key) == (2, "task:7:extension_requested:18:manager")
    assert "dari Selasa, 24 November 2026 16:00 WIB menjadi <b>Jumat, 27 November 2026 " \
           "15:00 WIB</b>.\nAlasan: Menunggu data" in asked.text
    assert _buttons(asked) == [[("✔️ Setujui", "ext:approve:4"), ("✖️ Tolak", "ext:reject:4")]]
    by = task.assigned_by
    approved = _one(ExtensionDecided(task=task, actor=by, at=NOW, history_id=19,
                                     request=request, approved=True))
    assert approved.key == "task:7:extension_approved:19:assignee"
    assert approved.text.endswith("tenggat baru <b>Selasa, 24 November 2026 16:00 WIB</b>.")
    rejected = _one(ExtensionDecided(task=task, actor=by, at=NOW, history_id=20,
                                     request=request, approved=False, note="Rapat Rabu"))
    assert rejected.key == "task:7:extension_rejected:20:assignee"
    assert "Alasan: Rapat Rabu\nTenggat tetap Selasa" in rejected.text


def test_a_reminder_goes_to_the_assignee_under_its_reminder_key() -> None:
    task = _task()
    for label, start in (("24", "⏰ <b>Pengingat tugas</b>"), ("0", "⏰ <b>Tenggat tugas</b>")):
        notice = _one(TaskReminderDue(task=task, actor=None, at=NOW, label=label,
                                      deadline=DEADLINE))
        assert notice.employee_id == 3
        assert notice.key == f"task:7:remind:{label}:{int(DEADLINE.timestamp())}"
        assert notice.key == notifier.reminder_key(7, label, DEADLINE)
        assert notice.text.startswith(start)
        assert _buttons(notice) == [[("Buka tugas", "tk:open:7")]]


def test_reminder_keys_are_told_from_every_other_key() -> None:
    key = notifier.reminder_key(12, "2", DEADLINE)
    parsed = notifier.parse_reminder_key(key)
    assert parsed == notifier.ReminderKey(12, "2", int(DEADLINE.timestamp()))
    assert notifier.is_reminder_key(key)
    for other in ("task:12:assigned", "task:12:returned:5:assignee", "alert:failed:2026112309",
                  "unreachable:3:1700000000", "task:12:evidence:14:2:manager",
                  "task:x:remind:2:1", "task:12:remind::1"):
        assert not notifier.is_reminder_key(other), other


async def _queue(db: Any, *keys: str) -> None:
    async with db.transaction() as s:
        for key in keys:
            s.add(OutboxMessage(key=key, chat_id=1, method="sendMessage", payload={},
                                status="pending", attempts=0, created_at=NOW,
                                next_attempt_at=NOW))


async def test_the_reminder_filter_picks_reminders_and_nothing_else(db: Any) -> None:
    await _queue(db, notifier.reminder_key(1, "24", DEADLINE),
                 notifier.reminder_key(12, "0", DEADLINE), "task:1:assigned",
                 "task:1:returned:3:assignee", "alert:failed:2026112309")
    async with db.transaction() as s:
        every = set(await s.scalars(select(OutboxMessage.key).where(notifier.reminder_keys())))
        one = set(await s.scalars(select(OutboxMessage.key).where(notifier.reminder_keys(1))))
    assert every == {notifier.reminder_key(1, "24", DEADLINE),
                     notifier.reminder_key(12, "0", DEADLINE)}
    assert one == {notifier.reminder_key(1, "24", DEADLINE)}


@pytest.fixture
async def people(db: Any) -> tuple[Employee, Employee]:
    async with db.transaction() as s:
        office = await factories.office(s)
        unit = await factories.unit(s, office)
        rizki = await factories.employee(s, unit, "198503122010011001", "Rizki Pratama",
                                         role="supervisor", telegram_id=8002)
        dewi = await factories.employee(s, unit, "199107242015032002", "Dewi Anggraini",
                                        supervisor=rizki, telegram_id=8003)
    return rizki, dewi


async def test_a_change_made_outside_a_handler_tells_the_same_people_once(
        db: Any, people: tuple[Employee, Employee]) -> None:
    """A job or a CLI command calls the same service and the same notifier."""
    from bot.services import tasks

    rizki, dewi = people
    async with db.transaction() as s:
        manager = await s.get(Employee, rizki.id)
        assert manager is not None
        [assigned] = await tasks.create_tasks(
            s, manager, [dewi.id], title="Rekap", description=None,
            deadline=DEADLINE, priority="normal", now=NOW.astimezone(UTC))
        assert await notifier.publish(s, assigned, default_language="id") == 1
        assert await notifier.publish(s, assigned, default_language="id") == 0  # same fact
    await _queue(db, notifier.reminder_key(assigned.task.id, "24", DEADLINE))  # waiting to go
    async with db.transaction() as s:
        task = await tasks.load_task(s, assigned.task.id)
        worker = await s.get(Employee, dewi.id)
        assert worker is not None
        submitted = await tasks.submit(s, worker, task, "Selesai", None, NOW.astimezone(UTC))
        assert await notifier.publish(s, submitted, default_language="id") == 1
    async with db.transaction() as s:  # the report is queued, the reminder withdrawn
        rows = list(await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [(r.key, r.chat_id) for r in rows] == [
        ("task:1:assigned", 8003), (f"task:1:submitted:{submitted.history_id}:manager", 8002)]
    assert str(rows[1].payload["text"]).startswith(
        "📤 <b>Dewi Anggraini</b> melaporkan tugas selesai.\nCatatan: Selesai")


async def test_a_second_progress_report_also_reaches_the_supervisor(
        bot: Any, clock: Any, db: Any) -> None:
    """Each change has its own key (the history row's id): a second report of
    the same kind is a new fact, not a repeat of the first."""
    from tests.test_tasks import DEWI, RIZKI, give_task, last, press

    await _org_for_the_harness(db, bot)
    await give_task(bot, clock)
    for percent in ("50%", "75%"):
        await press(bot, DEWI, "📊 Progres", last(bot, DEWI) if percent == "50%" else None)
        await press(bot, DEWI, percent)
        await press(bot, DEWI, "Lewati")
    await bot.deliver()
    reports = [m["text"] for m in bot.emu.sent_messages(RIZKI) if "progres" in m.get("text", "")]
    assert reports == ["📊 Dewi Anggraini: progres Susun laporan kinerja triwulan 50%.",
                       "📊 Dewi Anggraini: progres Susun laporan kinerja triwulan 75%."]


async def _org_for_the_harness(db: Any, bot: Any) -> None:
    from tests.test_tasks import DEWI, RIZKI

    async with db.transaction() as s:
        office = await factories.office(s)
        await factories.schedule(s)
        unit = await factories.unit(s, office)
        rizki = await factories.employee(s, unit, "198503122010011001", "Rizki Pratama",
                                         role="supervisor", telegram_id=RIZKI)
        await factories.employee(s, unit, "199107242015032002", "Dewi Anggraini",
                                 supervisor=rizki, telegram_id=DEWI)
    bot.emu.add_user(RIZKI, "Rizki")
    bot.emu.add_user(DEWI, "Dewi")
