"""A small time-to-live cache for reference data read on every update
(schedules, local holidays). It lives with the Database, so each database has
its own; a change made by another process (``hadir import``) is seen within
the time to live."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class ReferenceCache:
    def __init__(self, ttl_s: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self._monotonic = monotonic
        self._entries: dict[Hashable, tuple[float, Any]] = {}

    async def get(self, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        now = self._monotonic()
        hit = self._entries.get(key)
        if hit is not None and now - hit[0] < self.ttl_s:
            value: T = hit[1]
            return value
        loaded = await load()
        self._entries[key] = (now, loaded)
        return loaded

    def clear(self) -> None:
        self._entries.clear()
