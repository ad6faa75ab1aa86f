"""Webhook subscriptions (§6): add, list, show, delete. The secret is shown once, on add."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mesdesk.domain.errors import NotFoundError
from mesdesk.domain.subscriptions import subscription_input
from mesdesk.domain.webhooks import generate_secret

from .dto import SubscriptionDTO
from .ports import UnitOfWorkFactory


def add_subscription(uow_factory: UnitOfWorkFactory, url: str, events: Iterable[str], *,
                     secret: str | None = None, retry_count: int = 3, timeout: int = 10,
                     custom_headers: Mapping[str, str] | None = None,
                     rate_limit: int | None = None) -> tuple[SubscriptionDTO, str]:
    """Returns the subscription and its secret (generated unless given): the only time it
    is shown."""
    wanted = subscription_input(url, events, retry_count=retry_count, timeout=timeout,
                                custom_headers=custom_headers, rate_limit=rate_limit)
    secret = secret or generate_secret()
    with uow_factory() as uow:
        created = uow.subscriptions.add(wanted, secret)
        uow.audit("create", "webhook_subscription", created.id,
                  {"url": created.url, "events": list(created.events)})
        uow.commit()
    return created, secret


def list_subscriptions(uow_factory: UnitOfWorkFactory) -> list[SubscriptionDTO]:
    with uow_factory() as uow:
        return uow.subscriptions.all()


def get_subscription(uow_factory: UnitOfWorkFactory, subscription_id: int) -> SubscriptionDTO:
    with uow_factory() as uow:
        found = uow.subscriptions.get(subscription_id)
    if found is None:
        raise NotFoundError(f"webhook subscription {subscription_id} does not exist", field="id")
    return found


def delete_subscription(uow_factory: UnitOfWorkFactory, subscription_id: int) -> None:
    with uow_factory() as uow:
        if not uow.subscriptions.delete(subscription_id):
            raise NotFoundError(f"webhook subscription {subscription_id} does not exist",
                                field="id")
        uow.audit("delete", "webhook_subscription", subscription_id)
        uow.commit()
