"""What every subcommand handler shares: its outcome, and codes shown on a terminal."""

from __future__ import annotations

import argparse
from typing import Any

from mesdesk.services.dto import BatchFilter

# (JSON document, text lines, exit code)
Outcome = tuple[Any, list[str], int]


def visible(code: str) -> str:
    """Control characters made visible for a terminal: GS as <GS>."""
    return "".join("<GS>" if ch == "\x1d" else f"<U+{ord(ch):04X}>" if ord(ch) < 32 else ch
                   for ch in code)


def batch_filter(args: argparse.Namespace) -> BatchFilter:
    """The filter the flags of ``add_batch_filter_flags`` ask for."""
    return BatchFilter(is_closed=args.is_closed, batch_number=args.number,
                       date_from=args.date_from, date_to=args.date_to,
                       work_center=args.work_center, shift=args.shift, team=args.team,
                       search=args.search, sort=args.sort, descending=not args.ascending)


def narrows(flt: BatchFilter) -> bool:
    """True when ``flt`` leaves out some batches (the sort alone narrows nothing)."""
    return any(value is not None for value in (
        flt.is_closed, flt.batch_number, flt.date_from, flt.date_to, flt.work_center,
        flt.shift, flt.team, flt.search))
