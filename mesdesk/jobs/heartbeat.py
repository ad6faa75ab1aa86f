"""The runner's sign of life: one UPDATE every few seconds for all of its active jobs.

A job row whose heartbeat is older than the store's lease (30 s) belongs to a process that
died; ``JobStore.fail_abandoned`` fails it at the next start or in a worker's periodic pass.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

from mesdesk.services.ports import JobStore

log = logging.getLogger(__name__)

#: Seconds between two heartbeats: a third of the store's 30 s lease.
HEARTBEAT_INTERVAL = 10.0


class Heartbeat:
    """A daemon thread that beats while the runner has active jobs; started on first use."""

    def __init__(self, store: JobStore, active: Callable[[], Iterable[int]], *,
                 interval: float = HEARTBEAT_INTERVAL, name: str = "mesdesk-job-heartbeat"
                 ) -> None:
        self._store = store
        self._active = active
        self._interval = interval
        self._name = name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._thread is not None or self._stop.is_set():
                return
            self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def beat(self) -> None:
        """Write one heartbeat now for the active jobs (never raises)."""
        ids = list(self._active())
        if not ids:
            return
        try:
            self._store.heartbeat(ids)
        except Exception:
            log.warning("Could not write the heartbeat of jobs %s", ids, exc_info=True)

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            self.beat()
