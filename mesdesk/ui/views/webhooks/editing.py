"""What the Webhooks page's buttons do to subscriptions: new, edit, delete, send a test event.

Each opens its dialog (kept referenced until it closes), then runs the use case as an op and
reports back to the page: ``said(text, warning)`` for the line under the page, and the page's
own methods for what it shows (``subscription_saved``, ``subscription_deleted``,
``select_when_listed``, ``refresh``).
"""

from __future__ import annotations

from functools import partial
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from mesdesk.services.dto import SubscriptionDTO

from ...errors import describe
from .filter_bar import CUSTOM
from .form import SubscriptionForm
from .screen import LogFilter, ping_hidden_by
from .secret_dialog import SecretDialog
from .subscription_dialog import SubscriptionDialog

class EditingHost(Protocol):
    """What the flows need of the page that hosts them (the Webhooks page)."""

    log: Any

    def refresh(self) -> None: ...

    def select_when_listed(self, subscription_id: int) -> None: ...

    def subscription_saved(self, sub: SubscriptionDTO) -> None: ...

    def subscription_deleted(self, subscription_id: int) -> None: ...

    def ping_settled(self) -> None: ...


class SubscriptionEditing(QObject):
    """The page's subscription flows; ``dialogs`` are the ones open now."""

    said = Signal(str, bool)

    def __init__(self, backend: Any, page: EditingHost) -> None:
        super().__init__(page)
        self._use = backend.use
        self._run = backend.run
        self._tz = backend.timezone
        self._page = page
        self.dialogs: set[QWidget] = set()
        # The last "secret shown once" dialog (None until a subscription is created here).
        self.secret_dialog: SecretDialog | None = None

    def _say(self, text: str, warning: bool = False) -> None:
        self.said.emit(text, warning)

    def _keep(self, dialog: QWidget) -> None:
        self.dialogs.add(dialog)
        dialog.finished.connect(lambda _=0, d=dialog: self.dialogs.discard(d))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def close_dialogs(self) -> None:
        for dialog in list(self.dialogs):
            dialog.close()

    # -- new and edit -----------------------------------------------------------------------

    def new(self) -> SubscriptionDialog:
        return self._open(SubscriptionDialog(None, self._page))

    def edit(self, sub: SubscriptionDTO) -> SubscriptionDialog:
        return self._open(SubscriptionDialog(sub, self._page, tz=self._tz))

    def _open(self, dialog: SubscriptionDialog) -> SubscriptionDialog:
        dialog.submitted.connect(partial(self._save, dialog))
        self._keep(dialog)
        dialog.open()
        return dialog

    def _save(self, dialog: SubscriptionDialog, form: SubscriptionForm) -> None:
        use = self._use
        if form.subscription_id is None:
            def work() -> Any:
                return use.add_subscription(
                    form.url, form.events, retry_count=form.retry_count, timeout=form.timeout,
                    custom_headers=form.custom_headers, rate_limit=form.rate_limit)
            on_success = partial(self._created, dialog)
        else:
            subscription_id = form.subscription_id

            def work() -> Any:
                return use.update_subscription(
                    subscription_id, url=form.url, events=form.events,
                    retry_count=form.retry_count, timeout=form.timeout,
                    custom_headers=form.custom_headers, rate_limit=form.rate_limit,
                    is_active=form.is_active)
            on_success = partial(self._updated, dialog)
        self._run(work, success=on_success, failure=partial(self._dialog_failed, dialog),
                  owner=self)

    def _dialog_failed(self, dialog: SubscriptionDialog, error: BaseException) -> None:
        try:
            dialog.show_error(error)
        except RuntimeError:        # the dialog was closed meanwhile
            self._say(describe(error), True)

    @staticmethod
    def _close_dialog(dialog: SubscriptionDialog) -> None:
        try:
            dialog.saved()
        except RuntimeError:
            pass

    def _created(self, dialog: SubscriptionDialog, created: tuple[SubscriptionDTO, str]
                 ) -> SecretDialog:
        subscription, secret = created
        self._close_dialog(dialog)
        self._page.select_when_listed(subscription.id)
        self._say(self.tr("The subscription for {url} was created.").format(
            url=subscription.shown_url))
        self._page.refresh()
        shown = SecretDialog(subscription.shown_url, secret, self._page)
        self._keep(shown)
        shown.open()
        self.secret_dialog = shown
        return shown

    def _updated(self, dialog: SubscriptionDialog, subscription: SubscriptionDTO) -> None:
        self._close_dialog(dialog)
        self._page.subscription_saved(subscription)
        self._say(self.tr("The subscription for {url} was saved.").format(
            url=subscription.shown_url))
        self._page.refresh()

    # -- delete -----------------------------------------------------------------------------

    def delete(self, sub: SubscriptionDTO) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete subscription"),
                          self.tr("Delete the subscription for {url}?").format(url=sub.shown_url),
                          QMessageBox.StandardButton.NoButton, self._page)
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
        use, subscription_id = self._use, sub.id
        self._run(lambda: use.delete_subscription(subscription_id),
                  success=lambda _: self._deleted(sub),
                  failure=lambda error: self._say(self.tr(
                      "The subscription could not be deleted: {reason}").format(
                      reason=describe(error)), True), owner=self)

    def _deleted(self, sub: SubscriptionDTO) -> None:
        self._page.subscription_deleted(sub.id)
        self._say(self.tr("The subscription for {url} was deleted.").format(url=sub.shown_url))
        self._page.refresh()

    # -- test event -------------------------------------------------------------------------

    def send_test_event(self, sub: SubscriptionDTO) -> bool:
        """Queue a ping for ``sub``; False (and said why) when it is not active."""
        if not sub.is_active:
            self._say(self.tr("The subscription for {url} is not active: make it active (Edit) "
                              "to send a test event.").format(url=sub.shown_url), True)
            return False
        use, subscription_id = self._use, sub.id
        self._run(lambda: use.send_test_event(subscription_id),
                  success=partial(self._test_queued, sub), failure=self._test_failed,
                  owner=self)
        return True

    def _test_queued(self, sub: SubscriptionDTO, delivery: Any) -> None:
        self._page.ping_settled()
        log = self._page.log
        bar = log.filter_bar
        flt = LogFilter(subscription_id=bar.subscription.currentData(),
                        status=bar.status.currentData(), event=bar.event.currentData(),
                        custom_range=bar.range.currentData() == CUSTOM)
        text = self.tr("A test event (ping) was queued for {url}; the delivery log shows how "
                       "it goes.").format(url=sub.shown_url)
        if ping_hidden_by(flt, sub.id):
            text += " " + self.tr("Clear the log's filters to see it.")
        self._say(text)
        log.select_when_listed(delivery.id)

    def _test_failed(self, error: BaseException) -> None:
        self._page.ping_settled()
        self._say(self.tr("The test event could not be queued: {reason}").format(
            reason=describe(error)), True)
