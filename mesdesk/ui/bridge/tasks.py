"""Background operations for views: work on a small pool, callbacks on the GUI thread.

A view never runs a query itself: it hands a plain function (which opens its own unit of
work) to ``TaskRunner.submit`` and gets the result, or the failure, back in a slot. Workers
return plain data; the slot builds the Qt objects (ARCHITECTURE habits 6, 7 and 9).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


@dataclass
class _Delivery:
    future: Future
    on_success: Success | None
    on_failure: Failure | None
    owner: QObject | None


class TaskRunner(QObject):
    """Runs short database reads and writes off the GUI thread (not the ``jobs`` table:
    that is for long work with progress; these are page queries and single edits)."""

    _delivered = Signal(object)

    def __init__(self, *, workers: int = 3, on_error: Failure | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="mesdesk-ui-task")
        self._on_error = on_error
        self._delivered.connect(self._deliver)
        self._closed = False
        self._pending = 0
        self._lock = threading.Lock()

    def submit(self, work: Callable[[], Any], *, on_success: Success | None = None,
               on_failure: Failure | None = None, owner: QObject | None = None) -> Future:
        """Run ``work()`` in the pool; ``on_success(result)`` or ``on_failure(error)`` run on
        the GUI thread. Without ``on_failure`` the error goes to the app's error presenter.
        A callback whose ``owner`` widget was deleted meanwhile is skipped."""
        if self._closed:
            raise RuntimeError("the task runner is shut down")
        future = self._pool.submit(work)
        delivery = _Delivery(future, on_success, on_failure, owner)
        with self._lock:
            self._pending += 1
        future.add_done_callback(lambda _: self._delivered.emit(delivery))
        return future

    @property
    def pending(self) -> int:
        with self._lock:
            return self._pending

    @Slot(object)
    def _deliver(self, delivery: _Delivery) -> None:
        with self._lock:
            self._pending -= 1
        if self._closed or (delivery.owner is not None and not _alive(delivery.owner)):
            return
        error = delivery.future.exception()
        if error is None:
            if delivery.on_success is not None:
                delivery.on_success(delivery.future.result())
            return
        if delivery.on_failure is not None:
            delivery.on_failure(error)
        elif self._on_error is not None:
            self._on_error(error)
        else:
            log.error("background task failed", exc_info=error)

    def shutdown(self, *, wait: bool = True) -> None:
        self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=True)


def _alive(widget: QObject) -> bool:
    try:
        import shiboken6

        return shiboken6.isValid(widget)
    except ImportError:  # pragma: no cover - shiboken6 ships with PySide6
        return True
