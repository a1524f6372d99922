"""The weekly summary: the job at Monday 07:00 of each office zone, the
message and chart a head receives through the outbox, and ``hadir summary``.

The week summarised is W47 (Monday 16 – Sunday 22 November 2026), worked
out by hand for Bagian Organisasi (``tests.summary_seed``):

    Ahmad  H H H H H
    Rizki  H TL1(10) H H PSW2(45)
    Dewi   TK TK TL3(75)+apel H+mid-day-absence CT
    Andi   DL DL H TL1(20) H

    20 working days, 15 present (75%), 12 of them on time (80%): TL1 2, TL3 1,
    105 minutes late; PSW2 1, 45 minutes early; TK 2; mid-day 1; apel 1;
    leave DL 2, CT 1.
    W46: everyone present, Andi TL2(40) on Tuesday: 100%, 19/20 on time (95%).

    Tasks (given by Rizki; window Mon 16 00:00 – Mon 23 00:00 WIB):
    T1 Dewi, given Mon 16, due Wed 18, open: overdue
    T2 Andi, given Tue 17, due Fri 20, done Thu 19: on time (an extension
       asked and refused on Wed 18)
    T3 Andi, given Mon 9, due Tue 17, done Wed 18: late
    T4 Dewi, given Tue 17, due Tue 24, no report since: stalled at the week's end
    T5 Dewi, given Thu 19, due Fri 27, an extension asked and granted Fri 20
    T6 Dewi, given Tue 10, due Thu 12, open: overdue (at the end of W46 too)
    → given 4, done on time 1, late 1, open 4, overdue 2 (W46: 1), stalled 1,
      extensions asked 2, granted 1; Dewi holds all 4 open tasks of the 4
      people: the workload line names her.

    Needs attention: Dewi (2 TK), Rizki (late and early, 2 times, 55 min),
    Andi (late once, 20 min).
"""

from __future__ import annotations

import struct
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.config import load_settings
from bot.events.summary import WeeklySummaryDue
from bot.notifier.summary import summary_notices
from bot.services.summary import weekly_summaries
from bot.services.summary_scan import scan_weekly_summaries
from bot.summary_views import message, message_parts, plain, split_lines
from bot.texts import text
from db.models import Employee, OutboxFile, Unit
from db.models_day import DayRecord, JobWindow
from tests import factories
from tests.queries import counted
from tests.summary_seed import (
    AHMAD,
    RIZKI,
    SRI,
    W47,
    Org,
    add,
    add_task,
    plain_week,
    record,
    run_summary_job,
    seed_org,
    seed_tasks,
    seed_weeks,
    set_employee,
    summary_rows,
    wib,
    wita,
)

PNG = b"\x89PNG\r\n\x1a\n"
ORG_TEXT = """📊 Ringkasan mingguan: Bagian Organisasi
Senin, 16 November 2026 – Minggu, 22 November 2026
4 pegawai · 5 hari kerja

Kehadiran
Hadir 15 dari 20 hari kerja (75%) · tepat waktu 12 (80%)
Terlambat: TL1 2 · TL2 0 · TL3 1 · TL4 0 · 105 menit
Pulang cepat: PSW1 0 · PSW2 1 · PSW3 0 · PSW4 0 · 45 menit
TK 2 hari · tidak di tempat saat pemeriksaan 1 · tidak ikut apel 1
Cuti/DL: DL 2 · CT 1

Tugas
Diberikan 4 · selesai tepat waktu 1 · selesai terlambat 1
Masih terbuka 4, 2 lewat tenggat · macet 1
Perpanjangan: diminta 2, disetujui 1

Perlu perhatian lebih dulu
1. Dewi Anggraini: 2 hari TK
2. Rizki Pratama: 2 kali terlambat/pulang cepat, 55 menit
3. Andi Saputra: 1 kali terlambat/pulang cepat, 20 menit

Dibanding minggu lalu
Kehadiran −25 poin · tepat waktu −15 poin · TK +2
Menit terlambat +65 · menit pulang cepat +45 · lewat tenggat +1

Beban kerja
⚖️ Dewi Anggraini memegang 4 dari 4 tugas terbuka (100%), lebih dari 40% tugas unit ini."""
ORG_CAPTION = ("📊 Ringkasan mingguan: Bagian Organisasi\n"
               "Senin, 16 November 2026 – Minggu, 22 November 2026\n"
               "Hadir 75% · tepat waktu 80% · TK 2 hari · 2 tugas lewat tenggat")


@pytest.fixture
async def org(db: Any, emulator: Any) -> Org:
    found = await seed_org(db, emulator)
    await seed_weeks(db, found)
    await seed_tasks(db, found)
    return found


def photos(emulator: Any, chat: int) -> list[dict[str, Any]]:
    return [m for m in emulator.sent_messages(chat) if "photo" in m]


def texts(emulator: Any, chat: int) -> list[str]:
    return [m["text"] for m in emulator.sent_messages(chat) if "text" in m]


def png_size(content: bytes) -> tuple[int, int]:
    assert content.startswith(PNG)
    width, height = struct.unpack(">II", content[16:24])
    return width, height


def photo_bytes(emulator: Any, message: dict[str, Any]) -> bytes:
    content: bytes = emulator.state.files[message["photo"][-1]["file_id"]].content
    return content


# --- the job ---------------------------------------------------------------------


async def test_monday_0700_each_head_gets_one_summary_counted_as_the_week_was(
        bot: Any, db: Any, clock: Any, emulator: Any, org: Org) -> None:
    await run_summary_job(bot, clock, wib(23, 7))

    [chart] = photos(emulator, AHMAD)
    assert chart["caption"] == ORG_CAPTION
    content = photo_bytes(emulator, chart)
    assert png_size(content) == (900, 500)
    assert texts(emulator, AHMAD) == [ORG_TEXT]
    # the chart first, then the text: the order they were queued in
    assert [("photo" in m) for m in emulator.sent_messages(AHMAD)] == [True, False]
    # Bagian Umum (WITA, 08:00 there): its head has hers; supervisors nothing (setting off)
    assert len(photos(emulator, SRI)) == 1
    assert texts(emulator, SRI)[0].startswith("📊 Ringkasan mingguan: Bagian Umum\n")
    assert emulator.sent_messages(RIZKI) == []
    rows = await summary_rows(db)
    assert {r.status for r in rows} == {"sent"}
    assert [r.key for r in rows if r.chat_id == AHMAD] == [
        f"summary:u{org.units['ORG']}:2026-W47:{org['ahmad']}:chart",
        f"summary:u{org.units['ORG']}:2026-W47:{org['ahmad']}:text1"]
    # the chart's bytes were kept until sent, then let go
    assert await factories.count(db, OutboxFile) == 0
    assert bot.errors == []


async def test_a_second_run_and_a_restart_send_nothing_more(
        bot: Any, make_harness: Any, db: Any, clock: Any, emulator: Any, org: Org) -> None:
    await run_summary_job(bot, clock, wib(23, 7))
    await run_summary_job(bot, clock, wib(23, 7, 1))
    restarted = await make_harness()
    await run_summary_job(restarted, clock, wib(23, 9))
    await run_summary_job(restarted, clock, wib(25, 10))  # later that week
    assert len(photos(emulator, AHMAD)) == 1
    assert len(texts(emulator, AHMAD)) == 1
    assert len(await summary_rows(db)) == 4  # Ahmad's two, Sri's two
    assert bot.errors == [] and restarted.errors == []


async def test_nothing_before_0700_local_and_a_wita_unit_gets_it_at_0700_wita(
        bot: Any, db: Any, clock: Any, emulator: Any, org: Org) -> None:
    await run_summary_job(bot, clock, wita(23, 6, 59))  # 05:59 WIB
    assert await summary_rows(db) == []
    await run_summary_job(bot, clock, wita(23, 7))  # 06:00 WIB: Makassar only
    assert len(photos(emulator, SRI)) == 1
    assert emulator.sent_messages(AHMAD) == []
    await run_summary_job(bot, clock, wib(23, 6, 59))
    assert emulator.sent_messages(AHMAD) == []
    await run_summary_job(bot, clock, wib(23, 7))
    assert texts(emulator, AHMAD) == [ORG_TEXT]
    assert len(photos(emulator, SRI)) == 1
    assert bot.errors == []


async def test_after_downtime_only_the_latest_week_goes_once(
        bot: Any, db: Any, clock: Any, emulator: Any, org: Org) -> None:
    """Down from Sunday 15 to Wednesday 25 November: W47's summary goes on
    start, W46's (due on Monday 16) never does."""
    await run_summary_job(bot, clock, wib(25, 10))
    await run_summary_job(bot, clock, wib(25, 10, 1))
    assert texts(emulator, AHMAD) == [ORG_TEXT]
    weeks = {r.key.split(":")[2] for r in await summary_rows(db)}
    assert weeks == {"2026-W47"}
    assert bot.errors == []


async def test_a_week_of_holidays_sends_nothing_but_is_judged(
        bot: Any, db: Any, clock: Any, emulator: Any) -> None:
    found = await seed_org(db, emulator)
    unit = found.units["ORG"]
    rows = []
    for person, supervisor in ((found["ahmad"], None), (found["dewi"], found["rizki"])):
        rows += [record(person, date(2026, 11, 16 + n), unit, supervisor, status="holiday",
                        code=None, holiday="Libur daerah") for n in range(5)]
        rows += [record(person, date(2026, 11, 21 + n), unit, supervisor, status="off",
                        code=None) for n in range(2)]
    await add(db, rows)
    await run_summary_job(bot, clock, wib(23, 7))
    assert emulator.sent_messages(AHMAD) == []
    assert await summary_rows(db) == []
    async with db.transaction() as s:
        judged = set(await s.scalars(select(JobWindow.scope).where(
            JobWindow.name == "weekly_summary", JobWindow.work_date == W47)))
    assert {str(unit), "zone:Asia/Jakarta"} <= judged
    # a day worked after all (a correction) does not make the week send: it was judged
    async with db.transaction() as s:
        await s.execute(update(DayRecord).where(DayRecord.work_date == date(2026, 11, 21))
                        .values(status="present", code="H"))
    await run_summary_job(bot, clock, wib(23, 8))
    assert emulator.sent_messages(AHMAD) == []
    assert bot.errors == []


async def test_supervisors_get_their_team_only_with_the_setting_on(
        make_harness: Any, db: Any, clock: Any, emulator: Any, org: Org) -> None:
    bot = await make_harness(weekly_summary_supervisors=True)
    await run_summary_job(bot, clock, wib(23, 7))
    [team] = texts(emulator, RIZKI)
    # Dewi and Andi, under Rizki that week: 5 of 10 days present, 3 of them on time
    assert team.startswith("📊 Ringkasan mingguan tim Rizki Pratama (Bagian Organisasi)\n"
                           "Senin, 16 November 2026 – Minggu, 22 November 2026\n"
                           "2 pegawai · 5 hari kerja\n\n"
                           "Kehadiran\n"
                           "Hadir 5 dari 10 hari kerja (50%) · tepat waktu 3 (60%)\n")
    assert len(photos(emulator, RIZKI)) == 1
    # heads have their whole tree, not a team summary as well
    assert texts(emulator, AHMAD) == [ORG_TEXT]
    assert len(texts(emulator, SRI)) == 1
    assert bot.errors == []


async def test_an_english_head_reads_it_in_english(
        bot: Any, db: Any, clock: Any, emulator: Any) -> None:
    found = await seed_org(db, emulator, sri_language="en")
    await seed_weeks(db, found)
    await run_summary_job(bot, clock, wib(23, 7))
    [chart] = photos(emulator, SRI)
    assert chart["caption"] == ("📊 Weekly summary: Bagian Umum\n"
                                "Monday, 16 November 2026 – Sunday, 22 November 2026\n"
                                "Present 100% · on time 100% · TK 0 days · 0 overdue tasks")
    [body] = texts(emulator, SRI)
    assert "Attendance\nPresent 10 of 10 working days (100%) · on time 10 (100%)\n" in body
    assert "Nobody needs special attention this week." in body
    assert texts(emulator, AHMAD)[0].startswith("📊 Ringkasan mingguan: Bagian Organisasi")
    assert bot.errors == []


async def test_an_inactive_head_summary_goes_to_the_one_above_with_a_note(
        bot: Any, db: Any, clock: Any, emulator: Any, org: Org) -> None:
    await set_employee(db, org["ahmad"], active=False, supervisor_id=org["sri"])
    await run_summary_job(bot, clock, wib(23, 7))
    assert emulator.sent_messages(AHMAD) == []
    captions = [m["caption"] for m in photos(emulator, SRI)]
    forwarded = text("outbox.forwarded", "id", name="Ahmad Fauzi",
                     nip="197806152005011003").replace("<i>", "").replace("</i>", "")
    assert f"{forwarded}\n\n{ORG_CAPTION}" in captions
    assert f"{forwarded}\n\n{ORG_TEXT}" in texts(emulator, SRI)
    assert bot.errors == []


async def test_a_run_judges_at_most_its_limit_and_the_next_runs_go_on(
        bot: Any, db: Any, clock: Any, emulator: Any, org: Org) -> None:
    settings = bot.app.bot_data["deps"].settings

    async def scan(at: Any) -> int:
        clock.set(at)
        async with db.transaction() as s:
            queued = await scan_weekly_summaries(s, settings, clock.now(), limit=1)
        await bot.deliver()
        return queued

    assert await scan(wib(23, 7)) == 2  # Bagian Organisasi's chart and text
    assert len(photos(emulator, AHMAD)) == 1 and photos(emulator, SRI) == []
    assert await scan(wib(23, 7, 1)) == 2  # then Bagian Umum's
    assert len(photos(emulator, SRI)) == 1
    assert await scan(wib(23, 7, 2)) == 0
    async with db.transaction() as s:
        zones = set(await s.scalars(select(JobWindow.scope).where(
            JobWindow.name == "weekly_summary", JobWindow.scope.like("zone:%"))))
    assert zones == {"zone:Asia/Jakarta", "zone:Asia/Makassar"}


async def test_the_queries_do_not_grow_with_the_number_of_heads(
        bot: Any, db: Any, clock: Any, emulator: Any, org: Org) -> None:
    settings = bot.app.bot_data["deps"].settings

    async def statements(at: Any) -> list[str]:
        """The statements of a run, but its inserts (a batch of rows may be
        written a statement per row: the driver's choice, not a read per head)."""
        with counted(db) as run:
            async with db.transaction() as s:
                assert await scan_weekly_summaries(s, settings, at) > 0
        return [q.split("WHERE")[0] for q in run if not q.lstrip().upper().startswith("INSERT")]

    two_heads = await statements(wib(23, 7))
    # five more units with a head and two people each, and a week W48 for everyone
    async with db.transaction() as s:
        office = await s.scalar(select(Unit.office_id).where(Unit.code == "ORG"))
        ids: list[tuple[int, int | None, int]] = []
        for n in range(5):
            unit = Unit(code=f"SUB{n}", name=f"Subbagian {n}", office_id=office)
            s.add(unit)
            await s.flush()
            head = await factories.employee(s, unit, f"19700101200001{n:04d}", f"Kepala {n}",
                                            role="head", telegram_id=9300 + n)
            unit.head_id = head.id
            ids.append((head.id, None, unit.id))
            for k in range(2):
                staff = await factories.employee(s, unit, f"19900101201501{n:02d}{k:02d}",
                                                 f"Staf {n}.{k}", supervisor=head)
                ids.append((staff.id, head.id, unit.id))
        for unit_id in org.units.values():
            for employee in await s.scalars(select(Employee).where(Employee.unit_id == unit_id)):
                ids.append((employee.id, employee.supervisor_id, unit_id))
    rows = [r for person, supervisor, unit_id in ids
            for r in plain_week(person, date(2026, 11, 23), unit_id, supervisor)]
    await add(db, rows)
    seven_heads = await statements(wib(30, 7))
    assert seven_heads == two_heads


# --- limits, the workload line -------------------------------------------------------

LONG = "Pegawai <Sangat> & Panjang Namanya Lebih Dari Enam Puluh Karakter Nomor"
LEAVE = ("CT", "CS", "CM", "CAP", "CB", "CLTN", "DL", "TB", "I", "S")


async def test_a_big_unit_stays_within_telegram_limits(
        bot: Any, db: Any, clock: Any, emulator: Any, org: Org) -> None:
    async with db.transaction() as s:
        office = await s.scalar(select(Unit).where(Unit.code == "ORG"))
        assert office is not None
        big = Unit(code="BESAR", name="Unit Pelaksana Teknis Daerah " * 6,
                   office_id=office.office_id)
        s.add(big)
        await s.flush()
        head = await factories.employee(s, big, "196001012000011001", f"{LONG} Kepala",
                                        role="head", telegram_id=9200)
        big.head_id = head.id
        staff = [await factories.employee(s, big, f"1990010120150110{n:02d}", f"{LONG} {n:02d}",
                                          supervisor=head) for n in range(40)]
        big_id, head_id, ids = big.id, head.id, [e.id for e in staff]
    emulator.add_user(9200, "Kepala")
    rows = plain_week(head_id, W47, big_id, None)
    for n, person in enumerate(ids):
        rows += plain_week(person, W47, big_id, head_id, {
            0: {"status": "absent", "code": "TK"},
            1: {"check_in": "TL4", "late": 120, "check_out": "PSW4", "early": 100,
                "apel": True, "midday": 2},
            2: {"status": "leave", "code": LEAVE[n % len(LEAVE)]}})
    await add(db, rows)
    for person in ids:
        await add_task(db, person, head_id, given=wib(16, 9), deadline=wib(17, 16))
    await run_summary_job(bot, clock, wib(23, 7))

    [chart] = photos(emulator, 9200)
    assert len(chart["caption"]) <= 1024
    [body] = texts(emulator, 9200)
    assert len(body) <= 4096
    lines = body.splitlines()
    attention = lines[lines.index("Perlu perhatian lebih dulu") + 1:][:6]
    assert [line.split(".")[0] for line in attention[:5]] == ["1", "2", "3", "4", "5"]
    assert attention[5] == ""  # five at most
    assert all(line.startswith(f"{n}. Pegawai <Sangat> & Panjang") and "…: 1 hari TK" in line
               for n, line in enumerate(attention[:5], start=1))
    assert "Cuti/DL: CAP 4 · CB 4 · CLTN 4 · CM 4 · CS 4 · CT 4 · DL 4 · I 4 · S 4 · TB 4" in body
    assert "Beban kerja" not in body  # one task each: evenly shared
    rows_sent = [r for r in await summary_rows(db) if r.chat_id == 9200]
    assert {r.status for r in rows_sent} == {"sent"}
    raw = rows_sent[1].payload["text"]
    assert "Pegawai &lt;Sangat&gt; &amp; Panjang" in raw and len(raw) <= 4096
    assert bot.errors == []


async def test_the_workload_line_names_the_busiest_only_when_work_is_uneven(
        db: Any, emulator: Any, settings_factory: Any) -> None:
    settings = settings_factory()
    found = await seed_org(db, emulator)
    await seed_weeks(db, found)
    for name in ("ahmad", "rizki", "dewi", "andi"):  # one open task each
        await add_task(db, found[name], found["rizki"], given=wib(17, 9), deadline=wib(30, 16))
    async with db.transaction() as s:
        [even] = [x for x in await weekly_summaries(s, settings, W47)
                  if x.unit.code == "ORG"]
    assert even.workload is None and "Beban kerja" not in message(even, "id")
    for _ in range(3):  # Andi: 4 of the 7 open tasks
        await add_task(db, found["andi"], found["rizki"], given=wib(18, 9), deadline=wib(30, 16))
    async with db.transaction() as s:
        [skewed] = [x for x in await weekly_summaries(s, settings, W47)
                    if x.unit.code == "ORG"]
    assert plain(message(skewed, "id")).endswith(
        "Beban kerja\n⚖️ Andi Saputra memegang 4 dari 7 tugas terbuka (57%), lebih dari 40%"
        " tugas unit ini.")
    assert plain(message(skewed, "en")).endswith(
        "Workload\n⚖️ Andi Saputra holds 4 of the 7 open tasks (57%), more than 40% of the"
        " unit's.")


async def test_a_long_summary_is_split_at_lines_or_sent_as_a_document(
        db: Any, emulator: Any, settings_factory: Any, org: Org) -> None:
    settings = settings_factory()
    async with db.transaction() as s:
        [summary] = [x for x in await weekly_summaries(s, settings, W47)
                     if x.unit.code == "ORG"]
    # the chart's days (see the module docstring): people by code, tasks given, done, overdue
    assert [tuple(d.people.values()) for d in summary.days[:5]] == [
        (2, 0, 0, 1, 1), (1, 1, 0, 1, 1), (3, 1, 0, 0, 0), (3, 1, 0, 0, 0), (2, 0, 1, 0, 1)]
    assert [(d.working, d.given, d.done, d.overdue) for d in summary.days] == [
        (True, 1, 0, 1), (True, 2, 0, 2), (True, 0, 1, 2), (True, 1, 1, 2), (True, 0, 0, 2),
        (False, 0, 0, 2), (False, 0, 0, 2)]
    whole = message(summary, "id")
    parts = message_parts(summary, "id", limit=700)
    assert len(parts) == 2 and all(len(p) <= 700 for p in parts)
    assert parts[0] == whole[:len(parts[0])]
    assert parts[1].startswith("<i>(lanjutan 2/2)</i>\n")
    assert "\n".join(p.removeprefix("<i>(lanjutan 2/2)</i>\n") for p in parts).replace(
        "\n\n", "\n") == whole.replace("\n\n", "\n")
    assert split_lines("a\nbb\nccc", 4) == ["a\nbb", "ccc"]
    assert split_lines("x" * 10, 4) == ["xxxx", "xxxx", "xx"]
    event = WeeklySummaryDue(wib(23, 7), summary, org["ahmad"], None, PNG)
    kinds = [(n.method, n.file.field if n.file else None)
             for n in summary_notices(event, "id", limit=200)]
    assert kinds == [("sendPhoto", "photo"), ("sendDocument", "document")]
    [_, document] = summary_notices(event, "id", limit=200)
    assert document.file is not None and document.file.name == "ringkasan-ORG-2026-W47.txt"
    assert document.file.content.decode().startswith(
        "📊 Ringkasan mingguan: Bagian Organisasi\n")


async def test_many_charts_are_drawn_in_worker_processes_as_in_the_bot(
        db: Any, org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.services import summary_scan
    from bot.summary_chart import draw

    async with db.transaction() as s:
        made = [w for w in await weekly_summaries(s, load_settings(_env_file=None), W47)
                if w.has_working_day]
    wanted = [(summary, lang) for summary in made for lang in ("id", "en")]
    monkeypatch.setattr(summary_scan, "POOL_FROM", 1)  # the province's path, for a few
    charts = await summary_scan.draw_charts(wanted)
    assert [png_size(c) for c in charts] == [(900, 500)] * len(wanted)
    assert charts == [draw(summary, lang) for summary, lang in wanted]


async def test_the_summary_waits_until_every_day_of_the_week_is_closed(
        bot: Any, db: Any, clock: Any, emulator: Any, org: Org) -> None:
    """Hadir judged the WIB group since before the week, and its Sunday is not
    closed yet at 07:00 (a catch-up close after downtime still running, a
    night shift): the WIB head waits; the WITA head, whose days are closed (a
    group Hadir never judged asks nothing), does not."""
    from bot.services.day_close import CLOSE, CLOSE_FROM
    from bot.services.day_windows import groups

    [wib_group] = [g for g in await _groups(db, groups) if g.timezone == "Asia/Jakarta"]
    async with db.transaction() as s:
        s.add(JobWindow(name=CLOSE_FROM, scope=wib_group.scope, work_date=date(2026, 11, 2),
                        done_at=wib(2, 0)))
    await run_summary_job(bot, clock, wib(23, 7))
    assert photos(emulator, AHMAD) == [] and len(photos(emulator, SRI)) == 1
    async with db.transaction() as s:
        s.add(JobWindow(name=CLOSE, scope=wib_group.scope, work_date=date(2026, 11, 22),
                        done_at=wib(23, 7, 3)))
    await run_summary_job(bot, clock, wib(23, 7, 5))
    assert len(photos(emulator, AHMAD)) == 1 and len(photos(emulator, SRI)) == 1
    assert bot.errors == []


async def _groups(db: Any, groups: Any) -> list[Any]:
    async with db.transaction() as s:
        return list(await groups(s))
