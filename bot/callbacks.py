"""Callback-data schemas: a prefix, fields packed with ':' and at most 64 bytes.

Every field has a type that bounds it: an action is one of a ``Literal``'s
values, an integer is ``Annotated`` with its range (ASCII digits only), a day
is a ``date`` packed as ``2026-11-27``. Anything else unpacks to None, so a
forged button can never reach a handler with an id the database cannot hold
or a date the calendar cannot show. Handler patterns come from the schemas
(``TaskCB.pattern("open", "start")``), never from hand-written regexes.

Every handler that unpacks one re-checks that the user may act on what it
names; the data only says what was pressed, never who may press it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self, get_args, get_origin, get_type_hints

from bot.rules.task_states import TaskAction
from db.models import PRIORITIES

MAX_BYTES = 64  # Telegram's limit for callback_data
ID_MAX = 2**63 - 1  # a BIGINT primary key (and a Telegram message id)


@dataclass(frozen=True)
class Between:
    """An integer field's range, both ends included."""

    low: int
    high: int


@dataclass(frozen=True)
class OneOf:
    """A text field's values, for fields set from plain ``str`` constants."""

    values: tuple[str, ...]


RowId = Annotated[int, Between(1, ID_MAX)]
_DIGITS = re.compile(r"[0-9]{1,19}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


_SCHEMAS: dict[type, tuple[tuple[str, object], ...]] = {}


def _schema(cls: type) -> tuple[tuple[str, object], ...]:
    """(name, annotated type) of each field, in packing order."""
    if cls not in _SCHEMAS:
        hints = get_type_hints(cls, include_extras=True)
        _SCHEMAS[cls] = tuple((f.name, hints[f.name]) for f in fields(cls))
    return _SCHEMAS[cls]


def _convert(kind: object, value: str) -> object:
    """The packed text as the field's type; ValueError when it is not one."""
    base = get_args(kind)[0] if get_origin(kind) is Annotated else kind
    if base is int:
        if not _DIGITS.fullmatch(value):
            raise ValueError(value)
        return int(value)
    if base is date:
        if not _DAY.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    if isinstance(base, type) and issubclass(base, StrEnum):
        return base(value)  # ValueError for a value the enum does not have
    return value


def _choices(kind: object) -> tuple[str, ...] | None:
    """The values a ``Literal`` or ``StrEnum`` field may take (None: not a choice)."""
    if get_origin(kind) is Literal:
        return tuple(get_args(kind))
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return tuple(member.value for member in kind)
    return None


def _check(name: str, kind: object, value: object) -> None:
    if (choices := _choices(kind)) is not None:
        if value not in choices:
            raise ValueError(f"{name}={value!r}")
    elif get_origin(kind) is Annotated:
        for bound in get_args(kind)[1:]:
            if isinstance(bound, Between) and not (
                    isinstance(value, int) and bound.low <= value <= bound.high):
                raise ValueError(f"{name}={value!r}")
            if isinstance(bound, OneOf) and value not in bound.values:
                raise ValueError(f"{name}={value!r}")


class CallbackData:
    prefix: ClassVar[str]

    def __post_init__(self) -> None:
        """Every field within its type: a schema can only hold valid data."""
        for name, kind in _schema(type(self)):
            _check(name, kind, getattr(self, name))

    def pack(self) -> str:
        parts = [self.prefix, *(str(getattr(self, name)) for name, _ in _schema(type(self)))]
        packed = ":".join(parts)
        assert len(packed.encode()) <= MAX_BYTES, f"callback data too long: {packed!r}"
        return packed

    @classmethod
    def pattern(cls, *actions: str) -> str:
        """The handler pattern: this schema, or only these values of its first
        field (a ``Literal`` or a ``StrEnum``: a misspelt action fails here)."""
        if not actions:
            return rf"^{re.escape(cls.prefix)}:"
        _, kind = _schema(cls)[0]
        unknown = set(actions) - set(_choices(kind) or ())
        if unknown:
            raise ValueError(f"{cls.__name__} has no action {sorted(unknown)}")
        choice = "|".join(re.escape(a) for a in actions)
        return rf"^{re.escape(cls.prefix)}:({choice}):"

    @classmethod
    def unpack(cls, data: str | None) -> Self | None:
        """The schema's value, or None for anything malformed, forged or out of range."""
        if not data:
            return None
        prefix, *values = data.split(":")
        schema = _schema(cls)
        if prefix != cls.prefix or len(values) != len(schema):
            return None
        try:
            kwargs = {name: _convert(kind, v) for (name, kind), v in zip(schema, values,
                                                                         strict=True)}
            return cls(**kwargs)
        except ValueError:
            return None


@dataclass(frozen=True)
class CheckKindCB(CallbackData):
    """'Masuk'/'Pulang' under a location that came without a prompt."""

    prefix: ClassVar[str] = "ck"
    kind: Annotated[str, OneOf(("in", "out"))]
    message_id: RowId


@dataclass(frozen=True)
class LanguageCB(CallbackData):
    prefix: ClassVar[str] = "lang"
    language: Literal["id", "en"]


@dataclass(frozen=True)
class TaskCB(CallbackData):
    """A button on a task: the handler re-checks who may do ``action``."""

    prefix: ClassVar[str] = "tk"
    action: TaskAction
    task_id: RowId


@dataclass(frozen=True)
class ExtensionCB(CallbackData):
    """Approve or reject one extension request."""

    prefix: ClassVar[str] = "ext"
    action: Literal["approve", "reject"]
    request_id: RowId


@dataclass(frozen=True)
class ExcuseCB(CallbackData):
    """A supervisor's dispensation of one mark (``AttendanceMark``): the
    handler re-checks that the presser is above the mark's person."""

    prefix: ClassVar[str] = "exc"
    mark_id: RowId


PICKS_MAX = 8  # quick deadline picks offered at once (today, tomorrow, ...)
FlowAction = Literal["percent", "date", "skip"]
_FLOW_VALUES = {"percent": Between(0, 100), "date": Between(0, PICKS_MAX - 1),
                "skip": Between(0, 0)}


@dataclass(frozen=True)
class FlowCB(CallbackData):
    """A choice inside a short flow (a percentage, the n-th date offered, skip).
    The task it applies to is kept in the flow's state; the id here only tells
    a button of this flow from one of an earlier flow."""

    prefix: ClassVar[str] = "fl"
    action: FlowAction
    value: Annotated[int, Between(0, 100)]
    task_id: RowId  # a button left from an earlier flow must not act on this one

    def __post_init__(self) -> None:
        super().__post_init__()
        _check("value", Annotated[int, _FLOW_VALUES[self.action]], self.value)


NewTaskAction = Literal["toggle", "page", "clear", "next", "cancel", "skip", "deadline", "noop",
                        "priority", "confirm"]
NEW_TASK_ACTIONS: tuple[NewTaskAction, ...] = get_args(NewTaskAction)
PAGE_MAX = 10_000  # pages of eight people: more than any agency has
# what ``value`` holds for each action; 0 for the plain buttons
_NEW_TASK_VALUES = {"toggle": Between(1, ID_MAX), "page": Between(0, PAGE_MAX),
                    "deadline": Between(0, PICKS_MAX - 1),
                    "priority": Between(0, len(PRIORITIES) - 1)}


@dataclass(frozen=True)
class NewTaskCB(CallbackData):
    """A button in the /tugasbaru flow; who may be picked is re-checked."""

    prefix: ClassVar[str] = "nt"
    action: NewTaskAction
    value: Annotated[int, Between(0, ID_MAX)] = 0

    def __post_init__(self) -> None:
        super().__post_init__()
        _check("value", Annotated[int, _NEW_TASK_VALUES.get(self.action, Between(0, 0))],
               self.value)


@dataclass(frozen=True)
class CalendarCB(CallbackData):
    """The /tugasbaru calendar: show the month of ``day``, or pick ``day``.
    Whether the day is one a deadline may fall on is checked by the handler."""

    prefix: ClassVar[str] = "cal"
    action: Literal["month", "day"]
    day: date


@dataclass(frozen=True)
class PersonCB(CallbackData):
    """Open one person's day from a supervisor's no-show digest. The handler
    re-checks that the presser manages them and that the date is one it shows."""

    prefix: ClassVar[str] = "pd"
    employee_id: RowId
    day: date


@dataclass(frozen=True)
class PresenceCB(CallbackData):
    """Under a mid-day absence: give a reason. The handler re-checks that the
    mark is the presser's own and still waits for one."""

    prefix: ClassVar[str] = "pc"
    action: Literal["reason"]
    mark_id: RowId


LeaveAction = Literal["approve", "reject", "cancel", "drop", "keep", "back"]


@dataclass(frozen=True)
class LeaveCB(CallbackData):
    """A button on a leave request: approve/reject (its approver or someone
    above), cancel → drop/keep (its requester), back (the return of an izin
    keluar). The handler re-checks who may press it and the request's status."""

    prefix: ClassVar[str] = "lv"
    action: LeaveAction
    request_id: RowId


LeaveFlowAction = Literal["new", "kind", "whole", "part", "start", "end", "time", "skip",
                          "send", "cancel", "noop"]
FLOW_ID_MAX = 999_999


@dataclass(frozen=True)
class LeaveFlowCB(CallbackData):
    """A choice inside the /izin flow: a kind, whole days or part of a day,
    the n-th start or end date or time offered, skip, send. ``flow`` tells a button of
    this flow from one left by an earlier one (0: the "new request" button)."""

    prefix: ClassVar[str] = "lf"
    action: LeaveFlowAction
    value: Annotated[int, Between(0, 99)] = 0
    flow: Annotated[int, Between(0, FLOW_ID_MAX)] = 0


@dataclass(frozen=True)
class BoardCB(CallbackData):
    """/tim's buttons: refresh the board, or show another page of its names.
    ``unit_id`` 0 is the presser's own board, else the unit picked with
    ``/tim KODE``; the handler re-checks that the presser may see it."""

    prefix: ClassVar[str] = "tb"
    action: Literal["refresh", "page"]
    unit_id: Annotated[int, Between(0, ID_MAX)] = 0
    page: Annotated[int, Between(0, PAGE_MAX)] = 0


@dataclass(frozen=True)
class MonthCB(CallbackData):
    """A name on the team board: that person's month so far (the month of the
    press, so an old board's button still opens the current one). The handler
    re-checks that the presser may see them."""

    prefix: ClassVar[str] = "tm"
    employee_id: RowId
