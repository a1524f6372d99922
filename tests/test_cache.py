"""Reference data cached per database: read once, read again after its time."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from bot.services.employees import holiday_calendar, schedule_rows
from db.cache import ReferenceCache
from db.models import ScheduleRule
from db.session import Database
from tests import factories


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_cache_serves_until_its_time_to_live_passes() -> None:
    ticks = Ticks()
    cache = ReferenceCache(300, monotonic=ticks)
    loads: list[int] = []

    async def load() -> int:
        loads.append(1)
        return len(loads)

    assert [await cache.get("k", load) for _ in range(3)] == [1, 1, 1]
    ticks.now = 299.9
    assert await cache.get("k", load) == 1
    ticks.now = 300.0
    assert await cache.get("k", load) == 2


async def test_a_holiday_added_by_an_import_is_seen_after_the_ttl(db: Database) -> None:
    ticks = Ticks()
    db.cache = ReferenceCache(300, monotonic=ticks)
    async with db.transaction() as s:
        await factories.schedule(s)
    async with db.transaction() as s:
        assert (await holiday_calendar(s, ["public"], date(2027, 9, 28))).name(
            date(2027, 9, 28)) is None
        assert len(await schedule_rows(s, "UMUM")) == 5
    other = Database(db.url)  # "hadir import" in another process: its own cache
    try:
        async with other.transaction() as s:
            await factories.holiday(s, date(2027, 9, 28), "Hari Jadi Kabupaten")
    finally:
        await other.dispose()
    async with db.transaction() as s:
        assert (await holiday_calendar(s, ["public"], date(2027, 9, 28))).name(
            date(2027, 9, 28)) is None  # still the cached year
    ticks.now = 301
    async with db.transaction() as s:
        calendar: Any = await holiday_calendar(s, ["public"], date(2027, 9, 28))
        assert calendar.name(date(2027, 9, 28)) == "Hari Jadi Kabupaten"


async def test_a_schedule_or_holiday_changed_in_this_process_is_seen_at_once(
        db: Database) -> None:
    """An admin's import through the bot: the next check-in reads the new rows."""
    db.cache = ReferenceCache(300, monotonic=Ticks())  # time never passes
    async with db.transaction() as s:
        await factories.schedule(s)
    async with db.transaction() as s:
        assert len(await schedule_rows(s, "UMUM")) == 5
        assert (await holiday_calendar(s, ["public"], date(2027, 9, 28))).name(
            date(2027, 9, 28)) is None
    async with db.transaction() as s:
        await factories.holiday(s, date(2027, 9, 28), "Hari Jadi Kabupaten")
        rule = await s.scalar(select(ScheduleRule).where(ScheduleRule.weekday == 5))
        assert rule is not None
        await s.delete(rule)
    async with db.transaction() as s:
        assert len(await schedule_rows(s, "UMUM")) == 4
        calendar: Any = await holiday_calendar(s, ["public"], date(2027, 9, 28))
        assert calendar.name(date(2027, 9, 28)) == "Hari Jadi Kabupaten"


async def test_a_rolled_back_change_keeps_the_cache(db: Database) -> None:
    loads: list[int] = []
    db.cache = ReferenceCache(300, monotonic=Ticks())
    async with db.transaction() as s:
        await factories.schedule(s)
    async with db.transaction() as s:
        await schedule_rows(s, "UMUM")
    await db.cache.get("probe", _counting(loads))
    try:
        async with db.transaction() as s:
            await factories.holiday(s, date(2027, 9, 28), "Hari Jadi Kabupaten")
            raise RuntimeError("the import failed")
    except RuntimeError:
        pass
    await db.cache.get("probe", _counting(loads))
    assert loads == [1]  # nothing was committed: nothing to read afresh


def _counting(loads: list[int]) -> Any:
    async def load() -> int:
        loads.append(1)
        return len(loads)
    return load
