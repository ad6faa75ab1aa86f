"""Ops: the one way a view runs work off the GUI thread.

An op is a short read or write a screen waits for (a page of rows, a form's save). The view
hands ``OpRunner.run`` a plain function, usually a bound use case
(``lambda: backend.use.get_batch(42)``); it runs on the job runner's op pool and its result,
or its failure, comes back on the GUI thread. Work returns plain data; the callback builds the
Qt objects. Long work with progress is a job (``bridge.jobs``), not an op. To keep a screen's
data fresh use ``Refresher``; it runs its reads as ops.

Why not qasync (``await`` in views): under pytest-qt the Qt loop runs without asyncio's
``run_forever``, so ``asyncio.get_running_loop()`` fails inside a view's coroutine and the
tests would drive a different loop than the app. Latency was the same (worker to GUI thread
p99 0.6 ms with a queued signal, 0.8 ms with an awaited executor future).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]
#: ``submit(work) -> Future``: where ops run (``JobRunner.run_op`` in the app).
Submit = Callable[[Callable[[], Any]], Future]


@dataclass
class _Delivery:
    future: Future
    success: Success | None
    failure: Failure | None
    owner: QObject | None


class OpRunner(QObject):
    """Runs ops and delivers their outcome on the GUI thread."""

    _delivered = Signal(object)

    def __init__(self, submit: Submit, *, on_error: Failure | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self._on_error = on_error
        self._delivered.connect(self._deliver)
        self._closed = False
        self._pending = 0
        self._lock = threading.Lock()

    def run(self, work: Callable[[], Any], *, success: Success | None = None,
            failure: Failure | None = None, owner: QObject | None = None) -> Future:
        """Run ``work()`` off the GUI thread; ``success(result)`` or ``failure(error)`` run on
        the GUI thread. Without ``failure`` the error goes to the app's error presenter. The
        callbacks are skipped when ``owner`` was deleted meanwhile, or after ``shutdown``."""
        if self._closed:
            raise RuntimeError("the op runner is shut down")
        future = self._submit(work)
        delivery = _Delivery(future, success, failure, owner)
        with self._lock:
            self._pending += 1
        future.add_done_callback(lambda _: self._delivered.emit(delivery))
        return future

    @property
    def pending(self) -> int:
        """Ops submitted whose outcome has not been delivered yet."""
        with self._lock:
            return self._pending

    @Slot(object)
    def _deliver(self, delivery: _Delivery) -> None:
        with self._lock:
            self._pending -= 1
        if self._closed or (delivery.owner is not None and not alive(delivery.owner)):
            return
        if delivery.future.cancelled():
            return
        error = delivery.future.exception()
        if error is None:
            if delivery.success is not None:
                delivery.success(delivery.future.result())
            return
        if delivery.failure is not None:
            delivery.failure(error)
        elif self._on_error is not None:
            self._on_error(error)
        else:
            log.error("an op failed", exc_info=error)

    def shutdown(self) -> None:
        """No callback runs after this (the pool belongs to the job runner)."""
        self._closed = True


def alive(widget: QObject) -> bool:
    """Whether the C++ side of ``widget`` still exists."""
    import shiboken6

    return shiboken6.isValid(widget)
