"""The delivery log's filters: subscription, status, event type and time range.

Relative ranges ("last hour") are turned into times at each read, so a log left open keeps
showing the last hour. Custom times are wall-clock times in the production time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone, tzinfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QHBoxLayout, QLabel, QWidget

from mesdesk.services.dto import DeliveryFilter, SubscriptionDTO

from ...text.webhooks import STATUSES, event_name, status_filter_name, subscribable_events

HOUR, DAY, WEEK, MONTH, ALL, CUSTOM = "hour", "day", "week", "month", "all", "custom"
SPANS = {HOUR: timedelta(hours=1), DAY: timedelta(hours=24), WEEK: timedelta(days=7),
         MONTH: timedelta(days=30)}
#: "All time" still needs a start for "resend all failed in the range".
EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


class DeliveryFilterBar(QWidget):
    """``changed()`` when the user changes a filter; ``current(now)`` builds the filter."""

    changed = Signal()

    def __init__(self, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deliveryFilterBar")
        self._tz = tz
        self.subscription = QComboBox(self)
        self.subscription.setObjectName("filterSubscription")
        self.subscription.setMinimumContentsLength(22)
        self.subscription.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.subscription.addItem(self.tr("All subscriptions"), None)
        self.status = QComboBox(self)
        self.status.setObjectName("filterStatus")
        self.status.addItem(self.tr("Any status"), None)
        for status in STATUSES:
            self.status.addItem(status_filter_name(status), status)
        self.event = QComboBox(self)
        self.event.setObjectName("filterEvent")
        self.event.addItem(self.tr("All events"), None)
        for event in subscribable_events():
            self.event.addItem(event, event)
            self.event.setItemData(self.event.count() - 1, event_name(event),
                                   role=Qt.ItemDataRole.ToolTipRole)
        self.range = QComboBox(self)
        self.range.setObjectName("filterRange")
        for key, text in ((HOUR, self.tr("Last hour")), (DAY, self.tr("Last 24 hours")),
                          (WEEK, self.tr("Last 7 days")), (MONTH, self.tr("Last 30 days")),
                          (ALL, self.tr("All time")), (CUSTOM, self.tr("Custom range…"))):
            self.range.addItem(text, key)
        self.range.setCurrentIndex(self.range.findData(DAY))
        self.since = QDateTimeEdit(self)
        self.since.setObjectName("filterSince")
        self.until = QDateTimeEdit(self)
        self.until.setObjectName("filterUntil")
        now = datetime.now(tz)
        for edit, value in ((self.since, now - timedelta(days=1)), (self.until, now)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setDateTime(_wall_clock(value))
            edit.editingFinished.connect(self.changed.emit)
        self.since_label = QLabel(self.tr("from"), self)
        self.until_label = QLabel(self.tr("to"), self)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for title, widget in ((self.tr("Subscription"), self.subscription),
                              (self.tr("Status"), self.status),
                              (self.tr("Event"), self.event),
                              (self.tr("Time"), self.range)):
            label = QLabel(title, self)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)
        for widget in (self.since_label, self.since, self.until_label, self.until):
            layout.addWidget(widget)
        layout.addStretch(1)
        for combo in (self.subscription, self.status, self.event):
            combo.currentIndexChanged.connect(lambda _: self.changed.emit())
        self.range.currentIndexChanged.connect(self._range_changed)
        self._show_custom()

    # -- choices --------------------------------------------------------------------------------

    def set_subscriptions(self, subscriptions: Sequence[SubscriptionDTO]) -> None:
        """Keep the choice (by id) across refreshes of the list."""
        chosen = self.subscription.currentData()
        wanted = [(None, self.tr("All subscriptions"))] + [(s.id, s.shown_url)
                                                           for s in subscriptions]
        present = [(self.subscription.itemData(i), self.subscription.itemText(i))
                   for i in range(self.subscription.count())]
        if present == wanted:
            return
        self.subscription.blockSignals(True)
        self.subscription.clear()
        for value, text in wanted:
            self.subscription.addItem(text, value)
            self.subscription.setItemData(self.subscription.count() - 1, text,
                                          Qt.ItemDataRole.ToolTipRole)
        index = self.subscription.findData(chosen)
        self.subscription.setCurrentIndex(max(index, 0))
        self.subscription.blockSignals(False)
        if index < 0 and chosen is not None:
            self.changed.emit()          # the chosen subscription was deleted

    def choose_subscription(self, subscription_id: int | None) -> None:
        index = self.subscription.findData(subscription_id)
        if index >= 0:
            self.subscription.setCurrentIndex(index)

    def set_status(self, status: str | None) -> None:
        self.status.setCurrentIndex(max(self.status.findData(status), 0))

    def set_event(self, event: str | None) -> None:
        self.event.setCurrentIndex(max(self.event.findData(event), 0))

    def set_range(self, key: str, since: datetime | None = None,
                  until: datetime | None = None) -> None:
        if key == CUSTOM:
            self.since.setDateTime(_wall_clock(since.astimezone(self._tz)) if since else
                                   self.since.dateTime())
            self.until.setDateTime(_wall_clock(until.astimezone(self._tz)) if until else
                                   self.until.dateTime())
        self.range.setCurrentIndex(self.range.findData(key))

    def _range_changed(self, _index: int) -> None:
        self._show_custom()
        self.changed.emit()

    def _show_custom(self) -> None:
        custom = self.range.currentData() == CUSTOM
        for widget in (self.since_label, self.since, self.until_label, self.until):
            widget.setVisible(custom)

    # -- values ---------------------------------------------------------------------------------

    def time_range(self, now: datetime) -> tuple[datetime | None, datetime | None]:
        """(since, until) for the log; None: open on that side."""
        key = self.range.currentData()
        if key in SPANS:
            return now - SPANS[key], None
        if key == CUSTOM:
            return self._aware(self.since.dateTime()), self._aware(self.until.dateTime())
        return None, None

    def resend_range(self, now: datetime) -> tuple[datetime, datetime]:
        """The range "resend all failed" covers: closed on both sides."""
        since, until = self.time_range(now)
        return since or EPOCH, until or now

    def range_text(self) -> str:
        return self.range.currentText() if self.range.currentData() != CUSTOM else \
            self.tr("{since} to {until}").format(
                since=self.since.dateTime().toString("yyyy-MM-dd HH:mm"),
                until=self.until.dateTime().toString("yyyy-MM-dd HH:mm"))

    def current(self, now: datetime) -> DeliveryFilter:
        return self.query()(now)

    def query(self) -> Callable[[datetime], DeliveryFilter]:
        """The filter as chosen now, as a function of the time of the read (a "last 24 hours"
        range keeps moving): the widgets are read here, on the GUI thread; the function is
        pure and runs with each read."""
        subscription_id = self.subscription.currentData()
        status, event_type = self.status.currentData(), self.event.currentData()
        span = SPANS.get(self.range.currentData())
        fixed = self.time_range(EPOCH) if span is None else None

        def at(now: datetime) -> DeliveryFilter:
            since, until = (now - span, None) if span is not None else fixed
            return DeliveryFilter(subscription_id=subscription_id, status=status,
                                  event_type=event_type, since=since, until=until)

        return at

    def narrowed(self) -> bool:
        """Does the filter hide anything besides old deliveries?"""
        return any(combo.currentData() is not None
                   for combo in (self.subscription, self.status, self.event))

    def _aware(self, value: QDateTime) -> datetime:
        day, moment = value.date(), value.time()
        return datetime(day.year(), day.month(), day.day(), moment.hour(), moment.minute(),
                        tzinfo=self._tz)


def _wall_clock(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day),
                     QTime(value.hour, value.minute, value.second))
