"""Which claimed deliveries to send now: a pure scheduler (no threads, no SQL, no clock reads).

The dispatcher hands it what it claimed, asks it at a monotonic time ``now`` which sends to start,
and tells it when a send ended and when an outcome was recorded. The rules:

- a delivery waits for its rate-limit slot (``not_before``);
- due deliveries start round-robin over subscriptions, at most ``workers`` sends at once and at
  most ``per_subscription`` to one subscription, so a slow receiver cannot hold every worker;
- one whose lease would run out before its send could time out (``timeout + margin``) is not
  sent but released, since another dispatcher may take it by then;
- a delivery counts as *busy* for its subscription from its claim until its outcome is recorded
  (or it is released), which is what the next claim is told.

Not thread-safe by itself: the dispatcher calls it under its lock.
"""

from __future__ import annotations

import heapq
from collections import Counter, deque
from collections.abc import Sequence

from .sender import Claimed

# A send starts only while its lease outlasts its timeout by this much (seconds).
SEND_MARGIN = 5.0


class SendScheduler:
    def __init__(self, *, workers: int, per_subscription: int,
                 send_margin: float = SEND_MARGIN) -> None:
        if workers < 1 or per_subscription < 1:
            raise ValueError("workers and per_subscription must be at least 1")
        self.workers = workers
        self.per_subscription = per_subscription
        self._margin = send_margin
        self._waiting: list[tuple[float, int, Claimed]] = []   # for their slot, by not_before
        self._ready: dict[int, deque[Claimed]] = {}            # due, per subscription
        self._running: Counter[int] = Counter()                # sends per subscription
        self._busy: Counter[int] = Counter()                   # claimed, not yet recorded
        self._to_release: list[int] = []
        self._next_window: float | None = None

    # -- what the dispatcher tells it -----------------------------------------------------------

    def add(self, claimed: Sequence[Claimed], next_window: float | None = None) -> None:
        """Deliveries just claimed; ``next_window``: when a rate window opens again."""
        for delivery in claimed:
            heapq.heappush(self._waiting, (delivery.not_before, delivery.id, delivery))
            self._busy[delivery.subscription_id] += 1
        if next_window is not None and (self._next_window is None
                                        or next_window < self._next_window):
            self._next_window = next_window

    def send_ended(self, delivery: Claimed) -> None:
        """Its send is over (its outcome is still to be recorded)."""
        self._decrement(self._running, delivery.subscription_id)

    def done_with(self, delivery: Claimed) -> None:
        """Its outcome was recorded, dropped or it was released: no longer this one's."""
        self._decrement(self._busy, delivery.subscription_id)

    # -- what it answers ------------------------------------------------------------------------

    def start_due(self, now: float) -> list[Claimed]:
        """The sends to start at ``now``, marked running; too-late ones are set aside for
        release (``take_releases``)."""
        if self._next_window is not None and self._next_window <= now:
            self._next_window = None
        while self._waiting and self._waiting[0][0] <= now:
            _, _, delivery = heapq.heappop(self._waiting)
            self._ready.setdefault(delivery.subscription_id, deque()).append(delivery)
        started: list[Claimed] = []
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
                    self._to_release.append(delivery.id)
                    self.done_with(delivery)
                    continue
                self._running[subscription_id] += 1
                running += 1
                started.append(delivery)
        return started

    def take_releases(self) -> list[int]:
        """Ids to give back to the queue (each once)."""
        release, self._to_release = self._to_release, []
        return release

    def next_due(self) -> float | None:
        """When something changes without being told: a slot or a rate window opens."""
        times = [t for t in (self._waiting[0][0] if self._waiting else None, self._next_window)
                 if t is not None]
        return min(times) if times else None

    def drain(self) -> list[int]:
        """On stop: the ids never started, forgotten here (the dispatcher releases them)."""
        never = [delivery.id for _, _, delivery in self._waiting]
        never += [d.id for queue in self._ready.values() for d in queue]
        for delivery in [d for _, _, d in self._waiting] + [
                d for queue in self._ready.values() for d in queue]:
            self.done_with(delivery)
        self._waiting.clear()
        self._ready.clear()
        return never

    @property
    def in_flight(self) -> int:
        """Claimed and not yet recorded (waiting, due, sending or sent)."""
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
