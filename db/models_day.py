"""Tables of leave, the judged day and the alerts about it (issue 7).

``LeaveRequest``: leave, DL, FWA/WFH and izin keluar asked with /izin.
``DayRecord``: the closed day, one per employee and work date — the final
record summaries and recaps read. ``AttendanceMark``: each thing found wrong
on a day (no check-in, no check-out, TK, a mid-day absence, a missed apel),
which a later leave clears and a supervisor may excuse. ``PresenceCheck`` and
``PresenceAsk``: the mid-day checks of a unit and who was asked. ``Alert``:
a pattern told to someone (chronic lateness, PP 94 bands, overdue tasks),
under a unique key. ``JobWindow``: a window a job has judged, so a re-run or
a restart judges it no more.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId, UTCDateTime

LEAVE_STATUSES = ("pending", "approved", "rejected", "cancelled")


class LeaveRequest(Base):
    """One request of /izin: whole days (``start_date``..``end_date``, local
    dates of the employee's home office) or part of one day (``start_at``..
    ``end_at`` as instants; izin keluar ``IK`` is always that)."""

    __tablename__ = "leave_requests"
    __table_args__ = (
        Index("ix_leave_requests_employee_dates", "employee_id", "start_date", "end_date"),
        Index("ix_leave_requests_status_dates", "status", "start_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))  # CT CS CM CAP CB CLTN DL TB I FWA IK
    status: Mapped[str] = mapped_column(String(16), default="pending")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    start_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # part of a day
    end_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text)
    working_days: Mapped[int] = mapped_column(Integer, default=0)  # counted against CT
    attachment_kind: Mapped[str | None] = mapped_column(String(16))  # photo | document
    attachment_file_id: Mapped[str | None] = mapped_column(String(256))
    attachment_name: Mapped[str | None] = mapped_column(String(256))
    # FWA/WFH: the approved place, checked with FWA_RADIUS_M
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # who it was sent to decide (the supervisor, else the unit head); whoever is
    # above them may decide too (bot.services.leave.may_decide)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # izin keluar: back


class DayRecord(Base):
    """The closed day of one employee: what summaries and recaps read.

    ``status``: present | absent | leave | holiday | off. ``code`` is the one
    code of the day for a recap column (H, TL1..TL4, PSW1..PSW4, TK, CT, DL,
    ...; the check-in code wins over the check-out code, both are kept)."""

    __tablename__ = "day_records"
    __table_args__ = (
        UniqueConstraint("employee_id", "work_date"),
        Index("ix_day_records_work_date", "work_date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    work_date: Mapped[date] = mapped_column(Date)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))  # the unit of that day
    # the supervisor of that day (a transfer moves the person, not their past days)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    schedule_code: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    code: Mapped[str | None] = mapped_column(String(8))
    check_in_code: Mapped[str | None] = mapped_column(String(8))
    check_out_code: Mapped[str | None] = mapped_column(String(8))
    late_minutes: Mapped[int] = mapped_column(Integer, default=0)
    early_minutes: Mapped[int] = mapped_column(Integer, default=0)
    apel_missed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    midday_absences: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    leave_id: Mapped[int | None] = mapped_column(ForeignKey("leave_requests.id"))
    holiday_name: Mapped[str | None] = mapped_column(String(200))
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


# late / early: a check-in's TL or a check-out's PSW code; no_check_in / no_check_out:
# MISSING_CHECK_IN_CODE / MISSING_CHECK_OUT_CODE; absent: TK
MARK_KINDS = ("late", "early", "no_check_in", "no_check_out", "absent", "midday_absence",
              "apel_missed")


class AttendanceMark(Base):
    """One thing found wrong on a day, with the facts it rests on.

    ``key`` names the fact (``absent:<employee>:<date>``, ``midday:<ask>``)
    so a job run twice marks once. A mark counts unless it was cleared by a
    leave approved later or excused by a supervisor (a dispensation)."""

    __tablename__ = "attendance_marks"
    __table_args__ = (Index("ix_attendance_marks_employee_date", "employee_id", "work_date"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    work_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(24))
    code: Mapped[str | None] = mapped_column(String(8))  # TL4, PSW4, TK when it carries one
    at: Mapped[datetime] = mapped_column(UTCDateTime)  # when it was seen (a check's time)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # the person's own explanation (one tap-and-type after being told)
    reason: Mapped[str | None] = mapped_column(Text)
    reason_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # a supervisor's dispensation: the mark stays, it no longer counts
    excused_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    excused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    excuse_reason: Mapped[str | None] = mapped_column(Text)
    # a leave or DL approved after the day covers it
    cleared_by_leave_id: Mapped[int | None] = mapped_column(ForeignKey("leave_requests.id"))
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PresenceCheck(Base):
    """One mid-day presence check of a unit, at a random moment planned ahead."""

    __tablename__ = "presence_checks"
    __table_args__ = (
        UniqueConstraint("unit_id", "work_date", "seq"),
        Index("ix_presence_checks_at", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    work_date: Mapped[date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)  # 1..PRESENCE_CHECKS_PER_DAY
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    ran_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # people asked / judged
    judged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # answers closed
    # its answer window had passed when the bot came to it (it was down): nobody asked
    skipped: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class PresenceAsk(Base):
    """One person in one presence check: asked (or judged from their live
    location), and what was found. ``result``: pending | present | away |
    no_answer | excused."""

    __tablename__ = "presence_asks"
    __table_args__ = (UniqueConstraint("check_id", "employee_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("presence_checks.id", ondelete="CASCADE"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"),
                                             index=True)
    work_date: Mapped[date] = mapped_column(Date)  # the person's (their zone, their shift)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result: Mapped[str] = mapped_column(String(16), default="pending")
    from_live: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    latitude: Mapped[float | None] = mapped_column(Float)  # blanked after retention
    longitude: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    place: Mapped[str | None] = mapped_column(String(200))  # the nearest allowed place


class Alert(Base):
    """A pattern told to someone, once: ``key`` names the fact (a streak, a
    band crossed, a task overdue) and ``facts`` what it rests on."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_employee_kind", "employee_id", "kind"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id",
                                                               ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    work_date: Mapped[date | None] = mapped_column(Date)  # the day it is about, if one
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class JobWindow(Base):
    """A window a job has judged (``name``, a group such as a schedule and
    zone, the local work date): judged once, whatever re-runs or restarts."""

    __tablename__ = "job_windows"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    scope: Mapped[str] = mapped_column(String(120), primary_key=True)
    work_date: Mapped[date] = mapped_column(Date, primary_key=True)
    done_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EmployeeAssignment(Base):
    """Where someone works from a date on (a transfer, mutasi): their unit,
    supervisor and schedule. The roster import writes one when any of them
    changes; a closed day counts for the unit of that day."""

    __tablename__ = "employee_assignments"
    __table_args__ = (UniqueConstraint("employee_id", "valid_from"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    valid_from: Mapped[date] = mapped_column(Date)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    schedule_code: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AccessLog(Base):
    """One view of people's data (a board, a recap, a summary, a person's day
    or month, someone's own /dataku): who looked, when, at what, and whose.

    A view names its people by scope, not one row each: ``everyone`` (an
    admin's or the operator's recap), ``unit_ids`` (the units of a tree,
    written ",3,7,12,"), ``supervisor_id`` (a team of those days) and
    ``subject_id`` (one person); a person is covered when any of them held
    them on a day of ``first``..``last`` (``bot.services.access_log``)."""

    __tablename__ = "access_log"
    __table_args__ = (
        Index("ix_access_log_at", "at"),
        Index("ix_access_log_subject", "subject_id"),
        Index("ix_access_log_supervisor", "supervisor_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id",
                                                             ondelete="SET NULL"))
    viewer_role: Mapped[str] = mapped_column(String(16))  # then; "operator": the CLI
    view: Mapped[str] = mapped_column(String(24))  # bot.services.access_log.VIEWS
    first: Mapped[date] = mapped_column(Date)  # the days the view showed
    last: Mapped[date] = mapped_column(Date)
    everyone: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    unit_ids: Mapped[str | None] = mapped_column(Text)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id",
                                                                 ondelete="SET NULL"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id",
                                                              ondelete="CASCADE"))
