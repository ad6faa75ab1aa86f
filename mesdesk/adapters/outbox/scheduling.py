"""Which claimed chains to start now: a pure scheduler (no threads, no SQL, no clock reads).

The dispatcher hands it what it claimed (chains of one lane each, sent one after the other by
one worker), asks it at a monotonic time ``now`` which to start, and tells it when a chain's
sending ended and when it was released. The rules:

- a chain waits for its first rate-limit slot (``not_before``);
- due chains start round-robin over subscriptions, at most ``workers`` at once and at most
  ``per_subscription`` to one subscription, so a slow receiver cannot hold every worker;
- one whose lease would run out before its first send could time out (``timeout + margin``)
  is not started but released, since another dispatcher may take it by then;
- a chain counts as *busy* for its subscription from its claim until it is released (its
  outcomes recorded), which is what the next claim is told.

Anything with ``id``, ``subscription_id``, ``not_before``, ``lease_ends`` and ``timeout`` can
be scheduled (a single ``Claimed`` delivery too). Not thread-safe by itself: the dispatcher
calls it under its lock.
"""

from __future__ import annotations

import heapq
from collections import Counter, deque
from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar

# A send starts only while its lease outlasts its timeout by this much (seconds).
SEND_MARGIN = 5.0


class Sendable(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def subscription_id(self) -> int: ...
    @property
    def not_before(self) -> float: ...
    @property
    def lease_ends(self) -> float: ...
    @property
    def timeout(self) -> int: ...


Item = TypeVar("Item", bound=Sendable)


class SendScheduler(Generic[Item]):
    def __init__(self, *, workers: int, per_subscription: int,
                 send_margin: float = SEND_MARGIN) -> None:
        if workers < 1 or per_subscription < 1:
            raise ValueError("workers and per_subscription must be at least 1")
        self.workers = workers
        self.per_subscription = per_subscription
        self._margin = send_margin
        self._waiting: list[tuple[float, int, Item]] = []   # for their slot, by not_before
        self._ready: dict[int, deque[Item]] = {}            # due, per subscription
        self._running: Counter[int] = Counter()                # sends per subscription
        self._busy: Counter[int] = Counter()                   # claimed, not yet recorded
        self._to_release: list[Item] = []
        self._next_window: float | None = None

    # -- what the dispatcher tells it -----------------------------------------------------------

    def add(self, claimed: Sequence[Item], next_window: float | None = None) -> None:
        """Deliveries just claimed; ``next_window``: when a rate window opens again."""
        for delivery in claimed:
            heapq.heappush(self._waiting, (delivery.not_before, delivery.id, delivery))
            self._busy[delivery.subscription_id] += 1
        if next_window is not None and (self._next_window is None
                                        or next_window < self._next_window):
            self._next_window = next_window

    def send_ended(self, delivery: Item) -> None:
        """Its send is over (its outcome is still to be recorded)."""
        self._decrement(self._running, delivery.subscription_id)

    def done_with(self, delivery: Item) -> None:
        """Its outcome was recorded, dropped or it was released: no longer this one's."""
        self._decrement(self._busy, delivery.subscription_id)

    # -- what it answers ------------------------------------------------------------------------

    def start_due(self, now: float) -> list[Item]:
        """The sends to start at ``now``, marked running; too-late ones are set aside for
        release (``take_releases``)."""
        if self._next_window is not None and self._next_window <= now:
            self._next_window = None
        while self._waiting and self._waiting[0][0] <= now:
            _, _, delivery = heapq.heappop(self._waiting)
            self._ready.setdefault(delivery.subscription_id, deque()).append(delivery)
        started: list[Item] = []
        running = sum(self._running.values())
        progress = True
        while progress and self._ready and running < self.workers:
            progress = False
            for subscription_id in list(self._ready):
                if running >= self.workers:
                    break
                if self._running[subscription_id] >= self.per_subscription:
                    continue
                queue = self._ready[subscription_id]
                delivery = queue.popleft()
                if not queue:
                    del self._ready[subscription_id]
                progress = True
                if delivery.lease_ends - now < delivery.timeout + self._margin:
                    self._to_release.append(delivery)
                    self.done_with(delivery)
                    continue
                self._running[subscription_id] += 1
                running += 1
                started.append(delivery)
        return started

    def take_releases(self) -> list[Item]:
        """What to give back to the queue (each once)."""
        release, self._to_release = self._to_release, []
        return release

    def next_due(self) -> float | None:
        """When something changes without being told: a slot or a rate window opens."""
        times = [t for t in (self._waiting[0][0] if self._waiting else None, self._next_window)
                 if t is not None]
        return min(times) if times else None

    def drain(self) -> list[Item]:
        """On stop: what never started, forgotten here (the dispatcher releases it)."""
        never = [d for _, _, d in self._waiting] + [
            d for queue in self._ready.values() for d in queue]
        for delivery in never:
            self.done_with(delivery)
        self._waiting.clear()
        self._ready.clear()
        return never

    @property
    def in_flight(self) -> int:
        """Claimed and not yet released (waiting, due, sending or sent)."""
        return sum(self._busy.values())

    @property
    def running(self) -> int:
        return sum(self._running.values())

    def busy(self) -> dict[int, int]:
        """In flight per subscription (what the next claim must know)."""
        return dict(self._busy)

    @staticmethod
    def _decrement(counter: Counter[int], key: int) -> None:
        counter[key] -= 1
        if counter[key] <= 0:
            del counter[key]
