"""Problems of batches."""

from __future__ import annotations

from . import Kind, define

__all__: list[str] = []
