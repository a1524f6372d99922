"""Callback-data schemas: a prefix, fields packed with ':' and at most 64 bytes.

Every handler that unpacks one re-checks that the user may act on what it
names; the data only says what was pressed, never who may press it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar, Self

MAX_BYTES = 64  # Telegram's limit for callback_data


class CallbackData:
    prefix: ClassVar[str]

    def pack(self) -> str:
        parts = [self.prefix, *(str(getattr(self, f.name)) for f in fields(self))]  # type: ignore[arg-type]
        packed = ":".join(parts)
        assert len(packed.encode()) <= MAX_BYTES, f"callback data too long: {packed!r}"
        return packed

    @classmethod
    def pattern(cls) -> str:
        return rf"^{cls.prefix}:"

    @classmethod
    def unpack(cls, data: str | None) -> Self | None:
        """The schema's value, or None for anything malformed or forged."""
        if not data:
            return None
        prefix, *values = data.split(":")
        schema = fields(cls)  # type: ignore[arg-type]
        if prefix != cls.prefix or len(values) != len(schema):
            return None
        try:
            kwargs = {f.name: _convert(f.type, v) for f, v in zip(schema, values, strict=True)}
            return cls(**kwargs)
        except ValueError:
            return None


def _convert(kind: object, value: str) -> object:
    if kind in (int, "int"):
        if not value.lstrip("-").isdigit():
            raise ValueError(value)
        return int(value)
    return value


@dataclass(frozen=True)
class CheckKindCB(CallbackData):
    """'Masuk'/'Pulang' under a location that came without a prompt."""

    prefix: ClassVar[str] = "ck"
    kind: str  # in | out
    message_id: int

    def __post_init__(self) -> None:
        if self.kind not in ("in", "out"):
            raise ValueError(self.kind)


@dataclass(frozen=True)
class LanguageCB(CallbackData):
    prefix: ClassVar[str] = "lang"
    language: str

    def __post_init__(self) -> None:
        if self.language not in ("id", "en"):
            raise ValueError(self.language)


TASK_ACTIONS = ("open", "start", "progress", "done", "extend", "accept", "return", "cancel")


@dataclass(frozen=True)
class TaskCB(CallbackData):
    """A button on a task: the handler re-checks who may do ``action``."""

    prefix: ClassVar[str] = "tk"
    action: str
    task_id: int

    def __post_init__(self) -> None:
        if self.action not in TASK_ACTIONS:
            raise ValueError(self.action)


@dataclass(frozen=True)
class ExtensionCB(CallbackData):
    """Approve or reject one extension request."""

    prefix: ClassVar[str] = "ext"
    action: str  # approve | reject
    request_id: int

    def __post_init__(self) -> None:
        if self.action not in ("approve", "reject"):
            raise ValueError(self.action)


@dataclass(frozen=True)
class FlowCB(CallbackData):
    """A choice inside a short flow (a percentage, a date pick, skip). The task
    it applies to is kept in the flow's state; the id here only tells a button
    of this flow from one of an earlier flow."""

    prefix: ClassVar[str] = "fl"
    action: str  # percent | date | skip
    value: int
    task_id: int  # a button left from an earlier flow must not act on this one


NEW_TASK_ACTIONS = ("toggle", "page", "clear", "next", "cancel", "skip", "deadline", "month",
                    "day", "noop", "priority", "confirm")


@dataclass(frozen=True)
class NewTaskCB(CallbackData):
    """A button in the /tugasbaru flow; who may be picked is re-checked."""

    prefix: ClassVar[str] = "nt"
    action: str
    value: int

    def __post_init__(self) -> None:
        if self.action not in NEW_TASK_ACTIONS:
            raise ValueError(self.action)
