"""The dispatcher's time: the database's ``now()``, read once per transaction, and estimated
between readings from the monotonic clock (station clocks may be skewed; tests inject a clock)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection

from . import queries

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The station's clock; pass it as ``clock`` only where the database's time is not wanted."""
    return datetime.now(timezone.utc)


class DatabaseTime:
    """``clock`` None means the database's time; otherwise ``clock`` is asked every time."""

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock
        self._reading: tuple[datetime, float] | None = None   # now(), monotonic at reading

    def now(self, connection: Connection) -> datetime:
        """The time for decisions made in this transaction."""
        if self._clock is not None:
            return self._clock()
        now = connection.execute(queries.NOW).scalar_one()
        self._reading = (now, time.monotonic())
        return now

    def estimate(self) -> datetime:
        """The database's time now, estimated from its last reading (no round trip)."""
        if self._clock is not None:
            return self._clock()
        reading = self._reading
        if reading is None:
            return utc_now()
        now, at = reading
        return now + timedelta(seconds=time.monotonic() - at)
