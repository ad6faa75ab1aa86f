"""The Webhooks area of the supervisor's window (SPEC §6).

Top: the subscriptions with their health (last success, failures in a row, and why MESDesk
disabled one), with new / edit / delete / send test event. Below: the delivery log with its
filters and the attempts of the selected delivery (log.py). Everything is read and changed on
the task pool; while the page is shown it re-reads both every few seconds, one read at a time.

Keys: Ctrl+N new, Enter or F2 edit, Del delete (in the subscriptions table), Ctrl+T send a
test event, Ctrl+R resend the selected delivery, F5 refresh.
"""

from __future__ import annotations

import html
import logging
from functools import partial
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QSplitter, QTableView,
    QToolBar, QVBoxLayout, QWidget,
)

from mesdesk.services.dto import SubscriptionDTO
from mesdesk.services.webhooks import (
    add_subscription, delete_subscription, list_subscriptions, send_test_event,
    update_subscription,
)

from ...errors import describe
from ...widgets.actions import page_action
from ...widgets.empty_state import EmptyState
from .dialogs import SecretDialog, SubscriptionDialog, SubscriptionForm
from .filter_bar import CUSTOM
from .log import DeliveryLog, table_style
from .models import (
    S_EVENTS, S_FAILURES, S_LAST_SUCCESS, S_PROBLEM, S_STATE, S_URL, SubscriptionsModel,
)
from .texts import subscription_colour, subscription_problem, subscription_summary

log = logging.getLogger(__name__)


class WebhooksPage(QWidget):
    """``WebhooksPage(backend)``; ``shutdown()`` stops its timer (the app calls it on quit)."""

    #: How often subscriptions and the log are re-read while the page is shown.
    REFRESH_MS = 3000

    def __init__(self, backend: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("webhooksPage")
        self.backend = backend
        self._tz = backend.timezone
        self._reading = False
        self._read_again = False
        self._loaded = False
        self._error: str | None = None
        self._select_id: int | None = None
        self._closed = False
        self._dialogs: set[QWidget] = set()
        #: The last "secret shown once" dialog (None until a subscription is created here).
        self.secret_dialog: SecretDialog | None = None

        self.model = SubscriptionsModel(self._tz, self)
        self.log = DeliveryLog(backend, self)
        self.log.said.connect(self.say)
        self._build()
        self._build_actions()

        self._timer = QTimer(self)
        self._timer.setInterval(self.REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        self.model.dataChanged.connect(lambda *_: self._update_actions())
        self.model.rowsRemoved.connect(lambda *_: self._update_actions())
        self._update_state()
        self._update_actions()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(self.tr("Webhook subscriptions"), self)
        title.setStyleSheet("font-size: 15px; font-weight: 600;")
        subtitle = QLabel(self.tr("MESDesk sends its events as signed HTTP POST requests to "
                                  "these URLs, retrying when a receiver fails."), self)
        subtitle.setStyleSheet("color: palette(placeholder-text);")
        subtitle.setWordWrap(True)
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(title)
        heading.addWidget(subtitle)
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("webhookToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addLayout(heading, 1)
        top.addWidget(self.toolbar, 0, Qt.AlignmentFlag.AlignBottom)

        self.table = QTableView(self)
        self.table.setObjectName("subscriptionsTable")
        self.table.setModel(self.model)
        table_style(self.table)
        self.table.activated.connect(lambda _: self.edit_subscription())
        header = self.table.horizontalHeader()
        for column, width in ((S_URL, 260), (S_EVENTS, 200), (S_STATE, 105),
                              (S_LAST_SUCCESS, 110), (S_FAILURES, 110)):
            self.table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        header.setSectionResizeMode(S_PROBLEM, QHeaderView.ResizeMode.Stretch)
        self.empty = EmptyState(self.table)
        self.detail = QLabel(self)
        self.detail.setObjectName("subscriptionDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.notice = QLabel(self)
        self.notice.setObjectName("webhooksNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()

        subscriptions = QWidget(self)
        sub_layout = QVBoxLayout(subscriptions)
        sub_layout.setContentsMargins(0, 0, 0, 0)
        sub_layout.setSpacing(4)
        sub_layout.addLayout(top)
        sub_layout.addWidget(self.table, 1)
        sub_layout.addWidget(self.detail)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("webhooksSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(subscriptions)
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
        self._timer.setInterval(milliseconds)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._closed:
            self._timer.start()
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt name
        super().hideEvent(event)
        self._timer.stop()

    def shutdown(self) -> None:
        self._closed = True
        self._timer.stop()
        for dialog in list(self._dialogs):
            dialog.close()
        self.log.close_dialogs()

    @Slot()
    def refresh(self) -> None:
        """Subscriptions and the log again, off the GUI thread (a read asked for while one
        runs follows it)."""
        if self._closed:
            return
        self.log.refresh()
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        self._read_again = False
        factory = self.backend.uow_factory
        self.backend.run(lambda: list_subscriptions(factory), success=self._arrived,
                         failure=self._read_failed, owner=self)

    @property
    def loading(self) -> bool:
        return self._reading or self.log.loading

    def _arrived(self, subscriptions: list[SubscriptionDTO]) -> None:
        self._reading = False
        self._loaded = True
        if self._error is not None:
            self._error = None
            self.say("", False)
        self.model.set_rows(subscriptions)
        self.log.set_subscriptions(subscriptions)
        if self._select_id is not None and self.select_subscription(self._select_id):
            self._select_id = None
        self._update_state()
        self._update_actions()
        if self._read_again:
            self.refresh()

    def _read_failed(self, error: BaseException) -> None:
        self._reading = False
        self._read_again = False
        if self._error is None:         # once per outage in the log
            log.warning("could not read the webhook subscriptions", exc_info=error)
        self._error = describe(error)
        self.say(self.tr("Webhook subscriptions could not be read: {reason}").format(
            reason=self._error), True)
        self._update_state()

    def _update_state(self) -> None:
        if self.model.rowCount():
            self.empty.clear()
        elif self._error is not None and not self._loaded:
            self.empty.show_message(self.tr("Webhook subscriptions could not be read."),
                                    self._error)
        elif not self._loaded:
            self.empty.show_message(self.tr("Loading subscriptions…"))
        else:
            self.empty.show_message(
                self.tr("No webhook subscriptions yet."),
                self.tr("A webhook tells another system (an ERP, a dashboard) what happens "
                        "here: batches created, changed or closed, products aggregated, "
                        "reports ready, imports finished. Add one with New subscription "
                        "(Ctrl+N): give the receiver's URL and tick its events."))

    def say(self, text: str, warning: bool = False) -> None:
        """One line under the page: what was just done, or what went wrong."""
        self.notice.setText(text)
        self.notice.setStyleSheet("color: #b00020;" if warning else "color: #2e7d32;")
        self.notice.setVisible(bool(text))

    # -- selection ------------------------------------------------------------------------------

    def selected_subscription(self) -> SubscriptionDTO | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(
                index.row(), QModelIndex()):
            return None
        return self.model.subscription(index.row())

    def select_subscription(self, subscription_id: int) -> bool:
        row = self.model.row_of(subscription_id)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0),
                            QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _update_actions(self) -> None:
        sub = self.selected_subscription()
        chosen = sub is not None
        self._show_detail(sub)
        self.edit_action.setEnabled(chosen)
        self.delete_action.setEnabled(chosen)
        self.test_action.setEnabled(chosen and sub.is_active)
        if chosen and not sub.is_active:
            self.test_action.setToolTip(self.tr(
                "The subscription is not active: make it active (Edit) to send a test event."))
        else:
            self.test_action.setToolTip(self.tr(
                "Send a ping to the selected subscription (Ctrl+T)"))

    def _show_detail(self, sub: SubscriptionDTO | None) -> None:
        """The selected subscription's settings and, in full, what is wrong with it."""
        if sub is None:
            self.detail.setText(self.tr("Select a subscription to see its settings, edit it or "
                                        "send it a test event.") if self.model.rowCount()
                                else "")
            self.detail.setStyleSheet("color: palette(placeholder-text);")
            return
        self.detail.setStyleSheet("")
        parts = [f"<b>{html.escape(sub.shown_url)}</b> — "
                 f"{html.escape(subscription_summary(sub))}"]
        problem = subscription_problem(sub, self._tz)
        if problem:
            colour = subscription_colour(sub)
            parts.append(f'<span style="color: {colour.name()};">{html.escape(problem)}</span>')
        self.detail.setText("<br>".join(parts))

    # -- new, edit, delete ----------------------------------------------------------------------

    def _keep(self, dialog: QWidget) -> None:
        self._dialogs.add(dialog)
        dialog.finished.connect(lambda _=0, d=dialog: self._dialogs.discard(d))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def new_subscription(self) -> SubscriptionDialog:
        dialog = SubscriptionDialog(None, self)
        dialog.submitted.connect(partial(self._save, dialog))
        self._keep(dialog)
        dialog.open()
        return dialog

    def edit_subscription(self) -> SubscriptionDialog | None:
        sub = self.selected_subscription()
        if sub is None:
            return None
        dialog = SubscriptionDialog(sub, self, tz=self._tz)
        dialog.submitted.connect(partial(self._save, dialog))
        self._keep(dialog)
        dialog.open()
        return dialog

    def _save(self, dialog: SubscriptionDialog, form: SubscriptionForm) -> None:
        factory = self.backend.uow_factory
        if form.subscription_id is None:
            def work() -> Any:
                return add_subscription(
                    factory, form.url, form.events, retry_count=form.retry_count,
                    timeout=form.timeout, custom_headers=form.custom_headers,
                    rate_limit=form.rate_limit)
            on_success = partial(self._created, dialog)
        else:
            subscription_id = form.subscription_id

            def work() -> Any:
                return update_subscription(
                    factory, subscription_id, url=form.url, events=form.events,
                    retry_count=form.retry_count, timeout=form.timeout,
                    custom_headers=form.custom_headers, rate_limit=form.rate_limit,
                    is_active=form.is_active)
            on_success = partial(self._updated, dialog)
        self.backend.run(work, success=on_success,
                         failure=partial(self._dialog_failed, dialog), owner=self)

    def _dialog_failed(self, dialog: SubscriptionDialog, error: BaseException) -> None:
        try:
            dialog.show_error(error)
        except RuntimeError:        # the dialog was closed meanwhile
            self.say(describe(error), True)

    def _close_dialog(self, dialog: SubscriptionDialog) -> None:
        try:
            dialog.saved()
        except RuntimeError:
            pass

    def _created(self, dialog: SubscriptionDialog, created: tuple[SubscriptionDTO, str]
                 ) -> SecretDialog:
        subscription, secret = created
        self._close_dialog(dialog)
        self._select_id = subscription.id
        self.say(self.tr("The subscription for {url} was created.").format(
            url=subscription.shown_url))
        self.refresh()
        shown = SecretDialog(subscription.shown_url, secret, self)
        self._keep(shown)
        shown.open()
        self.secret_dialog = shown      # tests look at it
        return shown

    def _updated(self, dialog: SubscriptionDialog, subscription: SubscriptionDTO) -> None:
        self._close_dialog(dialog)
        self.model.set_rows([subscription if s.id == subscription.id else s
                             for s in self.model.all_rows()])
        self._update_actions()
        self.say(self.tr("The subscription for {url} was saved.").format(
            url=subscription.shown_url))
        self.refresh()

    def delete_subscription(self) -> QMessageBox | None:
        sub = self.selected_subscription()
        if sub is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete subscription"),
                          self.tr("Delete the subscription for {url}?").format(url=sub.shown_url),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirmDelete")
        box.setInformativeText(self.tr(
            "It receives nothing more, and its delivery log is deleted with it. This cannot "
            "be undone; to stop deliveries for a while, make it inactive instead (Edit)."))
        confirm = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        confirm.setObjectName("confirmDeleteButton")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(
            lambda button: self._delete_confirmed(sub) if button is confirm else None)
        self._keep(box)
        box.open()
        return box

    def _delete_confirmed(self, sub: SubscriptionDTO) -> None:
        factory, subscription_id = self.backend.uow_factory, sub.id
        self.backend.run(lambda: delete_subscription(factory, subscription_id),
                         success=lambda _: self._deleted(sub),
                         failure=lambda error: self.say(self.tr(
                             "The subscription could not be deleted: {reason}").format(
                             reason=describe(error)), True), owner=self)

    def _deleted(self, sub: SubscriptionDTO) -> None:
        self.model.set_rows([s for s in self.model.all_rows() if s.id != sub.id])
        self.say(self.tr("The subscription for {url} was deleted.").format(url=sub.shown_url))
        self._update_state()
        self.refresh()

    # -- test event -----------------------------------------------------------------------------

    def send_test_event(self) -> None:
        sub = self.selected_subscription()
        if sub is None:
            return
        if not sub.is_active:
            self.say(self.tr("The subscription for {url} is not active: make it active (Edit) "
                             "to send a test event.").format(url=sub.shown_url), True)
            return
        factory, subscription_id = self.backend.uow_factory, sub.id
        self.test_action.setEnabled(False)
        self.backend.run(lambda: send_test_event(factory, subscription_id),
                         success=partial(self._test_queued, sub),
                         failure=self._test_failed, owner=self)

    def _test_queued(self, sub: SubscriptionDTO, delivery: Any) -> None:
        self._update_actions()
        flt = self.log.filter_bar
        hidden = flt.subscription.currentData() not in (None, sub.id) \
            or flt.status.currentData() not in (None, "pending", "success") \
            or flt.event.currentData() not in (None, "ping") \
            or flt.range.currentData() == CUSTOM
        text = self.tr("A test event (ping) was queued for {url}; the delivery log shows how "
                       "it goes.").format(url=sub.shown_url)
        if hidden:
            text += " " + self.tr("Clear the log's filters to see it.")
        self.say(text)
        self.log.select_when_listed(delivery.id)

    def _test_failed(self, error: BaseException) -> None:
        self._update_actions()
        self.say(self.tr("The test event could not be queued: {reason}").format(
            reason=describe(error)), True)
