"""Webhook dispatcher benchmarks (issue 5): real PostgreSQL, a real receiver on 127.0.0.1.

- throughput: one dispatcher delivers 5,000 events to one local receiver at >= 500 deliveries/s
  (outbox rows in, every delivery recorded ``success``);
- idle latency: the background thread idle, one event committed at a time, commit -> request
  arrival at the receiver p50 <= 100 ms (woken by NOTIFY; the 1 s poll would give ~500 ms).
"""

from __future__ import annotations

import statistics
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import text

from mesdesk.adapters.db.engine import make_engine
from mesdesk.adapters.db.listener import conninfo_from_url
from mesdesk.adapters.db.uow import SqlUnitOfWorkFactory
from mesdesk.adapters.outbox import OutboxDispatcher
from mesdesk.services.intake import intake_batches
from tests.support.factories import batch_item


class FastReceiver:
    """Answers 200 at once over keep-alive, noting each request's arrival (perf_counter)."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                at = time.perf_counter()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                with receiver.arrived:
                    receiver.arrivals.append(at)
                    receiver.arrived.notify_all()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.arrivals) >= count, timeout)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def bench_url(postgres):
    from mesdesk.adapters.db.migrate import upgrade

    url = postgres.create_database("mesdesk_bench_webhooks")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture
def bench_engine(bench_url):
    engine = make_engine(bench_url, pool_size=8)
    yield engine
    engine.dispose()


@pytest.fixture
def receiver():
    made = FastReceiver()
    yield made
    made.close()


@pytest.fixture(scope="module")
def tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Moscow")


def subscribe(engine, url: str) -> int:
    with engine.begin() as connection:
        connection.execute(text("UPDATE webhook_subscriptions SET is_active = false"))
        return connection.execute(text(
            "INSERT INTO webhook_subscriptions (url, events, secret) "
            "VALUES (:url, ARRAY['batch_created'], 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw') "
            "RETURNING id"), {"url": url}).scalar_one()


def count(engine, sql: str, **params: Any) -> int:
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar_one()


def test_one_dispatcher_delivers_5000_events_at_500_per_second(bench_engine, bench_url, tz,
                                                               receiver, record):
    sub = subscribe(bench_engine, receiver.url)
    factory = SqlUnitOfWorkFactory(bench_engine, station="bench")
    day = date(2023, 1, 1)
    events = 5000
    result = intake_batches(factory, [batch_item(10_000 + i, day + timedelta(days=i % 365))
                                      for i in range(events)], tz)
    assert result.created == events

    dispatcher = OutboxDispatcher(bench_engine, station="bench",
                                  listen=conninfo_from_url(bench_url))
    started = time.perf_counter()
    dispatcher.start()
    try:
        assert receiver.wait_for(events, timeout=60), f"only {len(receiver.arrivals)} arrived"
        received_s = time.perf_counter() - started
        # Recorded too: every delivery success with its one attempt.
        deadline = time.monotonic() + 30
        while count(bench_engine, "SELECT count(*) FROM webhook_deliveries WHERE "
                    "subscription_id = :s AND status = 'success'", s=sub) < events:
            assert time.monotonic() < deadline, "outcomes not recorded within 30 s"
            time.sleep(0.01)
        recorded_s = time.perf_counter() - started
    finally:
        dispatcher.stop()
    attempts = count(bench_engine, "SELECT count(*) FROM webhook_attempts a JOIN "
                     "webhook_deliveries d ON d.id = a.delivery_id WHERE d.subscription_id = :s",
                     s=sub)
    rate = events / recorded_s
    record("webhooks_throughput_5000", events=events, received_s=round(received_s, 2),
           recorded_s=round(recorded_s, 2), deliveries_per_s=round(rate), goal_per_s=500)
    assert len(receiver.arrivals) == events and attempts == events
    assert rate >= 500


def test_idle_dispatcher_delivers_a_committed_event_within_100_ms(bench_engine, bench_url, tz,
                                                                  receiver, record):
    subscribe(bench_engine, receiver.url)
    factory = SqlUnitOfWorkFactory(bench_engine, station="bench")
    dispatcher = OutboxDispatcher(bench_engine, station="bench-idle",
                                  listen=conninfo_from_url(bench_url))
    dispatcher.start()
    try:
        assert dispatcher.listening.wait(10)
        latencies = []
        day = date(2024, 6, 1)
        for i in range(200):
            intake_batches(factory, [batch_item(50_000 + i, day)], tz)
            committed = time.perf_counter()
            assert receiver.wait_for(i + 1, timeout=5), f"event {i} did not arrive in 5 s"
            latencies.append((receiver.arrivals[i] - committed) * 1000)
            time.sleep(0.05)  # pacing: the dispatcher is idle again before the next commit
    finally:
        dispatcher.stop()
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    record("webhooks_idle_latency", events=len(latencies), p50_ms=round(p50, 1),
           p99_ms=round(p99, 1), max_ms=round(latencies[-1], 1), goal_p50_ms=100)
    assert p50 <= 100

