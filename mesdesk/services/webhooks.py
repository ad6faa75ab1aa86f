"""Webhook subscriptions and their deliveries (§6, §9).

Subscriptions: add, list, show, update, delete; the secret is shown once, on add, and never
again (not in DTOs, output, audit rows or logs). Deliveries: the log with its attempts, a test
``ping``, re-sending one or every failed one of a time range, and the scheduled re-queue of
failed deliveries whose subscription now allows more attempts. Sending is the dispatcher's job
(``adapters/outbox``): these functions only put deliveries in its queue, and each commit
NOTIFYs it so an idle dispatcher sends at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.domain.events import EVENT_TYPES, PING
from mesdesk.domain.subscriptions import (SubscriptionInput, check_secret, masked_url,
                                          shown_text, subscription_input, subscription_update)
from mesdesk.domain.values import is_row_id
from mesdesk.domain.webhooks import event_body, generate_secret

from .dto import (DELIVERY_STATUSES, AttemptDTO, DeliveryDTO, DeliveryFilter, Page,
                  SubscriptionDTO)
from .ports import UnitOfWork, UnitOfWorkFactory

#: "Not given" for ``update_subscription`` arguments where None is a value (no rate limit).
UNSET: Any = object()

MAX_PAGE = 1000
PING_MESSAGE = "Test event from MESDesk"


def add_subscription(uow_factory: UnitOfWorkFactory, url: str, events: Iterable[str], *,
                     secret: str | None = None, retry_count: int = 3, timeout: int = 10,
                     custom_headers: Mapping[str, str] | None = None,
                     rate_limit: int | None = None) -> tuple[SubscriptionDTO, str]:
    """Returns the subscription and its secret (generated unless given): the only time it
    is shown."""
    wanted = subscription_input(url, events, retry_count=retry_count, timeout=timeout,
                                custom_headers=custom_headers, rate_limit=rate_limit)
    secret = check_secret(secret) if secret else generate_secret()
    with uow_factory() as uow:
        created = uow.subscriptions.add(wanted, secret)
        uow.audit("create", "webhook_subscription", created.id,
                  {"url": masked_url(created.url), "events": list(created.events)})
        uow.announce("subscription")
        uow.commit()
    return created, secret


def list_subscriptions(uow_factory: UnitOfWorkFactory) -> list[SubscriptionDTO]:
    with uow_factory() as uow:
        return uow.subscriptions.all()


def get_subscription(uow_factory: UnitOfWorkFactory, subscription_id: int) -> SubscriptionDTO:
    _check_subscription_id(subscription_id)
    with uow_factory() as uow:
        found = uow.subscriptions.get(subscription_id)
    if found is None:
        raise _missing_subscription(subscription_id)
    return found


def delete_subscription(uow_factory: UnitOfWorkFactory, subscription_id: int) -> None:
    _check_subscription_id(subscription_id)
    with uow_factory() as uow:
        if not uow.subscriptions.delete(subscription_id):
            raise _missing_subscription(subscription_id)
        uow.audit("delete", "webhook_subscription", subscription_id)
        uow.announce("subscription")
        uow.commit()


def update_subscription(uow_factory: UnitOfWorkFactory, subscription_id: int, *,
                        url: str | None = None, events: Iterable[str] | None = None,
                        retry_count: int | None = None, timeout: int | None = None,
                        custom_headers: Mapping[str, str] | None = None,
                        rate_limit: int | None = UNSET,
                        is_active: bool | None = None) -> SubscriptionDTO:
    """Change what is given (None, or UNSET for ``rate_limit``, keeps the value), validated
    like a new subscription; ``rate_limit=None`` means unlimited, ``custom_headers`` replaces
    the whole set. Re-activating a disabled subscription starts its health afresh (no reason,
    no failure streak) so the 24-hour rule does not disable it again at its first failure."""
    changes: dict[str, Any] = {}
    if url is not None:
        changes["url"] = url
    if events is not None:
        changes["events"] = events if isinstance(events, str) else tuple(events)
    if retry_count is not None:
        changes["retry_count"] = retry_count
    if timeout is not None:
        changes["timeout"] = timeout
    if custom_headers is not None:
        changes["custom_headers"] = dict(custom_headers)
    if rate_limit is not UNSET:
        changes["rate_limit"] = rate_limit
    if is_active is not None and not isinstance(is_active, bool):
        raise P.SUBSCRIPTION_NOT_BOOLEAN(value=repr(is_active), field="is_active")
    _check_subscription_id(subscription_id)
    with uow_factory() as uow:
        current = uow.subscriptions.get(subscription_id, lock=True)
        if current is None:
            raise _missing_subscription(subscription_id)
        _, changed = subscription_update(_as_input(current), changes)
        values: dict[str, Any] = dict(changed)
        if "events" in values:
            values["events"] = list(values["events"])
        if is_active is not None and is_active != current.is_active:
            values["is_active"] = is_active
            if is_active:
                values.update(disabled_reason=None, disabled_problem=None,
                              failing_since=None, consecutive_failures=0)
        if not values:
            return current
        updated = uow.subscriptions.update(subscription_id, values)
        assert updated is not None  # locked above
        uow.audit("update", "webhook_subscription", subscription_id, _audited(values))
        uow.announce("subscription")
        uow.commit()
    return updated


def send_test_event(uow_factory: UnitOfWorkFactory, subscription_id: int) -> DeliveryDTO:
    """A ``ping`` for this subscription only (whatever its event types), due now: a running
    dispatcher (the app or ``mesdesk worker``) signs and sends it like any event."""
    _check_subscription_id(subscription_id)
    with uow_factory() as uow:
        subscription = uow.subscriptions.get(subscription_id)
        if subscription is None:
            raise _missing_subscription(subscription_id)
        if not subscription.is_active:
            raise P.SUBSCRIPTION_TEST_DISABLED(id=subscription_id, field="is_active")
        now = uow.now()
        event_id = str(uuid.uuid4())
        data = {"subscription_id": subscription_id, "message": PING_MESSAGE}
        delivery_id = uow.deliveries.add_direct(
            subscription_id, event_id, PING, data, event_body(event_id, PING, now, data), now)
        uow.audit("test", "webhook_subscription", subscription_id,
                  {"delivery_id": delivery_id, "event_id": event_id})
        uow.announce("delivery")
        uow.commit()
        return _existing_delivery(uow, delivery_id)


def list_deliveries(uow_factory: UnitOfWorkFactory, flt: DeliveryFilter = DeliveryFilter(), *,
                    cursor: str | None = None, limit: int = 100) -> Page:
    """The deliveries log, newest first; ``Page.rows`` are ``DeliveryDTO``s."""
    _check_filter(flt)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise P.PAGE_LIMIT(maximum=MAX_PAGE, value=repr(limit), field="limit")
    with uow_factory() as uow:
        return uow.deliveries.page(flt, cursor, limit)


def get_delivery(uow_factory: UnitOfWorkFactory, delivery_id: int) -> DeliveryDTO:
    _check_delivery_id(delivery_id)
    with uow_factory() as uow:
        return _existing_delivery(uow, delivery_id)


def delivery_attempts(uow_factory: UnitOfWorkFactory, delivery_id: int) -> list[AttemptDTO]:
    """Every HTTP attempt of a delivery, oldest first (also those of earlier re-sends)."""
    _check_delivery_id(delivery_id)
    with uow_factory() as uow:
        _existing_delivery(uow, delivery_id)
        return uow.deliveries.attempts(delivery_id)


def resend_delivery(uow_factory: UnitOfWorkFactory, delivery_id: int) -> DeliveryDTO:
    """Back to pending, due now, with a fresh retry series; the attempt history stays. Works
    for failed and delivered ones (a receiver that lost what it got). The same event id goes
    again, so receivers that deduplicate on ``webhook-id`` see a repeat, not a new event."""
    _check_delivery_id(delivery_id)
    with uow_factory() as uow:
        delivery = uow.deliveries.get(delivery_id, lock=True)
        if delivery is None:
            raise _missing_delivery(delivery_id)
        subscription = uow.subscriptions.get(delivery.subscription_id)
        assert subscription is not None  # deliveries go with their subscription
        if not subscription.is_active:
            raise P.DELIVERY_RESEND_DISABLED(delivery=delivery_id, id=subscription.id,
                                             field="is_active")
        uow.deliveries.resend(delivery_id, uow.now())
        uow.audit("resend", "webhook_delivery", delivery_id,
                  {"subscription_id": delivery.subscription_id,
                   "previous_status": delivery.status, "attempts": delivery.attempts})
        uow.announce("delivery")
        uow.commit()
        return _existing_delivery(uow, delivery_id)


def count_resendable(uow_factory: UnitOfWorkFactory, *, since: datetime, until: datetime,
                     subscription_id: int | None = None) -> int:
    """How many failed deliveries ``resend_failed`` would queue again with these arguments:
    those of active subscriptions (asked before a supervisor confirms)."""
    with uow_factory() as uow:
        active = {s.id for s in uow.subscriptions.all() if s.is_active}
        flt = DeliveryFilter(subscription_id=subscription_id, status="failed", since=since,
                             until=until)
        total, cursor = 0, None
        while True:
            page = uow.deliveries.page(flt, cursor, 500)
            total += sum(1 for row in page.rows if row.subscription_id in active)
            cursor = page.next_cursor
            if cursor is None or not page.rows:
                return total


def resend_failed(uow_factory: UnitOfWorkFactory, *, since: datetime, until: datetime,
                  subscription_id: int | None = None) -> int:
    """Re-queue, like ``resend_delivery``, every failed delivery created in [since, until)
    whose subscription is active; returns how many."""
    _check_time(since, "since")
    _check_time(until, "until")
    _check_period(since, until)
    if subscription_id is not None:
        _check_subscription_id(subscription_id, field="subscription_id")
    with uow_factory() as uow:
        if subscription_id is not None and uow.subscriptions.get(subscription_id) is None:
            raise _missing_subscription(subscription_id, field="subscription_id")
        ids = uow.deliveries.resend_failed(since, until, subscription_id, uow.now())
        if ids:
            uow.audit("resend_failed", "webhook_delivery", None,
                      {"since": since, "until": until, "subscription_id": subscription_id,
                       "count": len(ids)})
            uow.announce("delivery")
            uow.commit()
    return len(ids)


def queue_length(uow_factory: UnitOfWorkFactory) -> int:
    """Deliveries waiting to be sent: due now or in back-off."""
    with uow_factory() as uow:
        return uow.deliveries.queue_length()


def retry_failed_webhooks(uow_factory: UnitOfWorkFactory) -> int:
    """The §9 scheduled job: failed deliveries whose active subscription allows more attempts
    than they have had (its ``retry_count`` was raised; it was re-activated after a 410 or the
    24-hour rule) go back to pending, due now, continuing their series. Returns how many."""
    with uow_factory() as uow:
        ids = uow.deliveries.retry_allowed(uow.now())
        if ids:
            uow.audit("retry_failed", "webhook_delivery", None,
                      {"count": len(ids), "ids": ids[:100]})
            uow.announce("delivery")
            uow.commit()
    return len(ids)


# -- helpers ------------------------------------------------------------------------------------

def _as_input(subscription: SubscriptionDTO) -> SubscriptionInput:
    return SubscriptionInput(subscription.url, subscription.events, subscription.retry_count,
                             subscription.timeout, dict(subscription.custom_headers),
                             subscription.rate_limit)


def _audited(values: Mapping[str, Any]) -> dict[str, Any]:
    """What an update changed, for the audit log: custom header values often carry tokens,
    so only their names are kept, and a URL's password is masked."""
    audited = dict(values)
    if "custom_headers" in audited:
        audited["custom_headers"] = sorted(audited["custom_headers"])
    if "url" in audited:
        audited["url"] = masked_url(audited["url"])
    return audited


def _check_subscription_id(subscription_id: Any, field: str = "id") -> None:
    if isinstance(subscription_id, bool) or not isinstance(subscription_id, int):
        raise P.SUBSCRIPTION_WHOLE_NUMBER(value=repr(subscription_id), field=field)
    if not is_row_id(subscription_id):
        raise _missing_subscription(subscription_id, field=field)


def _check_delivery_id(delivery_id: Any) -> None:
    if isinstance(delivery_id, bool) or not isinstance(delivery_id, int):
        raise P.SUBSCRIPTION_WHOLE_NUMBER(value=repr(delivery_id), field="id")
    if not is_row_id(delivery_id):
        raise _missing_delivery(delivery_id)


def _check_filter(flt: DeliveryFilter) -> None:
    if flt.subscription_id is not None:
        _check_subscription_id(flt.subscription_id, field="subscription_id")
    if flt.status is not None and flt.status not in DELIVERY_STATUSES:
        raise P.DELIVERY_STATUS_UNKNOWN(status=shown_text(str(flt.status)), known=", ".join(DELIVERY_STATUSES),
                                        field="status")
    if flt.event_type is not None and flt.event_type not in EVENT_TYPES:
        raise P.WEBHOOK_EVENT_UNKNOWN(event=shown_text(str(flt.event_type)), known=", ".join(EVENT_TYPES),
                                      field="event_type")
    if flt.since is not None:
        _check_time(flt.since, "since")
    if flt.until is not None:
        _check_time(flt.until, "until")
    if flt.since is not None and flt.until is not None:
        _check_period(flt.since, flt.until)


def _check_time(moment: Any, name: str) -> None:
    if not isinstance(moment, datetime):
        raise P.WEBHOOK_TIME_EXPECTED(value=repr(moment), field=name)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise P.WEBHOOK_TIME_WITHOUT_ZONE(field=name)


def _check_period(since: datetime, until: datetime) -> None:
    if since >= until:
        raise P.WEBHOOK_UNTIL_BEFORE_SINCE(since=since, until=until, field="until")


def _existing_delivery(uow: UnitOfWork, delivery_id: int) -> DeliveryDTO:
    found = uow.deliveries.get(delivery_id)
    if found is None:
        raise _missing_delivery(delivery_id)
    return found


def _missing_subscription(subscription_id: int, field: str = "id") -> DomainError:
    return P.SUBSCRIPTION_NOT_FOUND(id=subscription_id, field=field)


def _missing_delivery(delivery_id: int) -> DomainError:
    return P.DELIVERY_NOT_FOUND(id=delivery_id, field="id")
