"""Webhook services (§6, §9) against real PostgreSQL and a real receiver on 127.0.0.1:
updating subscriptions, the test event, the deliveries log, re-sending and the scheduled
re-queue. Sending is done by the real ``OutboxDispatcher``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from mesdesk.adapters.db.channels import OUTBOX_CHANNEL
from mesdesk.adapters.outbox import OutboxDispatcher
from mesdesk.domain.errors import ConflictError, NotFoundError, ValidationError
from mesdesk.services import webhooks
from mesdesk.services.dto import DeliveryFilter
from tests.support.db import audit, scalar
from tests.support.factories import create_batch

SECRET = "whsec_" + base64.b64encode(bytes(range(24))).decode()


class Receiver:
    """HTTP receiver on 127.0.0.1:0 answering ``status`` (changeable) and keeping requests."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()},
                                          body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"no" if receiver.status >= 300 else b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = Receiver()
    yield made
    made.close()


@pytest.fixture
def dispatcher(engine):
    made = OutboxDispatcher(engine, station="test-dispatcher")
    yield made
    made.stop()


@pytest.fixture
def listener(migrated_url):
    connection = psycopg.connect(migrated_url.replace("postgresql+psycopg://", "postgresql://"),
                                 autocommit=True)
    connection.execute(f"LISTEN {OUTBOX_CHANNEL}")

    def received() -> list[dict[str, Any]]:
        return [json.loads(n.payload) for n in connection.notifies(timeout=0.5)]

    yield received
    connection.close()


def subscribe(uow_factory, url: str, events: list[str], **options: Any) -> int:
    created, _ = webhooks.add_subscription(uow_factory, url, events, secret=SECRET, **options)
    return created.id


def failed_ping(uow_factory, dispatcher, receiver, subscription_id: int) -> int:
    """A ping that the receiver refuses with 500 until its series is used up."""
    receiver.status = 500
    delivery = webhooks.send_test_event(uow_factory, subscription_id)
    dispatcher.run_once()
    assert webhooks.get_delivery(uow_factory, delivery.id).status == "failed"
    return delivery.id


def set_created_at(engine, delivery_id: int, moment: datetime) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE webhook_deliveries SET created_at = :at WHERE id = :id"),
                           {"at": moment, "id": delivery_id})


# -- update ------------------------------------------------------------------------------------

def test_update_changes_what_is_given_and_keeps_the_rest(uow_factory, engine):
    sub_id = subscribe(uow_factory, "https://a.example/hook", ["batch_created"],
                       rate_limit=5, custom_headers={"Authorization": "Bearer s3cr3t"})
    updated = webhooks.update_subscription(
        uow_factory, sub_id, url="https://b.example/hook",
        events=["batch_closed", "ping"], retry_count=7, timeout=30)
    assert (updated.url, updated.events, updated.retry_count, updated.timeout) == (
        "https://b.example/hook", ("batch_closed", "ping"), 7, 30)
    assert updated.rate_limit == 5            # not given: kept
    assert updated.custom_headers == {"Authorization": "Bearer s3cr3t"}
    assert webhooks.get_subscription(uow_factory, sub_id) == updated

    unlimited = webhooks.update_subscription(uow_factory, sub_id, rate_limit=None,
                                             custom_headers={"X-Line": "4"})
    assert unlimited.rate_limit is None and unlimited.custom_headers == {"X-Line": "4"}
    row = audit(engine)[-1]
    assert (row["action"], row["entity"], row["entity_id"]) == (
        "update", "webhook_subscription", str(sub_id))
    assert row["changes"] == {"rate_limit": None, "custom_headers": ["X-Line"]}
    # Header values may be tokens: they are never written to the audit log.
    assert "s3cr3t" not in json.dumps(audit(engine))


@pytest.mark.parametrize("changes, field, words", [
    ({"url": "ftp://example.com/x"}, "url", "http"),
    ({"events": ["batch_created", "batch_exploded"]}, "events", "batch_exploded"),
    ({"events": []}, "events", "at least one"),
    ({"retry_count": 99}, "retry_count", "between 0 and"),
    ({"timeout": 0}, "timeout", "between 1 and"),
    ({"rate_limit": 0}, "rate_limit", "between 1 and"),
    ({"custom_headers": {"X-Webhook-Signature": "forged"}}, "custom_headers", "set by MESDesk"),
])
def test_bad_updates_are_refused_naming_the_field_and_change_nothing(
        uow_factory, changes, field, words):
    sub_id = subscribe(uow_factory, "https://a.example/hook", ["batch_created"])
    before = webhooks.get_subscription(uow_factory, sub_id)
    with pytest.raises(ValidationError) as caught:
        webhooks.update_subscription(uow_factory, sub_id, **changes)
    assert caught.value.field == field and words in caught.value.message
    assert webhooks.get_subscription(uow_factory, sub_id) == before


def test_updating_a_missing_subscription_says_so(uow_factory):
    with pytest.raises(NotFoundError, match="webhook subscription 4242 does not exist"):
        webhooks.update_subscription(uow_factory, 4242, timeout=5)


def test_reactivating_a_disabled_subscription_clears_its_failure_state(uow_factory, engine):
    sub_id = subscribe(uow_factory, "https://a.example/hook", ["batch_created"])
    with engine.begin() as connection:
        connection.execute(text(
            "UPDATE webhook_subscriptions SET is_active = false, consecutive_failures = 40, "
            "disabled_reason = 'No success for 24 h', failing_since = now() - interval '25 h', "
            "disabled_problem = '{\"code\": \"subscription.disabled_failing\", \"params\": "
            "{\"since\": \"2026-11-20T06:30:00+00:00\", \"error\": \"HTTP 500\"}}' "
            "WHERE id = :id"), {"id": sub_id})
    paused = webhooks.get_subscription(uow_factory, sub_id)
    assert not paused.is_active and paused.disabled_reason
    assert paused.disabled_problem.code == "subscription.disabled_failing"
    assert paused.disabled_problem.params["error"] == "HTTP 500"

    active = webhooks.update_subscription(uow_factory, sub_id, is_active=True)
    assert active.is_active
    assert (active.disabled_reason, active.disabled_problem, active.failing_since,
            active.consecutive_failures) == (None, None, None, 0)
    off = webhooks.update_subscription(uow_factory, sub_id, is_active=False)
    assert not off.is_active


# -- test event --------------------------------------------------------------------------------

def test_test_event_goes_to_that_subscription_only_signed_and_announced(
        uow_factory, dispatcher, receiver, listener):
    other = Receiver()
    try:
        # Neither lists ``ping``; the other one would be offered a ping event by a fan-out.
        sub_id = subscribe(uow_factory, receiver.url, ["batch_created"])
        subscribe(uow_factory, other.url, ["ping"])
        listener()
        delivery = webhooks.send_test_event(uow_factory, sub_id)
        assert listener() == [{"events": 1}]   # an idle dispatcher wakes up at once
        assert (delivery.status, delivery.event_type, delivery.subscription_id,
                delivery.subscription_url) == ("pending", "ping", sub_id, receiver.url)
        assert webhooks.queue_length(uow_factory) == 1

        dispatcher.run_once()
        assert other.requests == []
        [(headers, body)] = receiver.requests
    finally:
        other.close()
    document = json.loads(body)
    assert document["event"] == "ping" and document["id"] == delivery.event_id
    assert document["data"]["subscription_id"] == sub_id
    assert headers["x-webhook-event"] == "ping" and headers["webhook-id"] == delivery.event_id
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    assert headers["x-webhook-signature"] == hmac.new(key, body, hashlib.sha256).hexdigest()
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    assert headers["webhook-signature"] == "v1," + base64.b64encode(
        hmac.new(key, signed, hashlib.sha256).digest()).decode()
    sent = webhooks.get_delivery(uow_factory, delivery.id)
    assert (sent.status, sent.attempts, sent.response_status) == ("success", 1, 200)
    assert webhooks.queue_length(uow_factory) == 0


def test_test_event_for_a_disabled_or_missing_subscription_is_refused(uow_factory):
    sub_id = subscribe(uow_factory, "https://a.example/hook", ["ping"])
    webhooks.update_subscription(uow_factory, sub_id, is_active=False)
    with pytest.raises(ConflictError, match="disabled"):
        webhooks.send_test_event(uow_factory, sub_id)
    with pytest.raises(NotFoundError):
        webhooks.send_test_event(uow_factory, 999)
    assert webhooks.queue_length(uow_factory) == 0


# -- the log -----------------------------------------------------------------------------------

def test_deliveries_are_listed_newest_first_filtered_and_paged(
        uow_factory, engine, tz, dispatcher, receiver):
    first = subscribe(uow_factory, receiver.url, ["batch_created"])
    second = subscribe(uow_factory, receiver.url, ["batch_created", "batch_updated"])
    for number in (1, 2, 3):
        create_batch(uow_factory, tz, number=number)
    dispatcher.fan_out()
    ping = webhooks.send_test_event(uow_factory, first)
    everything = webhooks.list_deliveries(uow_factory).rows
    assert len(everything) == 7
    assert everything[0].id == ping.id
    keys = [(row.created_at, row.id) for row in everything]
    assert keys == sorted(keys, reverse=True)

    pages, cursor = [], None
    while True:
        page = webhooks.list_deliveries(uow_factory, cursor=cursor, limit=3)
        pages.append([row.id for row in page.rows])
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == [[r.id for r in everything[:3]], [r.id for r in everything[3:6]],
                     [everything[6].id]]

    only_first = webhooks.list_deliveries(uow_factory, DeliveryFilter(subscription_id=first))
    assert {row.subscription_id for row in only_first.rows} == {first}
    assert len(only_first.rows) == 4
    pings = webhooks.list_deliveries(uow_factory, DeliveryFilter(event_type="ping")).rows
    assert [row.id for row in pings] == [ping.id]
    assert webhooks.list_deliveries(uow_factory, DeliveryFilter(status="failed")).rows == ()

    old = everything[-1].id
    set_created_at(engine, old, datetime(2024, 1, 1, tzinfo=timezone.utc))
    january = webhooks.list_deliveries(uow_factory, DeliveryFilter(
        since=datetime(2024, 1, 1, tzinfo=timezone.utc),
        until=datetime(2024, 2, 1, tzinfo=timezone.utc))).rows
    assert [row.id for row in january] == [old]
    assert second in {row.subscription_id for row in everything}


@pytest.mark.parametrize("flt, field", [
    (DeliveryFilter(status="lost"), "status"),
    (DeliveryFilter(event_type="batch_exploded"), "event_type"),
    (DeliveryFilter(since=datetime(2024, 1, 1)), "since"),
    (DeliveryFilter(since=datetime(2024, 2, 1, tzinfo=timezone.utc),
                    until=datetime(2024, 1, 1, tzinfo=timezone.utc)), "until"),
])
def test_a_bad_deliveries_filter_is_refused_naming_the_field(uow_factory, flt, field):
    with pytest.raises(ValidationError) as caught:
        webhooks.list_deliveries(uow_factory, flt)
    assert caught.value.field == field


def test_a_bad_cursor_or_limit_is_refused(uow_factory):
    with pytest.raises(ValidationError) as caught:
        webhooks.list_deliveries(uow_factory, cursor="not-a-cursor!")
    assert caught.value.field == "cursor"
    with pytest.raises(ValidationError) as caught:
        webhooks.list_deliveries(uow_factory, limit=0)
    assert caught.value.field == "limit"


def test_attempts_are_listed_oldest_first(uow_factory, dispatcher, receiver):
    sub_id = subscribe(uow_factory, receiver.url, ["ping"], retry_count=0)
    delivery_id = failed_ping(uow_factory, dispatcher, receiver, sub_id)
    receiver.status = 200
    webhooks.resend_delivery(uow_factory, delivery_id)
    dispatcher.run_once()
    attempts = webhooks.delivery_attempts(uow_factory, delivery_id)
    assert [a.status_code for a in attempts] == [500, 200]
    assert attempts[0].attempted_at <= attempts[1].attempted_at
    assert attempts[0].error_class == "HTTPStatus" and attempts[0].response_excerpt == "no"
    with pytest.raises(NotFoundError, match="webhook delivery 777 does not exist"):
        webhooks.delivery_attempts(uow_factory, 777)
    with pytest.raises(NotFoundError):
        webhooks.get_delivery(uow_factory, 777)


# -- re-sending --------------------------------------------------------------------------------

def test_resend_starts_a_fresh_series_keeps_history_and_is_sent_again(
        uow_factory, engine, dispatcher, receiver, listener):
    sub_id = subscribe(uow_factory, receiver.url, ["ping"], retry_count=0)
    delivery_id = failed_ping(uow_factory, dispatcher, receiver, sub_id)
    receiver.status = 200
    listener()
    again = webhooks.resend_delivery(uow_factory, delivery_id)
    assert listener() == [{"events": 1}]
    assert (again.status, again.attempts) == ("pending", 0)
    assert dispatcher.run_once() == 1
    done = webhooks.get_delivery(uow_factory, delivery_id)
    assert (done.status, done.attempts, done.response_status) == ("success", 1, 200)
    assert done.delivered_at is not None
    # A delivered one may be re-sent too (the receiver lost it): same event id again.
    webhooks.resend_delivery(uow_factory, delivery_id)
    dispatcher.run_once()
    ids = {headers["webhook-id"] for headers, _ in receiver.requests}
    assert len(receiver.requests) == 3 and ids == {done.event_id}
    assert len(webhooks.delivery_attempts(uow_factory, delivery_id)) == 3
    assert audit(engine)[-1]["action"] == "resend"


def test_resend_is_refused_for_a_disabled_subscription(uow_factory, dispatcher, receiver):
    sub_id = subscribe(uow_factory, receiver.url, ["ping"], retry_count=0)
    delivery_id = failed_ping(uow_factory, dispatcher, receiver, sub_id)
    webhooks.update_subscription(uow_factory, sub_id, is_active=False)
    with pytest.raises(ConflictError, match=f"subscription {sub_id} is disabled"):
        webhooks.resend_delivery(uow_factory, delivery_id)
    assert webhooks.get_delivery(uow_factory, delivery_id).status == "failed"
    with pytest.raises(NotFoundError):
        webhooks.resend_delivery(uow_factory, 31337)


def test_resend_failed_requeues_the_failed_ones_of_a_time_range(
        uow_factory, engine, dispatcher, receiver):
    sub_a = subscribe(uow_factory, receiver.url, ["ping"], retry_count=0)
    sub_b = subscribe(uow_factory, receiver.url, ["ping"], retry_count=0)
    sub_off = subscribe(uow_factory, receiver.url, ["ping"], retry_count=0)
    in_range_a = failed_ping(uow_factory, dispatcher, receiver, sub_a)
    in_range_b = failed_ping(uow_factory, dispatcher, receiver, sub_b)
    too_old = failed_ping(uow_factory, dispatcher, receiver, sub_a)
    of_disabled = failed_ping(uow_factory, dispatcher, receiver, sub_off)
    receiver.status = 200
    delivered = webhooks.send_test_event(uow_factory, sub_a).id
    dispatcher.run_once()
    webhooks.update_subscription(uow_factory, sub_off, is_active=False)
    day = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)
    for delivery_id in (in_range_a, in_range_b, of_disabled, delivered):
        set_created_at(engine, delivery_id, day)
    set_created_at(engine, too_old, day - timedelta(days=2))
    since, until = day - timedelta(hours=1), day + timedelta(hours=1)

    assert webhooks.resend_failed(uow_factory, since=since, until=until,
                                  subscription_id=sub_b) == 1
    assert webhooks.resend_failed(uow_factory, since=since, until=until) == 1  # only A's now
    states = {d: webhooks.get_delivery(uow_factory, d).status
              for d in (in_range_a, in_range_b, too_old, of_disabled, delivered)}
    assert states == {in_range_a: "pending", in_range_b: "pending", too_old: "failed",
                      of_disabled: "failed", delivered: "success"}
    assert webhooks.queue_length(uow_factory) == 2
    dispatcher.run_once()
    assert webhooks.get_delivery(uow_factory, in_range_a).status == "success"

    with pytest.raises(ValidationError) as caught:
        webhooks.resend_failed(uow_factory, since=until, until=since)
    assert caught.value.field == "until"
    with pytest.raises(NotFoundError):
        webhooks.resend_failed(uow_factory, since=since, until=until, subscription_id=999)


# -- the scheduled re-queue (§9) ---------------------------------------------------------------

def test_retry_failed_webhooks_requeues_only_what_the_subscription_allows(
        uow_factory, engine, dispatcher, receiver):
    raised = subscribe(uow_factory, receiver.url, ["ping"], retry_count=0)
    exhausted = subscribe(uow_factory, receiver.url, ["ping"], retry_count=0)
    disabled = subscribe(uow_factory, receiver.url, ["ping"], retry_count=0)
    can_retry = failed_ping(uow_factory, dispatcher, receiver, raised)
    used_up = failed_ping(uow_factory, dispatcher, receiver, exhausted)
    paused = failed_ping(uow_factory, dispatcher, receiver, disabled)
    assert webhooks.retry_failed_webhooks(uow_factory) == 0   # nothing allows more yet

    webhooks.update_subscription(uow_factory, raised, retry_count=2)
    webhooks.update_subscription(uow_factory, disabled, retry_count=2, is_active=False)
    assert webhooks.retry_failed_webhooks(uow_factory) == 1
    again = webhooks.get_delivery(uow_factory, can_retry)
    assert (again.status, again.attempts) == ("pending", 1)   # the series continues
    assert webhooks.get_delivery(uow_factory, used_up).status == "failed"
    assert webhooks.get_delivery(uow_factory, paused).status == "failed"

    receiver.status = 200
    dispatcher.run_once()
    sent = webhooks.get_delivery(uow_factory, can_retry)
    assert (sent.status, sent.attempts) == ("success", 2)
    assert webhooks.retry_failed_webhooks(uow_factory) == 0
    assert scalar(engine, "SELECT count(*) FROM webhook_attempts "
                          "WHERE delivery_id = :id", id=can_retry) == 2
