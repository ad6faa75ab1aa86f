"""Driving the Batches page in UI tests on the test database: fill it, open it, wait for it,
find and select a batch."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from mesdesk.services.intake import intake_batches
from mesdesk.ui.views.batches.model import BatchTableModel
from tests.support.factories import batch_item

DAY = date(2024, 1, 30)


def seed(uow_factory, tz, count: int, *, first: int = 1000, day: date = DAY, **overrides) -> None:
    """``count`` batches numbered from ``first``, one per day going back from ``day``."""
    items = [batch_item(first + n, day - timedelta(days=n // 10), **overrides)
             for n in range(count)]
    result = intake_batches(uow_factory, items, tz)
    assert result.created == count and not result.rejected


def open_page(desktop, qtbot):
    """The Batches page, reloaded from the database as it is now."""
    page = desktop.window.page("batches")
    desktop.window.show_area("batches")
    qtbot.waitUntil(lambda: page.options is not None, timeout=10000)
    options = page.options
    page.refresh()                      # F5: the list, the count and the filter choices
    idle(page, qtbot)
    qtbot.waitUntil(lambda: page.options is not options, timeout=10000)
    return page


def idle(page, qtbot, timeout: int = 10000) -> None:
    qtbot.waitUntil(lambda: page.model.loaded_once and not page.model.fetching, timeout=timeout)


def numbers(model: BatchTableModel) -> list[int]:
    return [model.batch_at(row).batch_number for row in range(model.rowCount())]


def row_of(page, number: int) -> int:
    for row in range(page.model.rowCount()):
        batch = page.model.peek_batch(row)
        if batch is not None and batch.batch_number == number:
            return row
    raise AssertionError(f"batch {number} is not in the list")


def select(page, qtbot, number: int) -> None:
    page.select_row(row_of(page, number))
    qtbot.waitUntil(lambda: page.detail.detail is not None
                    and page.detail.detail.batch.batch_number == number, timeout=5000)


def drop(page, paths) -> None:
    """Drag ``paths`` onto ``page`` and drop them, as a file manager does; the page must
    accept the drag."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    point = QPointF(page.width() / 2, page.height() / 2)
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(page, QDropEvent(point, Qt.DropAction.CopyAction, mime,
                                            Qt.MouseButton.LeftButton,
                                            Qt.KeyboardModifier.NoModifier))
