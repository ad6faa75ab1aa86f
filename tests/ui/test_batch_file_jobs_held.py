"""Exports and imports from the Batches page while they run: Cancel stops an export and keeps
no file (nothing in the exports bucket, nothing left in staging) and the line says it was
cancelled; a job started while another runs on the page's one progress line does not lose
the first one's result (its file, its import's result).

The first export or import is held at its first progress report by the job store (the real
one, on the test database, behind a gate), so what the test does always lands while it runs."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mesdesk.domain.files import Bucket
from mesdesk.jobs.update import CANCELLED
from tests.support.batches_page import open_page, seed
from tests.support.db import scalar
from tests.support.screens import keep_screenshot

WAIT = 30000


class GatedJobStore:
    """The real job store; the first progress report of an export or an import waits for
    ``release``."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self._held_kinds: set[int] = set()
        self.held = threading.Event()           # the export is waiting at the gate
        self.release = threading.Event()
        self.cancel_asked = threading.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def create(self, kind: str, parameters: dict, station: str) -> int:
        job_id = self._store.create(kind, parameters, station)
        if kind.startswith(("export", "import")):
            self._held_kinds.add(job_id)
        return job_id

    def progress(self, job_id: int, *args: Any, **kwargs: Any) -> bool:
        if job_id in self._held_kinds and not self.held.is_set():
            self.held.set()
            if not self.release.wait(WAIT / 1000):
                raise TimeoutError("the test never released the export")
        return self._store.progress(job_id, *args, **kwargs)

    def request_cancel(self, job_id: int) -> bool:
        asked = self._store.request_cancel(job_id)
        self.cancel_asked.set()
        return asked


@pytest.fixture
def gate(engine):
    from mesdesk.adapters.db.job_store import SqlJobStore

    gate = GatedJobStore(SqlJobStore(engine))
    yield gate
    gate.release.set()                          # never leave a job thread waiting


@pytest.fixture
def desktop_overrides(gate):
    return {"job_store": gate}


def test_cancel_stops_the_export_and_keeps_no_file(desktop, qtbot, uow_factory, engine, tz,
                                                    gate):
    from mesdesk.ui.views.batches.file_choices import SheetFormat

    seed(uow_factory, tz, 30)
    page = open_page(desktop, qtbot)
    qtbot.waitUntil(lambda: page.model.total == 30, timeout=WAIT)
    dialog = page.choose_export()
    dialog.format.set_value(SheetFormat.XLSX)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(gate.held.is_set, timeout=WAIT)
    progress = page.file_progress
    qtbot.waitUntil(lambda: progress.cancel_button.isVisible()
                    and progress.cancel_button.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(gate.cancel_asked.is_set, timeout=WAIT)
    gate.release.set()

    qtbot.waitUntil(lambda: "was cancelled" in progress.label.text().lower()
                    and not progress.cancel_button.isVisible(), timeout=WAIT)
    assert not page.file_result.isVisible()
    keep_screenshot(desktop.window, "batches_export_cancelled")
    store = desktop.backend.runtime.file_store
    assert store.list(Bucket.EXPORTS) == []
    assert list(store.staging_path().parent.iterdir()) == []
    qtbot.waitUntil(lambda: scalar(engine, "SELECT status FROM jobs WHERE kind = "
                                           "'export_batches'") == CANCELLED, timeout=WAIT)


def test_an_export_started_while_another_runs_keeps_the_first_ones_file(
        desktop, qtbot, uow_factory, engine, tz, gate):
    from mesdesk.ui.views.batches.file_choices import SheetFormat

    seed(uow_factory, tz, 30)
    page = open_page(desktop, qtbot)
    qtbot.waitUntil(lambda: page.model.total == 30, timeout=WAIT)
    for fmt in (SheetFormat.XLSX, SheetFormat.CSV):
        dialog = page.choose_export()
        dialog.format.set_value(fmt)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(gate.held.is_set, timeout=WAIT)     # the first is held

    qtbot.waitUntil(lambda: page.file_result.isVisible()
                    and page.file_result.file.object.endswith(".csv"), timeout=WAIT)
    gate.release.set()
    qtbot.waitUntil(lambda: page.file_result.file.object.endswith(".xlsx"), timeout=WAIT)
    store = desktop.backend.runtime.file_store
    assert sorted(f.name.rsplit(".", 1)[1] for f in store.list(Bucket.EXPORTS)) == ["csv",
                                                                                  "xlsx"]
    assert not page.file_progress.cancel_button.isVisible()


def test_an_export_started_while_an_import_runs_keeps_the_imports_result(
        desktop, qtbot, uow_factory, engine, tz, tmp_path, gate):
    from mesdesk.ui.views.batches.file_choices import SheetFormat
    from tests.support.sheets import batch_row, batches_xlsx

    seed(uow_factory, tz, 3)                    # something for the export to list
    path = batches_xlsx(tmp_path / "Задания.xlsx", [batch_row(4001), batch_row(4002)])
    page = open_page(desktop, qtbot)
    qtbot.waitUntil(lambda: page.model.total == 3, timeout=WAIT)
    dialog = page.choose_import_file(path)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(gate.held.is_set, timeout=WAIT)             # the import is held
    dialog = page.choose_export()
    dialog.format.set_value(SheetFormat.CSV)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.file_result.isVisible(), timeout=WAIT)

    with qtbot.waitSignal(page.sheet_import.finished, timeout=WAIT) as finished:
        gate.release.set()
    assert finished.args[0].created == 2
    qtbot.waitUntil(lambda: any(d.objectName() == "importResultDialog"
                                for d in page._dialogs), timeout=WAIT)
    assert scalar(engine, "SELECT count(*) FROM batches") == 5
