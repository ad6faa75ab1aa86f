"""The webhook send scheduler's rules, with made-up monotonic times: no threads, no database."""

from __future__ import annotations

import itertools

import pytest

from mesdesk.adapters.outbox.scheduling import SendScheduler
from mesdesk.adapters.outbox.sender import Claimed

_ids = itertools.count(1)


def delivery(subscription: int, *, not_before: float = 0.0, lease_ends: float = 100.0,
             timeout: int = 10) -> Claimed:
    number = next(_ids)
    return Claimed(id=number, event_id=f"e{number}", event_type="batch_created", body=b"{}",
                   attempts=0, subscription_id=subscription, url="http://127.0.0.1/hook",
                   secret="s", timeout=timeout, retry_count=3, custom_headers={},
                   not_before=not_before, lease_ends=lease_ends)


def test_a_delivery_waits_for_its_rate_limit_slot():
    scheduler = SendScheduler(workers=4, per_subscription=4)
    first, second = delivery(1, not_before=0.0), delivery(1, not_before=0.5)
    scheduler.add([second, first])
    assert scheduler.start_due(0.1) == [first]
    assert scheduler.next_due() == 0.5
    assert scheduler.start_due(0.5) == [second]


def test_never_more_sends_than_workers():
    scheduler = SendScheduler(workers=2, per_subscription=2)
    scheduler.add([delivery(1), delivery(2), delivery(3)])
    assert len(scheduler.start_due(0.0)) == 2
    assert scheduler.start_due(0.0) == []          # both workers busy
    assert scheduler.running == 2


def test_a_slow_subscription_cannot_hold_every_worker():
    scheduler = SendScheduler(workers=4, per_subscription=2)
    slow = [delivery(1) for _ in range(4)]
    other = delivery(2)
    scheduler.add(slow + [other])
    started = scheduler.start_due(0.0)
    assert [d.subscription_id for d in started].count(1) == 2
    assert other in started


def test_subscriptions_take_turns():
    scheduler = SendScheduler(workers=2, per_subscription=2)
    a1, a2, b1 = delivery(1), delivery(1), delivery(2)
    scheduler.add([a1, a2, b1])
    assert scheduler.start_due(0.0) == [a1, b1]


def test_a_finished_send_frees_its_worker_for_the_next():
    scheduler = SendScheduler(workers=1, per_subscription=1)
    first, second = delivery(1), delivery(1)
    scheduler.add([first, second])
    assert scheduler.start_due(0.0) == [first]
    scheduler.send_ended(first)
    assert scheduler.start_due(0.0) == [second]


def test_a_delivery_whose_lease_runs_out_before_its_timeout_is_released_not_sent():
    scheduler = SendScheduler(workers=2, per_subscription=2, send_margin=5.0)
    late = delivery(1, lease_ends=12.0, timeout=10)      # 12 - 0 < 10 + 5
    fine = delivery(1, lease_ends=60.0, timeout=10)
    scheduler.add([late, fine])
    assert scheduler.start_due(0.0) == [fine]
    assert scheduler.take_releases() == [late]
    assert scheduler.take_releases() == []                # released once
    assert scheduler.busy() == {1: 1}                     # no longer counted as ours


def test_busy_counts_a_delivery_from_its_claim_until_it_is_recorded():
    scheduler = SendScheduler(workers=2, per_subscription=2)
    d = delivery(7, not_before=1.0)
    scheduler.add([d])
    assert scheduler.busy() == {7: 1} and scheduler.in_flight == 1
    scheduler.start_due(1.0)
    scheduler.send_ended(d)
    assert scheduler.busy() == {7: 1}                     # sent, not yet recorded
    scheduler.done_with(d)
    assert scheduler.busy() == {} and scheduler.in_flight == 0


def test_the_next_rate_window_wakes_the_dispatcher_until_it_opens():
    scheduler = SendScheduler(workers=2, per_subscription=2)
    scheduler.add([], next_window=3.0)
    scheduler.add([], next_window=5.0)                    # a later one does not push it back
    assert scheduler.next_due() == 3.0
    scheduler.start_due(3.0)
    assert scheduler.next_due() is None


def test_on_stop_what_never_started_is_given_back():
    scheduler = SendScheduler(workers=1, per_subscription=1)
    sending, due, waiting = delivery(1), delivery(2), delivery(3, not_before=9.0)
    scheduler.add([sending, due, waiting])
    assert scheduler.start_due(0.0) == [sending]
    assert sorted(d.id for d in scheduler.drain()) == sorted([due.id, waiting.id])
    assert scheduler.busy() == {1: 1}                     # the running send is still ours
    assert scheduler.next_due() is None


def test_it_refuses_a_pool_of_no_workers():
    with pytest.raises(ValueError):
        SendScheduler(workers=0, per_subscription=1)
