"""What the Webhooks page decides, without Qt: which subscription is selected, what the user
may do with it, what the empty table says, and how healthy each subscription is.

The page feeds it what arrives (``arrived``, ``failed``) and what the user does (``select``);
the widgets only draw what it says. Texts are chosen by kind here and translated in
``mesdesk/ui/text/webhooks.py``: nothing here is a sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from mesdesk.domain.problems import Problem
from mesdesk.services.dto import SubscriptionDTO


class HealthKind(StrEnum):
    """How a subscription is doing, from a supervisor's point of view."""

    HEALTHY = "healthy"          # active, its last delivery went through (or none yet)
    FAILING = "failing"          # active, failures in a row since its last success
    DISABLED = "disabled"        # MESDesk switched it off (24 h without a success, 410 Gone)
    SWITCHED_OFF = "off"         # a person made it inactive


@dataclass(frozen=True)
class Health:
    """A subscription's health with the facts its text needs."""

    kind: HealthKind
    failing_since: datetime | None = None
    #: Why MESDesk disabled it: the stored problem, or the English an older version stored.
    problem: Problem | None = None
    reason: str | None = None

    @property
    def wrong(self) -> bool:
        """Whether a supervisor must know something about it."""
        return self.kind is not HealthKind.HEALTHY


def health_of(sub: SubscriptionDTO) -> Health:
    if not sub.is_active:
        if sub.disabled_reason:
            return Health(HealthKind.DISABLED, problem=sub.disabled_problem,
                          reason=sub.disabled_reason)
        return Health(HealthKind.SWITCHED_OFF)
    if sub.consecutive_failures:
        return Health(HealthKind.FAILING, failing_since=sub.failing_since)
    return Health(HealthKind.HEALTHY)


class Emptiness(StrEnum):
    """What the subscriptions table says when it shows no row."""

    NOTHING = ""                 # it has rows: it says nothing
    LOADING = "loading"          # nothing read yet
    UNREADABLE = "unreadable"    # the first read failed (the reason is in ``error``)
    NONE_YET = "none"            # read: there are no subscriptions


class Detail(StrEnum):
    """What the line under the table shows."""

    NOTHING = ""                 # no subscriptions at all
    HINT = "hint"                # rows but none selected: how to choose one
    SUBSCRIPTION = "subscription"    # the selected one's settings and health


@dataclass(frozen=True)
class Actions:
    """Which of the page's actions may run now."""

    edit: bool = False
    delete: bool = False
    test: bool = False
    #: The selected subscription is inactive: a test event is refused until it is active.
    test_needs_active: bool = False


@dataclass(frozen=True)
class LogFilter:
    """The delivery log's filters as values (None: any)."""

    subscription_id: int | None = None
    status: str | None = None
    event: str | None = None
    custom_range: bool = False


class WebhooksScreen:
    """The subscriptions part of the Webhooks page as data.

    ``rows``: the subscriptions as last read; ``loaded``: one read arrived; ``error``: why the
    last read failed (None once one succeeds); ``selected_id``: the chosen subscription.
    """

    def __init__(self) -> None:
        self.rows: tuple[SubscriptionDTO, ...] = ()
        self.loaded = False
        self.error: str | None = None
        self.selected_id: int | None = None
        self._select_when_listed: int | None = None

    # -- what arrives -----------------------------------------------------------------------

    def arrived(self, rows: Sequence[SubscriptionDTO]) -> bool:
        """A read arrived; True when it ends an outage (the page clears its warning)."""
        recovered = self.error is not None
        self.rows = tuple(rows)
        self.loaded = True
        self.error = None
        if self._select_when_listed is not None and self.row_of(self._select_when_listed) >= 0:
            self.selected_id, self._select_when_listed = self._select_when_listed, None
        if self.selected is None:
            self.selected_id = None
        return recovered

    def failed(self, reason: str) -> bool:
        """A read failed; True when this is the first failure of an outage (worth logging)."""
        first = self.error is None
        self.error = reason
        return first

    def replaced(self, sub: SubscriptionDTO) -> None:
        """A subscription was saved: show what the service returned at once."""
        self.rows = tuple(sub if row.id == sub.id else row for row in self.rows)

    def removed(self, subscription_id: int) -> None:
        self.rows = tuple(row for row in self.rows if row.id != subscription_id)
        if self.selected_id == subscription_id:
            self.selected_id = None

    def select_when_listed(self, subscription_id: int) -> None:
        """Select it as soon as a read lists it (a subscription just created)."""
        self._select_when_listed = subscription_id
        if self.row_of(subscription_id) >= 0:
            self.arrived(self.rows)

    # -- selection --------------------------------------------------------------------------

    def row_of(self, subscription_id: int) -> int:
        for row, sub in enumerate(self.rows):
            if sub.id == subscription_id:
                return row
        return -1

    def select(self, subscription_id: int | None) -> bool:
        if subscription_id is not None and self.row_of(subscription_id) < 0:
            return False
        self.selected_id = subscription_id
        return True

    @property
    def selected(self) -> SubscriptionDTO | None:
        row = -1 if self.selected_id is None else self.row_of(self.selected_id)
        return self.rows[row] if row >= 0 else None

    # -- what the page shows ----------------------------------------------------------------

    def actions(self) -> Actions:
        sub = self.selected
        if sub is None:
            return Actions()
        return Actions(edit=True, delete=True, test=sub.is_active,
                       test_needs_active=not sub.is_active)

    def emptiness(self) -> Emptiness:
        if self.rows:
            return Emptiness.NOTHING
        if not self.loaded:
            return Emptiness.UNREADABLE if self.error is not None else Emptiness.LOADING
        return Emptiness.NONE_YET

    def detail(self) -> Detail:
        if self.selected is not None:
            return Detail.SUBSCRIPTION
        return Detail.HINT if self.rows else Detail.NOTHING


def ping_hidden_by(flt: LogFilter, subscription_id: int) -> bool:
    """Whether the log's filters hide a test event just queued for ``subscription_id`` (the
    page then says how to see it)."""
    return (flt.subscription_id not in (None, subscription_id)
            or flt.status not in (None, "pending", "success")
            or flt.event not in (None, "ping")
            or flt.custom_range)
