"""The Webhooks area (SPEC §6): subscriptions with their health, and the delivery log."""

from .page import WebhooksPage

__all__ = ["WebhooksPage"]
