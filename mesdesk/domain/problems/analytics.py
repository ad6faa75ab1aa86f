"""Problems of the analytics (§10): a dashboard's filter, a comparison's batches."""

from __future__ import annotations

from . import Kind, define

__all__ = ["ANALYTICS_DATES_REVERSED", "ANALYTICS_COMPARE_COUNT", "ANALYTICS_BATCHES_MISSING"]

ANALYTICS_DATES_REVERSED = define("analytics.dates_reversed", Kind.VALIDATION,
                                  "the range ends ({end_date}) before it starts ({start_date})")
ANALYTICS_COMPARE_COUNT = define("analytics.compare_count", Kind.VALIDATION,
                                 "choose {minimum} to {maximum} batches to compare, "
                                 "not {count}")
ANALYTICS_BATCHES_MISSING = define("analytics.batches_missing", Kind.NOT_FOUND,
                                   "these batches do not exist: {ids}")
