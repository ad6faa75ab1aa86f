"""The Webhooks area (SPEC §6): subscriptions with their health, and the delivery log.

``WebhooksPage`` is imported on first use, so that the Qt-free modules of this package
(``screen``, ``form``) import without PySide6 (their unit tests prove it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .page import WebhooksPage

__all__ = ["WebhooksPage"]


def __getattr__(name: str) -> Any:
    if name == "WebhooksPage":
        from .page import WebhooksPage
        return WebhooksPage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
