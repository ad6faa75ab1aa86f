"""The Files area (SPEC §8): the three buckets and the files waiting for the object storage."""

from __future__ import annotations

from .page import FilesPage

__all__ = ["FilesPage"]
