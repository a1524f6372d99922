"""The nightly retention job (UU 27/2022), on SQLite and PostgreSQL: with the
default LOCATION_RETENTION_DAYS of 90, location data 89 days old stays and
91 days old goes — position samples deleted, coordinates of check-ins,
presence answers and ended FWA places blanked — while the day's codes
(day records, marks) stay; access-log rows go after ACCESS_LOG_RETENTION_DAYS
(730); a second run changes nothing and one run after missed nights catches up."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from db.models import AttendanceEvent, PositionSample
from db.models_day import (
    AccessLog,
    AttendanceMark,
    DayRecord,
    LeaveRequest,
    PresenceAsk,
    PresenceCheck,
)
from db.session import Database
from tests import factories

NOW = datetime(2027, 3, 1, 18, 30, tzinfo=UTC)  # 01:30 WIB, when the job runs
KEPT, GONE = 89, 91  # days old


@pytest.fixture
async def history(db: Database) -> dict[int, int]:
    """For each age (89 and 91 days), an employee's check-in with a later
    position, a presence answer, an FWA day ending that day, the closed day
    and a mark; and access-log rows 729 and 731 days old."""
    async with db.transaction() as s:
        office = await factories.office(s)
        await factories.schedule(s)
        unit = await factories.unit(s, office)
        andi = await factories.employee(s, unit, "199304182019031005", "Andi Saputra")
        for age in (KEPT, GONE):
            at = NOW - timedelta(days=age)
            day = at.date()
            event = AttendanceEvent(
                employee_id=andi.id, kind="in", occurred_at=at, work_date=day,
                office_id=office.id, latitude=-2.8772, longitude=103.8455, accuracy_m=9.0,
                distance_m=11.0, day_type="workday", minutes_off=12, code="TL1", chat_id=1,
                message_id=age, recorded_at=at, live_period=900)
            s.add(event)
            check = PresenceCheck(unit_id=unit.id, work_date=day, seq=1, at=at, ran_at=at,
                                  judged_at=at)
            s.add(check)
            await s.flush()
            s.add(PositionSample(event_id=event.id, sampled_at=at + timedelta(minutes=5),
                                 latitude=-2.8773, longitude=103.8456, distance_m=14.0))
            s.add(PresenceAsk(check_id=check.id, employee_id=andi.id, work_date=day,
                              asked_at=at, due_at=at, answered_at=at, result="present",
                              latitude=-2.8774, longitude=103.8457, distance_m=20.0,
                              place="Sekretariat Daerah"))
            s.add(LeaveRequest(employee_id=andi.id, kind="FWA", status="approved",
                               start_date=day - timedelta(days=2), end_date=day,
                               reason="WFH", requested_at=at - timedelta(days=5),
                               latitude=-2.99, longitude=104.75))
            s.add(DayRecord(employee_id=andi.id, work_date=day, unit_id=unit.id,
                            office_id=office.id, schedule_code="UMUM", status="present",
                            code="TL1", check_in_code="TL1", late_minutes=12, closed_at=at,
                            updated_at=at))
            s.add(AttendanceMark(key=f"late:{andi.id}:{day}", employee_id=andi.id,
                                 work_date=day, kind="late", code="TL1", at=at, created_at=at,
                                 facts={"minutes": 12}))
        for age in (729, 731):
            s.add(AccessLog(at=NOW - timedelta(days=age), viewer_id=andi.id,
                            viewer_role="staff", view="own_data", first=date(2025, 1, 1),
                            last=date(2025, 1, 1), subject_id=andi.id))
    return {KEPT: (NOW - timedelta(days=KEPT)).day, GONE: (NOW - timedelta(days=GONE)).day}


async def run_retention(bot: Any) -> None:
    [job] = [j for j in bot.app.job_queue.jobs() if j.name == "retention"]
    await job.run(bot.app)


async def state(db: Database) -> dict[str, list[Any]]:
    async with db.transaction() as s:
        def ages(instants: Any) -> list[int]:
            return sorted((NOW - at).days for at in instants)
        events = (await s.execute(select(AttendanceEvent.occurred_at, AttendanceEvent.latitude,
                                         AttendanceEvent.longitude, AttendanceEvent.accuracy_m,
                                         AttendanceEvent.distance_m, AttendanceEvent.code)
                                  .order_by(AttendanceEvent.occurred_at))).all()
        asks = (await s.execute(select(PresenceAsk.asked_at, PresenceAsk.latitude,
                                       PresenceAsk.result, PresenceAsk.distance_m)
                                .order_by(PresenceAsk.asked_at))).all()
        leave = (await s.execute(select(LeaveRequest.end_date, LeaveRequest.latitude,
                                        LeaveRequest.longitude)
                                 .order_by(LeaveRequest.end_date))).all()
        return {
            "events": [((NOW - at).days, lat, lon, acc, dist, code)
                       for at, lat, lon, acc, dist, code in events],
            "samples": ages(await s.scalars(select(PositionSample.sampled_at))),
            "asks": [((NOW - at).days, lat, result, dist) for at, lat, result, dist in asks],
            "leave": [((NOW.date() - end).days, lat, lon) for end, lat, lon in leave],
            "codes": sorted((await s.execute(select(DayRecord.work_date, DayRecord.code))).all()),
            "marks": sorted(await s.scalars(select(AttendanceMark.code))),
            "access": ages(await s.scalars(select(AccessLog.at))),
        }


AFTER = {
    "events": [(GONE, None, None, None, 11.0, "TL1"), (KEPT, -2.8772, 103.8455, 9.0, 11.0, "TL1")],
    "samples": [KEPT - 1],  # 5 minutes younger than its check-in: 88 whole days
    "asks": [(GONE, None, "present", 20.0), (KEPT, -2.8774, "present", 20.0)],
    "leave": [(GONE, None, None), (KEPT, -2.99, 104.75)],
    "marks": ["TL1", "TL1"],
    "access": [729],
}


async def test_89_days_stay_91_go_and_the_codes_stay(
        bot: Any, clock: Any, db: Database, history: dict[int, int]) -> None:
    assert bot.app.bot_data["deps"].settings.location_retention_days == 90
    assert bot.app.bot_data["deps"].settings.access_log_retention_days == 730
    codes = (await state(db))["codes"]
    clock.set(NOW)
    await run_retention(bot)
    after = await state(db)
    assert {k: v for k, v in after.items() if k != "codes"} == AFTER
    assert after["codes"] == codes and len(codes) == 2  # both closed days, code TL1
    await run_retention(bot)  # the same night again: nothing more
    assert await state(db) == after


async def test_one_run_after_missed_nights_catches_up(
        bot: Any, clock: Any, db: Database, history: dict[int, int]) -> None:
    """The bot was down for a week: the first run removes everything past
    retention by then, the 89-day rows included (now 96 days old)."""
    clock.set(NOW + timedelta(days=7))
    await run_retention(bot)
    after = await state(db)
    assert after["samples"] == []
    assert [lat for _, lat, *_ in after["events"]] == [None, None]
    assert [lat for _, lat, *_ in after["asks"]] == [None, None]
    assert [lat for _, lat, _ in after["leave"]] == [None, None]
    assert after["marks"] == ["TL1", "TL1"] and len(after["codes"]) == 2
    assert after["access"] == []  # 736 days old by then


async def test_a_shorter_retention_is_a_setting(
        make_harness: Any, clock: Any, db: Database, history: dict[int, int]) -> None:
    bot = await make_harness(location_retention_days=30, access_log_retention_days=3650)
    clock.set(NOW)
    await run_retention(bot)
    after = await state(db)
    assert after["samples"] == [] and after["access"] == [729, 731]
