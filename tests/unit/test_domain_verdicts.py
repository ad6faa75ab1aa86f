"""Verdict order of §4, the repeat window, and the statistics of §10."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from mesdesk.domain.events import product_aggregated
from mesdesk.domain.statistics import aggregation_rate, batch_statistics
from mesdesk.domain.verdicts import (ProductState, RepeatGuard, Verdict, decide, verdict_message,
                                     verdict_problem)

AT = datetime(2024, 1, 30, 10, 0, tzinfo=timezone.utc)


def state(batch_id=1, aggregated=False, scan_id=None):
    return ProductState(batch_id=batch_id, is_aggregated=aggregated,
                        aggregated_at=AT if aggregated else None, scan_id=scan_id,
                        batch_number=77, batch_date=date(2024, 1, 29))


def test_verdicts_follow_the_order_of_the_spec():
    # A closed batch wins over everything the product would say.
    assert decide(True, 1, None, None) is Verdict.BATCH_CLOSED
    assert decide(True, 1, state(batch_id=2), None) is Verdict.BATCH_CLOSED
    assert decide(False, 1, None, None) is Verdict.NOT_FOUND
    assert decide(False, 1, state(batch_id=2, aggregated=True), None) is Verdict.OTHER_BATCH
    assert decide(False, 1, state(aggregated=True), None) is Verdict.ALREADY_AGGREGATED
    assert decide(False, 1, state(), None) is Verdict.ACCEPTED


def test_a_replayed_scan_that_already_committed_is_accepted_not_already_aggregated():
    assert decide(False, 1, state(aggregated=True, scan_id="s-1"), "s-1") is Verdict.ACCEPTED
    assert decide(False, 1, state(aggregated=True, scan_id="s-1"), "s-2") is \
        Verdict.ALREADY_AGGREGATED


def test_messages_name_the_other_batch_and_the_time_of_first_use():
    assert verdict_message(Verdict.OTHER_BATCH, batch_number=77, batch_date=date(2024, 1, 29)) \
        == "unique code is attached to another batch (batch 77 of 2024-01-29)"
    assert verdict_message(Verdict.ALREADY_AGGREGATED, aggregated_at=AT) == \
        "unique code already used at 2024-01-30T10:00:00+00:00"


def test_each_refusal_verdict_is_a_catalogued_problem_with_its_facts():
    named = verdict_problem(Verdict.OTHER_BATCH, batch_number=77, batch_date=date(2024, 1, 29))
    assert (named.code, dict(named.params)) == ("scan.other_batch_named",
                                                {"number": 77, "date": "2024-01-29"})
    used = verdict_problem(Verdict.ALREADY_AGGREGATED, aggregated_at=AT.replace(microsecond=5))
    assert (used.code, dict(used.params)) == ("scan.already_used",
                                              {"at": "2024-01-30T10:00:00+00:00"})
    assert {verdict: verdict_problem(verdict).code for verdict in
            (Verdict.NOT_FOUND, Verdict.BATCH_CLOSED, Verdict.REPEAT, Verdict.PENDING)} == {
        Verdict.NOT_FOUND: "scan.not_found", Verdict.BATCH_CLOSED: "scan.batch_closed",
        Verdict.REPEAT: "scan.repeat", Verdict.PENDING: "scan.pending"}
    assert verdict_problem(Verdict.ACCEPTED) is None


def test_the_repeat_window_is_per_identity_and_expires():
    now = [100.0]
    guard = RepeatGuard(0.75, clock=lambda: now[0])
    assert not guard.is_repeat("A")
    now[0] += 0.5
    assert guard.is_repeat("A")
    assert not guard.is_repeat("B")
    now[0] += 0.8
    assert not guard.is_repeat("A")


def test_rate_is_rounded_half_up_to_a_tenth_and_zero_without_products():
    assert aggregation_rate(0, 0) == 0.0
    assert aggregation_rate(1, 3) == 33.3
    assert aggregation_rate(2, 3) == 66.7
    assert aggregation_rate(1, 8) == 12.5
    assert aggregation_rate(1, 16) == 6.3  # 6.25 rounds up, not to even


def test_statistics_clamp_elapsed_time_to_the_shift_and_estimate_completion():
    start = AT
    end = AT + timedelta(hours=12)
    stats = batch_statistics(100, 30, start, end, start + timedelta(hours=3))
    assert stats.elapsed_hours == 3 and stats.products_per_hour == 10
    assert stats.remaining == 70
    assert stats.estimated_completion == start + timedelta(hours=10)
    after = batch_statistics(100, 30, start, end, end + timedelta(days=2))
    assert after.elapsed_hours == 12 and after.estimated_completion is None
    before = batch_statistics(100, 0, start, end, start - timedelta(hours=1))
    assert before.products_per_hour is None and before.estimated_completion is None


def test_event_payloads_carry_utc_times_with_milliseconds():
    event = product_aggregated("CODE", 5, 77, AT)
    assert event.payload() == {"unique_code": "CODE", "batch_id": 5, "batch_number": 77,
                               "aggregated_at": "2024-01-30T10:00:00.000Z"}


def test_a_verdict_is_its_code_wherever_a_string_was_used():
    assert Verdict.ACCEPTED == "accepted" and "accepted" == Verdict.ACCEPTED
    assert f"{Verdict.OTHER_BATCH:<14}|" == "other_batch   |"
    assert json.dumps({"verdict": Verdict.PENDING}) == '{"verdict": "pending"}'
    assert {"already_aggregated": 1}[Verdict.ALREADY_AGGREGATED] == 1


def test_a_refusal_is_its_verdict_when_it_is_one_and_refused_otherwise():
    assert Verdict.of_refusal("not_found") is Verdict.NOT_FOUND
    assert Verdict.of_refusal("batch_closed") is Verdict.BATCH_CLOSED
    assert Verdict.of_refusal("validation") is Verdict.REFUSED
    assert Verdict.stored("accepted") is Verdict.ACCEPTED
    assert Verdict.stored("conflict") is Verdict.REFUSED
