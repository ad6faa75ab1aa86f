"""When the §9 scheduled tasks are due: pure time arithmetic, stdlib and zoneinfo only.

Two kinds of schedule, each a value the Schedule tab and ``mesdesk schedule list`` show as data
(``as_dict``), never as an English sentence:

- ``Daily(at)``: once per calendar day of the production time zone, at the wall-clock time
  ``at``. A day's due instant is *the first instant whose local wall-clock time on that day is
  ``at`` or later*. That one rule covers the clock changes: an ambiguous time (the hour repeated
  when clocks fall back) runs at its first occurrence, never twice; a time that does not exist
  (the hour skipped when clocks spring forward) runs at the first instant after the gap (the
  02:30 of a skipped 02:00–03:00 runs at 03:00). A date the zone skipped altogether has no
  due time.
- ``Every(interval)``: at every multiple of ``interval`` since the Unix epoch, in UTC. The grid
  is the same on every station whatever its zone and whenever it started, so "the due time"
  names the same instant everywhere and one claim per due time is possible.

All instants in and out are aware datetimes; results are in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Protocol

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)
#: How far ``Daily`` looks for a day that has its time (a zone may skip a date, never many).
_DAYS_TRIED = 4


class Schedule(Protocol):
    """What the scheduler asks of a schedule."""

    def latest_due(self, now: datetime, zone: tzinfo) -> datetime:
        """The latest due instant at or before ``now``."""

    def next_due(self, now: datetime, zone: tzinfo) -> datetime:
        """The earliest due instant after ``now``."""

    def as_dict(self) -> dict[str, Any]: ...


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("a schedule needs an aware datetime")
    return now.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Daily:
    """Once per calendar day of the production time zone, at the wall-clock time ``at``."""

    at: time

    def __post_init__(self) -> None:
        if self.at.tzinfo is not None:
            raise ValueError("a daily time is a wall-clock time of the production zone: "
                             "give it without a time zone")

    def due_on(self, day: date, zone: tzinfo) -> datetime | None:
        """The due instant (UTC) of the local calendar ``day``; None when the zone skipped
        that date altogether. (A time in a gap that spans midnight runs at the end of the gap,
        on the next date: it is still that day's run.)"""
        midnight = first_instant_at_or_after(datetime.combine(day, time()), zone)
        if midnight.astimezone(zone).date() != day:
            return None
        return first_instant_at_or_after(datetime.combine(day, self.at), zone)

    def latest_due(self, now: datetime, zone: tzinfo) -> datetime:
        now = _aware(now)
        day = now.astimezone(zone).date()
        for back in range(_DAYS_TRIED):
            due = self.due_on(day - timedelta(days=back), zone)
            if due is not None and due <= now:
                return due
        raise ValueError(f"no due time of {self} found in the days before {now}")

    def next_due(self, now: datetime, zone: tzinfo) -> datetime:
        now = _aware(now)
        day = now.astimezone(zone).date()
        for ahead in range(-1, _DAYS_TRIED):    # from yesterday: its gap may end today
            due = self.due_on(day + timedelta(days=ahead), zone)
            if due is not None and due > now:
                return due
        raise ValueError(f"no due time of {self} found in the days after {now}")

    def as_dict(self) -> dict[str, Any]:
        return {"kind": "daily", "at": self.at.strftime("%H:%M")}


@dataclass(frozen=True, slots=True)
class Every:
    """At every multiple of ``interval`` since the Unix epoch (UTC); a whole number of
    seconds, at least one."""

    interval: timedelta

    def __post_init__(self) -> None:
        if self.interval < _SECOND or self.interval % _SECOND:
            raise ValueError("an interval is a positive whole number of seconds")

    def latest_due(self, now: datetime, zone: tzinfo | None = None) -> datetime:
        elapsed = _aware(now) - EPOCH
        return EPOCH + (elapsed // self.interval) * self.interval

    def next_due(self, now: datetime, zone: tzinfo | None = None) -> datetime:
        return self.latest_due(now) + self.interval

    @property
    def seconds(self) -> int:
        return int(self.interval.total_seconds())

    def as_dict(self) -> dict[str, Any]:
        return {"kind": "every", "seconds": self.seconds}


def due_times(schedule: Schedule, after: datetime, until: datetime, zone: tzinfo
              ) -> list[datetime]:
    """Every due instant in ``(after, until]``, oldest first."""
    found = []
    due = schedule.next_due(after, zone)
    while due <= _aware(until):
        found.append(due)
        due = schedule.next_due(due, zone)
    return found


def first_instant_at_or_after(wall: datetime, zone: tzinfo) -> datetime:
    """The first instant (UTC) whose wall-clock time in ``zone`` is ``wall`` or later.

    ``wall`` is naive. A time that exists once is that instant; an ambiguous one its first
    occurrence; one in a gap the instant the gap ends (found by bisection between the two
    readings of the gap time, which lie on either side of the transition)."""
    if wall.tzinfo is not None:
        raise ValueError("a wall-clock time is naive")
    readings = sorted({wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)
                       for fold in (0, 1)})
    for instant in readings:
        if _wall(instant, zone) == wall:
            return instant
    # In a gap: the earlier reading shows a wall time before ``wall``, the later one after it.
    before, after = readings[0], readings[-1]
    while after - before > _SECOND:
        middle = before + ((after - before) // 2 // _SECOND) * _SECOND
        if _wall(middle, zone) >= wall:
            after = middle
        else:
            before = middle
    return after


def _wall(instant: datetime, zone: tzinfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None, fold=0)
