"""The Webhooks area of the supervisor's window (SPEC §6).

Top: the subscriptions with their health (last success, failures in a row, and why MESDesk
disabled one), with new / edit / delete / send test event (editing.py). Below: the delivery
log with its filters and the attempts of the selected delivery (log.py). What the page
decides lives without Qt in ``WebhooksScreen`` (screen.py); the widgets draw it.

The subscriptions are kept fresh by a ``Refresher``: woken by a NOTIFY about webhooks, paused
while the database is lost, and read every few seconds while the page is shown (the
dispatcher's progress is announced by nothing else); each read re-reads the log too.

Keys: Ctrl+N new, Enter or F2 edit, Del delete (in the subscriptions table), Ctrl+T send a
test event, Ctrl+R resend the selected delivery, F5 refresh.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QLabel, QMessageBox, QSplitter, QVBoxLayout, QWidget,
)

from mesdesk.services.dto import SubscriptionDTO

from ...errors import describe
from ...widgets.actions import page_action
from ...widgets.refresher import Refresher
from .editing import SubscriptionEditing
from .log import DeliveryLog
from .models import SubscriptionsModel
from .screen import WebhooksScreen
from .secret_dialog import SecretDialog
from .subscription_dialog import SubscriptionDialog
from .subscriptions_pane import SubscriptionsPane

log = logging.getLogger(__name__)

# The ``entity`` of a live change that makes the page read at once: subscriptions added,
# changed, deleted or disabled, deliveries queued or re-sent (see ``UnitOfWork.announce``); the
# poll keeps the delivery statuses fresh, which change too often to announce.
WEBHOOK_ENTITIES = frozenset({"subscription", "delivery", "webhook"})


class WebhooksPage(QWidget):
    """``WebhooksPage(backend)``; ``shutdown()`` stops its reads and closes its dialogs (the
    app calls it on quit)."""

    #: How often subscriptions and the log are re-read while the page is shown.
    REFRESH_MS = 3000

    def __init__(self, backend: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("webhooksPage")
        self.backend = backend
        self._tz = backend.timezone
        self._interval_ms = self.REFRESH_MS
        self.screen = WebhooksScreen()

        self.model = SubscriptionsModel(self._tz, self)
        self.log = DeliveryLog(backend, self)
        self.log.said.connect(self.say)
        self.editing = SubscriptionEditing(backend, self)
        self.editing.said.connect(self.say)
        self._build()
        self._build_actions()

        use = backend.use
        self._subscriptions = Refresher(backend.ops, read=lambda: use.list_subscriptions(),
                                        apply=self._arrived, failed=self._read_failed,
                                        parent=self)
        self._subscriptions.busy_changed.connect(self._on_busy)
        self._subscriptions.follow_connection(backend.changes)
        backend.changes.changed.connect(self._on_change)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        self.model.dataChanged.connect(lambda *_: self._update_actions())
        self.model.rowsRemoved.connect(lambda *_: self._update_actions())
        self._update_state()
        self._update_actions()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.pane = SubscriptionsPane(self.model, self._tz, self)
        self.table, self.empty, self.detail = self.pane.table, self.pane.empty, self.pane.detail
        self.toolbar = self.pane.toolbar
        self.table.activated.connect(lambda _: self.edit_subscription())

        self.notice = QLabel(self)
        self.notice.setObjectName("webhooksNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("webhooksSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.pane)
        self.splitter.addWidget(self.log)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([200, 500])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(4)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.notice)

    def _action(self, name: str, text: str, tip: str, slot, shortcut: QKeySequence | None,
                *, widget: QWidget | None = None) -> QAction:
        return page_action(self, name, text, tip, slot, shortcut, widget=widget)

    def _build_actions(self) -> None:
        keys = QKeySequence
        self.new_action = self._action(
            "newSubscription", self.tr("New subscription"),
            self.tr("Send events to another URL"), self.new_subscription,
            keys(keys.StandardKey.New))
        self.edit_action = self._action(
            "editSubscription", self.tr("Edit"), self.tr("Edit the selected subscription"),
            self.edit_subscription, keys(Qt.Key.Key_F2))
        # Del only where it is unambiguous: in the subscriptions table.
        self.delete_action = self._action(
            "deleteSubscription", self.tr("Delete"),
            self.tr("Delete the selected subscription and its delivery log"),
            self.delete_subscription, keys(keys.StandardKey.Delete), widget=self.table)
        self.test_action = self._action(
            "sendTestEvent", self.tr("Send test event"),
            self.tr("Send a ping to the selected subscription"), self.send_test_event,
            keys("Ctrl+T"))
        self.resend_action = self._action(
            "resendDelivery", self.tr("Resend"), self.tr("Send the selected delivery again"),
            self.log.resend_selected, keys("Ctrl+R"))
        self.refresh_action = self._action(
            "refreshWebhooks", self.tr("Refresh"),
            self.tr("Read the subscriptions and the log again"), self.refresh,
            keys(keys.StandardKey.Refresh))
        for action in (self.new_action, self.edit_action, self.delete_action,
                       self.test_action, self.refresh_action):
            self.toolbar.addAction(action)
        self.toolbar.insertSeparator(self.test_action)
        self.toolbar.insertSeparator(self.refresh_action)

    # -- showing and refreshing -----------------------------------------------------------------

    def set_refresh_interval(self, milliseconds: int) -> None:
        self._interval_ms = milliseconds
        if self.isVisible():
            self._subscriptions.every(milliseconds)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        self._subscriptions.every(self._interval_ms)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt name
        super().hideEvent(event)
        self._subscriptions.stop_polling()

    def shutdown(self) -> None:
        self._subscriptions.stop()
        self.editing.close_dialogs()
        self.log.close_dialogs()

    @Slot()
    def refresh(self) -> None:
        """Subscriptions and the log again, off the GUI thread (asked while a read runs: one
        more read after it)."""
        self._subscriptions.refresh()

    @Slot(object)
    def _on_change(self, change: dict) -> None:
        if change.get("entity") in WEBHOOK_ENTITIES and self.isVisible():
            self.refresh()

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        if busy:
            self.log.refresh()

    @property
    def loading(self) -> bool:
        return self._subscriptions.busy or self.log.loading

    @property
    def loaded(self) -> bool:
        """Whether the subscriptions were read at least once."""
        return self.screen.loaded

    @property
    def dialogs(self) -> set[QWidget]:
        """The page's dialogs open now (not the log's)."""
        return self.editing.dialogs

    @property
    def secret_dialog(self) -> SecretDialog | None:
        """The last "secret shown once" dialog (None until a subscription is created here)."""
        return self.editing.secret_dialog

    def _arrived(self, subscriptions: list[SubscriptionDTO]) -> None:
        if self.screen.arrived(subscriptions):
            self.say("", False)
        self._show_rows()
        self.log.set_subscriptions(subscriptions)

    def _read_failed(self, error: BaseException) -> None:
        reason = describe(error)
        if self.screen.failed(reason):         # once per outage in the log
            log.warning("could not read the webhook subscriptions", exc_info=error)
        self.say(self.tr("Webhook subscriptions could not be read: {reason}").format(
            reason=reason), True)
        self._update_state()

    def _show_rows(self) -> None:
        """The screen's rows into the table, with the screen's selection."""
        chosen = self.screen.selected_id
        self.model.set_rows(list(self.screen.rows))
        if chosen is not None and chosen != self._table_selection():
            self.select_subscription(chosen)
        self._update_actions()

    def _update_state(self) -> None:
        self.pane.show_state(self.screen)

    def say(self, text: str, warning: bool = False) -> None:
        """One line under the page: what was just done, or what went wrong."""
        self.notice.setText(text)
        self.notice.setStyleSheet("color: #b00020;" if warning else "color: #2e7d32;")
        self.notice.setVisible(bool(text))

    # -- selection ------------------------------------------------------------------------------

    def _table_selection(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(
                index.row(), QModelIndex()):
            return None
        sub = self.model.subscription(index.row())
        return sub.id if sub is not None else None

    def selected_subscription(self) -> SubscriptionDTO | None:
        return self.screen.selected

    def select_subscription(self, subscription_id: int) -> bool:
        row = self.model.row_of(subscription_id)
        if row < 0 or not self.screen.select(subscription_id):
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0),
                            QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def select_when_listed(self, subscription_id: int) -> None:
        """Select the subscription as soon as a read lists it (one just created)."""
        self.screen.select_when_listed(subscription_id)

    def _update_actions(self) -> None:
        self.screen.select(self._table_selection())
        allowed = self.screen.actions()
        self.pane.show_state(self.screen)
        self.edit_action.setEnabled(allowed.edit)
        self.delete_action.setEnabled(allowed.delete)
        self.test_action.setEnabled(allowed.test)
        if allowed.test_needs_active:
            self.test_action.setToolTip(self.tr(
                "The subscription is not active: make it active (Edit) to send a test event."))
        else:
            self.test_action.setToolTip(self.tr(
                "Send a ping to the selected subscription (Ctrl+T)"))

    # -- what the buttons do (editing.py) -------------------------------------------------------

    def new_subscription(self) -> SubscriptionDialog:
        return self.editing.new()

    def edit_subscription(self) -> SubscriptionDialog | None:
        sub = self.selected_subscription()
        return self.editing.edit(sub) if sub is not None else None

    def delete_subscription(self) -> QMessageBox | None:
        sub = self.selected_subscription()
        return self.editing.delete(sub) if sub is not None else None

    def send_test_event(self) -> None:
        sub = self.selected_subscription()
        if sub is not None and self.editing.send_test_event(sub):
            self.test_action.setEnabled(False)      # until it is queued

    def ping_settled(self) -> None:
        """The test event was queued or refused: its button follows the selection again."""
        self._update_actions()

    def subscription_saved(self, sub: SubscriptionDTO) -> None:
        """Show what the service returned at once; the refresh that follows confirms it."""
        self.screen.replaced(sub)
        self._show_rows()

    def subscription_deleted(self, subscription_id: int) -> None:
        self.screen.removed(subscription_id)
        self._show_rows()
