"""Webhook delivery from the outbox: fan-out, claim with FOR UPDATE SKIP LOCKED, send, record."""

from .dispatcher import OutboxDispatcher

__all__ = ["OutboxDispatcher"]
