"""What a job's work function holds: throttled progress and cooperative cancellation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from mesdesk.domain import problems as P
from mesdesk.domain.problems import Problem, ProblemType

#: Least time between two progress writes to the store (the first and the final always go).
PROGRESS_INTERVAL = 0.25

#: A progress message: a catalogued problem value (stored as code + params and rendered in the
#: reader's language) or, from work not yet moved to the catalogue, plain text.
Message = Problem | str

# (done, total, message) -> True when a cancel was requested from any station.
ProgressWriter = Callable[[int, int | None, Message | None], bool]


class JobContext:
    """Handed to the work function; used from the job's own thread.

    ``total`` and ``message`` are sticky: ``progress(5)`` after ``progress(0, 10, "Reading")``
    keeps the total 10 and the message "Reading". Cancellation is cooperative: the work sees it
    as :class:`~mesdesk.domain.errors.CancelledError` from ``progress`` or ``check_cancelled``.
    """

    def __init__(self, job_id: int, kind: str, writer: ProgressWriter, *,
                 interval: float = PROGRESS_INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.job_id = job_id
        self.kind = kind
        self._writer = writer
        self._interval = interval
        self._clock = clock
        self._cancel = threading.Event()
        self._reason: ProblemType = P.JOB_CANCELLED_BY_USER
        self._done = 0
        self._total: int | None = None
        self._message: Message | None = None
        self._last_write: float | None = None
        self._pending = False

    # -- progress ---------------------------------------------------------------------------

    def progress(self, done: int, total: int | None = None,
                 message: Message | None = None) -> None:
        """Report progress; raises ``CancelledError`` once a cancel was requested.

        Written to the store at most every ``PROGRESS_INTERVAL`` seconds; the first call and the
        final one (``done >= total``) always are, and the last unwritten state is flushed when
        the work returns. The cancel flag of other stations is read with each write.
        """
        self.check_cancelled()
        self._done = done
        if total is not None:
            self._total = total
        if message is not None:
            self._message = message
        now = self._clock()
        final = self._total is not None and done >= self._total
        if self._last_write is None or final or now - self._last_write >= self._interval:
            self._last_write = now
            self._write()
            self.check_cancelled()
        else:
            self._pending = True

    def flush(self) -> None:
        """Write the last reported state if throttling held it back (the runner calls this)."""
        if self._pending:
            self._write()

    def _write(self) -> None:
        self._pending = False
        if self._writer(self._done, self._total, self._message):
            self.cancel()

    @property
    def done_count(self) -> int:
        return self._done

    @property
    def total(self) -> int | None:
        return self._total

    @property
    def message(self) -> Message | None:
        return self._message

    # -- cancellation -----------------------------------------------------------------------

    @property
    def cancelled(self) -> bool:
        """True once a cancel reached this process (locally, or read back with a progress write)."""
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise self._reason()

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds, waking at once on a cancel; True when cancelled.

        For work that polls something: ``while not ctx.wait(1.0): ...`` instead of a sleep.
        """
        return self._cancel.wait(timeout)

    def cancel(self, reason: ProblemType | None = None) -> None:
        """Set the flag (any thread). The first reason given (a ``job.cancelled_*`` problem
        type) is the one the work sees."""
        if not self._cancel.is_set() and reason:
            self._reason = reason
        self._cancel.set()
