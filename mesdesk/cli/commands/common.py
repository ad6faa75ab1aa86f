"""What every subcommand handler shares: its outcome, and codes shown on a terminal."""

from __future__ import annotations

from typing import Any

# (JSON document, text lines, exit code)
Outcome = tuple[Any, list[str], int]


def visible(code: str) -> str:
    """Control characters made visible for a terminal: GS as <GS>."""
    return "".join("<GS>" if ch == "\x1d" else f"<U+{ord(ch):04X}>" if ord(ch) < 32 else ch
                   for ch in code)
