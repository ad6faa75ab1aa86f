"""Sending deliveries again from the log: the selected one at once, or every failed one of the
filter's time range (and subscription) after a confirmation that says how many."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from ...errors import describe
from ...text.webhooks import long_time, number


class Resending(QObject):
    """``said(text, warning)`` for the page's notice line; ``resent()`` when something was
    queued again (the log reads itself again)."""

    said = Signal(str, bool)
    resent = Signal()

    def __init__(self, log: QWidget, backend: Any, one: QPushButton, all_failed: QPushButton
                 ) -> None:
        super().__init__(log)
        self._log = log
        self._backend = backend
        self._tz = backend.timezone
        self._one = one
        self._all = all_failed
        self._dialogs: set[QWidget] = set()

    def resend(self, delivery: Any) -> None:
        use, delivery_id = self._backend.use, delivery.id
        self._one.setEnabled(False)
        self._backend.run(lambda: use.resend_delivery(delivery_id), success=self._resent,
                          failure=self._resend_failed, owner=self)

    def _resent(self, delivery: Any) -> None:
        self.said.emit(self.tr("Delivery #{id} ({event} to {url}) was queued to be sent "
                               "again.").format(id=delivery.id, event=delivery.event_type,
                                                url=delivery.subscription_url), False)
        self.resent.emit()

    def _resend_failed(self, error: BaseException) -> None:
        self._one.setEnabled(True)
        self.said.emit(self.tr("The delivery could not be resent: {reason}").format(
            reason=describe(error)), True)

    def resend_all_failed(self, since: datetime, until: datetime, subscription_id: int | None,
                          subscription_text: str) -> None:
        """Count the failed deliveries in the range first, then ask with the count."""
        use = self._backend.use
        self._all.setEnabled(False)
        self._backend.run(
            lambda: use.count_resendable(since=since, until=until,
                                         subscription_id=subscription_id),
            success=partial(self._confirm, since, until, subscription_id, subscription_text),
            failure=self._all_failed, owner=self)

    def _confirm(self, since: datetime, until: datetime, subscription_id: int | None,
                 subscription_text: str, count: int) -> QMessageBox | None:
        self._all.setEnabled(True)
        where = subscription_text if subscription_id is not None \
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
                          QMessageBox.StandardButton.NoButton, self._log)
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
        self._dialogs.add(box)
        box.finished.connect(lambda _=0, d=box: self._dialogs.discard(d))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _resend_all(self, since: datetime, until: datetime, subscription_id: int | None) -> None:
        use = self._backend.use
        self._all.setEnabled(False)
        self._backend.run(lambda: use.resend_failed(since=since, until=until,
                                                    subscription_id=subscription_id),
                          success=self._all_resent, failure=self._all_failed, owner=self)

    def _all_resent(self, count: int) -> None:
        self._all.setEnabled(True)
        self.said.emit(self.tr("{count} failed deliveries were queued to be sent again.").format(
            count=number(count)), False)
        self.resent.emit()

    def _all_failed(self, error: BaseException) -> None:
        self._all.setEnabled(True)
        self.said.emit(self.tr("The failed deliveries could not be resent: {reason}").format(
            reason=describe(error)), True)

    @property
    def dialogs(self) -> set[QWidget]:
        return self._dialogs

    def close_dialogs(self) -> None:
        for dialog in list(self._dialogs):
            dialog.close()
