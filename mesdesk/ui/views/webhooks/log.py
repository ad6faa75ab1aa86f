"""The delivery log (SPEC §6): every sending of an event to a subscription, newest first,
with its attempts; resend one, or every failed one in the filter's time range.

The rows come from the one pager (``DeliveriesModel`` on ``widgets.pager``): keyset pages read
off the GUI thread, an answer for filters changed meanwhile dropped, a refresh reading as many
rows as are loaded so the selection and the scroll position survive it; more rows come a page
at a time, by scrolling to the end or with "Load more".
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from mesdesk.services.dto import SubscriptionDTO

from ...text.webhooks import number
from ...widgets.empty_state import EmptyState
from .attempts_pane import AttemptsPane
from .filter_bar import DeliveryFilterBar
from .models import D_ATTEMPTS, D_ERROR, D_EVENT, D_HTTP, D_STATUS, D_TIME, D_URL, DeliveriesModel
from .resending import Resending
from .table_style import table_style

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class DeliveryLog(QWidget):
    """``said(text, warning)``: a sentence for the page's notice line."""

    said = Signal(str, bool)

    def __init__(self, backend: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deliveryLog")
        self._backend = backend
        self._tz = backend.timezone
        self._error: str | None = None          # the outage being told, until rows come again
        self._subscriptions: list[SubscriptionDTO] = []
        self._select_id: int | None = None
        self._more_wanted = False               # "Load more" asked while a read ran

        self.model = DeliveriesModel(backend.run, backend.use, self._tz, self)
        self.model.rows_arrived.connect(self._arrived)
        self.model.loading_changed.connect(lambda _: self._update_state())
        self.model.exhausted_changed.connect(lambda _: self._update_state())
        self.model.load_failed.connect(self._failed)
        self._build()
        self.resending = Resending(self, backend, self.resend_button, self.resend_all_button)
        self.resending.said.connect(self.said)
        self.resending.resent.connect(self.refresh)
        self._dialogs = self.resending.dialogs
        self.filter_bar.changed.connect(self.filters_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.dataChanged.connect(lambda *_: self._selected_row_changed())
        self._update_state()
        self._current_changed()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(self.tr("Delivery log"), self)
        title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("deliveryCount")
        self.count_label.setStyleSheet("color: palette(placeholder-text);")
        self.resend_button = QPushButton(self.tr("Resend"), self)
        self.resend_button.setObjectName("resendDelivery")
        self.resend_button.setToolTip(self.tr("Send the selected delivery again now (Ctrl+R)"))
        self.resend_button.clicked.connect(self.resend_selected)
        self.resend_all_button = QPushButton(self.tr("Resend all failed…"), self)
        self.resend_all_button.setObjectName("resendAllFailed")
        self.resend_all_button.setToolTip(self.tr(
            "Send again every failed delivery in the chosen time range (and subscription)"))
        self.resend_all_button.clicked.connect(self.resend_all_failed)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.resend_button)
        top.addWidget(self.resend_all_button)

        self.filter_bar = DeliveryFilterBar(self._tz, self)

        self.table = QTableView(self)
        self.table.setObjectName("deliveriesTable")
        self.table.setModel(self.model)
        table_style(self.table)
        header = self.table.horizontalHeader()
        for column, width in ((D_TIME, 132), (D_URL, 250), (D_EVENT, 140), (D_STATUS, 90),
                              (D_ATTEMPTS, 70), (D_HTTP, 55)):
            self.table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        header.setSectionResizeMode(D_ERROR, QHeaderView.ResizeMode.Stretch)
        self.empty = EmptyState(self.table)
        self.more_button = QPushButton(self.tr("Load more"), self)
        self.more_button.setObjectName("loadMoreDeliveries")
        self.more_button.clicked.connect(self.load_more)
        self.more_button.hide()
        log_box = QWidget(self)
        log_layout = QVBoxLayout(log_box)
        log_layout.setContentsMargins(0, 0, 0, 0)
        log_layout.setSpacing(2)
        log_layout.addWidget(self.table, 1)
        log_layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignHCenter)

        self.attempts = AttemptsPane(self._backend, self)
        self.attempts_title, self.attempts_table = self.attempts.title, self.attempts.table
        self.attempts_model, self.attempts_empty = self.attempts.model, self.attempts.empty

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("deliverySplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(log_box)
        self.splitter.addWidget(self.attempts)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([260, 150])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter, 1)

    # -- subscriptions (for the filter) ---------------------------------------------------------

    def set_subscriptions(self, subscriptions: list[SubscriptionDTO]) -> None:
        self._subscriptions = list(subscriptions)
        self.filter_bar.set_subscriptions(subscriptions)
        if self.model.loaded_once:
            self._update_state()

    # -- reading --------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self.model.fetching

    @property
    def loaded_once(self) -> bool:
        return self.model.loaded_once

    @property
    def has_more(self) -> bool:
        return self.model.has_more

    def filters_changed(self) -> None:
        """New filters: the log again from its first page (the one pager drops an answer for
        the old filters)."""
        self.model.show(self.filter_bar.query())
        self._update_state()

    def refresh(self) -> None:
        """The rows read again, as many as are loaded (up to the pager's refresh limit), so the
        selection and the scroll position stay; the first read when there was none."""
        if not self.model.loaded_once and not self.model.fetching:
            self.filters_changed()
        elif not self.model.refresh(self.model.rowCount()):
            self.filters_changed()          # deeper than a refresh reads: from the top

    def load_more(self) -> None:
        """The next page; asked while a read runs (a refresh, the page before): once it ends."""
        if self.model.fetching:
            self._more_wanted = True
        elif self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())

    def _arrived(self) -> None:
        if self._more_wanted and not self.model.fetching:
            self._more_wanted = False
            self.load_more()
        if self._error is not None and self.model.error is None:
            self._error = None
            self.said.emit("", False)       # the outage is over
        self._update_state()
        if self._select_id is not None and self.select_delivery(self._select_id):
            self._select_id = None
        self._selected_row_changed()

    def _failed(self, reason: str) -> None:
        if self._error is None:
            log.warning("could not read the delivery log: %s", reason)
            self.said.emit(self.tr("The delivery log could not be read: {reason}").format(
                reason=reason), True)
        self._error = reason
        self._update_state()

    def _update_state(self) -> None:
        rows = self.model.rowCount()
        if rows:
            self.empty.clear()
        elif self._error is not None and not self.model.loaded_once:
            self.empty.show_message(self.tr("The delivery log could not be read."), self._error)
        elif not self.model.loaded_once:
            self.empty.show_message(self.tr("Loading deliveries…"))
        elif self.filter_bar.narrowed():
            self.empty.show_message(
                self.tr("No deliveries match these filters ({range}).").format(
                    range=self.filter_bar.range_text().lower()),
                self.tr("Choose a longer time range or clear the filters."))
        elif not self._subscriptions:
            self.empty.show_message(
                self.tr("Nothing has been sent yet."),
                self.tr("Once a subscription exists, every event it wants is sent and listed "
                        "here with its attempts."))
        else:
            self.empty.show_message(
                self.tr("No deliveries in this time range ({range}).").format(
                    range=self.filter_bar.range_text().lower()),
                self.tr("Events are listed here as they are sent. Send a test event "
                        "(Ctrl+T) to try a subscription, or choose a longer time range."))
        self.more_button.setVisible(self.model.has_more and rows > 0)
        if not self.model.loaded_once:
            self.count_label.setText("")
        elif self.model.has_more:
            self.count_label.setText(self.tr("newest {count} shown; more below").format(
                count=number(rows)))
        else:
            self.count_label.setText(self.tr("{count} in the range").format(
                count=number(rows)))
        self._update_buttons()

    # -- selection and attempts -----------------------------------------------------------------

    def selected_delivery(self) -> Any:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(
                index.row(), QModelIndex()):
            return None
        return self.model.delivery(index.row())

    def select_delivery(self, delivery_id: int) -> bool:
        row = self.model.row_of(delivery_id)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def select_when_listed(self, delivery_id: int) -> None:
        """Select this delivery once a read lists it (a test event just queued)."""
        if not self.select_delivery(delivery_id):
            self._select_id = delivery_id
        self.refresh()

    def _current_changed(self, *_: Any) -> None:
        self._update_buttons()
        self.attempts.show_delivery(self.selected_delivery())

    def _selected_row_changed(self) -> None:
        """The selected delivery's row was re-read: its attempts again if it changed."""
        self.attempts.follow(self.selected_delivery())

    @property
    def attempts_loading(self) -> bool:
        return self.attempts.loading

    def _update_buttons(self) -> None:
        self.resend_button.setEnabled(self.selected_delivery() is not None)

    # -- resending (resending.py) ----------------------------------------------------------

    def resend_selected(self) -> None:
        delivery = self.selected_delivery()
        if delivery is not None:
            self.resending.resend(delivery)

    def resend_all_failed(self) -> None:
        since, until = self.filter_bar.resend_range(utc_now())
        self.resending.resend_all_failed(since, until,
                                         self.filter_bar.subscription.currentData(),
                                         self.filter_bar.subscription.currentText())

    def close_dialogs(self) -> None:
        self.resending.close_dialogs()
