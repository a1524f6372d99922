"""Numbers typed by people."""

from __future__ import annotations

import re

_PERCENT = re.compile(r"\s*([0-9]{1,3})\s*%?\s*")


def parse_percent(value: str) -> int | None:
    """'50', '50%', ' 75 % ': the percentage; None for anything but 0–100 in
    ASCII digits (``str.isdigit`` also takes '²', which ``int`` refuses)."""
    match = _PERCENT.fullmatch(value)
    if match is None:
        return None
    percent = int(match.group(1))
    return percent if percent <= 100 else None
