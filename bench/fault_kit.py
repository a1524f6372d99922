"""The shape every fault scenario reports in, gathered by ``python -m bench.faults``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """One fault scenario's result: ``survived`` when the bot came through as the
    issue asks; ``lost`` and ``doubled`` count the check-ins, alerts or messages
    that went missing or happened twice; ``detail`` is one line for the table."""

    name: str
    survived: bool
    lost: int = 0
    doubled: int = 0
    detail: str = ""
