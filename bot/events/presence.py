"""What the mid-day presence checks find, as the services report it.

``bot.notifier.presence`` alone turns these into messages. The events hold
the rows they are about (the employees loaded in the transaction that made
the change, so that queuing their messages queries nothing more).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.models import Employee
from db.models_day import AttendanceMark, PresenceAsk


@dataclass(frozen=True)
class PresenceAsked:
    """A checked-in person is asked to share their live location."""

    at: datetime
    ask: PresenceAsk
    employee: Employee
    check_at: datetime  # the check's moment


@dataclass(frozen=True)
class PresenceSeen:
    """A pending ask answered by the live location shared at check-in (one of
    its later positions came inside the answer window)."""

    at: datetime
    ask: PresenceAsk
    employee: Employee
    check_at: datetime


@dataclass(frozen=True)
class Absence:
    """One mid-day absence found when a check's answer window closed."""

    mark: AttendanceMark  # facts: see bot.services.presence.absence_facts
    employee: Employee
    manager: Employee | None  # their supervisor, else the head of their unit (or above)


@dataclass(frozen=True)
class PresenceJudged:
    """A check's answers are closed; who was found away or did not answer."""

    at: datetime
    check_id: int
    check_at: datetime
    absences: tuple[Absence, ...]


@dataclass(frozen=True)
class AbsenceReasonGiven:
    """The person explained a mid-day absence (one tap and a few words)."""

    at: datetime
    absence: Absence


@dataclass(frozen=True)
class PresenceCorrected:
    """An answer sent in time was read only after its check closed (the bot
    was down): the person was present, the absence no longer counts."""

    at: datetime
    absence: Absence
    answered_at: datetime
    place: str | None


EVENTS: tuple[type, ...] = (PresenceAsked, PresenceSeen, PresenceJudged, AbsenceReasonGiven,
                            PresenceCorrected)
