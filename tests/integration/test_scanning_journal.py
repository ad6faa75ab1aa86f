"""The offline journal (§4): every scan kept, replayed in order, never aggregated twice."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from mesdesk.adapters.db.engine import make_engine
from mesdesk.adapters.db.uow import SqlUnitOfWorkFactory
from mesdesk.adapters.journal import SqliteScanJournal
from mesdesk.services.aggregation import aggregate_parsed
from mesdesk.domain.codes import parse_code
from mesdesk.services.scanning import ScanStation
from tests.support.db import scalar
from tests.support.factories import create_batch, marking_code


@pytest.fixture
def journal(tmp_path):
    journal = SqliteScanJournal(tmp_path / "journal.sqlite3")
    yield journal
    journal.close()


@pytest.fixture
def unreachable_factory(tmp_path):
    """A real connection attempt to a PostgreSQL socket where no server listens."""
    engine = make_engine(f"postgresql+psycopg://postgres@/mesdesk?host={tmp_path}")
    yield SqlUnitOfWorkFactory(engine, station="offline-station")
    engine.dispose()


@pytest.fixture
def batch_id(uow_factory, tz):
    return create_batch(uow_factory, tz, codes=[marking_code(i) for i in range(10)])


def test_a_scan_is_journaled_and_decided_online(uow_factory, journal, batch_id):
    station = ScanStation(uow_factory, journal, by="st-1")
    result = station.scan(batch_id, marking_code(0))
    assert result.verdict == "accepted"
    [entry] = journal.recent()
    assert entry.verdict == "accepted" and entry.raw == marking_code(0)
    assert station.pending_count == 0


def test_bad_scans_are_journaled_with_their_verdict_too(uow_factory, journal, batch_id):
    station = ScanStation(uow_factory, journal)
    assert station.scan(batch_id, "bad\x07").verdict == "bad_format"
    assert journal.recent()[0].verdict == "bad_format"


def test_a_scan_into_a_batch_that_is_gone_gets_an_end_saying_why(uow_factory, journal,
                                                                  batch_id):
    station = ScanStation(uow_factory, journal)
    result = station.scan(batch_id + 1000, marking_code(0))
    assert (result.verdict, result.problem.code) == ("not_found", "batch.not_found")
    assert result.message == f"batch {batch_id + 1000} does not exist"
    assert journal.recent()[0].verdict == "not_found"


def test_a_verdicts_problem_is_journaled_with_it(uow_factory, journal, batch_id):
    station = ScanStation(uow_factory, journal, repeat_window=0)
    station.scan(batch_id, "0146004399")                       # cut short: decided locally
    station.scan(batch_id, marking_code(0))
    station.scan(batch_id, marking_code(0))                    # the same code again
    again, first, cut_short = journal.recent()
    assert cut_short.problem == {"code": "code.truncated_gtin",
                                 "params": {"count": 8, "position": 3, "ai": "01"}}
    assert first.problem is None and first.verdict == "accepted"
    assert again.verdict == "already_aggregated"
    assert again.problem == {"code": "scan.already_used",
                             "params": {"at": again.aggregated_at.replace(
                                 microsecond=0).isoformat()}}


def test_a_journal_from_before_problems_gains_the_columns_and_keeps_its_scans(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE scans (seq INTEGER PRIMARY KEY AUTOINCREMENT, scan_id TEXT NOT NULL UNIQUE,
            batch_id INTEGER NOT NULL, raw TEXT NOT NULL, source TEXT NOT NULL,
            received_at TEXT NOT NULL, verdict TEXT, message TEXT, aggregated_at TEXT,
            decided_at TEXT);
        INSERT INTO scans (scan_id, batch_id, raw, source, received_at)
            VALUES ('s-1', 1, 'CODE1', 'wedge', '2026-01-30T08:00:00+00:00');
    """)
    old.close()
    journal = SqliteScanJournal(path)
    try:
        [kept] = journal.pending()
        assert (kept.raw, kept.problem, kept.scanned_by) == ("CODE1", None, "")
        journal.record_verdict("s-1", "not_found", "unique code not found",
                               problem={"code": "scan.not_found", "params": {}})
        assert journal.get("s-1").problem == {"code": "scan.not_found", "params": {}}
    finally:
        journal.close()


def test_without_the_database_scans_are_pending_then_replayed_in_order(
        uow_factory, unreachable_factory, journal, engine, batch_id):
    offline = ScanStation(unreachable_factory, journal, repeat_window=0)
    codes = [marking_code(i) for i in range(5)] + [marking_code(0), marking_code(99)]
    verdicts = [offline.scan(batch_id, code).verdict for code in codes]
    assert verdicts == ["pending"] * 7
    assert journal.pending_count() == 7
    assert scalar(engine, "SELECT count(*) FROM products WHERE is_aggregated") == 0

    # The database is back (a restarted station on the same journal).
    online = ScanStation(uow_factory, journal, repeat_window=0)
    replayed = online.replay()
    assert [r.verdict for r in replayed] == ["accepted"] * 5 + ["already_aggregated", "not_found"]
    assert journal.pending_count() == 0
    assert scalar(engine, "SELECT products_aggregated FROM batches") == 5


def test_kept_scans_are_aggregated_in_the_name_of_who_scanned_them(
        uow_factory, unreachable_factory, journal, engine, batch_id):
    """Petrov scans while the database is down and the station locks; Ivanova signs in and
    the database comes back: Petrov's scans are his, hers are hers."""
    who = ["petrov"]
    offline = ScanStation(unreachable_factory, journal, by=lambda: who[0], repeat_window=0)
    assert [offline.scan(batch_id, marking_code(i)).verdict for i in (1, 2)] == ["pending"] * 2
    who[0] = "ivanova"
    online = ScanStation(uow_factory, journal, by=lambda: who[0], repeat_window=0)
    assert online.scan(batch_id, marking_code(3)).verdict == "accepted"   # replays the two first
    assert [entry.scanned_by for entry in reversed(journal.recent())] == \
        ["petrov", "petrov", "ivanova"]
    with engine.connect() as connection:
        by_code = dict(connection.execute(text(
            "SELECT unique_code, aggregated_by FROM products WHERE is_aggregated")).all())
    assert by_code == {marking_code(1): "petrov", marking_code(2): "petrov",
                       marking_code(3): "ivanova"}


def test_a_new_scan_queues_behind_older_pending_ones(uow_factory, unreachable_factory, journal,
                                                     batch_id):
    ScanStation(unreachable_factory, journal, repeat_window=0).scan(batch_id, marking_code(1))
    online = ScanStation(uow_factory, journal, repeat_window=0)
    result = online.scan(batch_id, marking_code(1))
    # The older scan of the same code was decided first and won.
    assert result.verdict == "already_aggregated"
    assert [entry.verdict for entry in reversed(journal.recent())] == \
        ["accepted", "already_aggregated"]


def test_a_crash_after_commit_before_the_journal_heard_back_aggregates_once(
        uow_factory, journal, engine, batch_id):
    entry = journal.append(batch_id, marking_code(3), "wedge")
    # The aggregation committed, then the station died before recording the verdict.
    first = aggregate_parsed(uow_factory, batch_id, parse_code(marking_code(3)),
                             scan_id=entry.scan_id)
    assert first.verdict == "accepted"
    assert journal.pending_count() == 1

    reopened = SqliteScanJournal(journal.path)  # the restarted station
    try:
        [replayed] = ScanStation(uow_factory, reopened).replay()
    finally:
        reopened.close()
    assert replayed.verdict == "accepted"
    assert scalar(engine, "SELECT products_aggregated FROM batches") == 1
    assert scalar(engine, "SELECT count(*) FROM outbox_events WHERE type = "
                          "'product_aggregated'") == 1


def test_a_crash_before_commit_loses_nothing(uow_factory, journal, engine, batch_id):
    journal.append(batch_id, marking_code(4), "wedge")  # written, then the station died
    reopened = SqliteScanJournal(journal.path)
    try:
        [replayed] = ScanStation(uow_factory, reopened).replay()
    finally:
        reopened.close()
    assert replayed.verdict == "accepted"
    assert scalar(engine, "SELECT count(*) FROM products WHERE is_aggregated") == 1


def test_a_server_restart_costs_a_station_no_pending_scan(postgres, migrated_url, journal,
                                                          engine, batch_id):
    """The station's pool has no pre-ping: the dead connection is noticed and retried."""
    scan_engine = make_engine(migrated_url, pool_size=2, pre_ping=False)
    station = ScanStation(SqlUnitOfWorkFactory(scan_engine), journal)
    try:
        assert station.scan(batch_id, marking_code(5)).verdict == "accepted"
        postgres.stop()
        postgres.start()
        assert station.scan(batch_id, marking_code(6)).verdict == "accepted"
        assert journal.pending_count() == 0
    finally:
        scan_engine.dispose()
    assert scalar(engine, "SELECT products_aggregated FROM batches") == 2
