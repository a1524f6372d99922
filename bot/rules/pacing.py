"""Pacing sends: a token bucket and the global/per-chat rate limiter.

Pure timing arithmetic on an injected monotonic clock (tests pass a fake
one); ``bot.services.outbox_sender`` does the sleeping and the sending.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Monotonic = Callable[[], float]


class TokenBucket:
    """``rate`` tokens a second, at most ``capacity`` saved up; starts full."""

    def __init__(self, rate: float, capacity: float, monotonic: Monotonic = time.monotonic) -> None:
        self.rate, self.capacity, self._monotonic = rate, capacity, monotonic
        self.tokens, self._stamp = capacity, monotonic()

    def _refill(self) -> None:
        now = self._monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def reserve(self) -> float:
        """Take a token now; the seconds to wait before using it (0 if there was one).
        Callers that reserve one after another are served in that order."""
        self._refill()
        self.tokens -= 1
        return max(0.0, -self.tokens / self.rate)


class RateLimiter:
    """Global and per-chat pacing plus the bot-wide pause after a 429.

    The global bucket saves up half a second's worth of sends: Telegram's own
    accounting is unseen, and a small burst keeps a margin for network jitter
    even when our rate equals theirs. A chat's next message goes 1/rate after
    the previous one was *answered*, so two sends to one chat can never reach
    Telegram closer together than that, whatever the latency.
    """

    def __init__(
        self, global_rate: float, per_chat_rate: float, monotonic: Monotonic = time.monotonic
    ) -> None:
        self._monotonic = monotonic
        self.bucket = TokenBucket(global_rate, max(1.0, global_rate / 2), monotonic)
        self._chat_gap = 1.0 / per_chat_rate
        self._chat_ready: dict[int, float] = {}
        self.paused_until = 0.0

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self._monotonic() + seconds)

    def chat_wait(self, chat_id: int) -> float:
        """Seconds until this chat and the whole bot may send (no token taken)."""
        now = self._monotonic()
        return max(0.0, self.paused_until - now, self._chat_ready.get(chat_id, 0.0) - now)

    def answered(self, chat_id: int) -> None:
        now = self._monotonic()
        self._chat_ready[chat_id] = now + self._chat_gap
        if len(self._chat_ready) > 10_000:  # forget chats that may send again anyway
            self._chat_ready = {c: t for c, t in self._chat_ready.items() if t > now}
