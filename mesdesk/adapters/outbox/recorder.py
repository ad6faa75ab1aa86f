"""Record: the attempts that finished and the lanes done with, in one short transaction
(retried on deadlock).

Each gets a ``webhook_attempts`` row, its delivery's outcome (success, retry at a back-off, or
failed for good) and its subscription's health: a 2xx sets ``last_success_at`` and clears
``failing_since`` and ``consecutive_failures``; a failed attempt sets ``failing_since`` (if unset)
and counts. A subscription failing for 24 h without a success is disabled with a reason, and its
waiting deliveries end like after a 410.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from mesdesk.adapters.db.channels import CHANGES_CHANNEL, entity_changed, notify
from mesdesk.adapters.db.mail_queue import enqueue
from mesdesk.domain import webhooks
from mesdesk.domain.mail_texts import SUBSCRIPTION_DISABLED
from mesdesk.domain.subscriptions import masked_url

from . import claimer, outcome, queries
from .chains import ChainEnd
from .clock import DatabaseTime
from .sender import Claimed, Result

log = logging.getLogger(__name__)

# Recording is retried this often when PostgreSQL reports a deadlock or serialization failure.
RETRIES = 3
_RETRIED_STATES = ("40P01", "40001")


class Recorder:
    """``mail_station``: the station whose settings name recipients for "subscription
    disabled" (None: no such mail is queued from here)."""

    def __init__(self, engine: Engine, time_source: DatabaseTime, rng: webhooks.Random, *,
                 mail_station: str | None = None) -> None:
        self._engine = engine
        self._time = time_source
        self._rng = rng
        self._mail_station = mail_station

    def record(self, done: Sequence[tuple[Claimed, Result]],
               ended: Sequence[ChainEnd] = ()) -> None:
        """Attempts, outcomes and health of ``done``, and the release of the lanes of
        ``ended`` chains, in one transaction (a lane is released after its outcomes, so its
        next head is known)."""
        for attempt in range(RETRIES):
            try:
                self._record_once(done, ended)
                return
            except DBAPIError as exc:
                code = getattr(exc.orig, "sqlstate", None)
                if code not in _RETRIED_STATES or attempt == RETRIES - 1:
                    raise

    def _record_once(self, done: Sequence[tuple[Claimed, Result]],
                     ended: Sequence[ChainEnd]) -> None:
        if not done:
            if ended:
                with self._engine.begin() as connection:
                    connection.execute(queries.ASYNC_COMMIT)
                    claimer.release(connection, ended, self._time.now(connection))
            return
        with self._engine.begin() as connection:
            connection.execute(queries.ASYNC_COMMIT)
            now = self._time.now(connection)
            outcomes = [outcome.decide(d, r, now, self._rng) for d, r in done]
            connection.execute(queries.RECORD, {"rows": json.dumps([o.row for o in outcomes])})
            # Lanes before subscription rows: the order fan-out and claims take them in.
            claimer.release(connection, ended, now)
            subscriptions = sorted({d.subscription_id for d, _ in done})
            connection.execute(queries.LOCK_SUBSCRIPTIONS, {"ids": subscriptions})
            states = connection.execute(queries.HEALTH, {
                "now": now, "health": json.dumps(outcome.health(done))}).all()
            disable: dict[int, outcome.Disabling] = {}
            for (delivery, _), decided in zip(done, outcomes):
                if decided.disable and delivery.subscription_id not in disable:
                    disable[delivery.subscription_id] = decided.disable
            errors = outcome.last_errors(done)
            for state in states:
                if (state.is_active and state.id not in disable and state.id in errors
                        and outcome.failing_too_long(state.failing_since, now)):
                    disable[state.id] = outcome.failing_reason(state.failing_since,
                                                               errors[state.id])
            for subscription_id, why in disable.items():
                disabled = connection.execute(queries.DISABLE, {
                    "id": subscription_id, "reason": why.reason,
                    "problem": why.problem_json}).first()
                if disabled is not None and self._mail_station is not None:
                    # The supervisors hear of it by mail, in this same transaction (§10).
                    enqueue(connection, SUBSCRIPTION_DISABLED, {
                        "subscription_id": disabled.id, "url": masked_url(disabled.url),
                        "events": list(disabled.events), "reason": json.loads(
                            why.problem_json)}, None, self._mail_station)
                connection.execute(queries.END_RECORDED, {
                    "id": subscription_id, "ids": [d.id for d, _ in done]})
                connection.execute(queries.FAIL_WAITING, {
                    "id": subscription_id, "now": now, "reason": f"not sent: {why.reason}"})
            if disable:   # open webhook pages show the subscription disabled at once
                notify(connection, CHANGES_CHANNEL, entity_changed("subscription", ""))
        for subscription_id, why in disable.items():
            log.warning("webhook subscription %s disabled: %s", subscription_id, why.reason)
        for (delivery, result), decided in zip(done, outcomes):
            log.debug("webhook delivery %s to subscription %s: %s (%s)", delivery.id,
                      delivery.subscription_id, decided.row["status"],
                      result.status_code or result.error_class)
