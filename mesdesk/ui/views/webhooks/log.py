"""The delivery log (SPEC §6): every sending of an event to a subscription, newest first,
with its attempts; resend one, or every failed one in the filter's time range.

Reads run on the task pool, one at a time (a refresh asked for meanwhile follows the one
running; an answer for filters changed meanwhile is dropped). A refresh reads as many rows as
are loaded, so the selection and the scroll position survive it; more rows come a page at a
time, by scrolling to the end or with "Load more".
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from functools import partial
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QSplitter,
    QTableView, QVBoxLayout, QWidget,
)

from mesdesk.services.dto import DeliveryFilter, SubscriptionDTO
from mesdesk.services.webhooks import (
    delivery_attempts, list_deliveries, list_subscriptions, resend_delivery, resend_failed,
)

from ...errors import describe
from ...widgets.empty_state import EmptyState
from .filter_bar import DeliveryFilterBar
from .models import (
    A_DURATION, A_ERROR, A_RESPONSE, A_STATUS, A_TIME, D_ATTEMPTS, D_ERROR, D_EVENT, D_HTTP,
    D_STATUS, D_TIME, D_URL, AttemptsModel, DeliveriesModel,
)
from .texts import long_time, number

log = logging.getLogger(__name__)

PAGE_SIZE = 100
#: A refresh re-reads at most this many rows (deeper rows stay as they were read).
MAX_REFRESH = 1000


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def count_failed(uow_factory, since: datetime, until: datetime,
                 subscription_id: int | None) -> int:
    """How many failed deliveries "resend all failed" would queue again: those of active
    subscriptions (runs on a worker)."""
    active = {s.id for s in list_subscriptions(uow_factory) if s.is_active}
    flt = DeliveryFilter(subscription_id=subscription_id, status="failed", since=since,
                         until=until)
    total, cursor = 0, None
    while True:
        page = list_deliveries(uow_factory, flt, cursor=cursor, limit=500)
        total += sum(1 for row in page.rows if row.subscription_id in active)
        cursor = page.next_cursor
        if cursor is None or not page.rows:
            return total


class DeliveryLog(QWidget):
    """``said(text, warning)``: a sentence for the page's notice line."""

    said = Signal(str, bool)

    def __init__(self, backend: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deliveryLog")
        self._backend = backend
        self._tz = backend.timezone
        self._loading = False
        self._again = False
        self._more_wanted = False
        self._loaded = False
        self._generation = 0
        self._resize_to_page = False
        self._next_cursor: str | None = None
        self._error: str | None = None
        self._attempts_key: tuple[int, int, str] | None = None
        self._attempts_token = 0
        self._attempts_loading = False
        self._dialogs: set[QWidget] = set()
        self._subscriptions: list[SubscriptionDTO] = []
        self._select_id: int | None = None

        self.model = DeliveriesModel(self._tz, self)
        self.attempts_model = AttemptsModel(self._tz, self)
        self._build()
        self.filter_bar.changed.connect(self.filters_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.dataChanged.connect(lambda *_: self._selected_row_changed())
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._update_state()
        self._show_attempts()

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

        self.attempts_title = QLabel(self)
        self.attempts_title.setObjectName("attemptsTitle")
        self.attempts_title.setStyleSheet("font-weight: 600;")
        self.attempts_title.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attempts_table = QTableView(self)
        self.attempts_table.setObjectName("attemptsTable")
        self.attempts_table.setModel(self.attempts_model)
        table_style(self.attempts_table)
        header = self.attempts_table.horizontalHeader()
        for column, width in ((A_TIME, 190), (A_DURATION, 75), (A_STATUS, 90), (A_ERROR, 150)):
            self.attempts_table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        header.setSectionResizeMode(A_RESPONSE, QHeaderView.ResizeMode.Stretch)
        self.attempts_empty = EmptyState(self.attempts_table)
        attempts_box = QWidget(self)
        attempts_layout = QVBoxLayout(attempts_box)
        attempts_layout.setContentsMargins(0, 4, 0, 0)
        attempts_layout.setSpacing(2)
        attempts_layout.addWidget(self.attempts_title)
        attempts_layout.addWidget(self.attempts_table, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("deliverySplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(log_box)
        self.splitter.addWidget(attempts_box)
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
        if self._loaded:
            self._update_state()

    # -- reading --------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def loaded_once(self) -> bool:
        return self._loaded

    @property
    def has_more(self) -> bool:
        return self._next_cursor is not None

    def filters_changed(self) -> None:
        """New filters: the next read starts from the first page (an answer for the old
        filters is dropped)."""
        self._generation += 1
        self._resize_to_page = True
        self._loaded = False
        self._update_state()
        self.refresh()

    def refresh(self) -> None:
        if self._loading:
            self._again = True
            return
        size = PAGE_SIZE if self._resize_to_page else \
            min(max(PAGE_SIZE, self.model.rowCount()), MAX_REFRESH)
        self._read(None, size, "refresh")

    def load_more(self) -> None:
        if self._next_cursor is None:
            return
        if self._loading:
            self._more_wanted = True
            return
        self._read(self._next_cursor, PAGE_SIZE, "more")

    def _read(self, cursor: str | None, limit: int, mode: str) -> None:
        self._loading = True
        if mode == "refresh":
            self._again = False         # this read is the refresh that was asked for
        generation = self._generation
        flt = self.filter_bar.current(utc_now())
        factory = self._backend.uow_factory
        self._backend.run(lambda: list_deliveries(factory, flt, cursor=cursor, limit=limit),
                          success=partial(self._arrived, generation, mode),
                          failure=partial(self._failed, generation), owner=self)
        self._update_state()

    def _arrived(self, generation: int, mode: str, page) -> None:
        self._loading = False
        if generation != self._generation:
            self.refresh()                  # the filters changed while this was read
            return
        if self._error is not None:
            self._error = None
            self.said.emit("", False)       # the outage is over
        if mode == "refresh":
            self._resize_to_page = False
            self.model.set_rows(page.rows)
        else:
            self.model.append_rows(page.rows)
        self._next_cursor = page.next_cursor
        self._loaded = True
        self._update_state()
        if self._select_id is not None and self.select_delivery(self._select_id):
            self._select_id = None
        self._selected_row_changed()
        if self._again:
            self._again = False
            self.refresh()
        elif self._more_wanted:
            self._more_wanted = False
            self.load_more()

    def _failed(self, generation: int, error: BaseException) -> None:
        self._loading = False
        first = self._error is None
        self._error = describe(error)
        if first:
            log.warning("could not read the delivery log", exc_info=error)
            self.said.emit(self.tr("The delivery log could not be read: {reason}").format(
                reason=self._error), True)
        self._again = self._more_wanted = False
        self._update_state()

    def _scrolled(self, value: int) -> None:
        bar = self.table.verticalScrollBar()
        if self._next_cursor is not None and bar.maximum() > 0 and value >= bar.maximum() - 2:
            self.load_more()

    def _update_state(self) -> None:
        rows = self.model.rowCount()
        if rows:
            self.empty.clear()
        elif self._error is not None and not self._loaded:
            self.empty.show_message(self.tr("The delivery log could not be read."), self._error)
        elif not self._loaded:
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
        self.more_button.setVisible(self._next_cursor is not None and rows > 0)
        if not self._loaded:
            self.count_label.setText("")
        elif self._next_cursor is not None:
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
        self._show_attempts()

    def _selected_row_changed(self) -> None:
        """The selected delivery's row was re-read: its attempts again if it changed."""
        delivery = self.selected_delivery()
        key = None if delivery is None else (delivery.id, delivery.attempts, delivery.status)
        if key != self._attempts_key:
            self._show_attempts()

    def _show_attempts(self) -> None:
        delivery = self.selected_delivery()
        self._update_buttons()
        self._attempts_token += 1
        if delivery is None:
            self._attempts_key = None
            self.attempts_model.clear()
            self.attempts_title.setText(self.tr("Attempts"))
            self.attempts_empty.show_message(
                self.tr("Select a delivery to see its attempts."),
                self.tr("Every HTTP request is listed with its time, duration, status code, "
                        "error and the start of the receiver's answer."))
            return
        self.attempts_title.setText(self.tr(
            "Attempts of delivery #{id}: {event} to {url}").format(
            id=delivery.id, event=delivery.event_type, url=delivery.subscription_url))
        previous = self._attempts_key
        self._attempts_key = (delivery.id, delivery.attempts, delivery.status)
        if previous is None or previous[0] != delivery.id:
            self.attempts_model.clear()
            self.attempts_empty.show_message(self.tr("Loading attempts…"))
        token = self._attempts_token
        factory, delivery_id = self._backend.uow_factory, delivery.id
        self._attempts_loading = True
        self._backend.run(lambda: delivery_attempts(factory, delivery_id),
                          success=partial(self._attempts_arrived, token, delivery),
                          failure=partial(self._attempts_failed, token), owner=self)

    def _attempts_arrived(self, token: int, delivery: Any, attempts: list) -> None:
        if token != self._attempts_token:
            return
        self._attempts_loading = False
        # in the order they were made: the retries read as a story
        self.attempts_model.set_rows(sorted(attempts, key=lambda a: (a.attempted_at, a.id)))
        if attempts:
            self.attempts_empty.clear()
        elif delivery.status == "pending":
            self.attempts_empty.show_message(
                self.tr("Not sent yet."),
                self.tr("The first attempt is due at {time}. A subscription that is not "
                        "active keeps its deliveries waiting.").format(
                    time=long_time(delivery.next_attempt_at, self._tz))
                if delivery.next_attempt_at else "")
        else:
            self.attempts_empty.show_message(self.tr("No attempts were recorded."))

    def _attempts_failed(self, token: int, error: BaseException) -> None:
        if token != self._attempts_token:
            return
        self._attempts_loading = False
        self._attempts_key = None       # the next refresh tries again
        self.attempts_empty.show_message(self.tr("The attempts could not be read."),
                                         describe(error))

    @property
    def attempts_loading(self) -> bool:
        return self._attempts_loading

    def _update_buttons(self) -> None:
        self.resend_button.setEnabled(self.selected_delivery() is not None)

    # -- resending ------------------------------------------------------------------------------

    def resend_selected(self) -> None:
        delivery = self.selected_delivery()
        if delivery is None:
            return
        factory, delivery_id = self._backend.uow_factory, delivery.id
        self.resend_button.setEnabled(False)
        self._backend.run(lambda: resend_delivery(factory, delivery_id),
                          success=self._resent, failure=self._resend_failed, owner=self)

    def _resent(self, delivery: Any) -> None:
        self.said.emit(self.tr("Delivery #{id} ({event} to {url}) was queued to be sent "
                               "again.").format(id=delivery.id, event=delivery.event_type,
                                                url=delivery.subscription_url), False)
        self._update_buttons()
        self.refresh()

    def _resend_failed(self, error: BaseException) -> None:
        self._update_buttons()
        self.said.emit(self.tr("The delivery could not be resent: {reason}").format(
            reason=describe(error)), True)

    def resend_all_failed(self) -> None:
        """Count the failed deliveries in the range first, then ask with the count."""
        since, until = self.filter_bar.resend_range(utc_now())
        subscription_id = self.filter_bar.subscription.currentData()
        factory = self._backend.uow_factory
        self.resend_all_button.setEnabled(False)
        self._backend.run(lambda: count_failed(factory, since, until, subscription_id),
                          success=partial(self._confirm_resend, since, until,
                                             subscription_id),
                          failure=self._resend_all_failed, owner=self)

    def _confirm_resend(self, since: datetime, until: datetime, subscription_id: int | None,
                        count: int) -> QMessageBox | None:
        self.resend_all_button.setEnabled(True)
        where = self.filter_bar.subscription.currentText() if subscription_id is not None \
            else self.tr("every subscription")
        period = self.tr("{since} to {until}").format(since=long_time(since, self._tz),
                                                     until=long_time(until, self._tz))
        if not count:
            self.said.emit(self.tr("There are no failed deliveries of active subscriptions to "
                                   "resend for {where} from {period}.").format(
                where=where, period=period), False)
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Resend failed deliveries"),
                          self.tr("Resend {count} failed deliveries?").format(
                              count=number(count)),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirmResendAll")
        box.setInformativeText(self.tr(
            "Every failed delivery for {where} created from {period} (any event type) is "
            "queued again and tried with its subscription's retries. Deliveries of inactive "
            "subscriptions are left as they are.").format(
            where=where, period=period))
        confirm = box.addButton(self.tr("Resend {count}").format(count=number(count)),
                                QMessageBox.ButtonRole.AcceptRole)
        confirm.setObjectName("confirmResendAllButton")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(confirm)
        box.accepted.connect(partial(self._resend_all, since, until, subscription_id))
        self._keep(box)
        box.open()
        return box

    def _resend_all(self, since: datetime, until: datetime, subscription_id: int | None) -> None:
        factory = self._backend.uow_factory
        self.resend_all_button.setEnabled(False)
        self._backend.run(lambda: resend_failed(factory, since=since, until=until,
                                                subscription_id=subscription_id),
                          success=self._all_resent, failure=self._resend_all_failed,
                          owner=self)

    def _all_resent(self, count: int) -> None:
        self.resend_all_button.setEnabled(True)
        self.said.emit(self.tr("{count} failed deliveries were queued to be sent again.").format(
            count=number(count)), False)
        self.refresh()

    def _resend_all_failed(self, error: BaseException) -> None:
        self.resend_all_button.setEnabled(True)
        self.said.emit(self.tr("The failed deliveries could not be resent: {reason}").format(
            reason=describe(error)), True)

    def _keep(self, dialog: QWidget) -> None:
        self._dialogs.add(dialog)
        dialog.finished.connect(lambda _=0, d=dialog: self._dialogs.discard(d))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def close_dialogs(self) -> None:
        for dialog in list(self._dialogs):
            dialog.close()


def table_style(table: QTableView) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
