"""Tables of the roster and the attendance day.

Instants are UTC (``UTCDateTime``); local dates and times are those of the
office where the event happened.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from bot.rules.task_states import LISTED_STATUSES, OPEN_STATUSES, TaskStatus
from db.base import Base, BigId, UTCDateTime

ROLES = ("staff", "supervisor", "head", "admin")

employee_offices = Table(
    "employee_offices",
    Base.metadata,
    Column("employee_id", ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True),
    Column("office_id", ForeignKey("offices.id", ondelete="CASCADE"), primary_key=True),
)


class Office(Base):
    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    radius_m: Mapped[float] = mapped_column(Float)
    timezone: Mapped[str] = mapped_column(String(64))


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", use_alter=True, name="fk_units_head_id_employees")
    )

    office: Mapped[Office] = relationship(lazy="joined")


class ScheduleRule(Base):
    """One weekday of a named schedule; a dated range overrides the plain rows."""

    __tablename__ = "schedule_rules"
    __table_args__ = (Index("ix_schedule_rules_code", "code"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    weekday: Mapped[int] = mapped_column(Integer)  # 1 = Monday ... 7 = Sunday
    start: Mapped[time] = mapped_column(Time)
    end: Mapped[time] = mapped_column(Time)  # end <= start: the shift ends the next day
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # the whole code: a national holiday is a working day (hospitals, front offices)
    works_on_holidays: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # the break of that day (no presence check falls in it); empty: BREAK_TIMES
    break_start: Mapped[time | None] = mapped_column(Time)
    break_end: Mapped[time | None] = mapped_column(Time)


class Employee(Base):
    __tablename__ = "employees"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    nip: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(16), default="staff")
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    schedule_code: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(2))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id], lazy="joined")
    # ordered: the first is the home office (its time zone is the employee's)
    offices: Mapped[list[Office]] = relationship(
        secondary=employee_offices, lazy="selectin", order_by=Office.id
    )


class TelegramBinding(Base):
    __tablename__ = "telegram_bindings"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), unique=True
    )
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    username: Mapped[str | None] = mapped_column(String(64))
    bound_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # set when Telegram answers 403 (the user blocked the bot); cleared when they write again
    unreachable_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the command menu this chat was last given ("manager:id", bot.menus); None: the default
    menu: Mapped[str | None] = mapped_column(String(16))

    employee: Mapped[Employee] = relationship(lazy="joined")


class Invite(Base):
    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by_telegram_id: Mapped[int | None] = mapped_column(BigInteger)


class Holiday(Base):
    """A local holiday entered by an admin, on top of the national calendar, or
    (``working``) a day the agency works despite a national holiday."""

    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    date: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    working: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class AttendanceEvent(Base):
    """A check-in ('in') or check-out ('out'), one of each per work day."""

    __tablename__ = "attendance_events"
    __table_args__ = (
        UniqueConstraint("employee_id", "work_date", "kind"),
        Index("ix_attendance_events_chat_message", "chat_id", "message_id"),
        # the day's scans and the recaps read one or a few work dates of everyone
        Index("ix_attendance_events_work_date", "work_date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(3))  # in | out
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)  # Telegram message date
    work_date: Mapped[date] = mapped_column(Date)  # local date the shift started
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    # blanked after the retention period (UU 27/2022); distance_m stays
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float] = mapped_column(Float)
    day_type: Mapped[str] = mapped_column(String(16))  # workday | no_schedule | holiday
    holiday_name: Mapped[str | None] = mapped_column(String(200))
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_off: Mapped[int] = mapped_column(Integer, default=0)  # late or early
    code: Mapped[str | None] = mapped_column(String(8))  # TL1..TL4, PSW1..PSW4
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # seconds the live location was shared for (0x7FFFFFFF: until turned off); None:
    # a static location. Telegram sends no "stopped": it is current until date + this
    live_period: Mapped[int | None] = mapped_column(Integer)

    office: Mapped[Office] = relationship(lazy="joined")


class PositionSample(Base):
    """A later position of the live location that checked someone in."""

    __tablename__ = "position_samples"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("attendance_events.id", ondelete="CASCADE"), index=True
    )
    sampled_at: Mapped[datetime] = mapped_column(UTCDateTime)  # edit_date
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float] = mapped_column(Float)


class CheckPrompt(Base):
    """What an employee is about to do: a /masuk or /pulang that waits for a
    location, or a location that arrived first and waits for "masuk/pulang"."""

    __tablename__ = "check_prompts"

    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str | None] = mapped_column(String(3))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    # a location that came without a prompt
    location_message_id: Mapped[int | None] = mapped_column(BigInteger)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    live_period: Mapped[int | None] = mapped_column(Integer)  # of that location


# --- tasks (issue: tasks and follow-up) ---

TASK_STATUSES = tuple(TaskStatus)
OPEN_TASK_STATUSES = tuple(s for s in TaskStatus if s in OPEN_STATUSES)
LISTED_TASK_STATUSES = tuple(s for s in TaskStatus if s in LISTED_STATUSES)
PRIORITIES = ("low", "normal", "high")


def _status_column() -> Enum:
    """A status stored as its value in a plain VARCHAR(24), read back as a
    ``TaskStatus`` (no database enum type: adding a status needs no migration)."""
    return Enum(TaskStatus, native_enum=False, create_constraint=False, length=24,
                values_callable=lambda kind: [member.value for member in kind],
                validate_strings=True)


class Task(Base):
    """One piece of work for one assignee; tasks given together share a batch."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_assignee_status", "assignee_id", "status"),
        Index("ix_tasks_status_deadline", "status", "deadline"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    batch: Mapped[str] = mapped_column(String(32), index=True)
    assignee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    status: Mapped[TaskStatus] = mapped_column(_status_column(), default=TaskStatus.NEW)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # when the current deadline was set: reminders older than this are not due
    deadline_set_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assignee: Mapped[Employee] = relationship(foreign_keys=[assignee_id], lazy="joined")
    assigned_by: Mapped[Employee] = relationship(foreign_keys=[assigned_by_id], lazy="joined")


EVIDENCE_NAME_MAX = 256  # characters of a document's file name kept with the evidence
_EXTENSION_MAX = 16


def fit_file_name(name: str, limit: int = EVIDENCE_NAME_MAX) -> str:
    """``name`` clipped to ``limit`` characters, keeping its extension:
    Telegram passes on file names of any length, the column holds 256."""
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > _EXTENSION_MAX:
        return name[:limit - 1] + "…"
    return f"{stem[:limit - len(extension) - 2]}….{extension}"


class TaskEvent(Base):
    """The history of a task: every change, who made it and when."""

    __tablename__ = "task_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    kind: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[TaskStatus | None] = mapped_column(_status_column())
    to_status: Mapped[TaskStatus | None] = mapped_column(_status_column())
    note: Mapped[str | None] = mapped_column(Text)
    percent: Mapped[int | None] = mapped_column(Integer)
    old_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    new_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # a submission's first file (all of them, an album's too: ``EvidenceFile``)
    evidence_kind: Mapped[str | None] = mapped_column(String(16))  # photo | document
    evidence_file_id: Mapped[str | None] = mapped_column(String(256))
    evidence_name: Mapped[str | None] = mapped_column(String(EVIDENCE_NAME_MAX))
    # the album that first file came in: its other files join this submission
    media_group_id: Mapped[str | None] = mapped_column(String(64), index=True)

    @validates("evidence_name")
    def _fit_evidence_name(self, _key: str, name: str | None) -> str | None:
        return fit_file_name(name) if name is not None else None


class EvidenceFile(Base):
    """One file of a submission's evidence (an album's files in their order)."""

    __tablename__ = "task_evidence"
    __table_args__ = (UniqueConstraint("event_id", "position"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("task_events.id", ondelete="CASCADE"),
                                          index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1 = the file the report came with
    kind: Mapped[str] = mapped_column(String(16))  # photo | document
    file_id: Mapped[str] = mapped_column(String(256))
    file_name: Mapped[str | None] = mapped_column(Text)


class ExtensionRequest(Base):
    __tablename__ = "extension_requests"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    new_deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # approved|rejected|closed
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)


# --- durable outbox for every message the bot sends on its own initiative ---

# cancelled: not sent because it no longer applied (an inactive recipient, a reminder
# of a task already submitted)
OUTBOX_STATUSES = ("pending", "sent", "failed", "unreachable", "cancelled")


class OutboxMessage(Base):
    """A Bot API call to make, written in the transaction of the change that
    causes it. ``key`` makes the same fact produce one message only."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    method: Mapped[str] = mapped_column(String(32), default="sendMessage")
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(Text)
    # work for a manager: if they are inactive when it is sent, the next one up gets it
    escalate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # checked right before sending; see bot.services.outbox_recipients
    requires: Mapped[str | None] = mapped_column(String(64))
    # the same alert again after it was queued (alerts go at most once an hour)
    repeats: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # a file the call uploads (a chart, a recap): sent as the payload's ``file_field``
    file_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_files.id",
                                                           ondelete="SET NULL"))
    file_field: Mapped[str | None] = mapped_column(String(16))  # photo | document
    # the sender holding this row until ``claimed_until`` (bot.services.outbox: due_messages)
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxFile(Base):
    """The bytes of a file an outbox message uploads (a weekly chart, a recap
    workbook), kept with the message so a restart still sends it."""

    __tablename__ = "outbox_files"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LeaderLease(Base):
    """Who leads the ``hadir run`` processes on this database (bot.leader): the
    holder until ``expires_at``; ``epoch`` grows by one on every takeover."""

    __tablename__ = "leader_lease"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))  # host:pid:random
    epoch: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    renewed_at: Mapped[datetime] = mapped_column(UTCDateTime)


# leave, the judged day and its alerts; the update inbox and persisted flow
# state (bot.inbox, bot.persistence): their tables join Base.metadata here
from db import models_day, models_pipeline  # noqa: E402,F401
