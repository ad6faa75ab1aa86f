"""Problems of webhooks."""

from __future__ import annotations

from . import Kind, define

__all__: list[str] = []
