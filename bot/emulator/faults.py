"""Seeded random faults for the emulator: Telegram failing a share of the calls.

``BotApiEmulator.fail_randomly(rate, seed, kinds)`` makes each matching call
fail with probability ``rate``, the kind drawn from ``kinds``:

- ``"429"``: Too Many Requests with ``retry_after`` (not processed);
- ``"500"``: Internal Server Error (not processed);
- ``"502"``: nginx's Bad Gateway HTML page (not processed);
- ``"lost"``: the request is lost on its way (never processed), answered 504
  after ``delay_s``, by when the client has timed out;
- ``"late"``: the request *is* processed (the message is delivered) but the
  answer comes after ``delay_s``: the client times out and a retry sends a
  duplicate. The Bot API has no idempotency key, so this is the one case where
  "at least once" cannot be "exactly once".

Every injected fault is recorded in ``injected`` (kind, method, params), so a
test tells the documented duplicates (``"late"``) from real ones. The draws
come from ``random.Random(seed)`` in call order: with one call at a time the
run is reproducible; with concurrent calls the order (hence which call gets
which draw) may vary, the rate does not.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

KINDS = ("429", "500", "502", "lost", "late")
JSON = dict[str, Any]


@dataclass(frozen=True)
class Injected:
    kind: str
    method: str
    params: JSON


@dataclass
class RandomFaults:
    rate: float
    seed: int = 0
    kinds: tuple[str, ...] = KINDS
    methods: frozenset[str] = frozenset({"sendmessage"})  # "*" = every method
    retry_after: int = 1
    delay_s: float = 1.0
    injected: list[Injected] = field(default_factory=list)

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(KINDS)
        if unknown or not self.kinds:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; known: {KINDS}")
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("rate must be within 0..1")
        self._rng = random.Random(self.seed)

    def draw(self, method: str, params: JSON) -> str | None:
        """The fault for this call, or None (recorded in ``injected``)."""
        if "*" not in self.methods and method.lower() not in self.methods:
            return None
        if self._rng.random() >= self.rate:
            return None
        kind = self._rng.choice(self.kinds)
        self.injected.append(Injected(kind, method, dict(params)))
        return kind
