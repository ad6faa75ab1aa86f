"""The batch use cases the Batches page reads and imports through, in memory: for tests of the
page alone on ``runtime_without_database`` (no PostgreSQL).

    batches = MemoryBatches()
    runtime = runtime_without_database(settings, **batches.use_cases())

1C items are checked by the domain's own ``parse_batch_item`` (the rules the service applies);
the list is filtered only by status and search text and sorted by the filter's column: what a
screen test needs. The real filter, paging and upsert are tested against PostgreSQL in
tests/integration and tests/ui/test_batches_view.py.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from mesdesk.domain.batches import parse_batch_item
from mesdesk.domain.errors import DomainError
from mesdesk.domain.statistics import batch_statistics
from mesdesk.services.dto import BatchDetail, BatchDTO, BatchFilter, IntakeResult, Page, Rejection
from mesdesk.services.lookups import ChangedBatches, FilterOptions


def batch(id: int, number: int, day: date = date(2024, 1, 30), **fields: Any) -> BatchDTO:
    """A batch as the services return it (open, no codes, unless ``fields`` say otherwise)."""
    start = datetime.combine(day, datetime.min.time(), timezone.utc).replace(hour=3)
    now = datetime.now(timezone.utc)
    values: dict[str, Any] = dict(
        id=id, is_closed=False, closed_at=None, task_description=f"Задание {number}",
        work_center="RC-001", work_center_name="Цех №1", shift="1 смена",
        team="Бригада Иванова", batch_number=number, batch_date=day,
        nomenclature="Болт М10х50", ekn_code="EKN-12345", shift_start=start,
        shift_end=start + timedelta(hours=12), products_total=0, products_aggregated=0,
        created_at=now, updated_at=now)
    values.update(fields)
    return BatchDTO(**values)


class MemoryBatches:
    """``use_cases()`` for ``runtime_without_database``; ``add`` puts a batch in."""

    def __init__(self, *batches: BatchDTO) -> None:
        self._ids = itertools.count(max((b.id for b in batches), default=0) + 1)
        self._rows = {b.id: b for b in batches}
        self._lock = threading.Lock()

    def use_cases(self) -> dict[str, Callable[..., Any]]:
        return {"list_batches": self.list_batches, "count_batches": self.count_batches,
                "filter_options": self.filter_options, "get_batch": self.get_batch,
                "list_products": self.list_products, "changed_batches": self.changed_batches,
                "intake_batches": self.intake_batches}

    def add(self, number: int, day: date = date(2024, 1, 30), **fields: Any) -> BatchDTO:
        with self._lock:
            added = batch(next(self._ids), number, day, **fields)
            self._rows[added.id] = added
            return added

    # -- reads ------------------------------------------------------------------------------------

    def _listed(self, flt: BatchFilter) -> list[BatchDTO]:
        search = (flt.search or "").casefold()
        rows = [b for b in self._rows.values()
                if (flt.is_closed is None or b.is_closed == flt.is_closed)
                and (not search or search in b.nomenclature.casefold()
                     or search in str(b.batch_number))]
        rows.sort(key=lambda b: (getattr(b, flt.sort), b.id), reverse=flt.descending)
        return rows

    def list_batches(self, flt: BatchFilter = BatchFilter(), *, cursor: str | None = None,
                     limit: int = 100) -> Page:
        with self._lock:
            rows = self._listed(flt)
        start = int(cursor or 0)
        shown = tuple(rows[start:start + limit])
        more = start + limit < len(rows)
        return Page(shown, str(start + limit) if more else None)

    def count_batches(self, flt: BatchFilter = BatchFilter()) -> int:
        with self._lock:
            return len(self._listed(flt))

    def filter_options(self) -> FilterOptions:
        with self._lock:
            rows = list(self._rows.values())
        return FilterOptions(
            work_centers=tuple(sorted({(b.work_center, b.work_center_name) for b in rows})),
            shifts=tuple(sorted({b.shift for b in rows if b.shift})),
            teams=tuple(sorted({b.team for b in rows if b.team})))

    def get_batch(self, batch_id: int, *, products_limit: int = 100) -> BatchDetail:
        with self._lock:
            found = self._rows[batch_id]
        statistics = batch_statistics(found.products_total, found.products_aggregated,
                                      found.shift_start, found.shift_end,
                                      datetime.now(timezone.utc))
        return BatchDetail(found, (), statistics)

    def list_products(self, batch_id: int, *, cursor: str | None = None,
                      limit: int = 100) -> Page:
        return Page((), None)           # no codes are stored here

    def changed_batches(self, ids: Iterable[int], flt: BatchFilter) -> ChangedBatches:
        with self._lock:
            found = tuple(self._rows[i] for i in dict.fromkeys(ids) if i in self._rows)
            listed = {b.id for b in self._listed(flt)}
        return ChangedBatches(found, frozenset(b.id for b in found if b.id in listed))

    # -- the 1C intake ----------------------------------------------------------------------------

    def intake_batches(self, items: Sequence[Any], tz: tzinfo) -> IntakeResult:
        """Created or updated on (number, date); a bad item rejected with the domain's problem
        (duplicates in the file are not looked for here)."""
        created = updated = 0
        outcomes: list[str] = []
        rejected: list[Rejection] = []
        with self._lock:
            for index, item in enumerate(items):
                try:
                    parsed = parse_batch_item(item, index, tz)
                except DomainError as exc:
                    problem = exc.problem if exc.index is not None else \
                        exc.problem.at(index=index)
                    rejected.append(Rejection(index, exc.field, exc.message, problem))
                    outcomes.append("rejected")
                    continue
                fields = dict(parsed.stored_fields(), work_center=parsed.work_center,
                              work_center_name=parsed.work_center_name)
                known = next((b for b in self._rows.values()
                              if (b.batch_number, b.batch_date) ==
                              (parsed.batch_number, parsed.batch_date)), None)
                if known is None:
                    new_id = next(self._ids)
                    self._rows[new_id] = batch(new_id, parsed.batch_number, **fields)
                    created += 1
                    outcomes.append("created")
                else:
                    self._rows[known.id] = dataclasses.replace(known, **fields)
                    updated += 1
                    outcomes.append("updated")
        return IntakeResult("batches", created, updated, 0, tuple(rejected), tuple(outcomes),
                            rejected_total=len(rejected))
