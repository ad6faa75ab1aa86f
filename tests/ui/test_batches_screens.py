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
    qtbot.waitUntil(lambda: page.count_label.text() == "Batches: 0", timeout=5000)
    qtbot.waitUntil(lambda: page.count_label.width() >= page.count_label.sizeHint().width(),
                    timeout=5000)                       # the whole count shows, not "0"
    keep_screenshot(desktop.window, "batches_empty")
    page.filter_bar.search.setText("nothing like this")
    page.filter_bar.apply_now()
    qtbot.waitUntil(lambda: "No batches match these filters" in page.empty.text, timeout=5000)
    keep_screenshot(desktop.window, "batches_no_match")


# The dialogs' refusals, in English and Russian: tests/ui/test_refusal_screens.py.
