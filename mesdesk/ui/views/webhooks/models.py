"""The three tables of the Webhooks area: subscriptions with their health, the delivery log,
and the attempts of one delivery. Rows are the services' DTOs; times are shown in the
production time zone."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime, timezone, tzinfo
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from mesdesk.services.dto import DeliveryFilter, SubscriptionDTO

from ...text.webhooks import (
    RED, duration_text, event_name, events_text, health_colour, health_problem, health_state,
    long_time, number, rate_limit_text, short_time, status_colour, status_name,
)
from ...widgets.pager import Fetch, KeysetTableModel, Runner
from .keyed_model import KeyedRowsModel, role_value
from .screen import health_of

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
#: Deliveries per page of the log; a refresh reads at most MAX_REFRESH again.
PAGE_SIZE = 100
MAX_REFRESH = 1000

# -- subscriptions -----------------------------------------------------------------------------

S_URL, S_EVENTS, S_STATE, S_LAST_SUCCESS, S_FAILURES, S_PROBLEM = range(6)


class SubscriptionsModel(KeyedRowsModel):
    def __init__(self, tz: tzinfo | None, parent=None) -> None:
        super().__init__(parent)
        self._tz = tz

    def headers(self) -> list[str]:
        return [self.tr("URL"), self.tr("Events"), self.tr("State"), self.tr("Last success"),
                self.tr("Failures in a row"), self.tr("Problem")]

    def subscription(self, row: int) -> SubscriptionDTO | None:
        return self.row_at(row)

    def display(self, sub: SubscriptionDTO, column: int) -> str:
        if column == S_URL:
            return sub.shown_url
        if column == S_EVENTS:
            return events_text(sub.events)
        if column == S_STATE:
            return health_state(health_of(sub))
        if column == S_LAST_SUCCESS:
            return short_time(sub.last_success_at, self._tz) if sub.last_success_at \
                else self.tr("never")
        if column == S_FAILURES:
            return number(sub.consecutive_failures)
        if column == S_PROBLEM:
            return health_problem(health_of(sub), self._tz)
        return ""

    def tooltip(self, sub: SubscriptionDTO, column: int) -> str | None:
        if column == S_EVENTS:
            return "\n".join(f"{event_name(e)} ({e})" for e in sub.events)
        if column == S_URL:
            return self.tr("{url}\nRetries: {retries}, timeout: {timeout} s, rate limit: "
                           "{rate}").format(url=sub.shown_url, retries=sub.retry_count,
                                            timeout=sub.timeout,
                                            rate=rate_limit_text(sub.rate_limit))
        if column == S_LAST_SUCCESS:
            return long_time(sub.last_success_at, self._tz) or None
        return super().tooltip(sub, column)

    def foreground(self, sub: SubscriptionDTO, column: int) -> Any:
        if column in (S_STATE, S_PROBLEM):
            return health_colour(health_of(sub))    # red when disabled, amber while failing
        if column == S_FAILURES and sub.consecutive_failures:
            return health_colour(health_of(sub))
        return None

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return RIGHT if column == S_FAILURES else None


# -- deliveries --------------------------------------------------------------------------------

D_TIME, D_URL, D_EVENT, D_STATUS, D_ATTEMPTS, D_HTTP, D_ERROR = range(7)


class DeliveriesModel(KeysetTableModel):
    """The delivery log on the one pager: keyset pages of ``list_deliveries`` for the query the
    log shows, newest first. The query's time range is worked out at each read (a "last 24
    hours" log keeps moving)."""

    first_page_size = PAGE_SIZE
    page_size = PAGE_SIZE
    refresh_limit = MAX_REFRESH

    def __init__(self, run: Runner, use: Any, tz: tzinfo | None, parent=None) -> None:
        super().__init__(run, parent)
        self._use = use
        self._tz = tz
        self._query: Callable[[datetime], DeliveryFilter] | None = None

    def show(self, query: Callable[[datetime], DeliveryFilter]) -> None:
        """Show the deliveries ``query(now)`` lists, from the first page."""
        self._query = query
        self.reload()

    def make_fetch(self) -> Fetch | None:
        query, use = self._query, self._use
        if query is None:
            return None
        return lambda cursor, limit: use.list_deliveries(query(datetime.now(timezone.utc)),
                                                         cursor=cursor, limit=limit)

    def row_key(self, row: Any) -> Hashable:
        return row.id

    def column_total(self) -> int:
        return len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = self.headers()
        return headers[section] if 0 <= section < len(headers) else None

    def cell(self, row: Any, column: int, role: int) -> Any:
        return None if row is None else role_value(self, row, column, role)

    def headers(self) -> list[str]:
        return [self.tr("Time"), self.tr("Subscription"), self.tr("Event"), self.tr("Status"),
                self.tr("Attempts"), self.tr("HTTP"), self.tr("Error")]

    def delivery(self, row: int) -> Any:
        return self.peek(row)

    def row_of(self, delivery_id: int) -> int:
        return self.find_row(delivery_id)

    def all_rows(self) -> list[Any]:
        return [self.peek(row) for row in range(self.rowCount())]

    def display(self, d: Any, column: int) -> str:
        if column == D_TIME:
            return short_time(d.created_at, self._tz)
        if column == D_URL:
            return d.subscription_url or ""
        if column == D_EVENT:
            return d.event_type
        if column == D_STATUS:
            return status_name(d.status, d.attempts)
        if column == D_ATTEMPTS:
            return number(d.attempts)
        if column == D_HTTP:
            return str(d.response_status) if d.response_status is not None else ""
        if column == D_ERROR:
            if d.status == "success":
                return ""
            text = (d.error_message or "").strip()
            return text.splitlines()[0] if text else ""
        return ""

    def tooltip(self, d: Any, column: int) -> str | None:
        if column == D_TIME:
            return long_time(d.created_at, self._tz) or None
        if column == D_EVENT:
            return event_name(d.event_type)
        if column == D_STATUS:
            if d.status == "success" and d.delivered_at is not None:
                return self.tr("Delivered at {time}").format(
                    time=long_time(d.delivered_at, self._tz))
            if d.status == "pending" and d.next_attempt_at is not None:
                return self.tr("Next attempt at {time}").format(
                    time=long_time(d.next_attempt_at, self._tz))
            return None
        if column == D_ERROR:
            return (d.error_message or "").strip() or None
        text = self.display(d, column)
        return text or None

    def foreground(self, d: Any, column: int) -> Any:
        if column == D_STATUS:
            return status_colour(d.status, d.attempts)
        if column == D_ERROR and d.status == "failed":
            return QColor(RED)
        return None

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return RIGHT if column in (D_ATTEMPTS, D_HTTP) else None


# -- attempts ----------------------------------------------------------------------------------

A_TIME, A_DURATION, A_STATUS, A_ERROR, A_RESPONSE = range(5)


class AttemptsModel(KeyedRowsModel):
    def __init__(self, tz: tzinfo | None, parent=None) -> None:
        super().__init__(parent)
        self._tz = tz

    def headers(self) -> list[str]:
        return [self.tr("Attempted at"), self.tr("Duration"), self.tr("HTTP status"),
                self.tr("Error"), self.tr("Response")]

    def display(self, a: Any, column: int) -> str:
        if column == A_TIME:
            return long_time(a.attempted_at, self._tz)
        if column == A_DURATION:
            return duration_text(a.duration_ms)
        if column == A_STATUS:
            return str(a.status_code) if a.status_code is not None else \
                self.tr("no answer")
        if column == A_ERROR:
            return a.error_class or ""
        if column == A_RESPONSE:
            return " ".join((a.response_excerpt or "").split())
        return ""

    def tooltip(self, a: Any, column: int) -> str | None:
        if column == A_RESPONSE:
            return (a.response_excerpt or "") or None
        return super().tooltip(a, column)

    def foreground(self, a: Any, column: int) -> Any:
        ok = a.status_code is not None and 200 <= a.status_code < 300 and not a.error_class
        if column in (A_STATUS, A_ERROR):
            return status_colour("success" if ok else "failed")
        return None

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return RIGHT if column in (A_DURATION, A_STATUS) else None
