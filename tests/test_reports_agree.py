"""The weekly summary, the monthly recap and a person's month (the board's
button and /status) read the hand-worked month (``tests.month_seed``) through
the same loader and rules, and say the same things about it.

Expected numbers come from the month's hand-worked table, not from the code:

Week 11 (15–21 March 2027) of Bagian Organisasi (ORG; head Ratna): 15 March
is cuti bersama, so four working days, 16–19, for Ratna, Sari, Andi and Budi
(Budi moves to KEU only on the 22nd): 16 working days. Andi's 17th is CS
(approved after the day), so 15 present days, none late: on time 15. PSW1
(Andi, 18th, 20 min) and PSW3 (Sari, 19th, 75 min): 95 minutes early. Task T2
(Sari > Budi) was given on the 16th and done late on the 19th.

Week 12 (22–28 March) of Bagian Keuangan (KEU; no head of its own: the
summary of SETDA's tree holds it, and a team summary of Eko's): working days
22, 23, 24 (25 and 26 are holidays) for Eko's team, Gita and Budi (now his): 6.
Budi TL2 on the 22nd (45 min) and TL1/PSW1 on the 24th (15 + 10 min).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import update

from bot.config import load_settings
from bot.month_views import day_cell
from bot.recap_book import workbook_bytes
from bot.recap_notes import csv_bytes
from bot.rules.recap import tally
from bot.services.recap import build_recap
from bot.services.recap_data import Scope, load_period
from bot.services.recap_scope import everyone
from bot.services.summary import weekly_summaries
from db.models import Employee
from tests import month_seed as month
from tests.month_seed import MADE_AT, NAMES, WIB, cells, play_month

W11, W12 = date(2027, 3, 15), date(2027, 3, 22)


async def test_the_summary_of_a_week_counts_what_the_hand_worked_month_says(db: Any) -> None:
    settings = load_settings(_env_file=None, weekly_summary_supervisors=True)
    played = await play_month(db, settings)
    async with db.transaction() as s:
        week11 = await weekly_summaries(s, settings, W11)
        week12 = await weekly_summaries(s, settings, W12)
    org = next(w for w in week11 if w.target.key == f"u{played.units['ORG']}")
    a = org.attendance
    assert (org.people, a.working, a.present, a.on_time, a.absent) == (4, 16, 15, 15, 0)
    assert (dict(a.leave), a.early_days, a.early_minutes, a.late_minutes) == ({"CS": 1}, 2, 95, 0)
    assert {code: n for code, n in a.codes.items() if code != "H"} == {
        "CS": 1, "PSW1": 1, "PSW3": 1}
    assert (org.tasks.given, org.tasks.done_on_time, org.tasks.done_late) == (1, 0, 1)

    team = next(w for w in week12 if w.target.key == f"t{played.people['eko']}")
    b = team.attendance
    assert (team.people, b.working, b.present, b.late_days, b.late_minutes) == (2, 6, 6, 2, 60)
    assert (b.early_days, b.early_minutes) == (1, 10)
    assert {code: n for code, n in b.codes.items() if code != "H"} == {
        "TL1": 1, "TL2": 1, "PSW1": 1}
    # Budi counts for KEU in week 12 and for ORG no more
    org12 = next(w for w in week12 if w.target.key == f"u{played.units['ORG']}")
    assert org12.people == 3


async def test_a_persons_month_shows_the_recaps_cells_and_totals(db: Any) -> None:
    settings = load_settings(_env_file=None)
    played = await play_month(db, settings)
    async with db.transaction() as s:
        recap = await build_recap(s, settings, month.MONTH, everyone(), MADE_AT, WIB)
        rows = {row.name: row for row in recap.rows}
        for name in ("andi", "budi", "gita"):
            mine = await load_period(s, settings, month.MONTH, month.LAST,
                                     Scope(employee_ids=frozenset({played.people[name]})))
            days = mine.days[played.people[name]]
            shown = [day_cell(mine, days.get(date(2027, 3, d)), date(2027, 3, d), "UMUM", WIB,
                              "id") for d in range(1, 32)]
            worked = [n for n, cell in enumerate(cells(name)) if cell != "L"]
            # the working days read alike in the person's month, the recap and by hand
            assert [shown[n] for n in worked] == [cells(name)[n] for n in worked], name
            assert [rows[NAMES[name]].cells[n].text for n in worked] == [
                cells(name)[n] for n in worked], name
            t = tally(days.values())
            assert (t.working, t.late_minutes, t.early_minutes) == (
                month.TOTALS[name].working, month.TOTALS[name].late,
                month.TOTALS[name].early), name


async def test_a_name_that_looks_like_a_formula_stays_text_in_the_workbook_and_csv(
        db: Any) -> None:
    settings = load_settings(_env_file=None)
    played = await play_month(db, settings)
    async with db.transaction() as s:
        await s.execute(update(Employee).where(Employee.id == played.people["andi"])
                        .values(name='=HYPERLINK("http://x.invalid","Andi")'))
        await s.execute(update(Employee).where(Employee.id == played.people["budi"])
                        .values(name="Budi\x01 Santoso"))
        recap = await build_recap(s, settings, month.MONTH, everyone(), MADE_AT, WIB)
    book = load_workbook(io.BytesIO(workbook_bytes(recap, "id")))
    names = [c.value for c in book["Rekap"]["C"] if isinstance(c.value, str)]
    assert '=HYPERLINK("http://x.invalid","Andi")' in names and "Budi Santoso" in names
    assert all(c.data_type == "s" for c in book["Rekap"]["C"] if c.value)
    rows = list(csv.reader(io.StringIO(csv_bytes(recap, "id").decode("utf-8-sig"))))
    assert any("'=HYPERLINK(\"http://x.invalid\",\"Andi\")" in row for row in rows)
