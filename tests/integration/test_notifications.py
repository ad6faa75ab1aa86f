"""Every committed change is announced with NOTIFY; a rolled-back one is not."""

from __future__ import annotations

import json

import psycopg
import pytest

from mesdesk.adapters.db.uow import CHANGES_CHANNEL, OUTBOX_CHANNEL
from mesdesk.domain.errors import BatchClosedError
from mesdesk.services import batches
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
