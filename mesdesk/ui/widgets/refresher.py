"""Refresher: keeps one screen's data fresh with one read in flight and at most one follow-up.

A screen asks for fresh data as often as it likes (a NOTIFY arrived, the user changed a
filter, a timer ran out); the refresher runs its ``read`` as an op, and any number of asks
made while that read runs become a single read after it. While the database is known to be
lost it reads nothing: the asks wait, and one read runs when the connection is back.

    self._rows = Refresher(backend.ops, read=lambda: backend.use.list_subscriptions(),
                           apply=self._show, failed=self._show_failure, parent=self)
    self._rows.follow_connection(backend.changes)        # pause while offline
    backend.changes.changed.connect(lambda _: self._rows.refresh())   # NOTIFY wakes it
    self._rows.every(30_000)                              # only where no NOTIFY exists

``apply`` runs on the GUI thread with the read's result; ``failed`` with its error (without
it, failures are logged: a background refresh must not pop up a dialog every few seconds).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from .ops import OpRunner

log = logging.getLogger(__name__)


class Refresher(QObject):
    """``busy_changed(bool)`` when a read starts or the last one ends."""

    busy_changed = Signal(bool)

    def __init__(self, ops: OpRunner, *, read: Callable[[], Any], apply: Callable[[Any], None],
                 failed: Callable[[BaseException], None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._read = read
        self._apply = apply
        self._failed = failed
        self._busy = False
        self._again = False          # asked while a read ran, or while paused
        self._paused = False
        self._timer: QTimer | None = None
        self._spacing = 0.0          # s from the end of one read to the next (at_most_every)
        self._ended = float("-inf")
        self._spacer: QTimer | None = None
        self._urgent = False         # the next read is not spaced (refresh_now)

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def waiting(self) -> bool:
        """An ask waits for a read to end, the pause to end or its turn (``at_most_every``)."""
        return self._again

    @property
    def paused(self) -> bool:
        return self._paused

    @Slot()
    def refresh(self) -> None:
        """Read now, or once after the read in flight (or once the pause ends)."""
        if self._busy or self._paused:
            self._again = True
            return
        wait = self._ended + self._spacing - time.monotonic()
        if wait > 0 and not self._urgent:
            self._again = True
            self._wait_for_spacing(wait)
            return
        self._again = False
        self._urgent = False
        self._set_busy(True)
        try:
            self._ops.run(self._read, success=self._on_read, failure=self._on_failed,
                          owner=self)
        except RuntimeError:            # the app is shutting down
            self._set_busy(False)

    def refresh_now(self) -> None:
        """Like ``refresh``, but not spaced by ``at_most_every``: for what the user did (chose
        a batch, kept scans got their verdicts), not for the flood of changes."""
        self._urgent = True
        if self._spacer is not None:
            self._spacer.stop()
        self.refresh()

    def set_paused(self, paused: bool) -> None:
        """No reads while paused; one read on resume if any was asked meanwhile."""
        if paused == self._paused:
            return
        self._paused = paused
        if not paused and self._again and not self._busy:
            self.refresh()

    def follow_connection(self, changes: Any) -> None:
        """Pause while ``changes.state_changed`` says the database is not connected, and
        read once when it is back (``changes``: the app's ``ChangesBridge``)."""
        changes.state_changed.connect(self._on_connection)

    def every(self, milliseconds: int) -> None:
        """Also read every ``milliseconds``: only for data no NOTIFY announces."""
        if self._timer is None:
            self._timer = QTimer(self)
            self._timer.timeout.connect(self.refresh)
        self._timer.setInterval(milliseconds)
        self._timer.start()

    def at_most_every(self, milliseconds: int) -> None:
        """Leave at least ``milliseconds`` between the end of one read and the start of the
        next; asks in between become one read when the time comes (data that changes with
        every scan of every station). Counted from the end, so reads start at least that far
        apart wherever they are timed, and a slow read gives the database the same rest."""
        self._spacing = milliseconds / 1000

    def _wait_for_spacing(self, seconds: float) -> None:
        if self._spacer is None:
            self._spacer = QTimer(self)
            self._spacer.setSingleShot(True)
            self._spacer.timeout.connect(self.refresh)
        if not self._spacer.isActive():
            self._spacer.start(max(1, round(seconds * 1000)))

    def stop_polling(self) -> None:
        """No more reads by the clock (``every``); asks still read."""
        if self._timer is not None:
            self._timer.stop()

    def stop(self) -> None:
        """No more reads at all (a read in flight is ignored)."""
        self.stop_polling()
        if self._spacer is not None:
            self._spacer.stop()
        self._paused = True
        self._again = False

    # -- GUI thread, from the op ------------------------------------------------------------------

    @Slot(str)
    def _on_connection(self, state: str) -> None:
        if state == "connected":
            self._again = True           # whatever changed while offline is read now
        self.set_paused(state != "connected")

    def _on_read(self, result: Any) -> None:
        self._ended = time.monotonic()
        self._set_busy(False)
        try:
            self._apply(result)
        finally:
            self._follow_up()

    def _on_failed(self, error: BaseException) -> None:
        self._ended = time.monotonic()
        self._set_busy(False)
        try:
            if self._failed is not None:
                self._failed(error)
            else:
                log.warning("a refresh failed: %s", error)
        finally:
            self._follow_up()

    def _follow_up(self) -> None:
        if self._again and not self._paused:
            self.refresh()

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
