"""Choosing the batch to scan into: open batches of the station's work center first, then the
others; typing a number narrows the list. Keyboard: type, Down into the list, Enter chooses
(Enter in the search field takes the first batch listed)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget,
)

from mesdesk.services.dto import BatchDTO
from mesdesk.services.station import StationBatches

from ...errors import describe
from ...widgets.refresher import Refresher
from ...text.formats import Formats

log = logging.getLogger(__name__)

BATCH_ID = Qt.ItemDataRole.UserRole


class _SearchField(QLineEdit):
    """Down moves into the list; the list is given by the chooser."""

    down = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class BatchChooser(QWidget):
    chosen = Signal(int)

    def __init__(self, backend, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchChooser")
        self._backend = backend
        self._formats = formats
        self._pending_choice = False   # Enter was pressed before the list caught up
        self._query = ""               # what the search field said when the list was asked for
        work_center = backend.settings.work_center
        self._rows = Refresher(
            backend.ops, read=lambda: backend.use.open_batches(work_center, self._query),
            apply=self._loaded, failed=self._failed, parent=self)
        self._rows.follow_connection(backend.changes)
        heading = QLabel(self.tr("Choose the batch to aggregate into"), self)
        heading.setStyleSheet("font-size: 22px; font-weight: 600;")
        self.work_center_note = QLabel(self)
        self.work_center_note.setWordWrap(True)
        self.search = _SearchField(self)
        self.search.setObjectName("batchSearch")
        self.search.setPlaceholderText(self.tr("Batch number or nomenclature…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(36)
        self.search.setStyleSheet("font-size: 16px;")
        self.list = QListWidget(self)
        self.list.setObjectName("batchList")
        self.list.setStyleSheet("font-size: 16px;")
        self.status = QLabel(self)
        self.status.setObjectName("chooserStatus")
        self.status.setWordWrap(True)
        self.alert = QLabel(self)       # a scan made before a batch was chosen
        self.alert.setObjectName("chooserAlert")
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet("background: #c62828; color: white; font-size: 17px; "
                                 "font-weight: 600; padding: 10px; border-radius: 6px;")
        self.alert.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(heading)
        layout.addWidget(self.alert)
        layout.addWidget(self.work_center_note)
        layout.addWidget(self.search)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.search.returnPressed.connect(self._choose_first)
        self.search.down.connect(self._enter_list)
        self.list.itemActivated.connect(self._choose_item)
        self.work_center_note.setText(
            self.tr("Batches of work center {center} are listed first.").format(
                center=work_center) if work_center else
            self.tr("No work center is set for this station (Settings → This station): "
                    "all open batches are listed."))

    def activate(self) -> None:
        """Shown again: fresh list, cursor in the search field."""
        self.reload()
        self.search.setFocus()
        self.search.selectAll()

    def reload_soon(self) -> None:
        """Reload after a short pause (changes arrive in bursts)."""
        if not self._debounce.isActive():
            self._debounce.start()

    def stop(self) -> None:
        """The app is closing: no more loads."""
        self._debounce.stop()
        self._rows.stop()

    def reload(self) -> None:
        self._query = self.search.text()
        self._rows.refresh()

    def _loaded(self, found: StationBatches) -> None:
        if self._rows.waiting:
            return      # the search changed meanwhile: the list for it follows
        self.list.clear()
        if found.own:
            self._group(self.tr("Work center {center}").format(center=found.work_center))
            for batch in found.own:
                self._add(batch)
        if found.others:
            if found.work_center:
                self._group(self.tr("Other work centers"))
            for batch in found.others:
                self._add(batch)
        if not found.own and not found.others:
            self.status.setText(self.tr("No open batch matches. Batches arrive from 1C or are "
                                        "imported on the Batches page.") if self.search.text()
                                else self.tr("There are no open batches. Batches arrive from "
                                             "1C or are imported on the Batches page."))
        else:
            self.status.setText(self.tr("Enter takes the first batch; Down moves into the "
                                        "list."))
        if self._pending_choice:
            self._pending_choice = False
            row = self._first_row()
            if row >= 0:
                self._choose_item(self.list.item(row))

    def _failed(self, error: BaseException) -> None:
        if self._rows.waiting:
            return
        self.status.setText(self.tr("Could not load the batches: {reason}").format(
            reason=describe(error)))

    def _group(self, title: str) -> None:
        item = QListWidgetItem(title)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setForeground(QBrush(QColor("#546e7a")))
        self.list.addItem(item)

    def _add(self, batch: BatchDTO) -> None:
        fmt = self._formats
        text = self.tr("No. {number} of {date}  ·  {nomenclature}  ·  {shift}  ·  {team}  ·  "
                       "{done} of {total} aggregated").format(
            number=batch.batch_number, date=fmt.date(batch.batch_date),
            nomenclature=batch.nomenclature or "—", shift=batch.shift or "—",
            team=batch.team or "—", done=fmt.integer(batch.products_aggregated),
            total=fmt.integer(batch.products_total))
        item = QListWidgetItem(text)
        item.setData(BATCH_ID, batch.id)
        self.list.addItem(item)

    def batch_ids(self) -> list[int]:
        return [self.list.item(row).data(BATCH_ID) for row in range(self.list.count())
                if self.list.item(row).data(BATCH_ID) is not None]

    def _first_row(self) -> int:
        for row in range(self.list.count()):
            if self.list.item(row).data(BATCH_ID) is not None:
                return row
        return -1

    def _enter_list(self) -> None:
        row = self._first_row()
        if row >= 0:
            self.list.setCurrentRow(row)
            self.list.setFocus()

    def _choose_first(self) -> None:
        if self._debounce.isActive() or self._rows.busy:
            # The list is about to change: choose from the list for what was typed.
            self._debounce.stop()
            self._pending_choice = True
            self.reload()
            return
        row = self._first_row()
        if row >= 0:
            self._choose_item(self.list.item(row))

    def _choose_item(self, item: QListWidgetItem) -> None:
        batch_id = item.data(BATCH_ID)
        if batch_id is not None:
            self.alert.hide()
            self.chosen.emit(int(batch_id))

    def show_alert(self, text: str) -> None:
        self.alert.setText(text)
        self.alert.show()
