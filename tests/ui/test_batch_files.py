"""Reports and exports from the Batches page, on the test database: the dialog, the job's
progress in place and in the Jobs area, the finished file offered and openable; a cancelled
job leaves no file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mesdesk.domain.files import Bucket
from mesdesk.jobs.update import SUCCEEDED
from mesdesk.services.batches import add_products
from mesdesk.ui.views.batches.file_choices import ReportFormat
from tests.support.batches_page import open_page, seed, select
from tests.support.db import scalar
from tests.support.factories import marking_code
from tests.support.screens import keep_screenshot

WAIT = 30000


def _batch_with_codes(uow_factory, engine, tz, number: int = 1000, codes: int = 30) -> int:
    seed(uow_factory, tz, 1, first=number)
    batch_id = scalar(engine, "SELECT id FROM batches WHERE batch_number = :n", n=number)
    add_products(uow_factory, batch_id, [marking_code(n) for n in range(codes)])
    return batch_id


@pytest.mark.parametrize("fmt", [ReportFormat.PDF, ReportFormat.XLSX])
def test_a_report_is_made_kept_and_offered(desktop, qtbot, uow_factory, engine, tz, opened,
                                          fmt):
    batch_id = _batch_with_codes(uow_factory, engine, tz)
    page = open_page(desktop, qtbot)
    select(page, qtbot, 1000)
    assert page.batch_actions.report.isEnabled()
    dialog = page.choose_report()
    dialog.format.set_value(fmt)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.file_result.isVisible(), timeout=WAIT)
    made = page.file_result.file
    assert made.object.startswith(f"batch_{batch_id}_report_") and made.object.endswith(
        f".{fmt.value}")
    assert made.bucket == Bucket.REPORTS and made.rows == 30
    data = made.path.read_bytes()
    assert data.startswith(b"%PDF" if fmt is ReportFormat.PDF else b"PK")
    assert made.object in page.file_result.label.text()
    keep_screenshot(desktop.window, f"batches_report_done_{fmt.value}")
    assert scalar(engine, "SELECT kind || ' ' || status FROM jobs ORDER BY id DESC LIMIT 1") \
        == f"report {SUCCEEDED}"

    qtbot.mouseClick(page.file_result.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.file_result.folder_button, Qt.MouseButton.LeftButton)
    assert [Path(url.toLocalFile()) for url in opened.urls] == [made.path, made.path.parent]


def test_report_needs_a_selected_batch(desktop, qtbot, uow_factory, tz):
    seed(uow_factory, tz, 2)
    page = open_page(desktop, qtbot)
    page.table.clearSelection()
    page.table.setCurrentIndex(page.model.index(-1, -1))
    qtbot.waitUntil(lambda: not page.batch_actions.report.isEnabled(), timeout=WAIT)
    assert page.choose_report() is None


def test_an_export_of_what_the_list_shows_and_of_the_selected_batchs_codes(
        desktop, qtbot, uow_factory, engine, tz, opened):
    from mesdesk.ui.views.batches.file_choices import ExportScope, ExportWhat, SheetFormat
    from python_calamine import CalamineWorkbook

    batch_id = _batch_with_codes(uow_factory, engine, tz, number=1000, codes=12)
    seed(uow_factory, tz, 4, first=2000)
    page = open_page(desktop, qtbot)
    qtbot.waitUntil(lambda: page.model.total == 5, timeout=WAIT)

    dialog = page.choose_export()
    dialog.format.set_value(SheetFormat.XLSX)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.file_result.isVisible(), timeout=WAIT)
    made = page.file_result.file
    assert made.bucket == Bucket.EXPORTS and made.rows == 5
    assert made.object.startswith("batches_export_") and made.object.endswith(".xlsx")
    sheet = CalamineWorkbook.from_path(str(made.path)).get_sheet_by_index(0).to_python()
    assert sheet[0][:2] == ["СтатусЗакрытия", "ПредставлениеЗаданияНаСмену"]
    assert len(sheet) == 6
    keep_screenshot(desktop.window, "batches_export_done")

    select(page, qtbot, 1000)
    dialog = page.choose_export()
    dialog.what.set_value(ExportWhat.PRODUCTS)
    dialog.scope.set_value(ExportScope.SELECTED)
    dialog.format.set_value(SheetFormat.CSV)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.file_result.isVisible()
                    and page.file_result.file.object.endswith(".csv"), timeout=WAIT)
    made = page.file_result.file
    assert made.rows == 12
    lines = made.path.read_bytes().decode("utf-8-sig").rstrip("\r\n").split("\r\n")
    assert lines[0].startswith("УникальныйКодПродукта;") and len(lines) == 13
    assert str(batch_id) in scalar(
        engine, "SELECT parameters::text FROM jobs WHERE kind = 'export_products' ORDER BY id DESC LIMIT 1")


def test_import_of_a_sheet_says_row_by_row_what_it_did(desktop, qtbot, uow_factory, engine,
                                                       tz, tmp_path):
    from tests.support.sheets import batch_row, batches_xlsx

    seed(uow_factory, tz, 1, first=3001)            # already stored: skipped, not changed
    path = batches_xlsx(tmp_path / "Задания.xlsx", [
        batch_row(3001), batch_row(3002), batch_row(3003, НомерПартии="три")])
    page = open_page(desktop, qtbot)
    dialog = page.choose_import_file(path)
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(page.sheet_import.finished, timeout=WAIT) as finished:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    result = finished.args[0]
    assert (result.total_rows, result.created, result.skipped, result.rejected) == (3, 1, 1, 1)
    shown = next(d for d in page._dialogs if d.objectName() == "importResultDialog")
    keep_screenshot(shown, "import_result")
    rows = {shown.model.index(r, 0).data(): shown.model.index(r, 3).data()
            for r in range(shown.model.rowCount())}
    assert set(rows) == {"2", "4"}                  # Excel's rows: the header is row 1
    assert "Duplicate batch number and date" in rows["2"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=WAIT)
    assert scalar(engine, "SELECT kind || ' ' || status FROM jobs ORDER BY id DESC LIMIT 1") \
        == f"import {SUCCEEDED}"


@pytest.mark.parametrize("content, said", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "not a spreadsheet"),
    (b"PK\x03\x04" + b"\x00" * 300, "damaged"),
    (b"", "empty"),
])
def test_a_bad_file_is_refused_in_words_and_changes_nothing(desktop, qtbot, engine, tmp_path,
                                                            content, said):
    path = tmp_path / "Задания.xlsx"
    path.write_bytes(content)
    page = open_page(desktop, qtbot)
    dialog = page.choose_import_file(path)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(d.objectName() == "importError" for d in page._dialogs),
                    timeout=WAIT)
    box = next(d for d in page._dialogs if d.objectName() == "importError")
    text = box.text()
    assert "Задания.xlsx" in text and said in text.lower(), text
    assert "Error" not in text and "Traceback" not in text and "zipfile" not in text
    assert scalar(engine, "SELECT count(*) FROM batches") == 0
