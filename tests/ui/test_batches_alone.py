"""The Batches page alone: on ``runtime_without_database`` with the batch use cases in memory
(``MemoryBatches``), no PostgreSQL, no dispatcher. What the list, the actions and the import
flow show the supervisor; the same flows on the real database are in test_batches_view.py."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtWidgets import QMainWindow

from mesdesk.config import Settings
from mesdesk.ui.backend import Backend
from mesdesk.ui.views.batches.page import BatchesPage
from tests.support.batches_page import drop
from tests.support.factories import batch_item
from tests.support.fakes import runtime_without_database
from tests.support.memory_batches import MemoryBatches

WAIT = 10000


@pytest.fixture
def batches() -> MemoryBatches:
    return MemoryBatches()


@pytest.fixture
def page(qtbot, tmp_path, batches):
    """The Batches page in a bare window, on batches in memory."""
    runtime = runtime_without_database(
        Settings(data_dir=tmp_path, config_dir=tmp_path, station="desk-1",
                 timezone="Asia/Yekaterinburg"), **batches.use_cases())
    backend = Backend.build(runtime)
    window = QMainWindow()
    qtbot.addWidget(window)
    page = BatchesPage(backend, window)
    window.setCentralWidget(page)
    window.resize(1200, 700)
    window.show()
    yield page
    page.shutdown()
    backend.close()
    runtime.close()


def settled(page: BatchesPage, qtbot, rows: int | None = None) -> None:
    """The list read (and counted), with ``rows`` rows when given."""
    qtbot.waitUntil(lambda: page.model.loaded_once and not page.model.fetching
                    and page.model.total is not None
                    and (rows is None or page.model.rowCount() == rows), timeout=WAIT)


def numbers(page: BatchesPage) -> list[int]:
    return [page.model.batch_at(row).batch_number for row in range(page.model.rowCount())]



def dialog_named(page: BatchesPage, name: str):
    return next((d for d in page._dialogs if d.objectName() == name), None)


def test_an_empty_list_says_how_to_get_batches(page, qtbot):
    settled(page, qtbot, rows=0)
    assert page.empty.text == (
        "There are no batches yet. Import a 1C file (Ctrl+O, or drop it here) or create a "
        "batch (Ctrl+N).")
    assert page.count_label.text() == "Batches: 0"
    assert not page.batch_actions.edit.isEnabled()
    assert page.batch_actions.new.isEnabled() and page.batch_actions.import_.isEnabled()


def test_the_selection_decides_what_may_be_done(page, qtbot, batches):
    batches.add(11, date(2024, 1, 29))
    batches.add(12, date(2024, 1, 30), is_closed=True)
    page.refresh()
    settled(page, qtbot, rows=2)
    assert numbers(page) == [12, 11]                  # the newest first
    assert page.count_label.text() == "Batches: 2"

    page.select_row(0)                                 # the closed one
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=WAIT)
    actions = page.batch_actions
    assert actions.reopen.isEnabled()
    assert not actions.close.isEnabled() and not actions.edit.isEnabled()
    assert actions.edit.toolTip() == "The batch is closed: reopen it first."
    page.edit_batch()                                  # F2 all the same: told why not
    assert page.window_.statusBar().currentMessage() == \
        "Batch 12 is closed: reopen it before editing."

    page.select_row(1)                                 # the open one
    assert actions.edit.isEnabled() and actions.close.isEnabled()
    assert actions.add_codes.isEnabled() and not actions.reopen.isEnabled()


def test_a_dropped_file_is_imported_as_a_job_the_page_follows(page, qtbot, batches, tmp_path):
    batches.add(20)
    page.refresh()
    settled(page, qtbot, rows=1)
    path = tmp_path / "смена.json"
    path.write_text(json.dumps([batch_item(20, Бригада="Бригада №4"), batch_item(21),
                                batch_item(22, НомерПартии="двадцать два")],
                               ensure_ascii=False), encoding="utf-8")
    submitted: list[int] = []
    page.import_submitted.connect(submitted.append)
    with qtbot.waitSignal(page.import_finished, timeout=WAIT) as finished:
        drop(page, [path])
    assert len(submitted) == 1                         # one job, its progress followed here
    report = finished.args[0]
    assert (report.result.created, report.result.updated) == (1, 1)
    dialog = dialog_named(page, "intakeResultDialog")
    assert dialog.summary.text() == \
        "Batches created: 1. Updated: 1. Unchanged: 0. Rejected: 1."
    rows = [dialog.model.row_texts(row) for row in range(dialog.model.rowCount())]
    assert [row[3] for row in rows] == ["Updated", "Created", "Rejected"]
    assert rows[2][4:] == ("НомерПартии (batch_number)",
                           "Enter a whole number (got 'двадцать два').")
    assert not page.import_progress.isVisible()       # cleared once the result is shown
    assert page.window_.statusBar().currentMessage() == "смена.json was imported."
    qtbot.waitUntil(lambda: sorted(numbers(page)) == [20, 21], timeout=WAIT)
    qtbot.waitUntil(lambda: page.count_label.text() == "Batches: 2", timeout=WAIT)  # counted


def test_a_file_that_cannot_be_read_is_explained_and_nothing_changes(page, qtbot, batches,
                                                                     tmp_path):
    batches.add(30)
    page.refresh()
    settled(page, qtbot, rows=1)
    path = tmp_path / "broken.json"
    path.write_text('[{"НомерПартии": 1,,}]', encoding="utf-8")
    page.import_files([path])
    qtbot.waitUntil(lambda: dialog_named(page, "importError") is not None, timeout=WAIT)
    box = dialog_named(page, "importError")
    assert box.windowTitle() == "Import of broken.json"
    assert box.text().startswith("broken.json is not valid JSON: ")
    assert "Traceback" not in box.text()
    assert not page.import_progress.isVisible()
    assert page.window_.statusBar().currentMessage() == ""
    assert numbers(page) == [30]
    box.close()
