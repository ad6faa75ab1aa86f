"""Live updates (SPEC §1): committed changes reach the listener within a second, bursts are
coalesced, a lost server is reported and recovered from, and polling notices changes that
were never announced. Real PostgreSQL; synchronisation by conditions, never by sleeping."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import psycopg
import pytest

from mesdesk.adapters.db.channels import CHANGES_CHANNEL, batches_changed
from mesdesk.adapters.db.listener import (
    CONNECTED, LOST, RECONNECTING, ChangeListener, conninfo_from_url,
)
from mesdesk.services.batches import close_batch
from tests.support.factories import create_batch

WAIT = 5.0      # upper bound for anything that should happen "now"


class Recorder:
    """Collects the listener's callbacks (made on its thread) and waits for them."""

    def __init__(self) -> None:
        self.changes: list[dict] = []
        self.states: list[str] = []
        self._cond = threading.Condition()

    def on_change(self, change: dict) -> None:
        with self._cond:
            self.changes.append(change)
            self._cond.notify_all()

    def on_state(self, state: str) -> None:
        with self._cond:
            self.states.append(state)
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[], bool], timeout: float = WAIT) -> bool:
        with self._cond:
            return self._cond.wait_for(predicate, timeout)

    def wait_change(self, predicate: Callable[[dict], bool], timeout: float = WAIT
                    ) -> dict | None:
        found: list[dict] = []

        def seen() -> bool:
            found[:] = [c for c in self.changes if predicate(c)]
            return bool(found)

        return found[0] if self.wait_for(seen, timeout) else None

    def forget_changes(self) -> None:
        with self._cond:
            self.changes.clear()


@pytest.fixture
def conninfo(engine) -> str:
    return conninfo_from_url(engine.url)


@pytest.fixture
def listen(conninfo):
    """Start a listener with a recorder; every one started is stopped at the end."""
    started: list[ChangeListener] = []

    def make(**options) -> tuple[ChangeListener, Recorder]:
        recorder = Recorder()
        listener = ChangeListener(conninfo, on_change=recorder.on_change,
                                  on_state=recorder.on_state, **options)
        listener.start()
        started.append(listener)
        assert recorder.wait_for(lambda: CONNECTED in recorder.states), recorder.states
        return listener, recorder

    yield make
    for listener in started:
        listener.stop()


def test_the_conninfo_keeps_the_unix_socket_and_the_database(engine):
    info = psycopg.conninfo.conninfo_to_dict(conninfo_from_url(engine.url))
    assert info["dbname"] == engine.url.database
    assert info["host"] == engine.url.query["host"]
    with psycopg.connect(conninfo_from_url(engine.url)) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)


def test_a_committed_change_arrives_within_a_second_with_its_batch(uow_factory, tz, listen):
    batch_id = create_batch(uow_factory, tz)
    _listener, recorder = listen()
    committed = time.monotonic()
    close_batch(uow_factory, batch_id, tz)
    change = recorder.wait_change(lambda c: c["ids"] and batch_id in c["ids"])
    assert change is not None, recorder.changes
    assert time.monotonic() - committed < 1.0
    assert change == {"entity": "batch", "ids": [batch_id], "station": "test-station"}


def test_a_burst_of_notifications_becomes_one_call(conninfo, listen):
    _listener, recorder = listen(coalesce=0.3)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        for batch_id in range(1, 11):   # ten transactions, ten notifications
            connection.execute("SELECT pg_notify(%s, %s)",
                               (CHANGES_CHANNEL, batches_changed([batch_id], "line-2")))
    first = recorder.wait_change(lambda c: True)
    assert first == {"entity": "batch", "ids": list(range(1, 11)), "station": "line-2"}

    recorder.forget_changes()
    with psycopg.connect(conninfo, autocommit=True) as connection:
        for payload in (batches_changed([1], "line-2"), batches_changed(None, "line-3"),
                        "not json"):
            connection.execute("SELECT pg_notify(%s, %s)", (CHANGES_CHANNEL, payload))
    assert recorder.wait_change(lambda c: True) == {"entity": "batch", "ids": None,
                                                   "station": None}


def test_stop_is_prompt_and_final(listen):
    listener, recorder = listen(poll_interval=30)
    started = time.monotonic()
    listener.stop()
    assert time.monotonic() - started < 1.0
    assert not listener.running


def test_stop_is_prompt_while_it_cannot_connect(tmp_path):
    recorder = Recorder()
    listener = ChangeListener(f"host={tmp_path} dbname=nothing user=nobody",
                              on_change=recorder.on_change, on_state=recorder.on_state,
                              backoff=(10.0,))
    listener.start()
    assert recorder.wait_for(lambda: LOST in recorder.states)
    started = time.monotonic()
    listener.stop()
    assert time.monotonic() - started < 1.0 and not listener.running


def test_a_failing_callback_does_not_end_live_updates(conninfo):
    calls: list[dict] = []
    arrived = threading.Event()

    def on_change(change: dict) -> None:
        calls.append(change)
        if len(calls) == 1:
            raise RuntimeError("a view's bug")
        arrived.set()

    connected = threading.Event()
    listener = ChangeListener(conninfo, on_change=on_change, coalesce=0.0,
                              on_state=lambda s: connected.set() if s == CONNECTED else None)
    with listener:
        assert connected.wait(WAIT)
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute("SELECT pg_notify(%s, %s)", (CHANGES_CHANNEL,
                                                            batches_changed([1], "x")))
            # the second one only after the first was handled, so they are not coalesced
            deadline = time.monotonic() + WAIT
            while not calls and time.monotonic() < deadline:
                connection.execute("SELECT 1")
            connection.execute("SELECT pg_notify(%s, %s)", (CHANGES_CHANNEL,
                                                            batches_changed([2], "x")))
        assert arrived.wait(WAIT), calls
    assert [c["ids"] for c in calls] == [[1], [2]]


def _other_sessions(conninfo: str) -> int:
    with psycopg.connect(conninfo, autocommit=True) as connection:
        return connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()").fetchone()[0]


def test_polling_notices_a_change_that_sent_no_notification(engine, uow_factory, tz, conninfo,
                                                            listen):
    batch_id = create_batch(uow_factory, tz)
    # Sessions publish their statistics when they end: let the batch's creation settle first.
    engine.dispose()
    deadline = time.monotonic() + WAIT
    while _other_sessions(conninfo) and time.monotonic() < deadline:
        pass
    _listener, recorder = listen(poll_interval=0.1)
    # A quiet database gives no refreshes: several polls pass without one.
    assert not recorder.wait_for(lambda: bool(recorder.changes), timeout=0.5), recorder.changes
    # A session of its own that ends at once, with NOTIFY nowhere in sight.
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute("UPDATE batches SET updated_at = now() WHERE id = %s", (batch_id,))
    change = recorder.wait_change(lambda c: True)
    assert change == {"entity": "batch", "ids": None, "station": None}


def test_a_server_restart_is_reported_and_recovered(postgres, conninfo, listen):
    _listener, recorder = listen(backoff=(0.1, 0.2))
    try:
        postgres.stop()
        assert recorder.wait_for(lambda: LOST in recorder.states), recorder.states
    finally:
        postgres.start()
    assert recorder.wait_for(lambda: recorder.states.count(CONNECTED) == 2, timeout=15.0), \
        recorder.states
    assert recorder.states == [CONNECTED, LOST, RECONNECTING, CONNECTED]
    assert recorder.wait_change(lambda c: c["ids"] is None) is not None
    # and it listens again
    recorder.forget_changes()
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute("SELECT pg_notify(%s, %s)",
                           (CHANGES_CHANNEL, batches_changed([7], "line-2")))
    assert recorder.wait_change(lambda c: c["ids"] == [7]) is not None
