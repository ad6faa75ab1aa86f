"""Webhook delivery (§6) end to end: real PostgreSQL, real HTTP receivers on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import socket
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

import pytest
from sqlalchemy import text

from mesdesk.adapters.outbox import OutboxDispatcher
from mesdesk.services.batches import close_batch, reopen_batch
from tests.support.db import outbox, scalar
from tests.support.factories import create_batch

SECRET = "whsec_" + base64.b64encode(bytes(range(24))).decode()


# -- an independent Standard Webhooks verifier (written from the spec text) ---------------------

def verify_standard(secret: str, headers: dict[str, str], body: bytes) -> bool:
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    offered = [part.split(",", 1) for part in headers["webhook-signature"].split(" ")]
    return any(version == "v1" and hmac.compare_digest(sig, expected)
               for version, sig in offered)


def verify_hex(secret: str, headers: dict[str, str], body: bytes) -> bool:
    key = base64.b64decode(secret.split("_", 1)[1])
    return hmac.compare_digest(headers["x-webhook-signature"],
                               hmac.new(key, body, hashlib.sha256).hexdigest())


# -- receivers ----------------------------------------------------------------------------------

Reply = tuple[int, dict[str, str], bytes]


class Receiver:
    """A ThreadingHTTPServer on 127.0.0.1:0; ``respond(n, headers, body)`` decides each reply."""

    def __init__(self, respond: Callable[[int, dict[str, str], bytes], Reply]) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.lock = threading.Lock()
        self.got_one = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver.lock:
                    receiver.requests.append((headers, body))
                    number = len(receiver.requests)
                receiver.got_one.set()
                status, extra, reply = respond(number, headers, body)
                try:
                    self.send_response(status)
                    for name, value in extra.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply)))
                    self.end_headers()
                    self.wfile.write(reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receive():
    made: list[Receiver] = []

    def make(respond: Callable[[int, dict[str, str], bytes], Reply] | None = None) -> Receiver:
        receiver = Receiver(respond or (lambda n, h, b: (200, {}, b"ok")))
        made.append(receiver)
        return receiver

    yield make
    for receiver in made:
        receiver.close()


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def dispatcher(engine, clock):
    made: list[OutboxDispatcher] = []

    def make(**kwargs: Any) -> OutboxDispatcher:
        d = OutboxDispatcher(engine, station=f"st-{len(made)}", clock=clock,
                             rng=random.Random(7), **kwargs)
        made.append(d)
        return d

    yield make
    for d in made:
        d.stop()


def subscribe(engine, url: str, events: list[str], *, retry_count: int = 3, timeout: int = 5,
              custom_headers: dict[str, str] | None = None) -> int:
    with engine.begin() as connection:
        return connection.execute(text(
            "INSERT INTO webhook_subscriptions (url, events, secret, retry_count, timeout, "
            "custom_headers) VALUES (:url, :events, :secret, :retry_count, :timeout, "
            "CAST(:headers AS jsonb)) RETURNING id"),
            {"url": url, "events": events, "secret": SECRET, "retry_count": retry_count,
             "timeout": timeout, "headers": json.dumps(custom_headers or {})}).scalar_one()


def delivery(engine, subscription_id: int, event_type: str = "batch_created") -> dict[str, Any]:
    with engine.connect() as connection:
        row = connection.execute(text(
            "SELECT * FROM webhook_deliveries WHERE subscription_id = :s AND event_type = :t"),
            {"s": subscription_id, "t": event_type}).mappings().one()
    return dict(row)


def attempts(engine, delivery_id: int) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT * FROM webhook_attempts WHERE delivery_id = :d ORDER BY id"),
            {"d": delivery_id}).mappings().all()
    return [dict(row) for row in rows]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- tests --------------------------------------------------------------------------------------

def test_200_delivers_batch_created_signed_both_ways(engine, uow_factory, tz, receive,
                                                     dispatcher, clock):
    receiver = receive()
    sub = subscribe(engine, receiver.url, ["batch_created"],
                    custom_headers={"X-Tenant": "plant-1", "X-Webhook-Signature": "forged"})
    batch_id = create_batch(uow_factory, tz, number=1001)

    assert dispatcher().run_once() == 1

    [(headers, body)] = receiver.requests
    assert verify_hex(SECRET, headers, body)
    assert verify_standard(SECRET, headers, body)
    assert headers["content-type"] == "application/json"
    assert headers["x-webhook-event"] == "batch_created"
    assert headers["webhook-timestamp"] == str(int(clock.now.timestamp()))
    assert headers["x-tenant"] == "plant-1"
    sent = json.loads(body)
    assert sent["event"] == "batch_created" and sent["data"]["id"] == batch_id
    assert sent["timestamp"].endswith("Z")
    assert headers["webhook-id"] == sent["id"] == scalar(
        engine, "SELECT id::text FROM outbox_events WHERE type = 'batch_created'")

    row = delivery(engine, sub)
    assert row["status"] == "success" and row["attempts"] == 1
    assert row["delivered_at"] == clock.now and row["locked_until"] is None
    assert row["payload"].encode() == body, "the stored payload is the exact bytes sent"
    [attempt] = attempts(engine, row["id"])
    assert attempt["status_code"] == 200 and attempt["error_class"] is None
    assert attempt["response_excerpt"] == "ok" and attempt["duration_ms"] >= 0
    assert scalar(engine, "SELECT count(*) FROM outbox_events WHERE dispatched_at IS NULL") == 0
    assert dispatcher().run_once() == 0


def test_500_is_retried_after_about_5_s_then_succeeds(engine, uow_factory, tz, receive,
                                                      dispatcher, clock):
    receiver = receive(lambda n, h, b: (500, {}, b"boom") if n == 1 else (200, {}, b""))
    sub = subscribe(engine, receiver.url, ["batch_created"])
    create_batch(uow_factory, tz)
    worker = dispatcher()

    assert worker.run_once() == 1
    row = delivery(engine, sub)
    assert row["status"] == "pending" and row["attempts"] == 1
    assert row["response_status"] == 500 and row["error_message"] == "HTTP 500"
    delay = (row["next_attempt_at"] - clock.now).total_seconds()
    assert 4.0 <= delay <= 6.0

    assert worker.run_once() == 0, "not due yet"
    clock.advance(6.01)
    assert worker.run_once() == 1
    row = delivery(engine, sub)
    assert row["status"] == "success" and row["attempts"] == 2
    first, second = receiver.requests
    assert first[0]["webhook-id"] == second[0]["webhook-id"], "stable across retries"
    assert first[1] == second[1]
    assert [a["status_code"] for a in attempts(engine, row["id"])] == [500, 200]


def test_retries_stop_after_retry_count(engine, uow_factory, tz, receive, dispatcher, clock):
    receiver = receive(lambda n, h, b: (503, {}, b""))
    sub = subscribe(engine, receiver.url, ["batch_created"], retry_count=1)
    create_batch(uow_factory, tz)
    worker = dispatcher()
    assert worker.run_once() == 1
    clock.advance(7)
    assert worker.run_once() == 1
    row = delivery(engine, sub)
    assert row["status"] == "failed" and row["attempts"] == 2
    clock.advance(3600)
    assert worker.run_once() == 0
    assert len(receiver.requests) == 2


def test_connection_refused_is_a_failed_attempt(engine, uow_factory, tz, dispatcher):
    sub = subscribe(engine, f"http://127.0.0.1:{closed_port()}/hook", ["batch_created"])
    create_batch(uow_factory, tz)
    assert dispatcher().run_once() == 1
    row = delivery(engine, sub)
    assert row["status"] == "pending" and row["attempts"] == 1
    assert row["response_status"] is None and "ConnectError" in row["error_message"]
    [attempt] = attempts(engine, row["id"])
    assert attempt["error_class"] == "ConnectError" and attempt["status_code"] is None


def test_a_receiver_slower_than_the_timeout_fails_the_attempt(engine, uow_factory, tz, receive,
                                                              dispatcher):
    def slow(n: int, h: dict[str, str], b: bytes) -> Reply:
        time.sleep(2.5)  # the receiver's behaviour: slower than the 1 s subscription timeout
        return 200, {}, b"too late"

    receiver = receive(slow)
    sub = subscribe(engine, receiver.url, ["batch_created"], timeout=1)
    create_batch(uow_factory, tz)
    started = time.monotonic()
    assert dispatcher().run_once() == 1
    assert time.monotonic() - started < 2.4
    row = delivery(engine, sub)
    assert row["status"] == "pending" and row["attempts"] == 1
    [attempt] = attempts(engine, row["id"])
    assert attempt["error_class"] == "ReadTimeout" and attempt["duration_ms"] >= 900


def test_410_disables_the_subscription_with_a_reason(engine, uow_factory, tz, receive,
                                                     dispatcher):
    receiver = receive(lambda n, h, b: (410, {}, b"gone"))
    subscribe(engine, receiver.url, ["batch_created", "batch_updated", "batch_closed"])
    batch_id = create_batch(uow_factory, tz)
    close_batch(uow_factory, batch_id, tz)      # waits behind the first (per-batch order)
    worker = dispatcher()
    assert worker.run_once() == 1
    active, reason = scalar(engine, "SELECT is_active FROM webhook_subscriptions"), scalar(
        engine, "SELECT disabled_reason FROM webhook_subscriptions")
    assert active is False and "410" in reason
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT status, attempts, error_message FROM webhook_deliveries ORDER BY id")).all()
    first, *waiting = rows          # batch_created sent; the close's events never will be
    assert (first.status, first.attempts) == ("failed", 1)
    assert waiting and {(r.status, r.attempts) for r in waiting} == {("failed", 0)}
    assert all(r.error_message.startswith("not sent: Receiver answered 410 Gone")
               for r in waiting)

    reopen_batch(uow_factory, batch_id, tz)
    assert worker.run_once() == 0
    assert scalar(engine, "SELECT count(*) FROM webhook_deliveries") == len(rows)
    assert len(receiver.requests) == 1


def test_429_retry_after_is_honoured(engine, uow_factory, tz, receive, dispatcher, clock):
    receiver = receive(lambda n, h, b: (429, {"Retry-After": "120"}, b"slow down"))
    sub = subscribe(engine, receiver.url, ["batch_created"])
    create_batch(uow_factory, tz)
    assert dispatcher().run_once() == 1
    row = delivery(engine, sub)
    assert row["status"] == "pending"
    assert row["next_attempt_at"] - clock.now == timedelta(seconds=120)
    assert attempts(engine, row["id"])[0]["response_excerpt"] == "slow down"


def test_only_subscribed_types_are_delivered(engine, uow_factory, tz, receive, dispatcher):
    wants_closed, wants_created = receive(), receive()
    closed_sub = subscribe(engine, wants_closed.url, ["batch_closed"])
    created_sub = subscribe(engine, wants_created.url, ["batch_created"])
    create_batch(uow_factory, tz)
    assert dispatcher().run_once() == 1
    assert wants_closed.requests == [] and len(wants_created.requests) == 1
    assert scalar(engine, "SELECT count(*) FROM webhook_deliveries WHERE subscription_id = :s",
                  s=closed_sub) == 0
    assert delivery(engine, created_sub)["status"] == "success"


def test_events_of_one_batch_wait_for_the_earlier_one(engine, uow_factory, tz, receive,
                                                      dispatcher, clock):
    receiver = receive(lambda n, h, b: (500, {}, b"") if n == 1 else (200, {}, b""))
    sub = subscribe(engine, receiver.url, ["batch_created", "batch_updated", "batch_closed"])
    batch_id = create_batch(uow_factory, tz, number=1)
    close_batch(uow_factory, batch_id, tz)
    other = create_batch(uow_factory, tz, number=2)
    worker = dispatcher()

    # batch 1 created fails; batch 1's later events wait; batch 2 is independent.
    worker.run_once()
    sent = [(json.loads(b)["event"], json.loads(b)["data"].get("id")) for _, b in
            receiver.requests]
    assert sent == [("batch_created", batch_id), ("batch_created", other)]
    clock.advance(10)
    # Each pass sends at most the next pending event of batch 1 (the later ones were claimed
    # against a still-pending earlier one), so batch 1 arrives in outbox order.
    passes = []
    while (made := worker.run_once()) and len(passes) < 10:
        passes.append(made)
    assert passes and set(passes) == {1}
    of_batch_1 = [json.loads(b)["event"] for _, b in receiver.requests
                  if json.loads(b)["data"].get("id") == batch_id]
    expected = [row["type"] for row in outbox(engine) if row.get("id") == batch_id]
    assert expected[0] == "batch_created" and "batch_closed" in expected
    assert of_batch_1 == ["batch_created"] + expected
    assert scalar(engine, "SELECT count(*) FROM webhook_deliveries WHERE status <> 'success' "
                  "AND subscription_id = :s", s=sub) == 0


def test_two_dispatchers_never_send_one_attempt_twice(engine, uow_factory, tz, receive,
                                                      dispatcher):
    def slowish(n: int, h: dict[str, str], b: bytes) -> Reply:
        time.sleep(0.02)
        return 200, {}, b""

    receiver = receive(slowish)
    subscribe(engine, receiver.url, ["batch_created"])
    for number in range(1, 13):
        create_batch(uow_factory, tz, number=number)
    # Small claims so both dispatchers take turns on the same due deliveries.
    first, second = dispatcher(claim_limit=2), dispatcher(claim_limit=2)
    assert first.fan_out() == 12
    start = threading.Barrier(2)
    made: list[tuple[str, int]] = []

    def run(worker: OutboxDispatcher) -> None:
        start.wait()
        for _ in range(12):
            count = worker.run_once()
            made.append((worker.station, count))
            if not count:
                break

    threads = [threading.Thread(target=run, args=(w,)) for w in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)

    counts = Counter(headers["webhook-id"] for headers, _ in receiver.requests)
    assert len(counts) == 12 and set(counts.values()) == {1}
    assert sum(count for _, count in made) == 12
    assert {station for station, count in made if count} == {first.station, second.station}
    assert scalar(engine, "SELECT count(*) FROM webhook_attempts") == 12
    assert scalar(engine, "SELECT count(*) FROM webhook_deliveries WHERE status = 'success'") == 12


def test_the_background_thread_delivers_and_stops(engine, uow_factory, tz, receive, dispatcher):
    receiver = receive()
    subscribe(engine, receiver.url, ["batch_created"])
    worker = dispatcher()
    worker.start()
    create_batch(uow_factory, tz)
    assert receiver.got_one.wait(5)
    worker.stop()
    assert len(receiver.requests) == 1
