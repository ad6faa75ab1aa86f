"""Aggregation (§4) on a real PostgreSQL: every verdict, concurrency, counters, bulk."""

from __future__ import annotations

import threading
from uuid import UUID

import pytest

from mesdesk.domain.errors import BatchClosedError, NotFoundError
from mesdesk.domain.events import product_aggregated
from mesdesk.domain.verdicts import RepeatGuard, Verdict
from mesdesk.services import batches
from mesdesk.services.aggregation import aggregate_scan, bulk_aggregate
from mesdesk.services.dto import ScanResult
from tests.support.db import outbox, rows, scalar
from tests.support.factories import create_batch, gtin, identity_of, marking_code


@pytest.fixture
def two_batches(uow_factory, tz):
    first = create_batch(uow_factory, tz, number=1, codes=[marking_code(i) for i in range(5)])
    second = create_batch(uow_factory, tz, number=2, codes=[marking_code(100)])
    return first, second


def scan(uow_factory, batch_id, code, **kwargs) -> ScanResult:
    return aggregate_scan(uow_factory, batch_id, code, by="station-1", **kwargs)


def test_accepted_marks_the_product_counts_it_and_tells_receivers(uow_factory, engine,
                                                                  two_batches):
    first, _ = two_batches
    result = scan(uow_factory, first, marking_code(0))
    assert result.verdict is Verdict.ACCEPTED and result.aggregated_at is not None
    assert result.identity == identity_of(marking_code(0))
    assert scalar(engine, "SELECT products_aggregated FROM batches WHERE id = :id", id=first) == 1
    [event] = outbox(engine, "product_aggregated")
    assert event["batch_id"] == first and event["batch_number"] == 1
    assert event["unique_code"] == marking_code(0)
    assert scalar(engine, "SELECT aggregated_by FROM products WHERE is_aggregated") == "station-1"


def test_a_scan_brings_the_batch_counters_it_left_for_the_progress_bar(uow_factory,
                                                                       two_batches):
    first, _ = two_batches
    accepted = scan(uow_factory, first, marking_code(0))
    assert (accepted.batch_aggregated, accepted.batch_total) == (1, 5)
    again = scan(uow_factory, first, marking_code(0))
    assert again.verdict == "already_aggregated"
    assert (again.batch_aggregated, again.batch_total) == (1, 5)


def test_single_scan_events_have_the_shape_of_the_domain_event(uow_factory, engine,
                                                               two_batches):
    first, _ = two_batches
    result = scan(uow_factory, first, marking_code(1))
    [event] = outbox(engine, "product_aggregated")
    expected = product_aggregated(marking_code(1), first, 1, result.aggregated_at).payload()
    assert {k: v for k, v in event.items() if k != "type"} == expected


def test_already_aggregated_says_when(uow_factory, two_batches):
    first, _ = two_batches
    accepted = scan(uow_factory, first, marking_code(0))
    again = scan(uow_factory, first, marking_code(0))
    assert again.verdict == "already_aggregated"
    assert again.aggregated_at == accepted.aggregated_at
    assert again.message.startswith("unique code already used at ")


def test_other_batch_names_the_batch_the_code_belongs_to(uow_factory, two_batches):
    first, _ = two_batches
    result = scan(uow_factory, first, marking_code(100))
    assert result.verdict == "other_batch"
    assert result.message == "unique code is attached to another batch (batch 2 of 2024-01-30)"


def test_not_found_bad_format_and_layout(uow_factory, engine, two_batches):
    first, _ = two_batches
    assert scan(uow_factory, first, marking_code(999)).verdict == "not_found"
    wrong_check_digit = marking_code(0).replace(gtin(0), gtin(0)[:-1] + str(
        (int(gtin(0)[-1]) + 1) % 10))
    bad = scan(uow_factory, first, wrong_check_digit)
    assert bad.verdict == "bad_format" and "check digit" in bad.message
    assert (bad.problem.code, bad.problem.params["gtin"], bad.position) == (
        "code.gtin_check_digit", wrong_check_digit[2:16], 3)
    assert bad.as_dict()["problem"]["code"] == "code.gtin_check_digit"
    cut_short = scan(uow_factory, first, marking_code(2)[:12])    # the scanner stopped early
    assert (cut_short.verdict, cut_short.problem.code) == ("bad_format", "code.truncated_gtin")
    # Typed in the Russian layout: repaired by physical key, the code is found.
    russian = marking_code(1).translate(str.maketrans("SAE", "ЫФУ"))
    assert scan(uow_factory, first, russian).verdict == "accepted"
    # A letter no key of the Russian layout types: cannot be repaired.
    layout = scan(uow_factory, first, "ЇЇЇ0104600")
    assert (layout.verdict, layout.problem.code) == ("layout", "code.layout_unrepairable")
    assert len(outbox(engine, "product_aggregated")) == 1  # the repaired scan only


def test_a_closed_batch_gives_batch_closed_even_for_unknown_codes(uow_factory, tz, two_batches):
    first, _ = two_batches
    batches.close_batch(uow_factory, first, tz)
    assert scan(uow_factory, first, marking_code(0)).verdict == "batch_closed"
    assert scan(uow_factory, first, marking_code(999)).verdict == "batch_closed"


def test_the_same_identity_within_the_window_is_a_silent_repeat(uow_factory, two_batches):
    first, _ = two_batches
    guard = RepeatGuard(0.75)
    assert scan(uow_factory, first, marking_code(0), guard=guard).verdict == "accepted"
    # The scanner reads the label again without its tail: same identity, no database call.
    assert scan(uow_factory, first, marking_code(0, tail=False), guard=guard).verdict == "repeat"


def test_two_stations_scanning_one_code_at_once_get_exactly_one_accepted(uow_factory, engine,
                                                                          two_batches):
    first, _ = two_batches
    rounds = 20
    for attempt in range(rounds):
        code = marking_code(0) if attempt == 0 else None
        if code is None:
            code = marking_code(1000 + attempt)
            batches.add_products(uow_factory, first, [code])
        barrier = threading.Barrier(2)
        results: list[str] = []

        def station() -> None:
            barrier.wait()
            results.append(scan(uow_factory, first, code).verdict)

        threads = [threading.Thread(target=station) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(results) == ["accepted", "already_aggregated"], results
    assert scalar(engine, "SELECT products_aggregated FROM batches WHERE id = :id",
                  id=first) == rounds
    assert scalar(engine, "SELECT count(*) FROM outbox_events WHERE type = "
                          "'product_aggregated'") == rounds


def test_bulk_aggregation_reports_each_failure_reason(uow_factory, engine, tz, two_batches):
    first, _ = two_batches
    scan(uow_factory, first, marking_code(4))
    codes = [marking_code(0), marking_code(1), marking_code(1, tail=False),  # listed twice
             marking_code(100), marking_code(999), marking_code(4), "garbage\x07", "  "]
    result = bulk_aggregate(uow_factory, first, codes, by="bulk")
    assert (result.total, result.aggregated, result.failed) == (7, 2, 5)
    reasons = {error.code: error.reason for error in result.errors}
    assert reasons[marking_code(100)] == "attached to another batch"
    assert reasons[marking_code(999)] == "not found"
    assert reasons[marking_code(4)] == "already aggregated"
    assert reasons[marking_code(1, tail=False)] == "already aggregated"
    assert reasons["garbage\x07"] == "bad format"
    problems = {error.code: error.problem.code for error in result.errors}
    assert problems == {marking_code(100): "scan.other_batch", marking_code(999): "scan.not_found",
                        marking_code(4): "scan.already_aggregated",
                        marking_code(1, tail=False): "scan.already_aggregated",
                        "garbage\x07": "code.control_character"}
    errors = result.as_dict()["errors"]
    assert {"code": "garbage\x07", "reason": "bad format", "problem": {
        "code": "code.control_character", "params": {"character": "U+0007", "position": 8}}
            } in errors
    assert result.as_dict()["success"] is False
    assert scalar(engine, "SELECT products_aggregated FROM batches WHERE id = :id", id=first) == 3


def test_scans_while_a_bulk_list_of_the_same_batch_runs_count_every_code_once(
        uow_factory, engine, tz):
    """Two stations scan codes of a batch while a bulk job aggregates the whole list: the
    bulk job starts when both stations are scanning and runs while they go on. Every code
    ends aggregated once, with one event; the batch counter and the dashboard's rollups
    count each once; nobody sees an error, only verdicts."""
    codes = [marking_code(i) for i in range(3000)]
    batch_id = create_batch(uow_factory, tz, number=7, codes=codes)
    shares = [codes[0::4], codes[1::4]]           # the stations scan half of the list
    scanning = [threading.Event() for _ in shares]
    verdicts: list[list[str]] = [[] for _ in shares]
    bulk_results = []
    failures: list[BaseException] = []

    def station(number: int) -> None:
        try:
            for position, code in enumerate(shares[number]):
                if position == 20:
                    scanning[number].set()
                verdicts[number].append(scan(uow_factory, batch_id, code).verdict)
        except BaseException as exc:  # noqa: BLE001 - the test shows it
            failures.append(exc)
        finally:
            scanning[number].set()

    def bulk() -> None:
        try:
            for started in scanning:
                started.wait(timeout=60)
            bulk_results.append(bulk_aggregate(uow_factory, batch_id, codes, by="bulk"))
        except BaseException as exc:  # noqa: BLE001 - the test shows it
            failures.append(exc)

    threads = [threading.Thread(target=station, args=(n,)) for n in range(len(shares))]
    threads.append(threading.Thread(target=bulk))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    [result] = bulk_results
    accepted_by_scans = sum(v.count("accepted") for v in verdicts)
    assert {verdict for v in verdicts for verdict in v} <= {"accepted", "already_aggregated"}
    assert accepted_by_scans >= 40                    # the stations scanned before the job
    assert sum(v.count("already_aggregated") for v in verdicts) > 0   # and after it
    assert result.total == len(codes)
    assert result.aggregated + accepted_by_scans == len(codes)
    assert result.failed == accepted_by_scans
    assert {error.reason for error in result.errors} == {"already aggregated"}
    assert scalar(engine, "SELECT count(*) FROM products WHERE batch_id = :id AND "
                          "is_aggregated", id=batch_id) == len(codes)
    assert scalar(engine, "SELECT products_aggregated FROM batches WHERE id = :id",
                  id=batch_id) == len(codes)
    events = outbox(engine, "product_aggregated")
    assert len(events) == len(codes)
    assert sorted(event["unique_code"] for event in events) == sorted(codes)
    assert {event["batch_id"] for event in events} == {batch_id}
    assert scalar(engine, "SELECT sum(products_aggregated) FROM batch_total_changes") \
        == len(codes)
    assert scalar(engine, "SELECT sum(products_aggregated) FROM activity_changes") \
        == len(codes)


def test_bulk_events_have_the_same_shape_as_single_scan_events(uow_factory, engine, two_batches):
    first, _ = two_batches
    bulk_aggregate(uow_factory, first, [marking_code(0)], by="bulk")
    [event] = outbox(engine, "product_aggregated")
    at = scalar(engine, "SELECT aggregated_at FROM products WHERE is_aggregated")
    expected = product_aggregated(marking_code(0), first, 1, at).payload()
    assert {k: v for k, v in event.items() if k != "type"} == expected


def test_bulk_events_have_time_ordered_ids_in_the_order_they_were_written(
        uow_factory, engine, two_batches):
    """Webhook ids (UUIDv7): unique, and increasing as the outbox's order, so the events of a
    big list go to the end of the outbox's primary key."""
    first, _ = two_batches
    bulk_aggregate(uow_factory, first, [marking_code(i) for i in range(5)], by="bulk")
    ids = [UUID(str(row["id"])) for row in rows(
        engine, "SELECT id FROM outbox_events WHERE type = 'product_aggregated' ORDER BY seq")]
    assert len(set(ids)) == 5 and {uid.version for uid in ids} == {7}
    assert ids == sorted(ids)


def test_bulk_into_a_closed_batch_is_refused_whole(uow_factory, engine, tz, two_batches):
    first, _ = two_batches
    batches.close_batch(uow_factory, first, tz)
    with pytest.raises(BatchClosedError, match="reopen") as refused:
        bulk_aggregate(uow_factory, first, [marking_code(0)])
    assert refused.value.code == "aggregation.batch_closed"
    assert scalar(engine, "SELECT count(*) FROM products WHERE is_aggregated") == 0


def test_bulk_progress_is_reported(uow_factory, two_batches):
    first, _ = two_batches
    seen: list[tuple[int, int | None, str | None]] = []
    bulk_aggregate(uow_factory, first, [marking_code(i) for i in range(5)],
                   progress=lambda done, total, message: seen.append((done, total, message)))
    assert seen[-1] == (5, 5, "done")


@pytest.mark.parametrize("batch_id", [0, -5, 2**63, 10**30])
def test_a_batch_id_no_row_can_have_is_not_found_by_a_scan_and_by_a_bulk_list(uow_factory,
                                                                           batch_id):
    """Not a "bigint out of range" from the database: the id names no batch."""
    for aggregate in (lambda: aggregate_scan(uow_factory, batch_id, marking_code(1)),
                      lambda: bulk_aggregate(uow_factory, batch_id, [marking_code(1)])):
        with pytest.raises(NotFoundError) as caught:
            aggregate()
        assert caught.value.code == "batch.not_found"
