"""The outbox dispatcher (§6): turns outbox events into signed webhook deliveries.

One ``run_once`` does:

1. **Fan-out.** Undispatched ``outbox_events`` are claimed in ``seq`` order with
   ``FOR UPDATE SKIP LOCKED``; for each, one ``webhook_deliveries`` row per active subscription
   whose ``events`` contains the type is inserted (``ON CONFLICT DO NOTHING``) carrying the exact
   body bytes (built once per event, stored as text), and ``dispatched_at`` is set.
2. **Claim.** Due deliveries are claimed with ``FOR UPDATE SKIP LOCKED`` and leased
   (``locked_until = now + timeout + margin``); that transaction commits *before* any HTTP, so a
   second dispatcher (another station) neither blocks nor sends the same attempt.
3. **Send** with httpx outside any transaction (per-subscription timeout, no redirects).
4. **Record** in a new short transaction: a ``webhook_attempts`` row and the outcome.

Ordering: a delivery is not claimed while the same subscription has an earlier (lower outbox
``seq``) *pending* delivery about the same batch. The batch key is ``data.batch_id``, or
``data.id`` for ``batch_*`` events; events without a key are not ordered. An earlier delivery in
back-off therefore holds the later ones of its batch back (head-of-line, by design); once it
succeeds or fails for good, the later ones go. Deliveries of an inactive subscription stay
pending and are not sent.

"now" comes from the injected ``clock`` (aware UTC datetime) for every schedule decision, so tests
move time instead of sleeping.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Engine

from mesdesk.domain import webhooks

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

LEASE_MARGIN = timedelta(seconds=30)
EXCERPT_BYTES = 2048
FANOUT_LIMIT = 500
CLAIM_LIMIT = 50
POLL_SECONDS = 1.0


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


# Batch key of an outbox event, for per-batch ordering.
_BATCH_KEY = ("COALESCE({e}.payload ->> 'batch_id', "
              "CASE WHEN {e}.type LIKE 'batch\\_%' THEN {e}.payload ->> 'id' END)")

_FANOUT_CLAIM = text("""
    SELECT id::text AS id, type, payload, occurred_at FROM outbox_events
    WHERE dispatched_at IS NULL
    ORDER BY seq
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
""")

_FANOUT_INSERT = text("""
    INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload,
                                    status, attempts, next_attempt_at)
    SELECT s.id, CAST(:event_id AS uuid), :type, :body, 'pending', 0, :now
    FROM webhook_subscriptions s
    WHERE s.is_active AND CAST(:type AS varchar) = ANY(s.events)
    ON CONFLICT ON CONSTRAINT uq_delivery_event_subscription DO NOTHING
""")

_MARK_DISPATCHED = text(
    "UPDATE outbox_events SET dispatched_at = :now WHERE id = ANY(CAST(:ids AS uuid[]))")

_CLAIM = text(f"""
    SELECT d.id, d.event_id::text AS event_id, d.event_type, d.payload, d.attempts,
           s.id AS subscription_id, s.url, s.secret, s.timeout, s.retry_count,
           s.custom_headers
    FROM webhook_deliveries d
    JOIN webhook_subscriptions s ON s.id = d.subscription_id
    JOIN outbox_events e ON e.id = d.event_id
    WHERE d.status = 'pending'
      AND s.is_active
      AND d.next_attempt_at <= :now
      AND (d.locked_until IS NULL OR d.locked_until < :now)
      AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries p
          JOIN outbox_events pe ON pe.id = p.event_id
          WHERE p.subscription_id = d.subscription_id
            AND p.status = 'pending'
            AND pe.seq < e.seq
            AND {_BATCH_KEY.format(e='pe')} = {_BATCH_KEY.format(e='e')})
    ORDER BY e.seq
    LIMIT :limit
    FOR UPDATE OF d SKIP LOCKED
""")

_LEASE = text("UPDATE webhook_deliveries SET locked_until = :until WHERE id = :id")

_ATTEMPT = text("""
    INSERT INTO webhook_attempts (delivery_id, attempted_at, duration_ms, status_code,
                                  error_class, response_excerpt)
    VALUES (:id, :at, :duration_ms, :status_code, :error_class, :excerpt)
""")

_OUTCOME = text("""
    UPDATE webhook_deliveries
    SET status = :status, attempts = attempts + 1, next_attempt_at = :next_attempt_at,
        locked_until = NULL, response_status = :status_code, response_body = :excerpt,
        error_message = :error, delivered_at = :delivered_at
    WHERE id = :id
""")

_DISABLE = text("""
    UPDATE webhook_subscriptions SET is_active = false, disabled_reason = :reason
    WHERE id = :id
""")

# A disabled subscription's waiting deliveries will never be sent: they end now, with the
# reason, instead of staying "pending" for ever. One another worker is sending at this moment
# keeps whatever outcome that send records.
_FAIL_WAITING = text("""
    UPDATE webhook_deliveries
    SET status = 'failed', next_attempt_at = NULL, error_message = :reason
    WHERE subscription_id = :id AND status = 'pending' AND id <> :delivery_id
      AND (locked_until IS NULL OR locked_until < :now)
""")


@dataclass(frozen=True, slots=True)
class _Claimed:
    id: int
    event_id: str
    event_type: str
    body: bytes
    attempts: int
    subscription_id: int
    url: str
    secret: str
    timeout: int
    retry_count: int
    custom_headers: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Result:
    attempted_at: datetime
    duration_ms: int
    status_code: int | None
    error_class: str | None
    error: str | None
    excerpt: str | None
    retry_after: float | None


class OutboxDispatcher:
    """Delivers outbox events to webhook subscriptions; safe to run on many stations at once."""

    def __init__(self, engine: Engine, *, station: str, clock: Clock = utc_now,
                 http_client: httpx.Client | None = None,
                 rng: webhooks.Random | None = None,
                 on_error: Callable[[BaseException], None] | None = None,
                 claim_limit: int = CLAIM_LIMIT) -> None:
        self._engine = engine
        self._claim_limit = claim_limit
        self.station = station
        self._clock = clock
        self._own_client = http_client is None
        self._client = http_client or httpx.Client(follow_redirects=False)
        self._rng = rng or random.Random()
        self._on_error = on_error
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- one pass -------------------------------------------------------------------------------

    def run_once(self) -> int:
        """Fan out new events, then send every due delivery once. Returns attempts made."""
        self.fan_out()
        attempts = 0
        for delivery in self._claim():
            result = self._send(delivery)
            self._record(delivery, result)
            attempts += 1
        return attempts

    def fan_out(self) -> int:
        """Turn undispatched outbox events into deliveries; returns the events handled."""
        now = self._clock()
        with self._engine.begin() as connection:
            events = connection.execute(_FANOUT_CLAIM, {"limit": FANOUT_LIMIT}).all()
            for event in events:
                body = webhooks.event_body(event.id, event.type, event.occurred_at,
                                           event.payload)
                connection.execute(_FANOUT_INSERT, {
                    "event_id": event.id, "type": event.type,
                    "body": body.decode("utf-8"), "now": now})
            if events:
                connection.execute(_MARK_DISPATCHED,
                                   {"now": now, "ids": [event.id for event in events]})
        return len(events)

    def _claim(self) -> list[_Claimed]:
        now = self._clock()
        with self._engine.begin() as connection:
            rows = connection.execute(_CLAIM, {"now": now, "limit": self._claim_limit}).all()
            for row in rows:
                until = now + timedelta(seconds=row.timeout) + LEASE_MARGIN
                connection.execute(_LEASE, {"id": row.id, "until": until})
        return [_Claimed(
            id=row.id, event_id=row.event_id, event_type=row.event_type,
            body=row.payload.encode("utf-8"), attempts=row.attempts,
            subscription_id=row.subscription_id, url=row.url, secret=row.secret,
            timeout=row.timeout, retry_count=row.retry_count,
            custom_headers=dict(row.custom_headers or {})) for row in rows]

    def _send(self, delivery: _Claimed) -> _Result:
        attempted_at = self._clock()
        request_headers = webhooks.headers(
            secret=delivery.secret, event_id=delivery.event_id,
            event_type=delivery.event_type, timestamp=int(attempted_at.timestamp()),
            body=delivery.body, custom=delivery.custom_headers)
        started = time.monotonic()
        try:
            request = self._client.build_request(
                "POST", delivery.url, content=delivery.body, headers=request_headers,
                timeout=httpx.Timeout(delivery.timeout))
            response = self._client.send(request, stream=True, follow_redirects=False)
            try:
                excerpt = _read_excerpt(response)
            finally:
                response.close()
        except httpx.HTTPError as exc:
            return _Result(attempted_at, _ms_since(started), None, type(exc).__name__,
                           f"{type(exc).__name__}: {exc}"[:1000], None, None)
        status = response.status_code
        ok = 200 <= status < 300
        return _Result(attempted_at, _ms_since(started), status,
                       None if ok else "HTTPStatus", None if ok else f"HTTP {status}",
                       excerpt, webhooks.parse_retry_after(response.headers.get("Retry-After")))

    def _record(self, delivery: _Claimed, result: _Result) -> None:
        now = self._clock()
        outcome: dict[str, Any] = {
            "id": delivery.id, "status_code": result.status_code, "excerpt": result.excerpt,
            "error": result.error, "next_attempt_at": None, "delivered_at": None}
        disable_reason = None
        status = result.status_code
        if status is not None and 200 <= status < 300:
            outcome["status"] = "success"
            outcome["delivered_at"] = now
        elif status == 410:
            outcome["status"] = "failed"
            disable_reason = (f"Receiver answered 410 Gone at {webhooks.format_timestamp(now)} "
                              f"(delivery {delivery.id}); subscription disabled")
        else:
            attempts = delivery.attempts + 1
            if attempts <= delivery.retry_count:
                outcome["status"] = "pending"
                outcome["next_attempt_at"] = now + webhooks.retry_delay(
                    attempts, self._rng, result.retry_after)
            else:
                outcome["status"] = "failed"
        with self._engine.begin() as connection:
            connection.execute(_ATTEMPT, {
                "id": delivery.id, "at": result.attempted_at,
                "duration_ms": result.duration_ms, "status_code": result.status_code,
                "error_class": result.error_class, "excerpt": result.excerpt})
            connection.execute(_OUTCOME, outcome)
            if disable_reason:
                connection.execute(_DISABLE, {"id": delivery.subscription_id,
                                              "reason": disable_reason})
                connection.execute(_FAIL_WAITING, {
                    "id": delivery.subscription_id, "delivery_id": delivery.id, "now": now,
                    "reason": f"not sent: {disable_reason}"})
        log.info("webhook delivery %s to subscription %s: %s (%s)", delivery.id,
                 delivery.subscription_id, outcome["status"], status or result.error_class)

    # -- background thread ----------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=f"outbox-{self.station}",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._own_client:
            self._client.close()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception as exc:  # keep the worker alive; report and try again later
                log.exception("outbox dispatcher pass failed")
                if self._on_error is not None:
                    self._on_error(exc)
            self._stop.wait(POLL_SECONDS)


def _read_excerpt(response: httpx.Response) -> str:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= EXCERPT_BYTES:
            break
    return b"".join(chunks)[:EXCERPT_BYTES].decode("utf-8", errors="replace")


def _ms_since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
