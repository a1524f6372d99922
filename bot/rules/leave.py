"""Leave and permission kinds, and what an approved one covers.

Kinds (shared/docs/domain-rules.md): CT annual leave, CS sick, CM maternity,
CAP urgent personal reasons, CB long leave, CLTN unpaid, DL official travel
(dinas luar), TB study assignment, I permission; FWA flexible work (WFH or
another place: the person still checks in, from that place); IK izin keluar,
a short permission inside one working day.

A whole-day kind excuses attendance on each date of its span: no lateness,
no TK, no presence check. A part-of-day request (``start_at``..``end_at``)
excuses what falls inside it: a presence check, and lateness or early leave
when it covers the scheduled start or end. FWA excuses nothing; it moves
the geofence for its dates to the approved place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class LeaveKind(StrEnum):
    CT = "CT"  # cuti tahunan
    CS = "CS"  # cuti sakit
    CM = "CM"  # cuti melahirkan
    CAP = "CAP"  # cuti karena alasan penting
    CB = "CB"  # cuti besar
    CLTN = "CLTN"  # cuti di luar tanggungan negara
    DL = "DL"  # dinas luar
    TB = "TB"  # tugas belajar
    I = "I"  # noqa: E741 — izin, the code operators write
    FWA = "FWA"  # flexible work arrangement / WFH
    IK = "IK"  # izin keluar: a short permission during the day


# kinds that excuse attendance (everything but FWA)
EXCUSING = frozenset(kind for kind in LeaveKind if kind is not LeaveKind.FWA)
# kinds asked as part of one day only
PART_OF_DAY_ONLY = frozenset({LeaveKind.IK})


class LeaveStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class LeaveSpan:
    """An approved request, detached from the database."""

    id: int
    employee_id: int
    kind: str
    start_date: date
    end_date: date
    start_at: datetime | None = None  # part of a day
    end_at: datetime | None = None
    latitude: float | None = None  # FWA: the approved place
    longitude: float | None = None

    @property
    def whole_days(self) -> bool:
        return self.start_at is None or self.end_at is None

    def on(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


def covering_day(spans: list[LeaveSpan], day: date) -> LeaveSpan | None:
    """The approved whole-day leave or DL that excuses ``day``, if any."""
    for span in spans:
        if span.kind in EXCUSING and span.whole_days and span.on(day):
            return span
    return None


def covering_moment(spans: list[LeaveSpan], day: date, at: datetime) -> LeaveSpan | None:
    """The approved leave that excuses a check at ``at`` on work date ``day``:
    a whole-day one of that date, or a part-of-day one containing ``at``."""
    if (whole := covering_day(spans, day)) is not None:
        return whole
    for span in spans:
        if (span.kind in EXCUSING and not span.whole_days and span.start_at is not None
                and span.end_at is not None and span.start_at <= at < span.end_at):
            return span
    return None


def fwa_place(spans: list[LeaveSpan], day: date) -> LeaveSpan | None:
    """The approved FWA/WFH place of ``day``, if any."""
    for span in spans:
        if (span.kind == LeaveKind.FWA and span.on(day) and span.latitude is not None
                and span.longitude is not None):
            return span
    return None
