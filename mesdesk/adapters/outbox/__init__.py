"""Webhook delivery from the outbox: fan-out, claim with FOR UPDATE SKIP LOCKED, send, record."""

from .dispatcher import OutboxDispatcher
from .wakeup import OutboxWakeup

__all__ = ["OutboxDispatcher", "OutboxWakeup"]
