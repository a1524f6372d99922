"""Cell values of a roster file: parsers and converters, one cell at a time.

Each parser takes what openpyxl or the CSV reader gives (text, numbers,
dates, Excel's fractions of a day) and returns the clean value, or raises
``FieldError`` with a text key and its values; ``bot.roster_sheets`` renders
it with the row and column the admin sees.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")  # 15-03-2027, as Indonesians write it
_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+")


class FieldError(Exception):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime) and value.time() == time():
        value = value.date()
    return str(value).strip()


def parse_name(value: object) -> str:
    name = " ".join(_text(value).split())
    if len(name) > 200:
        raise FieldError("roster.error.too_long", max=200)
    return name


def parse_code(value: object) -> str:
    code = _text(value)
    if not _CODE.fullmatch(code):
        raise FieldError("roster.error.code", value=code)
    if len(code) > 32:
        raise FieldError("roster.error.too_long", max=32)
    return code


def parse_codes(value: object) -> tuple[str, ...]:
    parts = (part for part in re.split(r"[;,]", _text(value)) if part.strip())
    return tuple(dict.fromkeys(parse_code(part) for part in parts))


def _number(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        raw = _text(value).replace(" ", "")
        if "," in raw and "." not in raw:
            raw = raw.replace(",", ".")  # decimal comma of Indonesian settings
        try:
            number = float(raw)
        except ValueError:
            raise FieldError("roster.error.number", value=_text(value)) from None
    if not math.isfinite(number):
        raise FieldError("roster.error.number", value=_text(value))
    return number


def number_in(
    low: float, high: float, key: str = "roster.error.between", *, above_low: bool = False
) -> Callable[[object], float]:
    def parse(value: object) -> float:
        number = _number(value)
        if not (low < number if above_low else low <= number) or number > high:
            raise FieldError(key, min=low, max=high, value=_text(value))
        return number

    return parse


def choice(options: tuple[str, ...], key: str) -> Callable[[object], str]:
    """One of ``options``, matched without regard to case."""

    def parse(value: object) -> str:
        for option in options:
            if option.lower() == _text(value).lower():
                return option
        raise FieldError(key, value=_text(value), allowed=", ".join(options))

    return parse


def parse_weekday(value: object) -> int:
    try:
        number = _number(value)
    except FieldError:
        number = 0
    if number not in range(1, 8):
        raise FieldError("roster.error.weekday", value=_text(value))
    return int(number)


def parse_time(value: object) -> time:
    """07:30 typed as text, an Excel time cell, or Excel's fraction of a day."""
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, timedelta) and timedelta(0) <= value < timedelta(days=1):
        value = value.total_seconds() / 86400
    if isinstance(value, time):
        value = (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 1440)
        if minutes < 1440:
            return time(minutes // 60, minutes % 60)
    match = _TIME.fullmatch(_text(value))
    if match and int(match[1]) < 24 and int(match[2]) < 60 and int(match[3] or 0) < 60:
        return time(int(match[1]), int(match[2]))
    raise FieldError("roster.error.time", value=_text(value))


def parse_date(value: object) -> date:
    """2027-03-15 or 15-03-2027 typed as text, or a date cell."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.fullmatch(_text(value))
    day_first = _DAY_FIRST.fullmatch(_text(value))
    try:
        if match:
            return date.fromisoformat(match[1])
        if day_first:
            return date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
    except ValueError:
        pass
    raise FieldError("roster.error.date", value=_text(value))


def parse_nip(value: object) -> str:
    """Digits only. Excel keeps 15 significant digits of a number, so an
    18-digit NIP typed into a Number cell has already lost its tail."""
    if isinstance(value, float) and abs(value) >= 1e15:
        raise FieldError("roster.error.nip_number", value=f"{value:.6G}")
    nip = "".join(_text(value).split()).lstrip("'")
    if _SCIENTIFIC.fullmatch(nip) or (nip.endswith(".0") and len(nip) > 17):
        raise FieldError("roster.error.nip_number", value=nip)
    nip = nip.removesuffix(".0")
    if not re.fullmatch(r"[0-9]{8,20}", nip):
        raise FieldError("roster.error.nip", value=_text(value))
    return nip


YES = ("ya", "y", "true", "1", "aktif", "yes")
NO = ("tidak", "t", "false", "0", "nonaktif", "tidak aktif", "no")


def parse_flag(value: object) -> bool:
    """ya/tidak, true/false, 1/0, aktif/nonaktif (any case), or an Excel TRUE/FALSE cell."""
    if isinstance(value, bool):
        return value
    word = " ".join(_text(value).lower().split())
    if word in YES:
        return True
    if word in NO:
        return False
    raise FieldError("roster.error.flag", value=_text(value))
