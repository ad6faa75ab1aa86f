"""What the scanning station screen reads (§4, §10): the batches it may open, and the progress
of the chosen one."""

from __future__ import annotations

from dataclasses import dataclass

from mesdesk.domain import problems as P
from mesdesk.domain.statistics import BatchStatistics, batch_statistics

from .dto import BatchDTO, BatchFilter
from .ports import JournalEntry, ScanJournal, UnitOfWorkFactory

#: The most batches the chooser lists per group; a search narrows them down.
CHOOSER_LIMIT = 200


@dataclass(frozen=True, slots=True)
class StationBatches:
    """Open batches: those of the station's work center first, then the others."""

    own: tuple[BatchDTO, ...]
    others: tuple[BatchDTO, ...]
    work_center: str


@dataclass(frozen=True, slots=True)
class BatchProgress:
    batch: BatchDTO
    statistics: BatchStatistics


def open_batches(uow_factory: UnitOfWorkFactory, work_center: str, search: str = "", *,
                 limit: int = CHOOSER_LIMIT) -> StationBatches:
    """Open batches for the chooser, newest first; ``search`` matches the batch number (and,
    like the batches view, words of the nomenclature, ЕКН or description)."""
    text = search.strip() or None
    base = BatchFilter(is_closed=False, search=text, sort="batch_date", descending=True)
    with uow_factory() as uow:
        own: tuple[BatchDTO, ...] = ()
        if work_center:
            flt = BatchFilter(is_closed=False, search=text, work_center=work_center,
                              sort="batch_date", descending=True)
            own = tuple(uow.batches.page(flt, None, limit).rows)
        # One page more than needed: the station's own batches are dropped from it.
        rows = uow.batches.page(base, None, limit + len(own)).rows
    own_ids = {batch.id for batch in own}
    others = tuple(batch for batch in rows if batch.id not in own_ids)[:limit]
    return StationBatches(own=own, others=others, work_center=work_center)


def batch_progress(uow_factory: UnitOfWorkFactory, batch_id: int) -> BatchProgress:
    """The batch with its §10 statistics (pace per elapsed shift hour, estimated end)."""
    with uow_factory() as uow:
        batch = uow.batches.get(batch_id)
        if batch is None:
            raise P.BATCH_NOT_FOUND(id=batch_id, field="batch")
        now = uow.now()
    stats = batch_statistics(batch.products_total, batch.products_aggregated,
                             batch.shift_start, batch.shift_end, now)
    return BatchProgress(batch=batch, statistics=stats)


def recent_scans(journal: ScanJournal, limit: int = 100) -> list[JournalEntry]:
    """The station's last scans as its journal keeps them (decided and kept), newest first:
    the list an operator sees again after a restart."""
    return journal.recent(limit)
