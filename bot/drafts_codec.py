"""UserData (bot.drafts) to JSON and back, for bot.persistence.

Explicit JSON, not pickle: a stored draft is data, never code, and it can be
read by whatever version of Hadir runs next. Each draft is read by the types
its dataclass declares; a draft that no longer fits them (renamed field of a
wrong type, an older shape) is dropped, not an error: the person starts that
flow again. Fields the stored draft lacks take their defaults, fields the
dataclass no longer has are ignored.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import types
from datetime import date, datetime
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from bot.drafts import UserData

log = logging.getLogger(__name__)
VERSION = 1


class Unreadable(ValueError):
    """A stored value does not fit the type the dataclass declares."""


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in a draft")


def has_draft(data: UserData) -> bool:
    """Anything worth keeping: the language alone is set again on every update."""
    return any(getattr(data, f.name) is not None for f in dataclasses.fields(data)
               if f.name != "lang")


def encode(data: UserData) -> str | None:
    """The JSON kept for ``data``, or None when it holds no draft (no row)."""
    if not has_draft(data):
        return None
    return json.dumps({"v": VERSION, **_plain(data)}, separators=(",", ":"), sort_keys=True)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _read(kind: Any, value: Any) -> Any:  # one branch per kind of type
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        options = get_args(kind)
        if value is None and type(None) in options:
            return None
        for option in options:
            if option is not type(None):
                return _read(option, value)
    if origin is list:
        if not isinstance(value, list):
            raise Unreadable(value)
        return [_read(get_args(kind)[0], item) for item in value]
    if origin is tuple:
        parts = get_args(kind)
        if not isinstance(value, list) or len(value) != len(parts):
            raise Unreadable(value)
        return tuple(_read(part, item) for part, item in zip(parts, value, strict=True))
    if kind is datetime:
        moment = datetime.fromisoformat(_of(str, value))
        if moment.tzinfo is None:
            raise Unreadable(value)  # drafts hold aware instants only
        return moment
    if kind is date:
        return date.fromisoformat(_of(str, value))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind in (bool, int, str, float):
        return _of(kind, value)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return _dataclass(kind, value)
    raise Unreadable(f"no reader for {kind!r}")


def _of(kind: type, value: Any) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise Unreadable(value)
    return value


def _dataclass(cls: type, value: Any) -> Any:
    if not isinstance(value, dict):
        raise Unreadable(value)
    hints = _hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    kwargs = {name: _read(hints[name], item) for name, item in value.items() if name in known}
    try:
        return cls(**kwargs)
    except TypeError as exc:  # a required field missing
        raise Unreadable(str(exc)) from exc


def decode(raw: str, *, user_id: int | None = None) -> UserData:
    """The UserData stored as ``raw``; each draft that cannot be read is left
    out (logged), and an unreadable whole gives an empty UserData."""
    try:
        stored = json.loads(raw)
    except ValueError:
        stored = None
    if not isinstance(stored, dict):
        log.warning("flow data of user %s unreadable: dropped", user_id)
        return UserData()
    data = UserData()
    hints = _hints(UserData)
    for f in dataclasses.fields(UserData):
        if f.name not in stored:
            continue
        try:
            setattr(data, f.name, _read(hints[f.name], stored[f.name]))
        except (Unreadable, ValueError, TypeError):
            log.warning("flow draft %s of user %s unreadable: dropped", f.name, user_id)
    return data
