"""Rows for tests, written straight to the database (no import file needed)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Employee, Holiday, Office, ScheduleRule, TelegramBinding, Unit
from db.session import Database

# Sekretariat Daerah Kabupaten Musi Banyuasin, Sekayu (WIB)
SETDA = {"code": "SETDA", "name": "Sekretariat Daerah", "latitude": -2.8772,
         "longitude": 103.8455, "radius_m": 150.0, "timezone": "Asia/Jakarta"}
# a WITA office for time-zone cases (Makassar)
MKS = {"code": "MKS", "name": "Kantor Makassar", "latitude": -5.1477, "longitude": 119.4327,
       "radius_m": 100.0, "timezone": "Asia/Makassar"}

# Perpres 21/2023: Mon–Thu 07:30–16:00, Fri 07:30–16:30
UMUM = [(d, time(7, 30), time(16, 0)) for d in range(1, 5)] + [(5, time(7, 30), time(16, 30))]


async def office(session: AsyncSession, **fields: object) -> Office:
    row = Office(**{**SETDA, **fields})
    session.add(row)
    await session.flush()
    return row


async def schedule(session: AsyncSession, code: str = "UMUM",
                   rows: list[tuple[int, time, time]] | None = None,
                   valid: tuple[date, date] | None = None) -> None:
    for weekday, start, end in rows or UMUM:
        session.add(ScheduleRule(code=code, weekday=weekday, start=start, end=end,
                                 valid_from=valid[0] if valid else None,
                                 valid_to=valid[1] if valid else None))
    await session.flush()


async def unit(session: AsyncSession, office_row: Office, code: str = "ORG",
               name: str = "Bagian Organisasi", parent: Unit | None = None) -> Unit:
    row = Unit(code=code, name=name, office_id=office_row.id,
               parent_id=parent.id if parent else None)
    session.add(row)
    await session.flush()
    return row


async def employee(session: AsyncSession, unit_row: Unit, nip: str, name: str, *,
                   role: str = "staff", schedule_code: str = "UMUM",
                   supervisor: Employee | None = None, offices: list[Office] | None = None,
                   telegram_id: int | None = None, language: str | None = None) -> Employee:
    row = Employee(nip=nip, name=name, unit_id=unit_row.id, role=role,
                   schedule_code=schedule_code, language=language, active=True,
                   supervisor_id=supervisor.id if supervisor else None)
    row.offices = offices or []
    session.add(row)
    await session.flush()
    if telegram_id is not None:
        session.add(TelegramBinding(employee_id=row.id, telegram_user_id=telegram_id,
                                    chat_id=telegram_id,
                                    bound_at=datetime(2026, 11, 1, tzinfo=UTC)))
        await session.flush()
    return row


async def holiday(session: AsyncSession, day: date, name: str) -> None:
    session.add(Holiday(date=day, name=name))
    await session.flush()


async def two_units(session: AsyncSession, telegram_ids: tuple[int, int, int, int, int, int], *,
                    umum_office: dict[str, object] | None = None,
                    yudi_language: str | None = None) -> dict[str, Employee]:
    """The org most feature tests use: head Ahmad (heads ORG) > supervisor Rizki
    > Dewi, Andi; another unit, UMUM-B (in an office of the ``umum_office``
    fields, else the same office): supervisor Sri > Yudi. ``telegram_ids``:
    Ahmad's … Yudi's."""
    ahmad_id, rizki_id, dewi_id, andi_id, sri_id, yudi_id = telegram_ids
    setda = await office(session)
    elsewhere = await office(session, **umum_office) if umum_office is not None else None
    await schedule(session)
    org = await unit(session, setda, "ORG", "Bagian Organisasi")
    umum = await unit(session, elsewhere or setda, "UMUM-B", "Bagian Umum")
    there = [elsewhere] if elsewhere is not None else None
    ahmad = await employee(session, org, "197806152005011003", "Ahmad Fauzi", role="head",
                           telegram_id=ahmad_id)
    org.head_id = ahmad.id
    rizki = await employee(session, org, "198503122010011001", "Rizki Pratama",
                           role="supervisor", supervisor=ahmad, telegram_id=rizki_id)
    dewi = await employee(session, org, "199107242015032002", "Dewi Anggraini",
                          supervisor=rizki, telegram_id=dewi_id)
    andi = await employee(session, org, "199304182019031005", "Andi Saputra",
                          supervisor=rizki, telegram_id=andi_id)
    sri = await employee(session, umum, "197912302006042004", "Sri Wahyuni",
                         role="supervisor", telegram_id=sri_id, offices=there)
    yudi = await employee(session, umum, "198811092014021001", "Yudi Hartono",
                          supervisor=sri, telegram_id=yudi_id, offices=there,
                          language=yudi_language)
    return {"ahmad": ahmad, "rizki": rizki, "dewi": dewi, "andi": andi, "sri": sri,
            "yudi": yudi}


def add_two_units_users(emulator: object, telegram_ids: tuple[int, ...]) -> None:
    """Their Telegram accounts in the emulator."""
    for uid, name in zip(telegram_ids, ("Ahmad", "Rizki", "Dewi", "Andi", "Sri", "Yudi"),
                         strict=True):
        emulator.add_user(uid, name)  # type: ignore[attr-defined]


async def rows(db: Database, model: Any, *where: Any) -> list[Any]:
    """The rows of ``model`` (matching ``where``), oldest first."""
    async with db.transaction() as s:
        return list(await s.scalars(select(model).where(*where).order_by(model.id)))


async def count(db: Database, model: Any) -> int:
    async with db.transaction() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)
