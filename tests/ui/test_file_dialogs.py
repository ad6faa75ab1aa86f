"""The Export, Report and Import dialogs and the bar that offers a finished file, alone: no
PostgreSQL (``runtime_without_database``), real files on disk. The jobs behind them are tested
against the database in tests/integration and through the Batches page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt

from mesdesk.config import Settings
from mesdesk.domain.files import Bucket
from mesdesk.services.dto import BatchFilter, MadeFile
from mesdesk.services.file_output import staged_file
from mesdesk.ui.backend import Backend
from mesdesk.ui.text.formats import Formats
from mesdesk.ui.views.batches.file_choices import (
    ExportChoices, ExportScope, ExportWhat, ImportChoices, ImportInto, ReportFormat,
    SheetFormat,
)
from mesdesk.ui.views.batches.file_dialogs import ExportDialog, ImportDialog, ReportDialog
from mesdesk.ui.widgets.file_result import FileResultBar
from tests.support.fakes import runtime_without_database
from tests.support.memory_batches import batch
from tests.support.screens import cyrillic, keep_screenshot

WAIT = 10000
SELECTED = batch(7, 995404, date(2026, 12, 4), nomenclature="Вода минеральная «Исток» 1,5 л")


@pytest.fixture
def formats(tz, language):
    """Formats of the language the test runs in (every test here runs in both)."""
    return Formats(tz, QLocale())


@pytest.fixture
def backend(tmp_path):
    runtime = runtime_without_database(Settings(data_dir=tmp_path, config_dir=tmp_path,
                                                station="desk-1", timezone="Asia/Yekaterinburg"))
    backend = Backend.build(runtime)
    yield backend
    backend.close()
    runtime.close()


def test_export_offers_the_list_or_the_selected_batch(qtbot, formats, language):
    dialog = ExportDialog(ExportChoices(BatchFilter(is_closed=False), 1250, SELECTED), formats)
    qtbot.addWidget(dialog)
    dialog.show()
    keep_screenshot(dialog, f"export_dialog_{language}")
    listed = dialog.scope.buttons[ExportScope.LISTED].text()
    assert "1" in listed and "250" in listed          # the count, in the user's digits
    assert "995404" in dialog.scope.buttons[ExportScope.SELECTED].text()
    if language == "ru":
        assert cyrillic(dialog.windowTitle()) and cyrillic(dialog.ok_button.text())
    dialog.what.set_value(ExportWhat.PRODUCTS)
    dialog.scope.set_value(ExportScope.SELECTED)
    dialog.format.set_value(SheetFormat.CSV)
    with qtbot.waitSignal(dialog.chosen) as chosen:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    request = chosen.args[0]
    assert (request.what, request.scope, request.fmt, request.batch_ids) == (
        ExportWhat.PRODUCTS, ExportScope.SELECTED, SheetFormat.CSV, (7,))
    assert not dialog.isVisible()


def test_export_without_a_selection_cannot_choose_it(qtbot, formats):
    dialog = ExportDialog(ExportChoices(BatchFilter(), None, None), formats)
    qtbot.addWidget(dialog)
    assert not dialog.scope.buttons[ExportScope.SELECTED].isEnabled()
    assert dialog.scope.value() is ExportScope.LISTED and dialog.ok_button.isEnabled()


def test_the_selected_batch_alone_is_offered_for_its_product_codes(qtbot, formats):
    dialog = ExportDialog(ExportChoices(BatchFilter(), 0, SELECTED), formats)    # empty list
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()             # batches of an empty list: nothing
    dialog.what.set_value(ExportWhat.PRODUCTS)
    assert dialog.scope.value() is ExportScope.SELECTED and dialog.ok_button.isEnabled()
    dialog.what.set_value(ExportWhat.BATCHES)
    assert not dialog.scope.buttons[ExportScope.SELECTED].isEnabled()
    assert not dialog.ok_button.isEnabled()


def test_report_asks_the_format(qtbot, formats, language):
    dialog = ReportDialog(SELECTED, formats)
    qtbot.addWidget(dialog)
    dialog.show()
    keep_screenshot(dialog, f"report_dialog_{language}")
    assert dialog.format.value() is ReportFormat.PDF
    dialog.format.set_value(ReportFormat.XLSX)
    with qtbot.waitSignal(dialog.chosen) as chosen:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert chosen.args[0].batch_id == 7 and chosen.args[0].fmt is ReportFormat.XLSX


def test_import_waits_for_a_file_and_codes_need_an_open_batch(qtbot, formats, language, tmp_path):
    dialog = ImportDialog(ImportChoices(SELECTED), formats)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()             # no file yet
    dialog.path.setText(str(tmp_path / "Задания на смену.xlsx"))
    dialog.update_existing.setChecked(True)
    keep_screenshot(dialog, f"import_dialog_{language}")
    assert dialog.ok_button.isEnabled()
    dialog.into.set_value(ImportInto.SELECTED)
    assert not dialog.update_existing.isEnabled()       # codes are added, never "updated"
    with qtbot.waitSignal(dialog.chosen) as chosen:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    request = chosen.args[0]
    assert request.into is ImportInto.SELECTED and request.batch_id == 7
    assert request.path.name == "Задания на смену.xlsx"

    closed = ImportDialog(ImportChoices(batch(8, 18, is_closed=True)), formats)
    qtbot.addWidget(closed)
    assert not closed.into.buttons[ImportInto.SELECTED].isEnabled()


def _stored(backend, name: str, content: bytes) -> MadeFile:
    store = backend.runtime.file_store
    with staged_file(store, ".xlsx") as path:
        path.write_bytes(content)
        return MadeFile.of(store.store(Bucket.EXPORTS, name, path), rows=120)


def test_a_finished_file_opens_shows_its_folder_and_saves_a_copy(qtbot, backend, formats,
                                                                 opened, tmp_path, language):
    stored = _stored(backend, "batches_export_20261204_081500.xlsx", b"x" * 15_000)
    bar = FileResultBar(backend, formats)
    qtbot.addWidget(bar)
    bar.resize(900, 40)
    bar.show_file(stored, bar.tr("Export of 120 batches"))
    bar.show()
    keep_screenshot(bar, f"file_result_{language}")
    assert stored.object in bar.label.text()
    assert ("14.6 KB" if language == "en" else "14,6") in bar.label.text()

    assert bar.open_file()
    assert bar.show_in_folder()
    assert [Path(url.toLocalFile()) for url in opened.urls] == [stored.path, stored.path.parent]

    target = tmp_path / "копия.xlsx"
    with qtbot.waitSignal(bar.saved, timeout=WAIT):
        bar.save_copy(target)
    assert target.read_bytes() == stored.path.read_bytes()

    bar.save_copy(tmp_path / "no such folder" / "copy.xlsx")
    qtbot.waitUntil(lambda: "could not" in bar.label.text() or "удалось" in bar.label.text(),
                    timeout=WAIT)
    assert stored.path.exists()
