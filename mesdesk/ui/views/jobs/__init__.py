"""The jobs area (SPEC §7): every station's long work, its progress, result or error."""

from .panel import JobsPanel

__all__ = ["JobsPanel"]
