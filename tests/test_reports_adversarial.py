"""Issue 8's new flows as a hostile or confused user drives them: /rekap with
odd months, the team board's buttons where they do not belong, and the data
that must never cross from one unit (or team) to another. Each test is a
defect found once; it asserts what the user sees and that nothing else was
sent or written."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from bot.callbacks import BoardCB, MonthCB
from bot.clock import ManualClock
from bot.config import load_settings
from bot.report_cli import write_report
from bot.summary_cli import weekly_summary
from bot.texts import text
from db.models import Unit
from db.models_day import DayRecord, EmployeeAssignment
from tests import factories
from tests.day_org import ANDI, SARI, monday, nip, seed
from tests.recap_read import book_of, documents, kinerja, rekap
from tests.summary_seed import (
    AHMAD,
    RIZKI,
    SRI,
    W47,
    add,
    add_task,
    plain_week,
    run_summary_job,
    seed_org,
    seed_weeks,
    set_employee,
    wib,
    wita,
)

ADMIN = 1020
GROUP = -1001234567890


async def with_admin(db: Any, emulator: Any) -> None:
    """The day organisation's admin (in ORG), Telegram id ``ADMIN``."""
    async with db.transaction() as s:
        org = await s.scalar(select(Unit).where(Unit.code == "ORG"))
        assert org is not None
        await factories.employee(s, org, nip(ADMIN), "Admin Kabupaten", role="admin",
                                 telegram_id=ADMIN)
    emulator.add_user(ADMIN, "Admin")


def summary_texts(emulator: Any, chat: int) -> list[str]:
    return [m["text"] for m in emulator.sent_messages(chat) if "text" in m]


def bad_month(value: str) -> str:
    return text("recap.bad_month", "id", value=value, example="11-2026").replace(
        "<code>", "").replace("</code>", "")


async def test_rekap_of_year_one_is_a_bad_month_not_an_error(
        bot: Any, clock: Any, db: Any, emulator: Any, tmp_path: Path) -> None:
    """``/rekap 01-0001`` used to crash (a day before 1 January of year 1) and
    answer 'something went wrong'; ``hadir report`` and ``hadir summary``
    the same with year 1 or week 9999-W52."""
    await seed(db, emulator)
    await with_admin(db, emulator)
    clock.set(monday(8, 0))
    for asked in ("01-0001", "1-0001", "0001-01", "13-2026", "00-2026", "99999999-2026",
                  "1-99999", "03-2026 lagi"):
        replies = await bot.text(ADMIN, f"/rekap {asked}")
        assert [m["text"] for m in replies] == [bad_month(asked)], asked
    long = "9" * 300
    [clipped] = await bot.text(ADMIN, f"/rekap {long}")
    assert clipped["text"] == bad_month("9" * 39 + "…")
    # odd spellings of a real month are that month (nothing closed then: no file)
    february = text("recap.empty", "id", month="Februari 2026", whom="Semua unit")
    for asked in ("2-2026", "02/2026", "2026-02", "٠٢-٢٠٢٦"):
        replies = await bot.text(ADMIN, f"/rekap {asked}")
        assert [m["text"] for m in replies] == [february], asked
    [future] = await bot.text(ADMIN, "/rekap 12-2026")
    assert future["text"] == text("recap.future_month", "id", month="Desember 2026")
    assert documents(bot, ADMIN) == []

    settings = load_settings(_env_file=None, database_url=db.url)
    at = ManualClock(monday(8, 0))
    out = tmp_path / "rekap.xlsx"
    assert await write_report(settings, month="0001-01", unit=None, out=out, with_csv=False,
                              lang="id", clock=at) == (
        False, text("cli.report_bad_month", "id", value="0001-01"))
    assert not out.exists()
    for week in ("0001-W01", "9999-W52"):
        assert await weekly_summary(settings, week=week, unit="ORG", png=None, lang="id",
                                    clock=at) == (
            False, text("summary.cli.bad_week", "id", value=week))
    assert bot.errors == []


def in_group(update: dict[str, Any]) -> dict[str, Any]:
    """The same press, as if the board had been forwarded to a group and
    pressed there."""
    moved = copy.deepcopy(update)
    moved["callback_query"]["message"]["chat"] = {"id": GROUP, "type": "supergroup",
                                                  "title": "Grup Kantor"}
    return moved


async def test_a_board_pressed_in_a_group_shows_nothing_there(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    """A name button of a board pressed in a group used to post that person's
    month (NIP, codes, TK days) into the group; a refresh edited the team's
    whereabouts there. Now the presser gets an alert and the group nothing."""
    people = await seed(db, emulator)
    clock.set(monday(8, 0))
    [board] = await bot.text(SARI, "/tim")
    calls = len(emulator.calls)
    for data in (MonthCB(people[ANDI]).pack(), BoardCB("refresh", 0, 0).pack(),
                 BoardCB("page", 0, 0).pack()):
        pressed = emulator.press_button(SARI, board["message_id"], data, queue=False)
        await bot.feed(in_group(pressed))
        answer = bot.callback_answers()[-1]
        assert (answer.get("text"), answer["show_alert"]) == (
            text("board.refused.group", "id"), True), data
    made = [c.method for c in emulator.calls[calls:]]
    assert made == ["answerCallbackQuery"] * 3
    assert emulator.sent_messages(SARI)[-1]["text"] == board["text"]  # never edited
    assert bot.errors == []


async def test_a_task_given_after_a_transfer_is_not_the_old_teams(
        make_harness: Any, clock: Any, db: Any, emulator: Any) -> None:
    """Andi moves from Rizki's team (ORG) to Sri's unit on Thursday. Rizki's
    weekly team summary used to count the task Sri gave Andi on Thursday and
    name Andi for it; his head's summary and his recap never did. Now all
    three count only Rizki's own task, and Sri's unit has hers."""
    org = await seed_org(db, emulator)
    org_unit, umum = org.units["ORG"], org.units["UMUM-B"]
    andi, rizki, sri = org["andi"], org["rizki"], org["sri"]
    rows = plain_week(org["ahmad"], W47, org_unit, None) + plain_week(rizki, W47, org_unit,
                                                                      org["ahmad"])
    rows += plain_week(org["dewi"], W47, org_unit, rizki)
    moved = plain_week(andi, W47, org_unit, rizki)
    for day in moved[3:]:  # Thursday 19 on: Bagian Umum, under Sri
        day.unit_id, day.supervisor_id = umum, sri
    rows += moved + plain_week(sri, W47, umum, None) + plain_week(org["yudi"], W47, umum, sri)
    rows += [EmployeeAssignment(employee_id=andi, valid_from=valid_from, unit_id=unit,
                                supervisor_id=boss, schedule_code="UMUM",
                                recorded_at=wib(1, 8))
             for valid_from, unit, boss in ((date(2026, 11, 1), org_unit, rizki),
                                            (date(2026, 11, 19), umum, sri))]
    await add(db, rows)
    await set_employee(db, andi, unit_id=umum, supervisor_id=sri)
    await add_task(db, andi, rizki, given=wib(17, 9), deadline=wib(18, 16), title="Notulen")
    await add_task(db, andi, sri, given=wita(19, 9), deadline=wita(20, 12), title="Inventaris")
    bot = await make_harness(weekly_summary_supervisors=True)
    await run_summary_job(bot, clock, wib(23, 7))

    one_overdue = ("Tugas\nDiberikan 1 · selesai tepat waktu 0 · selesai terlambat 0\n"
                   "Masih terbuka 1, 1 lewat tenggat · macet 0\n")
    [team] = summary_texts(emulator, RIZKI)
    assert team.startswith("📊 Ringkasan mingguan tim Rizki Pratama (Bagian Organisasi)\n")
    assert one_overdue in team
    assert "1. Andi Saputra: 1 tugas lewat tenggat" in team
    [head] = summary_texts(emulator, AHMAD)
    [other] = summary_texts(emulator, SRI)
    assert one_overdue in head and one_overdue in other

    # the recap Rizki asks for agrees: Andi's one task with him, his days from the 19th "-"
    clock.set(wib(23, 8))
    await bot.text(RIZKI, "/rekap 11-2026")
    [(_, _, content)] = documents(bot, RIZKI)
    book = book_of(content)
    assert list(rekap(book)) == ["Andi Saputra", "Dewi Anggraini"]
    assert rekap(book)["Andi Saputra"].cells[15:22] == ["H", "H", "H", "-", "-", "-", "-"]
    assert kinerja(book)["Andi Saputra"]["Tugas diberikan"] == 1
    assert bot.errors == []


async def test_a_dollar_sign_in_a_unit_or_holiday_name_does_not_stop_the_summaries(
        bot: Any, clock: Any, db: Any, emulator: Any) -> None:
    """The chart read ``$…$`` in a unit's or a holiday's name as a formula:
    'Bagian Anggaran $10%$' made every run of the job fail, and no head of
    that zone got a summary, week after week. Now the names are drawn as typed."""
    org = await seed_org(db, emulator)
    await seed_weeks(db, org)
    async with db.transaction() as s:
        await s.execute(update(Unit).where(Unit.code == "ORG")
                        .values(name="Bagian Anggaran $10%$"))
        await s.execute(update(DayRecord).where(DayRecord.work_date == date(2026, 11, 20))
                        .values(status="holiday", code=None, holiday_name="Hari Jadi $#$"))
    await run_summary_job(bot, clock, wib(23, 7))
    [chart] = [m for m in emulator.sent_messages(AHMAD) if "photo" in m]
    assert chart["caption"].startswith("📊 Ringkasan mingguan: Bagian Anggaran $10%$\n")
    assert summary_texts(emulator, AHMAD)[0].startswith(
        "📊 Ringkasan mingguan: Bagian Anggaran $10%$\n")
    assert len(summary_texts(emulator, SRI)) == 1
    assert bot.errors == []
