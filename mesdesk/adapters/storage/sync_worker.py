"""The file sync worker (§8): a plain thread with a stop event that runs the passes of
``services.file_sync`` every few seconds, and at once when woken (a file was queued).

One pass: upload this station's due files, record the files dropped into the object store's
``imports``, import what waits there, and import what 1C put in the local exchange folder.
Each step's failure (MinIO away, a broken file) is logged and the next step still runs: the
queue keeps what could not be done, for the next pass.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from mesdesk.domain.errors import DomainError
from mesdesk.services import file_sync
from mesdesk.services.dto import SyncSummary
from mesdesk.services.synced_store import SyncedFileStore

log = logging.getLogger(__name__)

POLL_SECONDS = 5.0
STOP_TIMEOUT = 10.0


class FileSyncWorker:
    """``importer`` imports one file (as a job); None: files waiting in ``imports`` are left
    to a worker that has one. ``exchange_dir``: 1C's local folder, or None."""

    def __init__(self, store: SyncedFileStore, importer: file_sync.Importer | None, *,
                 exchange_dir: Path | None = None, poll_interval: float = POLL_SECONDS,
                 on_pass: Callable[[SyncSummary], None] | None = None) -> None:
        self._store = store
        self._importer = importer
        self._exchange_dir = exchange_dir
        self._poll = poll_interval
        self._on_pass = on_pass
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="mesdesk-file-sync",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(STOP_TIMEOUT)

    def wake(self) -> None:
        self._wake.set()

    def run_once(self) -> SyncSummary:
        """One pass, synchronously (``mesdesk files sync``, tests)."""
        summary = self._step("upload", lambda: file_sync.upload_queued(self._store)) \
            or SyncSummary()
        imported = 0
        if self._importer is not None:
            self._step("find dropped files", lambda: file_sync.find_dropped(self._store))
            imported += self._step("import waiting files", lambda: file_sync.import_waiting(
                self._store, self._importer)) or 0
            if self._exchange_dir is not None:
                imported += self._step("import the exchange folder", lambda: (
                    file_sync.import_exchange_folder(self._exchange_dir, self._store.station,
                                                     self._importer))) or 0
        summary = SyncSummary(summary.uploaded, summary.failed, summary.waiting, imported)
        if self._on_pass is not None:
            self._on_pass(summary)
        return summary

    def _step(self, what: str, step: Callable[[], object]):
        try:
            return step()
        except DomainError as exc:
            log.info("file sync could not %s: %s", what, exc.problem.message)
        except Exception:  # noqa: BLE001 - the worker lives on; the next pass retries
            log.exception("file sync could not %s", what)
        return None

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            self.run_once()
            self._wake.wait(self._poll)
