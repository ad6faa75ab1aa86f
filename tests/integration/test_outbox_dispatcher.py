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
from typing import Any, Callable

import pytest
from sqlalchemy import text

from mesdesk.adapters.db.listener import conninfo_from_url
from mesdesk.adapters.outbox import OutboxDispatcher
from mesdesk.domain.webhooks import format_timestamp
from mesdesk.services.batches import close_batch, reopen_batch
from mesdesk.services.intake import intake_batches
from tests.support.db import outbox, scalar
from tests.support.factories import batch_item, create_batch
from tests.support.receivers import Reply, receive  # noqa: F401 - receive: a fixture

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
        kwargs.setdefault("clock", clock)   # clock=None: the database's now()
        d = OutboxDispatcher(engine, station=f"st-{len(made)}", rng=random.Random(7), **kwargs)
        made.append(d)
        return d

    yield make
    for d in made:
        d.stop()


def subscribe(engine, url: str, events: list[str], *, retry_count: int = 3, timeout: int = 5,
              custom_headers: dict[str, str] | None = None,
              rate_limit: int | None = None) -> int:
    with engine.begin() as connection:
        return connection.execute(text(
            "INSERT INTO webhook_subscriptions (url, events, secret, retry_count, timeout, "
            "custom_headers, rate_limit) VALUES (:url, :events, :secret, :retry_count, "
            ":timeout, CAST(:headers AS jsonb), :rate_limit) RETURNING id"),
            {"url": url, "events": events, "secret": SECRET, "retry_count": retry_count,
             "timeout": timeout, "headers": json.dumps(custom_headers or {}),
             "rate_limit": rate_limit}).scalar_one()


def subscription(engine, subscription_id: int) -> dict[str, Any]:
    with engine.connect() as connection:
        return dict(connection.execute(text(
            "SELECT * FROM webhook_subscriptions WHERE id = :s"),
            {"s": subscription_id}).mappings().one())


def eventually(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    """Wait for a database state the dispatcher's thread reaches (as qtbot.waitUntil does)."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        assert time.monotonic() < deadline, "the expected state was not reached in time"
        pause.wait(0.02)


def create_batches(uow_factory, tz, count: int, first: int = 1) -> None:
    """``count`` batch_created events committed together (one unit of work)."""
    result = intake_batches(uow_factory, [batch_item(first + n) for n in range(count)], tz)
    assert result.created == count


@pytest.fixture
def listen(migrated_url) -> str:
    return conninfo_from_url(migrated_url)


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
                                                     dispatcher, clock):
    receiver = receive(lambda n, h, b: (410, {}, b"gone"))
    sub = subscribe(engine, receiver.url, ["batch_created", "batch_updated", "batch_closed"])
    batch_id = create_batch(uow_factory, tz)
    close_batch(uow_factory, batch_id, tz)      # waits behind the first (per-batch order)
    worker = dispatcher()
    assert worker.run_once() == 1
    active, reason = scalar(engine, "SELECT is_active FROM webhook_subscriptions"), scalar(
        engine, "SELECT disabled_reason FROM webhook_subscriptions")
    assert active is False and "410" in reason
    stored = subscription(engine, sub)["disabled_problem"]
    assert stored["code"] == "subscription.disabled_gone"
    assert stored["params"]["delivery"] == scalar(engine, "SELECT min(id) FROM webhook_deliveries")
    assert datetime.fromisoformat(stored["params"]["at"]) == clock.now
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
    first_of_batch_1: list[bytes] = []

    def fail_batch_1_once(n: int, h: dict[str, str], b: bytes) -> Reply:
        # Sends go concurrently: fail by content (batch 1's first event), not by arrival.
        data = json.loads(b)
        if data["event"] == "batch_created" and data["data"]["id"] == batch_id \
                and not first_of_batch_1:
            first_of_batch_1.append(b)
            return 500, {}, b""
        return 200, {}, b""

    receiver = receive(fail_batch_1_once)
    sub = subscribe(engine, receiver.url, ["batch_created", "batch_updated", "batch_closed"])
    batch_id = create_batch(uow_factory, tz, number=1)
    close_batch(uow_factory, batch_id, tz)
    other = create_batch(uow_factory, tz, number=2)
    worker = dispatcher()

    # batch 1 created fails; batch 1's later events wait; batch 2 is independent.
    worker.run_once()
    sent = [(json.loads(b)["event"], json.loads(b)["data"].get("id")) for _, b in
            receiver.requests]
    # Sent concurrently: order is promised within a batch, not across batches.
    assert sorted(sent) == sorted([("batch_created", batch_id), ("batch_created", other)])
    assert worker.run_once() == 0, "batch 1's later events wait for its first one's retry"
    clock.advance(10)
    # Then batch 1's lane goes as one chain: the retried event first, the rest after it, one
    # at a time, so batch 1 arrives in outbox order.
    passes = []
    while (made := worker.run_once()) and len(passes) < 10:
        passes.append(made)
    of_batch_1_in_outbox = [row for row in outbox(engine) if row.get("id") == batch_id]
    assert passes == [len(of_batch_1_in_outbox)]
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
        # A pass can find nothing while the other dispatcher holds the head rows in its
        # claim transaction; keep passing until everything is sent.
        start.wait()
        for _ in range(60):
            count = worker.run_once()
            made.append((worker.station, count))
            if len(receiver.requests) >= 12:
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


# -- issue 5: wake-up, concurrency, leases, rate limit, health ------------------------------------

def all_succeeded(engine, expected: int) -> Callable[[], bool]:
    return lambda: scalar(engine, "SELECT count(*) FROM webhook_deliveries "
                                  "WHERE status = 'success'") == expected


def test_a_notify_wakes_the_idle_dispatcher_long_before_its_poll(engine, uow_factory, tz,
                                                                 receive, dispatcher, listen):
    receiver = receive()
    subscribe(engine, receiver.url, ["batch_created"])
    worker = dispatcher(clock=None, poll_interval=30, listen=listen,
                        application_name="outbox-wakeup-test")
    worker.start()
    assert worker.listening.wait(10)
    create_batch(uow_factory, tz, number=1)
    assert receiver.wait_for(1, 5)

    committed = time.monotonic()
    create_batch(uow_factory, tz, number=2)
    assert receiver.wait_for(2, 5)
    assert receiver.times[1] - committed < 0.8, "woken by the NOTIFY, not the 30 s poll"

    # The server drops the listening connection: the dispatcher listens again by itself.
    with engine.begin() as connection:
        assert connection.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'outbox-wakeup-test'")).scalar() == 1
    create_batch(uow_factory, tz, number=3)
    assert receiver.wait_for(3, 10), "delivered after the reconnection, before the poll"
    eventually(all_succeeded(engine, 3))


def test_a_slow_receiver_does_not_hold_up_other_subscriptions(engine, uow_factory, tz, receive,
                                                              dispatcher, listen):
    gate = threading.Event()

    def hanging(n: int, h: dict[str, str], b: bytes) -> Reply:
        gate.wait(20)   # the receiver's behaviour: answers only when the test lets it
        return 200, {}, b""

    slow, fast = receive(hanging), receive()
    subscribe(engine, slow.url, ["batch_created"], timeout=30)
    subscribe(engine, fast.url, ["batch_created"])
    worker = dispatcher(clock=None, poll_interval=30, listen=listen)
    worker.start()
    try:
        for number in range(1, 5):
            create_batch(uow_factory, tz, number=number)
        assert fast.wait_for(4, 5), "the fast receiver got everything while the slow one hangs"
        assert slow.wait_for(4, 5) and not gate.is_set()
        eventually(lambda: scalar(engine, "SELECT count(*) FROM webhook_deliveries "
                                          "WHERE status = 'success'") == 4)
    finally:
        gate.set()
    eventually(all_succeeded(engine, 8))
    assert len(slow.requests) == 4 and len(fast.requests) == 4


def test_two_running_dispatchers_send_each_delivery_once(engine, uow_factory, tz, receive,
                                                         dispatcher, listen):
    receiver = receive()
    subscribe(engine, receiver.url, ["batch_created"])
    workers = [dispatcher(clock=None, claim_limit=4, listen=listen) for _ in range(2)]
    for worker in workers:
        worker.start()
    create_batches(uow_factory, tz, 60)
    for n in range(61, 81):     # and some one by one while they work
        create_batch(uow_factory, tz, number=n)
    assert receiver.wait_for(80, 20)
    eventually(all_succeeded(engine, 80))
    counts = Counter(headers["webhook-id"] for headers, _ in receiver.requests)
    assert len(counts) == 80 and set(counts.values()) == {1}
    assert scalar(engine, "SELECT count(*) FROM webhook_attempts") == 80


def test_a_dispatcher_killed_mid_send_is_taken_over_when_its_lease_ends(
        engine, uow_factory, tz, receive, dispatcher, clock):
    receiver = receive()
    sub = subscribe(engine, receiver.url, ["batch_created"], timeout=5)
    create_batch(uow_factory, tz)
    dead = dispatcher()
    assert dead.fan_out() == 1
    [leased] = dead.claim()     # ...and the station dies before sending or recording
    row = delivery(engine, sub)
    assert row["locked_until"] == clock.now + timedelta(seconds=5 + 30)

    other = dispatcher()
    assert other.run_once() == 0, "the lease holds the delivery"
    clock.advance(34)
    assert other.run_once() == 0
    clock.advance(2)
    assert other.run_once() == 1
    row = delivery(engine, sub)
    assert row["id"] == leased.id and row["status"] == "success" and row["attempts"] == 1
    assert [a["status_code"] for a in attempts(engine, row["id"])] == [200]
    assert len(receiver.requests) == 1


@pytest.mark.parametrize("dispatchers", [1, 2])
def test_the_rate_limit_spreads_a_burst_whatever_the_dispatchers(engine, uow_factory, tz,
                                                                 receive, dispatcher, listen,
                                                                 dispatchers):
    receiver = receive()
    sub = subscribe(engine, receiver.url, ["batch_created"], rate_limit=5)
    workers = [dispatcher(clock=None, listen=listen) for _ in range(dispatchers)]
    create_batches(uow_factory, tz, 20)
    for worker in workers:
        worker.start()
    assert receiver.wait_for(20, 20)
    times = receiver.times
    assert times[-1] - times[0] >= 2.8, "20 requests at 5/s take about 4 s"
    # No burst: six requests in a row always span most of a second (a send delayed by a busy
    # machine may come closer to the next window's first, hence the slack).
    assert min(times[i + 5] - times[i] for i in range(len(times) - 5)) >= 0.6
    eventually(all_succeeded(engine, 20))
    counts = Counter(headers["webhook-id"] for headers, _ in receiver.requests)
    assert len(counts) == 20 and set(counts.values()) == {1}
    assert subscription(engine, sub)["next_send_at"] is not None


def test_health_columns_follow_failures_and_success(engine, uow_factory, tz, receive,
                                                    dispatcher, clock):
    receiver = receive(lambda n, h, b: (500, {}, b"") if n <= 2 else (200, {}, b""))
    sub = subscribe(engine, receiver.url, ["batch_created"])
    create_batch(uow_factory, tz)
    worker = dispatcher()
    first_failure = clock.now
    assert worker.run_once() == 1
    health = subscription(engine, sub)
    assert health["failing_since"] == first_failure and health["consecutive_failures"] == 1
    assert health["last_success_at"] is None and health["is_active"]

    clock.advance(6.01)
    assert worker.run_once() == 1
    health = subscription(engine, sub)
    assert health["failing_since"] == first_failure and health["consecutive_failures"] == 2

    clock.advance(400)
    assert worker.run_once() == 1
    health = subscription(engine, sub)
    assert health["last_success_at"] == clock.now
    assert health["failing_since"] is None and health["consecutive_failures"] == 0


def test_24_hours_without_a_success_disables_the_subscription(engine, uow_factory, tz, receive,
                                                              dispatcher, clock):
    receiver = receive(lambda n, h, b: (500, {}, b"down"))
    sub = subscribe(engine, receiver.url, ["batch_created", "batch_updated", "batch_closed"],
                    retry_count=10)
    batch_id = create_batch(uow_factory, tz)
    close_batch(uow_factory, batch_id, tz)      # these wait behind batch_created
    worker = dispatcher()
    first_failure = clock.now
    assert worker.run_once() == 1
    clock.advance(23 * 3600)
    assert worker.run_once() == 1
    health = subscription(engine, sub)
    assert health["is_active"] and health["consecutive_failures"] == 2

    clock.advance(3600)
    assert worker.run_once() == 1
    health = subscription(engine, sub)
    assert health["is_active"] is False and health["consecutive_failures"] == 3
    assert health["disabled_reason"] == (
        f"No successful delivery since {format_timestamp(first_failure)} "
        "(24 h of failures; last error: HTTP 500)")
    assert health["disabled_problem"] == {
        "code": "subscription.disabled_failing",
        "params": {"since": first_failure.isoformat(), "error": "HTTP 500"}}
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT event_type, status, attempts, error_message FROM webhook_deliveries "
            "ORDER BY id")).all()
    created, *waiting = rows
    assert (created.status, created.attempts, created.error_message) == ("failed", 3, "HTTP 500")
    assert waiting and all(r.status == "failed" and r.attempts == 0 for r in waiting)
    assert all(r.error_message.startswith("not sent: No successful delivery since")
               for r in waiting)
    clock.advance(86400)
    assert worker.run_once() == 0 and len(receiver.requests) == 3


def test_schedules_use_the_database_clock_by_default(engine, uow_factory, tz, receive,
                                                     dispatcher):
    receiver = receive(lambda n, h, b: (500, {}, b""))
    sub = subscribe(engine, receiver.url, ["batch_created"])
    create_batch(uow_factory, tz)
    assert dispatcher(clock=None).run_once() == 1
    database_now = scalar(engine, "SELECT now()")
    row = delivery(engine, sub)
    assert 3.0 <= (row["next_attempt_at"] - database_now).total_seconds() <= 6.0
    [(headers, _)] = receiver.requests
    assert abs(int(headers["webhook-timestamp"]) - database_now.timestamp()) < 5
    assert subscription(engine, sub)["failing_since"] <= database_now


def test_the_runtime_dispatcher_listens_for_new_events(engine, uow_factory, tz, receive,
                                                       migrated_url, tmp_path):
    from mesdesk.bootstrap import bootstrap
    from mesdesk.config import Settings

    receiver = receive()
    subscribe(engine, receiver.url, ["batch_created"])
    runtime = bootstrap(Settings(database_url=migrated_url, data_dir=tmp_path,
                                 config_dir=tmp_path, station="wired"), migrate=False)
    worker = runtime.workers.dispatcher
    runtime.workers.start(scheduled_jobs=False)
    try:
        assert worker.listening.wait(10), "LISTEN on the runtime's own database"
        assert scalar(engine, "SELECT count(*) FROM pg_stat_activity "
                              "WHERE application_name = 'mesdesk-outbox@wired'") == 1
        create_batch(uow_factory, tz)
        assert receiver.wait_for(1, 5)
    finally:
        runtime.close()


# -- issue 14: lanes sent as chains -----------------------------------------------------------

def aggregated_codes(uow_factory, tz, count: int, number: int = 1) -> tuple[int, list[str]]:
    """A batch whose ``count`` codes were bulk-aggregated: ``count`` product_aggregated events
    of one batch, in the codes' order. Returns the batch id and the codes."""
    from mesdesk.services.aggregation import bulk_aggregate
    from mesdesk.services.batches import add_products
    from tests.support.factories import marking_code

    batch_id = create_batch(uow_factory, tz, number=number)
    codes = [marking_code(number * 10_000 + n, tail=False) for n in range(count)]
    assert add_products(uow_factory, batch_id, codes).added == count
    assert bulk_aggregate(uow_factory, batch_id, codes, by="test").aggregated == count
    return batch_id, codes


def sent_codes(receiver) -> list[str]:
    with receiver.lock:
        return [json.loads(body)["data"]["unique_code"] for _, body in receiver.requests]


def test_a_batch_goes_as_one_chain_in_outbox_order(engine, uow_factory, tz, receive,
                                                   dispatcher):
    receiver = receive()
    sub = subscribe(engine, receiver.url, ["product_aggregated"])
    _, codes = aggregated_codes(uow_factory, tz, 120)
    worker = dispatcher()
    worker.fan_out()
    assert worker.run_once() == 120, "one pass sends the whole lane"
    assert sent_codes(receiver) == codes
    assert scalar(engine, "SELECT count(*) FROM webhook_deliveries WHERE subscription_id = :s "
                  "AND status = 'success'", s=sub) == 120
    assert scalar(engine, "SELECT count(*) FROM webhook_lanes") == 0, "an empty lane goes"


def test_a_failure_mid_chain_stops_it_and_the_rest_follow_in_order(engine, uow_factory, tz,
                                                                   receive, dispatcher, clock):
    failed: list[str] = []

    def fail_the_40th_once(n: int, h: dict[str, str], b: bytes) -> Reply:
        if n == 40 and not failed:
            failed.append(json.loads(b)["data"]["unique_code"])
            return 503, {}, b""
        return 200, {}, b""

    receiver = receive(fail_the_40th_once)
    subscribe(engine, receiver.url, ["product_aggregated"])
    _, codes = aggregated_codes(uow_factory, tz, 100)
    worker = dispatcher()
    assert worker.run_once() == 40, "the chain stopped at its first failure"
    assert failed == [codes[39]] and sent_codes(receiver) == codes[:40]
    assert worker.run_once() == 0, "the rest waits for the failed one's retry"
    row = scalar(engine, "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending' "
                 "AND locked_until IS NOT NULL")
    assert row == 0, "the chain's unsent deliveries are free again"
    clock.advance(10)
    assert worker.run_once() == 61
    assert sent_codes(receiver) == codes[:40] + codes[39:], "the retry first, then the rest"
    assert all_succeeded(engine, 100)()


def test_two_dispatchers_with_chains_never_send_one_attempt_twice(engine, uow_factory, tz,
                                                                  receive, dispatcher, listen):
    receiver = receive()
    subscribe(engine, receiver.url, ["product_aggregated", "batch_created"])
    workers = [dispatcher(clock=None, claim_limit=2, listen=listen) for _ in range(2)]
    for worker in workers:
        worker.start()
    lanes = [aggregated_codes(uow_factory, tz, 150, number=n) for n in (1, 2, 3)]
    assert receiver.wait_for(3 * 151, 30)
    eventually(all_succeeded(engine, 3 * 151))
    counts = Counter(headers["webhook-id"] for headers, _ in receiver.requests)
    assert len(counts) == 3 * 151 and set(counts.values()) == {1}
    assert scalar(engine, "SELECT count(*) FROM webhook_attempts") == 3 * 151
    sent = sent_codes_by_batch(receiver)
    for batch_id, codes in lanes:
        assert sent[batch_id] == codes, "each batch in its own order, whoever sent it"


def sent_codes_by_batch(receiver) -> dict[int, list[str]]:
    by_batch: dict[int, list[str]] = {}
    with receiver.lock:
        for _, body in receiver.requests:
            data = json.loads(body)
            if data["event"] == "product_aggregated":
                by_batch.setdefault(data["data"]["batch_id"], []).append(
                    data["data"]["unique_code"])
    return by_batch


def test_a_dispatcher_killed_mid_chain_is_taken_over_when_its_lease_ends(
        engine, uow_factory, tz, receive, dispatcher, clock):
    from mesdesk.adapters.outbox.sender import send
    import httpx

    from mesdesk.adapters.outbox.targets import guarded_client

    receiver = receive()
    subscribe(engine, receiver.url, ["product_aggregated"], timeout=5)
    _, codes = aggregated_codes(uow_factory, tz, 30)
    dead = dispatcher()
    dead.fan_out()
    chain = dead.claim()
    assert [json.loads(d.body)["data"]["unique_code"] for d in chain] == codes
    with guarded_client(httpx.Limits()) as client:     # it sends ten, then the station dies unrecorded
        for leased in chain[:10]:
            assert send(client, leased, clock.now).ok

    other = dispatcher()
    assert other.run_once() == 0, "the lease holds the lane"
    clock.advance(34)
    assert other.run_once() == 0
    clock.advance(2)
    assert other.run_once() == 30, "taken over from the first unrecorded delivery"
    assert sent_codes(receiver) == codes[:10] + codes, "at least once, and in order"
    assert all_succeeded(engine, 30)()
    assert scalar(engine, "SELECT count(*) FROM webhook_attempts") == 30


def test_deliveries_waiting_before_the_lanes_existed_get_their_lanes(postgres, tz, receive,
                                                                     clock):
    """Migration 0009 gives deliveries pending at the upgrade their lanes, in outbox order."""
    from mesdesk.adapters.db.engine import make_engine
    from mesdesk.adapters.db.migrate import downgrade, upgrade
    from mesdesk.adapters.db.uow import SqlUnitOfWorkFactory

    engine = make_engine(postgres.create_database("mesdesk_lanes_upgrade"))
    try:
        upgrade(engine)
        factory = SqlUnitOfWorkFactory(engine, station="test-station")
        receiver = receive()
        subscribe(engine, receiver.url, ["batch_created", "batch_updated", "batch_closed"])
        first = create_batch(factory, tz, number=1)
        close_batch(factory, first, tz)
        reopen_batch(factory, first, tz)
        second = create_batch(factory, tz, number=2)
        worker = OutboxDispatcher(engine, station="upgrade", clock=clock, rng=random.Random(7))
        try:
            worker.fan_out()
            downgrade(engine, "0008")        # as if these were queued before 0009
            upgrade(engine)
            with engine.connect() as connection:
                lanes = set(connection.execute(text("SELECT lane FROM webhook_lanes")).scalars())
            assert lanes == {f"b{first}", f"b{second}"}
            waiting = scalar(engine, "SELECT count(*) FROM webhook_deliveries")
            assert worker.run_once() == waiting
        finally:
            worker.stop()
        of_first = [(json.loads(b)["event"]) for _, b in receiver.requests
                    if json.loads(b)["data"].get("id") == first]
        assert of_first == [row["type"] for row in outbox(engine) if row.get("id") == first]
        assert scalar(engine, "SELECT count(*) FROM webhook_deliveries "
                      "WHERE status = 'success'") == waiting
    finally:
        engine.dispose()


def test_one_fan_out_at_a_time_so_a_batch_is_never_split_between_two(engine, uow_factory, tz,
                                                                     receive, dispatcher):
    """Two fan-outs side by side would each take part of a batch's events; the one with the
    later ones could commit (and its lane be sent) first. So the second one waits its turn."""
    receiver = receive()
    subscribe(engine, receiver.url, ["product_aggregated"])
    aggregated_codes(uow_factory, tz, 20)
    worker = dispatcher()
    with engine.begin() as other_station:      # another dispatcher is fanning out right now
        assert other_station.execute(text(
            "SELECT pg_try_advisory_xact_lock(hashtext('mesdesk.outbox.fanout'))")).scalar()
        assert worker.fan_out() == 0
        assert scalar(engine, "SELECT count(*) FROM webhook_deliveries") == 0
    assert worker.fan_out() == 21               # the batch's creation and its 20 codes
    assert scalar(engine, "SELECT count(*) FROM webhook_deliveries") == 20
