"""Aggregation statistics of §10: rate, pace and estimated completion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal


def aggregation_rate(aggregated: int, total: int) -> float:
    """aggregated / total × 100 rounded half-up to 0.1; 0 with no products."""
    if total <= 0:
        return 0.0
    value = Decimal(aggregated) * 100 / Decimal(total)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class BatchStatistics:
    total_products: int
    aggregated: int
    remaining: int
    aggregation_rate: float
    shift_duration_hours: float
    elapsed_hours: float
    products_per_hour: float | None
    estimated_completion: datetime | None

    def as_dict(self) -> dict[str, object]:
        return {
            "total_products": self.total_products,
            "aggregated": self.aggregated,
            "remaining": self.remaining,
            "aggregation_rate": self.aggregation_rate,
            "shift_duration_hours": self.shift_duration_hours,
            "elapsed_hours": self.elapsed_hours,
            "products_per_hour": self.products_per_hour,
            "estimated_completion": (self.estimated_completion.isoformat()
                                     if self.estimated_completion else None),
        }


def batch_statistics(total: int, aggregated: int, shift_start: datetime, shift_end: datetime,
                     now: datetime) -> BatchStatistics:
    """Elapsed time is clamped to the shift; the pace is aggregated products per elapsed hour."""
    duration = (shift_end - shift_start).total_seconds() / 3600
    clamped_now = min(max(now, shift_start), shift_end)
    elapsed = (clamped_now - shift_start).total_seconds() / 3600
    remaining = max(total - aggregated, 0)
    per_hour = round(aggregated / elapsed, 1) if elapsed > 0 else None
    completion = None
    if remaining > 0 and per_hour and now < shift_end:
        completion = now + timedelta(hours=remaining / (aggregated / elapsed))
    return BatchStatistics(
        total_products=total,
        aggregated=aggregated,
        remaining=remaining,
        aggregation_rate=aggregation_rate(aggregated, total),
        shift_duration_hours=round(duration, 2),
        elapsed_hours=round(elapsed, 2),
        products_per_hour=per_hour,
        estimated_completion=completion,
    )
