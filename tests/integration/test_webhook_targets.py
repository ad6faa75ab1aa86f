"""Webhook targets at send time (issue 9, point 12), on the real database and the real
dispatcher: a host that is, or resolves to, a link-local or cloud metadata address fails the
attempt with a clear error and is never connected to; loopback (by name too) still delivers."""

from __future__ import annotations

import random
from typing import Any

import pytest

from mesdesk.adapters.outbox import OutboxDispatcher
from tests.integration.test_outbox_dispatcher import Clock, attempts, delivery, subscribe
from tests.support.factories import create_batch
from tests.support.receivers import receive  # noqa: F401 - a fixture


@pytest.fixture
def dispatcher(engine):
    made: list[OutboxDispatcher] = []

    def make(**kwargs: Any) -> OutboxDispatcher:
        made.append(OutboxDispatcher(engine, station="targets", rng=random.Random(7),
                                     clock=Clock(), **kwargs))
        return made[-1]

    yield make
    for d in made:
        d.stop()


@pytest.mark.parametrize(("url", "resolved"), [
    # Stored before this version checked targets (or written by another tool): the literal.
    ("http://169.254.169.254/latest/meta-data/", None),
    ("http://[fe80::1]:8080/hook", None),
    ("http://metadata.google.internal/computeMetadata/v1/", None),
    # A host that passes the check at save time but resolves to the metadata address.
    ("http://2852039166/latest/meta-data/", "169.254.169.254"),
])
def test_a_send_to_a_link_local_or_metadata_address_fails_without_connecting(
        engine, uow_factory, tz, dispatcher, url, resolved):
    sub = subscribe(engine, url, ["batch_created"], timeout=5)
    create_batch(uow_factory, tz)
    assert dispatcher().run_once() == 1
    row = delivery(engine, sub)
    [attempt] = attempts(engine, row["id"])
    assert attempt["error_class"] == "ForbiddenTarget" and attempt["status_code"] is None
    assert "link-local or cloud metadata address: not sent" in row["error_message"]
    if resolved:
        assert resolved in row["error_message"]
    # A connection attempt to an unrouted address would have waited for the 5 s timeout.
    assert attempt["duration_ms"] < 1000


def test_a_host_name_that_resolves_to_loopback_still_delivers(engine, uow_factory, tz,
                                                              dispatcher, receive):
    receiver = receive(lambda n, h, b: (200, {}, b"ok"))
    sub = subscribe(engine, receiver.url.replace("127.0.0.1", "localhost"), ["batch_created"])
    create_batch(uow_factory, tz)
    assert dispatcher().run_once() == 1
    assert delivery(engine, sub)["status"] == "success" and len(receiver.requests) == 1
