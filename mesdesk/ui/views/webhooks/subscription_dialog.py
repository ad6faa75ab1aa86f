"""Create or edit a webhook subscription.

The dialog collects; the page runs the service off the GUI thread and hands a refusal back
with ``show_error``, which puts it next to the field the core named. Nothing is saved until
the core accepts every field. What is checked, and where a refusal belongs, is decided
without Qt in ``form.py``.
"""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QGridLayout, QLabel, QLineEdit, QSpinBox,
    QVBoxLayout, QWidget,
)

from mesdesk.domain.errors import ValidationError
from mesdesk.domain.subscriptions import MAX_RATE_LIMIT, MAX_RETRIES, MAX_TIMEOUT_S
from mesdesk.services.dto import SubscriptionDTO

from ...errors import describe
from ...text.problems import sentence
from ...text.webhooks import disabled_reason_text, event_hint, event_name, subscribable_events
from ...widgets.field_grid import ERROR_STYLE, FieldGrid, FormFooter
from .form import (
    DEFAULT_RETRIES, DEFAULT_TIMEOUT_S, SubscriptionForm, entered_url, field_of,
)
from .headers_editor import HeadersEditor
from .screen import HealthKind, health_of


class SubscriptionDialog(QDialog):
    """``submitted(SubscriptionForm)``; the page saves it and calls ``saved()`` or
    ``show_error(error)``."""

    submitted = Signal(object)

    def __init__(self, subscription: SubscriptionDTO | None = None,
                 parent: QWidget | None = None, *, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("subscriptionDialog")
        self._subscription = subscription
        self._tz = tz          # times in a disabled reason are shown in this zone
        self.setWindowTitle(self.tr("New webhook subscription") if subscription is None
                            else self.tr("Edit webhook subscription"))
        self._grid = FieldGrid(self)
        self.editors = self._grid.editors
        self.errors = self._grid.errors

        self.url = QLineEdit(self)
        self.url.setPlaceholderText(self.tr("https://erp.example.com/hooks/mesdesk"))
        self._add("url", self.tr("URL"), self.url)

        self.event_boxes: dict[str, QCheckBox] = {}
        events = QWidget(self)
        events_layout = QGridLayout(events)
        events_layout.setContentsMargins(0, 0, 0, 0)
        events_layout.setHorizontalSpacing(16)
        events_layout.setVerticalSpacing(2)
        for number, event in enumerate(subscribable_events()):
            box = QCheckBox(f"{event_name(event)} ({event})", events)
            box.setObjectName(f"event_{event}")
            box.setToolTip(event_hint(event))
            self.event_boxes[event] = box
            events_layout.addWidget(box, number // 2, number % 2)
        self._add("events", self.tr("Events"), events, top=True)

        self.retry_count = QSpinBox(self)
        self.retry_count.setRange(0, MAX_RETRIES)
        self.retry_count.setValue(DEFAULT_RETRIES)
        self.retry_count.setToolTip(self.tr(
            "How many times a failed delivery is tried again: after 5 s, 5 min, 30 min, 2 h, "
            "5 h, 10 h, 10 h."))
        self._add("retry_count", self.tr("Retries"), self.retry_count)

        self.timeout = QSpinBox(self)
        self.timeout.setRange(1, MAX_TIMEOUT_S)
        self.timeout.setValue(DEFAULT_TIMEOUT_S)
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setToolTip(self.tr("How long to wait for the receiver's answer."))
        self._add("timeout", self.tr("Timeout"), self.timeout)

        self.rate_limit = QSpinBox(self)
        self.rate_limit.setRange(0, MAX_RATE_LIMIT)
        self.rate_limit.setSpecialValueText(self.tr("Unlimited"))
        self.rate_limit.setSuffix(self.tr(" requests/s"))
        self.rate_limit.setToolTip(self.tr("At most this many requests per second to this "
                                           "URL; 0 is unlimited."))
        self._add("rate_limit", self.tr("Rate limit"), self.rate_limit)

        for spin in (self.retry_count, self.timeout, self.rate_limit):
            spin.setMaximumWidth(200)
        self.headers = HeadersEditor(self)
        self._add("custom_headers", self.tr("Extra headers"), self.headers, top=True)

        self.active = QCheckBox(self.tr("Active: deliver events to this URL"), self)
        self.active.setObjectName("field_is_active")
        self.active.setChecked(True)
        self.disabled_note = QLabel(self)
        self.disabled_note.setObjectName("disabledNote")
        self.disabled_note.setWordWrap(True)
        self.disabled_note.setStyleSheet(ERROR_STYLE)
        self.disabled_note.hide()
        if subscription is not None:
            self._grid.add_unlabelled(self.active, self.disabled_note)
        else:
            self.active.hide()

        self.secret_note = QLabel(self.tr(
            "Requests are signed with a secret that MESDesk generates; it is shown once, "
            "after the subscription is created.") if subscription is None else self.tr(
            "The secret stays as it is; it is never shown again."), self)
        self.secret_note.setWordWrap(True)
        self.secret_note.setStyleSheet("color: palette(placeholder-text);")
        footer = FormFooter(self, creating=subscription is None, submit=self.submit)
        self.general_error, self.buttons = footer.error, footer.buttons
        self.save_button = footer.save_button

        layout = QVBoxLayout(self)
        layout.addLayout(self._grid)
        layout.addWidget(self.secret_note)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(780)
        self._fill(subscription)
        self.url.textChanged.connect(lambda _: self.clear_field_error("url"))
        for box in self.event_boxes.values():
            box.toggled.connect(lambda _: self.clear_field_error("events"))
        self.headers.table.itemChanged.connect(lambda _: self.clear_field_error("custom_headers"))
        for name in ("retry_count", "timeout", "rate_limit"):
            self.editors[name].valueChanged.connect(
                lambda _=0, n=name: self.clear_field_error(n))

    # -- building -------------------------------------------------------------------------------

    def _add(self, name: str, title: str, editor: QWidget, *, top: bool = False) -> None:
        self._grid.add(name, title, editor, top=top)

    def _fill(self, sub: SubscriptionDTO | None) -> None:
        if sub is None:
            return
        self.url.setText(sub.shown_url)   # a password in the URL stays hidden
        for event, box in self.event_boxes.items():
            box.setChecked(event in sub.events)
        self.retry_count.setValue(sub.retry_count)
        self.timeout.setValue(sub.timeout)
        self.rate_limit.setValue(sub.rate_limit or 0)
        self.headers.set_headers(dict(sub.custom_headers or {}))
        self.active.setChecked(sub.is_active)
        health = health_of(sub)
        if health.kind is HealthKind.DISABLED:
            self.disabled_note.setText(self.tr(
                "MESDesk disabled it: {reason} Tick Active to deliver again.").format(
                reason=disabled_reason_text(health)))
            self.disabled_note.show()

    # -- collecting -----------------------------------------------------------------------------

    def form(self) -> SubscriptionForm:
        """The values as entered (raises ValidationError for a header given twice)."""
        rate = self.rate_limit.value()
        return SubscriptionForm(
            subscription_id=self._subscription.id if self._subscription else None,
            url=entered_url(self.url.text(), self._subscription),
            events=tuple(e for e, box in self.event_boxes.items() if box.isChecked()),
            retry_count=self.retry_count.value(), timeout=self.timeout.value(),
            custom_headers=self.headers.headers(), rate_limit=rate or None,
            is_active=self.active.isChecked())

    def submit(self) -> None:
        """Every field the domain's own rules refuse is marked at once (the service checks
        again when it saves); then ``submitted``."""
        self.clear_errors()
        try:
            form = self.form()
        except ValidationError as error:
            self.show_error(error)
            return
        problems = form.problems()
        if problems:
            for error in reversed(problems):    # the focus ends on the first one
                self.show_error(error)
            return
        self.set_busy(True)
        self.submitted.emit(form)

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.save_button.setText(self.tr("Saving…") if busy else (
            self.tr("Create") if self._subscription is None else self.tr("Save")))

    def saved(self) -> None:
        self.set_busy(False)
        self.accept()

    # -- errors ---------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for name in self.errors:
            self.clear_field_error(name)
        self.general_error.hide()

    def clear_field_error(self, name: str) -> None:
        label = self.errors.get(name)
        if label is not None:
            label.clear()
            label.hide()

    def field_error(self, name: str) -> str:
        return self._grid.error_text(name)

    def show_error(self, error: BaseException) -> None:
        """A refusal from the core: next to its field when it names one of ours."""
        self.set_busy(False)
        name = field_of(error)
        if name is not None and name in self.errors:
            self.errors[name].setText(sentence(error.problem))
            self.errors[name].show()
            focus = self.editors[name]
            if name == "events":
                focus = next(iter(self.event_boxes.values()))
            elif name == "custom_headers":
                focus = self.headers.table
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.general_error.setText(describe(error))
        self.general_error.show()
