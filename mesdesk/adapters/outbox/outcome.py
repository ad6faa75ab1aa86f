"""What one attempt's result means for its delivery and its subscription (§6), without I/O.

- 2xx: ``success``; the subscription is healthy again.
- 410 Gone: ``failed`` and the subscription is disabled at once.
- anything else: a retry after the schedule's delay (``Retry-After`` wins) while
  ``retry_count`` allows, else ``failed``.
- A subscription with no success for ``DISABLE_AFTER`` of continuous failures is disabled.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mesdesk.domain import webhooks
from mesdesk.domain.problems import Problem

from .sender import Claimed, Result

DISABLE_AFTER = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Outcome:
    row: dict[str, Any]            # one element of queries.RECORD's :rows
    disable: "Disabling | None"    # set for 410 Gone


@dataclass(frozen=True, slots=True)
class Disabling:
    """Why a subscription is disabled: the English sentence and the catalogued problem."""

    reason: str
    problem: Problem

    @property
    def problem_json(self) -> str:
        return json.dumps({"code": self.problem.code, "params": dict(self.problem.params)})


def decide(delivery: Claimed, result: Result, now: datetime,
           rng: webhooks.Random) -> Outcome:
    row: dict[str, Any] = {
        "id": delivery.id, "attempted_at": result.attempted_at.isoformat(),
        "duration_ms": result.duration_ms, "status_code": result.status_code,
        "error_class": result.error_class, "excerpt": result.excerpt, "error": result.error,
        "next_attempt_at": None, "delivered_at": None}
    reason = None
    if result.ok:
        row["status"] = "success"
        row["delivered_at"] = now.isoformat()
    elif result.status_code == 410:
        row["status"] = "failed"
        reason = Disabling(webhooks.gone_reason(now, delivery.id),
                           webhooks.gone_problem(now, delivery.id))
    else:
        attempts = delivery.attempts + 1
        if attempts <= delivery.retry_count:
            row["status"] = "pending"
            row["next_attempt_at"] = (now + webhooks.retry_delay(
                attempts, rng, result.retry_after)).isoformat()
        else:
            row["status"] = "failed"
    return Outcome(row, reason)


def health(done: Sequence[tuple[Claimed, Result]]) -> list[dict[str, Any]]:
    """Per subscription: did any attempt succeed, and how many failed after the last success."""
    by_subscription: dict[int, list[Result]] = {}
    for delivery, result in done:
        by_subscription.setdefault(delivery.subscription_id, []).append(result)
    rows = []
    for subscription_id, results in by_subscription.items():
        ordered = sorted(results, key=lambda r: r.attempted_at)
        last_ok = max((i for i, r in enumerate(ordered) if r.ok), default=None)
        after = ordered if last_ok is None else ordered[last_ok + 1:]
        rows.append({"id": subscription_id, "succeeded": last_ok is not None,
                     "failures": sum(1 for r in after if not r.ok)})
    return rows


def last_errors(done: Iterable[tuple[Claimed, Result]]) -> dict[int, str]:
    """The latest failed attempt's error per subscription, for a disabling reason."""
    latest: dict[int, Result] = {}
    for delivery, result in done:
        if result.ok:
            continue
        seen = latest.get(delivery.subscription_id)
        if seen is None or result.attempted_at >= seen.attempted_at:
            latest[delivery.subscription_id] = result
    return {subscription_id: result.last_error for subscription_id, result in latest.items()}


def failing_too_long(failing_since: datetime | None, now: datetime) -> bool:
    return failing_since is not None and now - failing_since >= DISABLE_AFTER


def failing_reason(failing_since: datetime, last_error: str) -> Disabling:
    return Disabling(webhooks.failing_reason(failing_since, last_error),
                     webhooks.failing_problem(failing_since, last_error))
