"""Scans off the GUI thread, one at a time, in the order they were made.

The station journals every scan (an SQLite write) and decides it (one PostgreSQL statement):
both happen on one worker thread of their own, so verdicts come back in scan order and a
slow page query on the shared task pool never delays a scan. Results reach the GUI thread
as signals.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from mesdesk.domain.scanner_input import CapturedScan
from mesdesk.services.dto import ScanResult

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ScanOutcome:
    """A decided (or kept) scan as the screen shows it."""

    capture: CapturedScan
    result: ScanResult
    pending: int            # scans waiting in the journal after this one
    decided_at: float       # time.perf_counter() when the worker had the verdict


@dataclass(frozen=True, slots=True)
class ScanFailure:
    """A scan the station could not even journal (a broken disk, a bug): said out loud."""

    capture: CapturedScan
    error: BaseException


@dataclass(frozen=True, slots=True)
class Replay:
    results: tuple[ScanResult, ...]
    pending: int


class ScanBridge(QObject):
    """``station()`` returns the ScanStation; it is first called on the worker thread."""

    decided = Signal(object)      # ScanOutcome
    failed = Signal(object)       # ScanFailure
    replayed = Signal(object)     # Replay (also when nothing could be replayed)

    def __init__(self, station: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._station = station
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="mesdesk-scan")
        self._closed = False

    def scan(self, batch_id: int, capture: CapturedScan) -> None:
        self._submit(lambda station: station.scan(batch_id, capture.raw, capture.source),
                     capture)

    def keep(self, batch_id: int, capture: CapturedScan) -> None:
        """Journal the scan now, decide it at the next ``replay``."""
        self._submit(lambda station: station.keep(batch_id, capture.raw, capture.source),
                     capture)

    def replay(self) -> None:
        if not self._closed:
            self._pool.submit(self._replay)

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=False)

    # -- worker thread -------------------------------------------------------------------------

    def _submit(self, work: Callable[[Any], ScanResult], capture: CapturedScan) -> None:
        if self._closed:
            return
        self._pool.submit(self._run, work, capture)

    def _run(self, work: Callable[[Any], ScanResult], capture: CapturedScan) -> None:
        try:
            station = self._station()
            result = work(station)
            decided = time.perf_counter()
            pending = station.pending_count
        except Exception as exc:  # noqa: BLE001 - shown on the screen, never swallowed
            log.exception("a scan could not be processed")
            self.failed.emit(ScanFailure(capture, exc))
            return
        self.decided.emit(ScanOutcome(capture, result, pending, decided))

    def _replay(self) -> None:
        try:
            station = self._station()
            results = station.replay()
            pending = station.pending_count
        except Exception:  # noqa: BLE001 - the next replay tries again
            log.exception("replaying the offline scans failed")
            return
        self.replayed.emit(Replay(tuple(results), pending))
