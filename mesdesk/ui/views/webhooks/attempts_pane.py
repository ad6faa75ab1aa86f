"""The attempts of the delivery selected in the log: every HTTP request with its time,
duration, status, error and the start of the receiver's answer, read off the GUI thread."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ...errors import describe
from ...text.webhooks import long_time
from ...widgets.empty_state import EmptyState
from .models import A_DURATION, A_ERROR, A_RESPONSE, A_STATUS, A_TIME, AttemptsModel
from .table_style import table_style


class AttemptsPane(QWidget):
    def __init__(self, backend: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._tz = backend.timezone
        self._key: tuple[int, int, str] | None = None   # (id, attempts, status) shown
        self._token = 0
        self.loading = False
        self.model = AttemptsModel(self._tz, self)
        self.title = QLabel(self)
        self.title.setObjectName("attemptsTitle")
        self.title.setStyleSheet("font-weight: 600;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableView(self)
        self.table.setObjectName("attemptsTable")
        self.table.setModel(self.model)
        table_style(self.table)
        header = self.table.horizontalHeader()
        for column, width in ((A_TIME, 190), (A_DURATION, 75), (A_STATUS, 90), (A_ERROR, 150)):
            self.table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        header.setSectionResizeMode(A_RESPONSE, QHeaderView.ResizeMode.Stretch)
        self.empty = EmptyState(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)

    def follow(self, delivery: Any) -> None:
        """The selected delivery's row was (re)read: its attempts again if it changed."""
        key = None if delivery is None else (delivery.id, delivery.attempts, delivery.status)
        if key != self._key:
            self.show_delivery(delivery)

    def show_delivery(self, delivery: Any) -> None:
        self._token += 1
        if delivery is None:
            self._key = None
            self.model.clear()
            self.title.setText(self.tr("Attempts"))
            self.empty.show_message(
                self.tr("Select a delivery to see its attempts."),
                self.tr("Every HTTP request is listed with its time, duration, status code, "
                        "error and the start of the receiver's answer."))
            return
        self.title.setText(self.tr("Attempts of delivery #{id}: {event} to {url}").format(
            id=delivery.id, event=delivery.event_type, url=delivery.subscription_url))
        previous = self._key
        self._key = (delivery.id, delivery.attempts, delivery.status)
        if previous is None or previous[0] != delivery.id:
            self.model.clear()
            self.empty.show_message(self.tr("Loading attempts…"))
        token, use, delivery_id = self._token, self._backend.use, delivery.id
        self.loading = True
        self._backend.run(lambda: use.delivery_attempts(delivery_id),
                          success=partial(self._arrived, token, delivery),
                          failure=partial(self._failed, token), owner=self)

    def _arrived(self, token: int, delivery: Any, attempts: list) -> None:
        if token != self._token:
            return
        self.loading = False
        # in the order they were made: the retries read as a story
        self.model.set_rows(sorted(attempts, key=lambda a: (a.attempted_at, a.id)))
        if attempts:
            self.empty.clear()
        elif delivery.status == "pending":
            self.empty.show_message(
                self.tr("Not sent yet."),
                self.tr("The first attempt is due at {time}. A subscription that is not "
                        "active keeps its deliveries waiting.").format(
                    time=long_time(delivery.next_attempt_at, self._tz))
                if delivery.next_attempt_at else "")
        else:
            self.empty.show_message(self.tr("No attempts were recorded."))

    def _failed(self, token: int, error: BaseException) -> None:
        if token != self._token:
            return
        self.loading = False
        self._key = None       # the next refresh tries again
        self.empty.show_message(self.tr("The attempts could not be read."), describe(error))
