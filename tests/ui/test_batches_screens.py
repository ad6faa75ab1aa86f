"""The Batches area at the size of a common supervisor's laptop (1366×768), with realistic
data: nothing clipped, numbers and dates aligned, empty states explained.

Set MESDESK_SCREENSHOTS to a folder to keep the pictures for a look.
"""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mesdesk.services.demo import fill_demo
from mesdesk.ui.views.batches.model import DATE, NUMBER, PRODUCTS, RATE, SHIFT_START
from tests.support.screens import keep_screenshot


def _page(desktop, qtbot):
    page = desktop.window.page("batches")
    desktop.window.show_area("batches")
    qtbot.waitUntil(lambda: page.model.loaded_once and not page.model.fetching, timeout=10000)
    return page


def test_the_batches_area_with_demo_data_at_1366x768(desktop, qtbot, uow_factory, tz):
    fill_demo(uow_factory, tz, batches=300)
    page = _page(desktop, qtbot)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() >= 100 and not page.model.fetching,
                    timeout=10000)
    qtbot.waitUntil(lambda: page.model.total == 300, timeout=10000)
    page.select_row(2)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=10000)
    qtbot.waitUntil(lambda: page.detail.products_model.rowCount() > 0, timeout=10000)
    QApplication.processEvents()
    keep_screenshot(desktop.window, "batches_demo")

    model = page.model
    right = Qt.AlignmentFlag.AlignRight
    for column in (NUMBER, PRODUCTS, RATE):
        assert model.data(model.index(0, column), Qt.ItemDataRole.TextAlignmentRole) & right
    assert not model.data(model.index(0, DATE), Qt.ItemDataRole.TextAlignmentRole) & right
    # Every date and time of a column has one width (zero-padded), so they line up.
    starts = {len(model.data(model.index(row, SHIFT_START))) for row in range(20)}
    assert len(starts) == 1
    assert page.count_label.text() in ("Batches: 300", "Batches: 100 of 300 loaded")
    # The toolbar shows every action without an overflow menu at this width.
    toolbar = page.toolbar
    for action in toolbar.actions():
        if not action.isSeparator():
            assert toolbar.widgetForAction(action).isVisible(), action.text()


def test_empty_states_say_why_and_what_to_do(desktop, qtbot):
    page = _page(desktop, qtbot)
    assert "There are no batches yet" in page.empty.text
    assert "Ctrl+O" in page.empty.text
    assert "Select a batch" in page.detail.empty.text()
    keep_screenshot(desktop.window, "batches_empty")
    page.filter_bar.search.setText("nothing like this")
    page.filter_bar.apply_now()
    qtbot.waitUntil(lambda: "No batches match these filters" in page.empty.text, timeout=5000)
    keep_screenshot(desktop.window, "batches_no_match")


def test_the_dialogs_say_what_is_wrong_where(desktop, qtbot, uow_factory, tz, tmp_path):
    import json

    from tests.support.factories import batch_item, create_batch, marking_code

    create_batch(uow_factory, tz, number=1, codes=[marking_code(1)])
    create_batch(uow_factory, tz, number=2)
    page = _page(desktop, qtbot)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and not page.model.fetching,
                    timeout=10000)

    dialog = page.new_batch()
    dialog.editors["batch_number"].setText("12a")
    dialog.editors["nomenclature"].setText("Болт М10х50")
    dialog.submit()
    assert dialog.field_error("batch_number") == "Enter a whole number (got '12a')."
    assert dialog.field_error("work_center") == "This field is required."
    QApplication.processEvents()
    keep_screenshot(dialog, "batches_new_dialog_errors")
    assert dialog.errors["batch_number"].geometry().top() > \
        dialog.editors["batch_number"].geometry().bottom() - 1     # right under its field
    dialog.reject()

    page.select_row(0)
    codes = page.add_codes()
    codes.set_text("\n".join([marking_code(1), marking_code(2), "01046000000000012100"]))
    qtbot.mouseClick(codes.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: codes.rejected_model is not None, timeout=10000)
    QApplication.processEvents()
    keep_screenshot(codes, "batches_add_codes_result")
    codes.reject()

    path = tmp_path / "1c.json"
    path.write_text(json.dumps([batch_item(5), batch_item(6, НомерПартии="шесть"),
                                batch_item(1)], ensure_ascii=False), encoding="utf-8")
    with qtbot.waitSignal(page.import_finished, timeout=20000):
        page.import_files([path])
    result = next(d for d in page._dialogs if d.objectName() == "intakeResultDialog")
    QApplication.processEvents()
    keep_screenshot(result, "batches_import_result")
    assert result.model.rowCount() == 3
