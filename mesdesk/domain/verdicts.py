"""Scan verdicts of §4: one per scan, decided in a fixed order, with a stable machine code."""

from __future__ import annotations

import enum
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from mesdesk.domain import problems as P


class Verdict(enum.StrEnum):
    """The machine code of a scan's outcome. A ``StrEnum``: a verdict is its code, so it
    compares equal to, prints, formats and serialises as the plain string."""

    BAD_FORMAT = "bad_format"
    LAYOUT = "layout"
    REPEAT = "repeat"
    BATCH_CLOSED = "batch_closed"
    NOT_FOUND = "not_found"
    OTHER_BATCH = "other_batch"
    ALREADY_AGGREGATED = "already_aggregated"
    ACCEPTED = "accepted"
    PENDING = "pending"
    #: A scan of a CLI list that was never decided because the database was lost before its
    #: turn (not a station verdict: a station keeps such a scan as ``pending``).
    NOT_PROCESSED = "not_processed"
    #: A scan the core could not decide for a reason that is no verdict of §4 (its problem
    #: says which).
    REFUSED = "refused"

    @classmethod
    def of_refusal(cls, kind: str) -> "Verdict":
        """The verdict of a scan refused with a problem of this kind: the kinds that are
        verdicts (``not_found``, ``batch_closed``…) are themselves, any other is ``refused``."""
        try:
            return cls(kind)
        except ValueError:
            return cls.REFUSED

    @classmethod
    def stored(cls, value: str) -> "Verdict":
        """A verdict read back from the journal: one this version does not know (an older
        one's refusal kind) is ``refused``."""
        return cls.of_refusal(value)


NOT_PROCESSED = Verdict.NOT_PROCESSED

# Verdicts decided by the database, in the order §4 checks them.
DATABASE_ORDER = (Verdict.BATCH_CLOSED, Verdict.NOT_FOUND, Verdict.OTHER_BATCH,
                  Verdict.ALREADY_AGGREGATED, Verdict.ACCEPTED)

# Failure reasons of bulk aggregation (§4), by verdict.
BULK_REASONS = {
    Verdict.NOT_FOUND: "not found",
    Verdict.OTHER_BATCH: "attached to another batch",
    Verdict.ALREADY_AGGREGATED: "already aggregated",
    Verdict.BAD_FORMAT: "bad format",
    Verdict.LAYOUT: "bad format",
    Verdict.BATCH_CLOSED: "batch is closed",
}
#: The same reasons as catalogued problems, for the verdicts the database decides (a bad
#: format carries the parser's own problem).
BULK_PROBLEMS = {
    Verdict.NOT_FOUND: P.SCAN_NOT_FOUND,
    Verdict.OTHER_BATCH: P.SCAN_OTHER_BATCH,
    Verdict.ALREADY_AGGREGATED: P.SCAN_ALREADY_AGGREGATED,
    Verdict.BATCH_CLOSED: P.SCAN_BATCH_CLOSED,
}


@dataclass(frozen=True, slots=True)
class ProductState:
    """What the database knows about a scanned identity."""

    batch_id: int
    is_aggregated: bool
    aggregated_at: datetime | None
    scan_id: str | None
    batch_number: int | None = None
    batch_date: date | None = None


def decide(batch_is_closed: bool, batch_id: int, product: ProductState | None,
           scan_id: str | None) -> Verdict:
    """The database verdict for a well-formed scan, in the order of §4.

    A product already aggregated by this very ``scan_id`` is ``accepted``: the offline journal
    replays a scan whose first attempt committed before the station could record it.
    """
    if batch_is_closed:
        return Verdict.BATCH_CLOSED
    if product is None:
        return Verdict.NOT_FOUND
    if product.batch_id != batch_id:
        return Verdict.OTHER_BATCH
    if product.is_aggregated:
        if scan_id is not None and product.scan_id == scan_id:
            return Verdict.ACCEPTED
        return Verdict.ALREADY_AGGREGATED
    return Verdict.ACCEPTED


def verdict_problem(verdict: Verdict, *, aggregated_at: datetime | None = None,
                    batch_number: int | None = None, batch_date: date | None = None
                    ) -> P.Problem | None:
    """Why a well-formed scan did not aggregate, as a catalogued problem; None for
    ``accepted`` and for a bad code (the parser's problem says that)."""
    if verdict is Verdict.OTHER_BATCH and batch_number is not None and batch_date is not None:
        return P.SCAN_OTHER_BATCH_NAMED.problem(number=batch_number, date=batch_date)
    if verdict is Verdict.ALREADY_AGGREGATED and aggregated_at is not None:
        return P.SCAN_ALREADY_USED.problem(at=aggregated_at.replace(microsecond=0))
    entry = _VERDICT_PROBLEMS.get(verdict)
    return entry.problem() if entry is not None else None


_VERDICT_PROBLEMS = {
    Verdict.REPEAT: P.SCAN_REPEAT, Verdict.BATCH_CLOSED: P.SCAN_BATCH_CLOSED,
    Verdict.NOT_FOUND: P.SCAN_NOT_FOUND, Verdict.OTHER_BATCH: P.SCAN_OTHER_BATCH,
    Verdict.ALREADY_AGGREGATED: P.SCAN_ALREADY_AGGREGATED, Verdict.PENDING: P.SCAN_PENDING,
}


def verdict_message(verdict: Verdict, *, detail: str = "", aggregated_at: datetime | None = None,
                    batch_number: int | None = None, batch_date: date | None = None) -> str:
    """The English text of a verdict, for the CLI (the UI translates by the machine code)."""
    if verdict is Verdict.BAD_FORMAT:
        return detail or "the scan is not a valid code"
    if verdict is Verdict.LAYOUT:
        return "switch the keyboard layout / scanner setting"
    problem = verdict_problem(verdict, aggregated_at=aggregated_at, batch_number=batch_number,
                              batch_date=batch_date)
    return problem.sentence if problem is not None else "accepted"


class RepeatGuard:
    """Tells a scanner's double read: the same identity at this station within ``window`` s.

    In memory and per station on purpose: a repeat gets no verdict and costs no database call.
    """

    def __init__(self, window: float = 0.75, clock: Callable[[], float] = time.monotonic,
                 capacity: int = 256) -> None:
        self._window = window
        self._clock = clock
        self._capacity = capacity
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def is_repeat(self, identity: str) -> bool:
        """True when ``identity`` was seen less than the window ago; records this sighting."""
        now = self._clock()
        with self._lock:
            last = self._seen.pop(identity, None)
            self._seen[identity] = now
            while len(self._seen) > self._capacity:
                self._seen.popitem(last=False)
        return last is not None and now - last < self._window
