"""Webhook subscriptions in PostgreSQL. The secret is written, never read back into a DTO."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from mesdesk.domain.problems import Problem
from mesdesk.domain.subscriptions import SubscriptionInput
from mesdesk.services.dto import SubscriptionDTO

from . import tables as t

s = t.webhook_subscriptions
COLUMNS = [s.c.id, s.c.url, s.c.events, s.c.is_active, s.c.retry_count, s.c.timeout,
           s.c.custom_headers, s.c.rate_limit, s.c.disabled_reason, s.c.created_at,
           s.c.updated_at, s.c.last_success_at, s.c.failing_since, s.c.consecutive_failures,
           s.c.disabled_problem]


def _dto(row) -> SubscriptionDTO:
    values = dict(row._mapping)
    values["events"] = tuple(values["events"])
    values["disabled_problem"] = Problem.from_json(values["disabled_problem"])
    return SubscriptionDTO(**values)


class SqlSubscriptionRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, subscription: SubscriptionInput, secret: str) -> SubscriptionDTO:
        row = self._c.execute(insert(s).values(
            url=subscription.url, events=list(subscription.events), secret=secret,
            retry_count=subscription.retry_count, timeout=subscription.timeout,
            custom_headers=subscription.custom_headers, rate_limit=subscription.rate_limit,
        ).returning(*COLUMNS)).one()
        return _dto(row)

    def get(self, subscription_id: int, *, lock: bool = False) -> SubscriptionDTO | None:
        statement = select(*COLUMNS).where(s.c.id == subscription_id)
        if lock:
            statement = statement.with_for_update()
        row = self._c.execute(statement).first()
        return _dto(row) if row else None

    def update(self, subscription_id: int, values: dict[str, Any]) -> SubscriptionDTO | None:
        """Write ``values`` (column -> value) and stamp ``updated_at``; None when missing."""
        row = self._c.execute(
            update(s).where(s.c.id == subscription_id)
            .values(**values, updated_at=func.now()).returning(*COLUMNS)).first()
        return _dto(row) if row else None

    def all(self) -> list[SubscriptionDTO]:
        return [_dto(row) for row in self._c.execute(select(*COLUMNS).order_by(s.c.id))]

    def delete(self, subscription_id: int) -> bool:
        return self._c.execute(delete(s).where(s.c.id == subscription_id)).rowcount > 0
