"""Where the app reads the time: the system clock, or a fixed one that tests and snapshots move by hand."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the time as an aware datetime in the rapporteur's time zone."""

    def now(self) -> datetime: ...


class SystemClock:
    """The computer's clock, in its local time zone."""

    def now(self) -> datetime:
        return datetime.now().astimezone()


class FixedClock:
    """A clock that stands still until told to move: stable timers and dates in tests."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2015, 4, 13, 10, 0, 0, tzinfo=timezone(timedelta(hours=3)))

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward, as if `seconds` had passed."""
        self._now += timedelta(seconds=seconds)
        return self._now


def stamp(moment: datetime) -> str:
    """A moment as the notebook stores it: UTC ISO 8601 with microseconds."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def parse_stamp(text: str) -> datetime | None:
    """A stored timestamp back as an aware datetime, or None if it is empty or malformed."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def clock_time(text: str, zone: tzinfo | None) -> str:
    """A stored timestamp as hours and minutes in `zone`, or "" if it is empty or malformed."""
    moment = parse_stamp(text)
    return moment.astimezone(zone).strftime("%H:%M") if moment else ""
