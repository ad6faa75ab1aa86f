"""Chains: a leased lane's next deliveries, and the one worker that sends them in order.

A chain is what one claim got of one lane (``claimer``); ``ChainSender`` sends its deliveries
one after the other, each in its rate slot, and stops at the first failure, when the dispatcher
stops, or when the lease would run out before the next send could time out (another dispatcher
may take the lane then). What it did not send is said in the ``ChainEnd``, so the lane is
released with exactly those deliveries free again.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from .clock import DatabaseTime
from .scheduling import SEND_MARGIN
from .sender import Claimed, Result, failed_to_send, send

log = logging.getLogger(__name__)

_numbers = itertools.count(1)


@dataclass(eq=False)
class Chain:
    """One leased lane: its next deliveries, to be sent one after the other.

    ``token`` is the lease as written (the lane is released with it); ``lease_ends`` and
    ``not_before`` are monotonic; ``id`` only orders chains with equal ``not_before``.
    """

    subscription_id: int
    lane: str
    deliveries: list[Claimed]
    token: datetime
    lease_ends: float
    timeout: int
    id: int = field(default_factory=lambda: next(_numbers))

    @property
    def not_before(self) -> float:
        return self.deliveries[0].not_before


@dataclass(frozen=True)
class ChainEnd:
    """A chain this dispatcher is done with; ``unsent``: its deliveries never sent;
    ``counted``: the send scheduler still counts it as busy (until told it is released)."""

    chain: Chain
    unsent: tuple[int, ...]
    counted: bool = True

    @classmethod
    def never_started(cls, chain: Chain) -> ChainEnd:
        """A chain the scheduler gave back unstarted (and no longer counts)."""
        return cls(chain, tuple(d.id for d in chain.deliveries), counted=False)


class ChainSender:
    """Sends chains over one shared (thread-safe) client; many workers may use it at once."""

    def __init__(self, client: httpx.Client, time_source: DatabaseTime,
                 stop: threading.Event) -> None:
        self._client = client
        self._time = time_source
        self._stop = stop

    def send_chain(self, chain: Chain, sent: Callable[[Claimed, Result], None]) -> ChainEnd:
        """Send ``chain`` in order, handing each outcome to ``sent`` as it comes."""
        count = 0
        for delivery in chain.deliveries:
            delay = delivery.not_before - time.monotonic()
            if delay > 0 and self._stop.wait(delay):
                break
            if self._stop.is_set() or (chain.lease_ends - time.monotonic()
                                       < delivery.timeout + SEND_MARGIN):
                break
            result = self.send(delivery)
            count += 1
            sent(delivery, result)
            if not result.ok:
                break
        return ChainEnd(chain, tuple(d.id for d in chain.deliveries[count:]))

    def send(self, delivery: Claimed) -> Result:
        """One attempt; whatever breaks is a failed attempt to record, never lost."""
        attempted_at = self._time.estimate()
        try:
            return send(self._client, delivery, attempted_at)
        except Exception as exc:  # noqa: BLE001 - recorded as a failed attempt, not lost
            log.warning("webhook delivery %s could not be sent: %s", delivery.id,
                        type(exc).__name__)
            return failed_to_send(attempted_at, exc)
