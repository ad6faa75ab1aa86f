"""Live updates of the batch list: changes from any station, gathered for a moment and applied
together off the GUI thread; the rows on screen, the detail and the count follow, and the
selection and the scroll position stay."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QTimer

from mesdesk.services.lookups import ChangedBatches

LIVE_UPDATE_DELAY_MS = 250       # changes arriving together are applied together


class LiveUpdates(QObject):
    def __init__(self, page) -> None:
        super().__init__(page)
        self._page = page
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LIVE_UPDATE_DELAY_MS)
        self._timer.timeout.connect(self._apply)

    def note(self, ids: list[int] | None) -> None:
        self._page.screen.note_changes(ids)
        if not self._timer.isActive():
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _apply(self) -> None:
        page = self._page
        pending = page.screen.take_changes()
        if not pending:
            return
        page.model.recount()
        if pending.everything:
            self.refresh_keep_place()
            page.detail.refresh()
            return
        self._read(sorted(pending.ids))

    def refresh_keep_place(self) -> None:
        """The list again, keeping the place; deep in a long list, the rows on screen are
        read again in place instead."""
        page = self._page
        _, last = page.table.visible_rows()
        if page.model.refresh(last + 1):
            return
        first, last = page.table.visible_rows()
        ids = [batch.id for batch in (page.model.peek_batch(row)
                                      for row in range(first, last + 1)) if batch is not None]
        if ids:
            self._read(ids)

    def _read(self, ids: list[int]) -> None:
        page = self._page
        use, flt = page.backend.use, page.model.current_filter
        page.backend.run(lambda: use.changed_batches(ids, flt), partial(self._arrived, ids),
                         lambda error: None, self)

    def _arrived(self, ids: list[int], changed: ChangedBatches) -> None:
        page = self._page
        found = page.model.update_rows(list(changed.batches))
        shown = page.detail.batch
        for batch in changed.batches:
            if shown is not None and batch.id == shown.id:
                page.detail.refresh(batch)
        if shown is not None and shown.id in ids and \
                shown.id not in {batch.id for batch in changed.batches}:
            page.detail.refresh()
        if page.screen.newly_listed(changed.listed, found):
            self.refresh_keep_place()       # a new (or not loaded) batch belongs in the list
        page.refresh_actions()
