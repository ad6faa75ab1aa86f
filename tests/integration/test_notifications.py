"""Every committed change is announced with NOTIFY; a rolled-back one is not."""

from __future__ import annotations

import json

import psycopg
import pytest

from mesdesk.adapters.db.uow import CHANGES_CHANNEL, OUTBOX_CHANNEL
from mesdesk.domain.errors import BatchClosedError
from mesdesk.services import batches, webhooks
from mesdesk.services.aggregation import aggregate_scan, bulk_aggregate
from tests.support.factories import create_batch, marking_code


@pytest.fixture
def listener(migrated_url):
    dsn = migrated_url.replace("postgresql+psycopg://", "postgresql://")
    connection = psycopg.connect(dsn, autocommit=True)
    connection.execute(f"LISTEN {CHANGES_CHANNEL}")
    connection.execute(f"LISTEN {OUTBOX_CHANNEL}")

    def received() -> list[tuple[str, dict]]:
        notes = [(n.channel, json.loads(n.payload)) for n in connection.notifies(timeout=0.5)]
        return notes

    yield received
    connection.close()


def test_a_scan_announces_its_batch_and_the_outbox_after_commit(uow_factory, tz, listener):
    batch_id = create_batch(uow_factory, tz, codes=[marking_code(1)])
    listener()  # drop what creating the batch announced
    aggregate_scan(uow_factory, batch_id, marking_code(1))
    notes = dict(listener())
    assert notes[CHANGES_CHANNEL] == {"entity": "batch", "ids": [batch_id],
                                      "station": "test-station"}
    assert notes[OUTBOX_CHANNEL] == {"events": 1}


def test_a_refused_change_announces_nothing(uow_factory, tz, listener):
    batch_id = create_batch(uow_factory, tz)
    batches.close_batch(uow_factory, batch_id, tz)
    listener()
    with pytest.raises(BatchClosedError):
        batches.update_batch(uow_factory, batch_id, {"team": "X"}, tz)
    assert listener() == []


def test_bulk_aggregation_wakes_the_dispatcher_only_when_it_commits(uow_factory, tz, listener):
    batch_id = create_batch(uow_factory, tz, codes=[marking_code(1), marking_code(2)])
    listener()
    bulk_aggregate(uow_factory, batch_id, [marking_code(1), marking_code(2)])
    notes = listener()
    assert (OUTBOX_CHANNEL, {"events": 2}) in notes
    assert (CHANGES_CHANNEL, {"entity": "batch", "ids": [batch_id],
                              "station": "test-station"}) in notes


def test_subscription_changes_are_announced_to_open_webhook_pages(uow_factory, listener):
    subscription, _ = webhooks.add_subscription(uow_factory, "http://127.0.0.1:9/hook",
                                                ["batch_created"])
    assert (CHANGES_CHANNEL, {"entity": "subscription", "ids": None,
                              "station": "test-station"}) in listener()
    webhooks.update_subscription(uow_factory, subscription.id, is_active=False)
    assert [entity for channel, note in listener() if channel == CHANGES_CHANNEL
            for entity in [note["entity"]]] == ["subscription"]
    webhooks.delete_subscription(uow_factory, subscription.id)
    assert (CHANGES_CHANNEL, {"entity": "subscription", "ids": None,
                              "station": "test-station"}) in listener()


def test_a_test_event_announces_a_delivery(uow_factory, listener):
    subscription, _ = webhooks.add_subscription(uow_factory, "http://127.0.0.1:9/hook",
                                                ["batch_created"])
    listener()
    webhooks.send_test_event(uow_factory, subscription.id)
    assert (CHANGES_CHANNEL, {"entity": "delivery", "ids": None,
                              "station": "test-station"}) in listener()
