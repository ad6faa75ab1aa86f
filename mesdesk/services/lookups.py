"""Small read queries the batch views need besides the list itself: the values offered by
the filter combos, batches by id (live updates) and by (number, date) (new-batch checks).

Built only on repository methods the unit of work already has, so nothing new is wired in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .dto import BatchDTO, BatchFilter
from .ports import UnitOfWorkFactory

#: How many of the newest batches the shift and team choices are taken from.
RECENT_BATCHES = 1000


@dataclass(frozen=True, slots=True)
class FilterOptions:
    """What the batch filter combos offer."""

    work_centers: tuple[tuple[str, str], ...]   # (identifier, name), by identifier
    shifts: tuple[str, ...]                     # seen in the newest batches, sorted
    teams: tuple[str, ...]


def filter_options(uow_factory: UnitOfWorkFactory, *, recent: int = RECENT_BATCHES
                   ) -> FilterOptions:
    """Every work center, and the shifts and teams of the newest ``recent`` batches.

    Shifts and teams have no table of their own; a DISTINCT over a million batches is a full
    scan, while the newest thousand (one keyset page on the batch-date index) hold the values
    in use. The combos stay editable for anything older.
    """
    with uow_factory() as uow:
        centers = tuple((str(ident), str(name)) for ident, name in uow.work_centers.list_all())
        page = uow.batches.page(BatchFilter(sort="batch_date", descending=True), None, recent)
    shifts = sorted({row.shift for row in page.rows if row.shift})
    teams = sorted({row.team for row in page.rows if row.team})
    return FilterOptions(work_centers=centers, shifts=tuple(shifts), teams=tuple(teams))


def batches_by_ids(uow_factory: UnitOfWorkFactory, ids: Iterable[int]) -> list[BatchDTO]:
    """The batches that still exist among ``ids``, in one unit of work (one connection)."""
    found: list[BatchDTO] = []
    with uow_factory() as uow:
        for batch_id in dict.fromkeys(ids):
            batch = uow.batches.get(batch_id)
            if batch is not None:
                found.append(batch)
    return found


@dataclass(frozen=True, slots=True)
class ChangedBatches:
    """Batches that changed, as they are now, and which of them the view's filter lists."""

    batches: tuple[BatchDTO, ...]
    listed: frozenset[int]


def changed_batches(uow_factory: UnitOfWorkFactory, ids: Iterable[int], flt: BatchFilter
                    ) -> ChangedBatches:
    """The batches among ``ids`` that still exist, and which of them belong in a list
    filtered by ``flt`` (the repository's own filter decides, not a copy of it)."""
    wanted = list(dict.fromkeys(ids))
    with uow_factory() as uow:
        found = tuple(batch for batch in (uow.batches.get(i) for i in wanted) if batch)
        listed = uow.batches.listed(flt, [batch.id for batch in found])
    return ChangedBatches(found, frozenset(listed))


def existing_batches(uow_factory: UnitOfWorkFactory, keys: Sequence[tuple[int, date]]
                     ) -> dict[tuple[int, date], BatchDTO]:
    """The stored batches among (number, date) pairs."""
    if not keys:
        return {}
    with uow_factory() as uow:
        return uow.batches.find_by_keys(list(keys))


def find_batch(uow_factory: UnitOfWorkFactory, number: int, day: date) -> BatchDTO | None:
    return existing_batches(uow_factory, [(number, day)]).get((number, day))
