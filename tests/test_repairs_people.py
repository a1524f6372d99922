"""Issue 6, people and messages: admin alerts that cannot flood, a new phone
that gets what was queued, revoking access, reminders that no longer apply."""

from __future__ import annotations

import asyncio
import csv
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot import admin
from bot.__main__ import main
from bot.callbacks import TaskCB
from bot.roster import import_roster
from bot.services import prompts, tasks
from bot.services.invites import create_invites
from bot.services.outbox import enqueue_for_employee
from db.models import Employee, Invite, OutboxMessage, Task, TelegramBinding
from jobs import reminders
from tests import factories
from tests.test_tasks import press

WIB = ZoneInfo("Asia/Jakarta")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
AHMAD, RIZKI, DEWI, NEW_PHONE, ADMIN = 9001, 9002, 9003, 9013, 9999
AHMAD_NIP, RIZKI_NIP, DEWI_NIP = "197806152005011003", "198503122010011001", "199107242015032002"
UNKNOWN = ("Akun Telegram ini belum terdaftar di Hadir.")


@pytest.fixture
async def org(db: Any, emulator: Any) -> dict[str, int]:
    """Ahmad heads Bagian Organisasi; Rizki (supervisor) reports to him; Dewi to Rizki."""
    async with db.transaction() as s:
        setda = await factories.office(s)
        await factories.schedule(s)
        unit = await factories.unit(s, setda, "ORG", "Bagian Organisasi")
        ahmad = await factories.employee(s, unit, AHMAD_NIP, "Ahmad Fauzi", role="head",
                                         telegram_id=AHMAD)
        unit.head_id = ahmad.id
        rizki = await factories.employee(s, unit, RIZKI_NIP, "Rizki Pratama",
                                         role="supervisor", supervisor=ahmad, telegram_id=RIZKI)
        dewi = await factories.employee(s, unit, DEWI_NIP, "Dewi Anggraini", supervisor=rizki,
                                        telegram_id=DEWI)
    for uid, name in ((AHMAD, "Ahmad"), (RIZKI, "Rizki"), (DEWI, "Dewi"),
                      (NEW_PHONE, "Dewi (HP baru)"), (ADMIN, "Admin")):
        emulator.add_user(uid, name)
    return {"ahmad": ahmad.id, "rizki": rizki.id, "dewi": dewi.id}


def deps(bot: Any) -> Any:
    return bot.app.bot_data["deps"]


async def outbox(db: Any) -> list[OutboxMessage]:
    async with db.transaction() as s:
        return list(await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def notice(db: Any, clock: Any, employee_id: int, key: str, body: str) -> None:
    async with db.transaction() as s:
        assert await enqueue_for_employee(s, employee_id, key=key, now=clock.now(), text=body)


async def invite_code(db: Any, clock: Any, employee_id: int) -> str:
    async with db.transaction() as s:
        employee = await s.get(Employee, employee_id)
        assert employee is not None
        [(_, made)] = await create_invites(s, [employee], now=clock.now(),
                                           ttl=timedelta(days=7))
        return made.code


async def give_task(db: Any, clock: Any, org: dict[str, int], *, days: float = 3) -> int:
    async with db.transaction() as s:
        rizki = await s.get(Employee, org["rizki"])
        assert rizki is not None
        [assigned] = await tasks.create_tasks(
            s, rizki, [org["dewi"]], title="Rekap SPJ November", description=None,
            deadline=clock.now() + timedelta(days=days), priority="normal", now=clock.now())
        return assigned.task.id


async def open_task(bot: Any, chat: int, task_id: int) -> None:
    [listing] = await bot.text(chat, "/tugas")
    await bot.press(chat, listing["message_id"], TaskCB("open", task_id).pack())


def texts(bot: Any, chat: int) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in bot.emu.sent_messages(chat)]


# --- A9 ----------------------------------------------------------------------


async def test_a_flood_of_one_error_makes_one_admin_message_an_hour_with_its_repeats(
        make_harness: Any, clock: Any, db: Any, org: dict[str, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 6 A9: at most one admin message per kind of error an hour, with a count."""
    bot = await make_harness(admin_chat_id=ADMIN)
    failure: list[Exception] = [RuntimeError("disk full")]

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise failure[0]

    monkeypatch.setattr(prompts, "ask_for_location", broken)
    for _ in range(5):
        await bot.text(DEWI, "/masuk")
    await bot.deliver()
    [first] = texts(bot, ADMIN)
    assert first.startswith("⚠️ Galat Hadir saat memproses pembaruan ")
    assert first.endswith(": RuntimeError: disk full")

    clock.advance(hours=1)
    await bot.text(DEWI, "/masuk")
    await bot.text(DEWI, "/masuk")  # again in this hour: counted, not sent
    await bot.deliver()
    assert len(texts(bot, ADMIN)) == 2
    assert texts(bot, ADMIN)[1].endswith(
        "RuntimeError: disk full\n(terulang 4 kali sejak pesan sebelumnya)")

    failure[0] = ValueError("bad value")  # another kind: its own message, this hour too
    await bot.text(DEWI, "/masuk")
    await bot.deliver()
    assert len(texts(bot, ADMIN)) == 3
    assert texts(bot, ADMIN)[2].endswith("ValueError: bad value")
    clock.advance(hours=1)
    await bot.text(DEWI, "/masuk")
    await bot.deliver()
    assert texts(bot, ADMIN)[3].endswith("ValueError: bad value")  # no repeats since the last
    assert len(bot.errors) == 9
    bot.errors.clear()  # seen and asserted: not stray failures


async def test_errors_either_side_of_the_clocks_hour_make_one_admin_message(
        make_harness: Any, clock: Any, db: Any, org: dict[str, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 6 A9: the hour is counted from the last message, not the clock's hour."""
    bot = await make_harness(admin_chat_id=ADMIN)

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(prompts, "ask_for_location", broken)
    clock.advance(minutes=59)  # 07:59 WIB
    await bot.text(DEWI, "/masuk")
    clock.advance(minutes=2)  # 08:01: another clock hour, but not an hour later
    await bot.text(DEWI, "/masuk")
    await bot.deliver()
    assert len(texts(bot, ADMIN)) == 1
    clock.advance(minutes=58)  # 08:59, an hour after the message
    await bot.text(DEWI, "/masuk")
    await bot.deliver()
    assert len(texts(bot, ADMIN)) == 2
    assert texts(bot, ADMIN)[1].endswith("(terulang 1 kali sejak pesan sebelumnya)")
    assert len(bot.errors) == 3
    bot.errors.clear()  # seen and asserted: not stray failures


async def test_an_error_quoting_a_database_address_reaches_the_admin_chat_without_secrets(
        make_harness: Any, clock: Any, db: Any, org: dict[str, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 6 A3: no password and no token in the admin chat either."""
    bot = await make_harness(admin_chat_id=ADMIN)
    token = deps(bot).settings.token

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(f"connect postgresql://hadir:s3cretpw@db:5432/hadir ({token})")

    monkeypatch.setattr(prompts, "ask_for_location", broken)
    await bot.text(DEWI, "/masuk")
    await bot.deliver()
    [alert] = texts(bot, ADMIN)
    assert "postgresql://hadir:***@db:5432/hadir" in alert
    assert "s3cretpw" not in alert and token not in alert
    assert len(bot.errors) == 1
    bot.errors.clear()  # seen and asserted: not a stray failure


# --- A10 ---------------------------------------------------------------------


async def test_a_notice_queued_for_the_old_phone_reaches_the_new_one(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    """Issue 6 A10: a message goes to whatever chat the person is bound to when it is sent."""
    await notice(db, clock, org["dewi"], "test:notice:1", "Rapat jam 10")
    await bot.text(NEW_PHONE, f"/start {await invite_code(db, clock, org['dewi'])}")
    await bot.deliver()
    assert "Rapat jam 10" in texts(bot, NEW_PHONE)
    assert "Rapat jam 10" not in texts(bot, DEWI)
    [row] = await outbox(db)
    assert (row.status, row.chat_id) == ("sent", NEW_PHONE)


async def test_a_blocked_then_rebound_person_is_reachable(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    """Issue 6 A10: a new binding is reachable even if the old account blocked the bot."""
    bot.emu.block_user(DEWI)
    await notice(db, clock, org["dewi"], "test:notice:1", "Pesan pertama")
    await bot.deliver()  # 403: Dewi's binding is marked unreachable
    async with db.transaction() as s:
        binding = await s.scalar(select(TelegramBinding).where(
            TelegramBinding.employee_id == org["dewi"]))
        assert binding is not None and binding.unreachable_since is not None
    await bot.text(NEW_PHONE, f"/start {await invite_code(db, clock, org['dewi'])}")
    async with db.transaction() as s:
        binding = await s.scalar(select(TelegramBinding).where(
            TelegramBinding.employee_id == org["dewi"]))
        assert binding is not None and binding.unreachable_since is None
        assert binding.telegram_user_id == NEW_PHONE
    await notice(db, clock, org["dewi"], "test:notice:2", "Pesan kedua")
    await bot.deliver()
    assert "Pesan kedua" in texts(bot, NEW_PHONE)


# --- A11 ---------------------------------------------------------------------


async def test_a_deactivated_employee_gets_nothing_and_can_do_nothing(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    """Issue 6 A11: ``hadir employee deactivate NIP`` revokes access."""
    task_id = await give_task(db, clock, org)
    await open_task(bot, DEWI, task_id)
    card = bot.emu.sent_messages(DEWI)[-1]
    await notice(db, clock, org["dewi"], "test:notice:1", "Rapat jam 10")
    code = await invite_code(db, clock, org["dewi"])
    ok, output = await admin.deactivate_employee(deps(bot).settings, DEWI_NIP, lang="id",
                                                 clock=clock)
    assert ok and output.startswith("Dewi Anggraini (NIP 199107242015032002) dinonaktifkan")
    await bot.deliver()
    assert "Rapat jam 10" not in texts(bot, DEWI)
    [row] = await outbox(db)
    assert row.status == "cancelled"
    [reply] = await bot.text(DEWI, "/tugas")
    assert reply["text"].startswith(UNKNOWN)
    await bot.press(DEWI, card["message_id"], TaskCB("start", task_id).pack())
    assert bot.callback_answers()[-1]["text"].startswith(UNKNOWN)
    [reply] = await bot.text(NEW_PHONE, f"/start {code}")  # their invite no longer works
    assert "Selamat datang" not in reply["text"]
    async with db.transaction() as s:
        task = await s.get(Task, task_id)
        assert task is not None and task.status == "new"
    ok, output = await admin.deactivate_employee(deps(bot).settings, DEWI_NIP, lang="en",
                                                 clock=clock)
    assert ok and output == (
        "Dewi Anggraini (NIP 199107242015032002) is already inactive. Nothing was changed.")


async def test_employee_commands_refuse_an_unknown_nip(
        bot: Any, clock: Any, db: Any, org: dict[str, int], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 6 A11: an unknown NIP is a clear refusal, exit status 1, nothing changed."""
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    for action in ("deactivate", "unbind"):
        status = await asyncio.to_thread(main, ["employee", action, "190001011900011999"],
                                         clock=clock)
        assert status == 1
        assert capsys.readouterr().err == (
            "Tidak ada pegawai dengan NIP 190001011900011999. Tidak ada yang diubah.\n")
    status = await asyncio.to_thread(main, ["employee", "unbind", DEWI_NIP, "--lang", "en"],
                                     clock=clock)
    assert status == 0 and "Telegram account was unlinked" in capsys.readouterr().out
    status = await asyncio.to_thread(main, ["employee", "unbind", DEWI_NIP], clock=clock)
    assert status == 1 and "tidak terhubung" in capsys.readouterr().err
    status = await asyncio.to_thread(main, ["employee", "deactivate", RIZKI_NIP], clock=clock)
    assert status == 0 and "dinonaktifkan" in capsys.readouterr().out
    async with db.transaction() as s:
        active = {e.nip: e.active for e in await s.scalars(select(Employee))}
        assert active == {AHMAD_NIP: True, RIZKI_NIP: False, DEWI_NIP: True}


async def test_an_unbound_phone_can_do_nothing_and_messages_wait_for_the_new_one(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    """Issue 6 A11: ``hadir employee unbind NIP`` for a lost phone."""
    old_code = await invite_code(db, clock, org["dewi"])
    await notice(db, clock, org["dewi"], "test:notice:1", "Rapat jam 10")
    ok, output = await admin.unbind_employee(deps(bot).settings, DEWI_NIP, lang="id",
                                             clock=clock)
    assert ok and output.startswith("Akun Telegram Dewi Anggraini (NIP 199107242015032002) "
                                    "dilepaskan")
    [reply] = await bot.text(DEWI, "/tugas")
    assert reply["text"].startswith(UNKNOWN)
    await bot.deliver()
    [row] = await outbox(db)
    assert row.status == "pending"  # waits for a new account
    [reply] = await bot.text(NEW_PHONE, f"/start {old_code}")  # an invite made before: void
    assert "Selamat datang" not in reply["text"]
    await bot.text(NEW_PHONE, f"/start {await invite_code(db, clock, org['dewi'])}")
    await bot.deliver()
    assert "Rapat jam 10" in texts(bot, NEW_PHONE)
    assert "Rapat jam 10" not in texts(bot, DEWI)


async def test_work_waiting_on_an_inactive_supervisor_goes_to_the_next_one_up(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    """Issue 6 A11: evidence to verify and extension requests reach the unit head."""
    first = await give_task(db, clock, org)
    second = await give_task(db, clock, org)
    await open_task(bot, DEWI, first)
    await press(bot, DEWI, "✅ Selesai")
    await bot.text(DEWI, "Sudah selesai")
    await bot.deliver()
    assert any("melaporkan tugas selesai" in t for t in texts(bot, RIZKI))
    before = len(texts(bot, RIZKI))

    ok, output = await admin.deactivate_employee(deps(bot).settings, RIZKI_NIP, lang="id",
                                                 clock=clock)
    assert ok and "1 pekerjaan yang menunggunya diteruskan ke atasan berikutnya" in output
    await bot.deliver()
    handed = bot.emu.sent_messages(AHMAD)[-1]
    assert handed["text"].startswith(
        "↪️ Diteruskan kepada Anda: Rizki Pratama (NIP 198503122010011001) tidak aktif lagi.")
    assert "Laporan selesai dari Dewi Anggraini menunggu verifikasi" in handed["text"]
    await press(bot, AHMAD, "✔️ Terima", handed)
    async with db.transaction() as s:
        task = await s.get(Task, first)
        assert task is not None and task.status == "done"

    # asked after Rizki left: the request goes to Ahmad, who decides it
    await open_task(bot, DEWI, second)
    await press(bot, DEWI, "⏳ Perpanjangan")
    await bot.text(DEWI, "30-11-2026 15:00")
    await bot.text(DEWI, "Menunggu data dari Bagian Umum")
    await bot.deliver()
    request = bot.emu.sent_messages(AHMAD)[-1]
    assert request["text"].startswith("↪️ Diteruskan kepada Anda: Rizki Pratama")
    assert "meminta perpanjangan" in request["text"]
    await press(bot, AHMAD, "✔️ Setujui", request)
    async with db.transaction() as s:
        task = await s.get(Task, second)
        assert task is not None and task.deadline == datetime(2026, 11, 30, 15, tzinfo=WIB)
    assert len(texts(bot, RIZKI)) == before  # the inactive supervisor got nothing more


async def test_an_album_waiting_on_an_inactive_supervisor_reaches_the_next_one_up_whole(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    """Issue 6 A11: the work handed up carries its evidence, every file of it."""
    task_id = await give_task(db, clock, org)
    await open_task(bot, DEWI, task_id)
    await press(bot, DEWI, "✅ Selesai")
    for n in range(2):
        await bot.feed(bot.emu.send_photo(DEWI, caption="Foto kegiatan" if n == 0 else None,
                                          content=bytes([0xFF, 0xD8, n]), media_group_id="77",
                                          queue=False))
    await bot.deliver()  # Rizki has the report, then he leaves
    ok, _ = await admin.deactivate_employee(deps(bot).settings, RIZKI_NIP, lang="id",
                                            clock=clock)
    assert ok
    await bot.deliver()
    report, second = bot.emu.sent_messages(AHMAD)[-2:]
    assert report["caption"].startswith("↪️ Diteruskan kepada Anda: Rizki Pratama")
    assert "Laporan selesai dari Dewi Anggraini menunggu verifikasi" in report["caption"]
    assert [b for b, _ in bot.emu.buttons(report)[0]] == ["✔️ Terima", "↩️ Kembalikan"]
    assert "📎 Bukti 2 dari Dewi Anggraini" in second["caption"]
    photos = [c.params["photo"] for c in bot.emu.calls
              if c.method == "sendPhoto" and c.params["chat_id"] == AHMAD]
    assert len(photos) == 2 and len(set(photos)) == 2


async def test_a_report_not_yet_sent_to_a_supervisor_who_left_reaches_the_next_one_once(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    """Issue 6 A11: the outbox forwards the waiting notice; the handover adds no second."""
    task_id = await give_task(db, clock, org)
    await open_task(bot, DEWI, task_id)
    await press(bot, DEWI, "✅ Selesai")
    await bot.text(DEWI, "Sudah selesai")  # queued for Rizki, not sent yet
    ok, output = await admin.deactivate_employee(deps(bot).settings, RIZKI_NIP, lang="id",
                                                 clock=clock)
    assert ok and "1 pekerjaan yang menunggunya diteruskan" in output
    await bot.deliver()
    reports = [t for t in texts(bot, AHMAD) if "Dewi Anggraini" in t]
    assert len(reports) == 1 and reports[0].startswith("↪️ Diteruskan kepada Anda")
    assert not any("melaporkan tugas selesai" in t for t in texts(bot, RIZKI))


# --- A14 ---------------------------------------------------------------------


async def test_a_reminder_queued_while_the_task_is_submitted_is_not_sent(
        bot: Any, clock: Any, db: Any, org: dict[str, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 6 A14: whether a reminder still applies is checked when it is sent."""
    task_id = await give_task(db, clock, org, days=1)
    clock.advance(hours=1)  # 08:00: the 24-hour reminder is due
    settings = deps(bot).settings
    async with db.transaction() as s:  # the scan reads the open tasks ...
        scanned = await reminders._open_tasks_near_deadline(s, settings, clock.now())
    assert [t.id for t in scanned] == [task_id]
    await open_task(bot, DEWI, task_id)  # ... Dewi submits meanwhile ...
    await press(bot, DEWI, "✅ Selesai")
    await bot.text(DEWI, "Sudah selesai")

    async def stale(*args: Any) -> list[Task]:
        return scanned

    monkeypatch.setattr(reminders, "_open_tasks_near_deadline", stale)
    async with db.transaction() as s:  # ... and the scan then queues its reminder
        assert await reminders.enqueue_due_reminders(s, settings, clock.now()) == 1
    before = len(texts(bot, DEWI))
    await bot.deliver()
    assert not any("Pengingat" in t for t in texts(bot, DEWI)[before:])
    [row] = [r for r in await outbox(db) if ":remind:" in r.key]
    assert row.status == "cancelled" and "no longer applies" in (row.last_error or "")


async def test_a_reminder_of_a_moved_deadline_is_not_sent(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    """Issue 6 A14: a reminder of a deadline that was moved no longer applies."""
    task_id = await give_task(db, clock, org, days=1)
    clock.advance(hours=1)  # 08:00: the 24-hour reminder is due
    async with db.transaction() as s:
        assert await reminders.enqueue_due_reminders(s, deps(bot).settings, clock.now()) == 1
        task = await s.get(Task, task_id)
        assert task is not None
        task.deadline += timedelta(days=2)
    await bot.deliver()
    assert not any("Pengingat" in t for t in texts(bot, DEWI))
    [row] = await outbox(db)
    assert row.status == "cancelled"


async def test_invites_of_a_deactivated_employee_stop_working(
        bot: Any, clock: Any, db: Any, org: dict[str, int]) -> None:
    """Issue 6 A11: deactivating also voids the invites not used yet."""
    await invite_code(db, clock, org["dewi"])
    await admin.deactivate_employee(deps(bot).settings, DEWI_NIP, lang="id", clock=clock)
    async with db.transaction() as s:
        [invite] = await s.scalars(select(Invite))
        assert invite.expires_at <= clock.now()


# --- A16 ---------------------------------------------------------------------


async def test_a_head_who_heads_no_unit_manages_only_their_reports(
        db: Any, org: dict[str, int]) -> None:
    """Issue 6 A16: role head without a unit (units.head_nip) never manages the whole unit."""
    async with db.transaction() as s:
        ahmad = await s.get(Employee, org["ahmad"])
        assert ahmad is not None
        stray = await factories.employee(s, ahmad.unit, "198001012005011009", "Budi Kepala",
                                         role="head")
        report = await factories.employee(s, ahmad.unit, "199501012020011009", "Citra",
                                          supervisor=stray)
        assert [e.id for e in await tasks.team_of(s, stray)] == [report.id]
        assert not await tasks.manages(s, stray, ahmad.id)
        assert {e.name for e in await tasks.team_of(s, ahmad)} == {
            "Budi Kepala", "Citra", "Dewi Anggraini", "Rizki Pratama"}


def roster_deactivating(folder: Path, nip: str) -> Path:
    """The example roster as CSV with ``active`` = tidak for ``nip``."""
    folder.mkdir()
    for file in (EXAMPLES / "roster").iterdir():
        with file.open(encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        if file.stem == "employees":
            column = rows[0].index("active")
            for row in rows[1:]:
                row[column] = "tidak" if row[0] == nip else ""
        with (folder / file.name).open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows(rows)
    return folder


async def test_the_roster_deactivating_a_supervisor_hands_their_waiting_work_up(
        db: Any, clock: Any, tmp_path: Path) -> None:
    """Issue 6 A11: ``active`` = tidak in the roster hands over like the command does."""
    async with db.transaction() as s:
        assert (await import_roster(s, EXAMPLES / "roster", now=clock.now())).ok
        by_nip = {e.nip: e for e in await s.scalars(select(Employee))}
        s.add(TelegramBinding(employee_id=by_nip[AHMAD_NIP].id, telegram_user_id=AHMAD,
                              chat_id=AHMAD, bound_at=clock.now()))
        [assigned] = await tasks.create_tasks(
            s, by_nip[RIZKI_NIP], [by_nip[DEWI_NIP].id], title="Rekap SPJ", description=None,
            deadline=clock.now() + timedelta(days=2), priority="normal", now=clock.now())
        task = assigned.task
        await tasks.submit(s, by_nip[DEWI_NIP], task, "Selesai", None, clock.now())
    folder = roster_deactivating(tmp_path / "roster", RIZKI_NIP)
    async with db.transaction() as s:
        report = await import_roster(s, folder, now=clock.now())
        assert report.ok and report.updated["employees"] == 1
    [row] = await outbox(db)
    assert row.chat_id == AHMAD
    assert row.key == f"task:{task.id}:handover:{by_nip[RIZKI_NIP].id}:verify"
    assert str(row.payload["text"]).startswith("↪️ <i>Diteruskan kepada Anda: Muhammad Rizki")
