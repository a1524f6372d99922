"""What happened to a leave or permission request (/izin), as the services
report it; ``bot.notifier.leave`` alone turns these into messages.

Events hold the rows they are about, loaded in the transaction that made the
change, and know when it happened (``at``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.rules.leave import AnnualBalance
from db.models import Employee
from db.models_day import LeaveRequest


@dataclass(frozen=True)
class Attachment:
    """A sick note or travel order sent with a request (Telegram's file id)."""

    kind: str  # photo | document
    file_id: str
    name: str | None = None


@dataclass(frozen=True)
class ClearedMark:
    """A mark an approved leave cleared: what it was, for which day."""

    kind: str  # absent, late, no_check_in, ... (db.models_day.MARK_KINDS)
    code: str | None
    work_date: date
    at: datetime


@dataclass(frozen=True, kw_only=True)
class LeaveChange:
    request: LeaveRequest
    employee: Employee  # who asked
    at: datetime


@dataclass(frozen=True, kw_only=True)
class LeaveRequested(LeaveChange):
    """Asked: the approver (the supervisor, else the unit head) decides."""

    approver: Employee
    receiver: Employee  # the approver, or the next active one above when they are inactive
    balance: AnnualBalance | None = None  # CT: the balance before this request


@dataclass(frozen=True, kw_only=True)
class LeaveDecided(LeaveChange):
    actor: Employee
    approved: bool
    note: str | None = None
    cleared: tuple[ClearedMark, ...] = ()  # marks of the span the approval cleared


@dataclass(frozen=True, kw_only=True)
class LeaveCancelled(LeaveChange):
    """Cancelled by the one who asked, before it started."""

    was: str  # pending | approved
    told: Employee | None  # who had it in hand: the approver, or who approved it


@dataclass(frozen=True, kw_only=True)
class LeaveReturned(LeaveChange):
    """Back from an izin keluar (a live location inside the geofence)."""

    told: Employee | None
    place: str  # the office's name, or "" for the approved FWA place
    distance_m: float
    late_minutes: int  # after the expected return; 0 when on time
