"""End to end: a change committed by another station reaches the open Batches view by
itself (NOTIFY → listener → bridge → page), keeping the selection."""

from __future__ import annotations

from mesdesk.services import batches
from tests.support.factories import create_batch


def _shown(page, batch_id: int):
    for row in range(page.model.rowCount()):
        batch = page.model.batch_at(row)
        if batch is not None and batch.id == batch_id:
            return batch
    return None


def test_another_stations_change_appears_without_a_refresh(desktop, qtbot, uow_factory, tz):
    first = create_batch(uow_factory, tz, number=1)
    page = desktop.window.page("batches")
    desktop.window.show_area("batches")
    page.refresh()
    qtbot.waitUntil(lambda: _shown(page, first) is not None, timeout=5000)
    assert page.select_batch(first)

    # Another station (a separate connection) creates a batch and closes the first one.
    second = create_batch(uow_factory, tz, number=2)
    batches.close_batch(uow_factory, first, tz)

    qtbot.waitUntil(lambda: _shown(page, second) is not None, timeout=3000)
    qtbot.waitUntil(lambda: _shown(page, first).is_closed, timeout=3000)
    assert page.selected_batch().id == first
