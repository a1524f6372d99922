"""Rows for tests, written straight to the database (no import file needed)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Employee, Holiday, Office, ScheduleRule, TelegramBinding, Unit

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
