"""Exports (SPEC §7): batches as the Batches view lists them, or the products of batches, to
``.xlsx`` or ``.csv`` in the ``exports`` bucket.

Rows stream from the database in keyset pages, each page read in a short transaction of its
own (an export of a million rows never holds a transaction, nor the rows, for its whole
length), into the ``SheetWriter``; between pages the job's progress is told and a cancel
is seen. The file is written to a staging path and stored only once complete: a cancelled
or failed export leaves no file, in the bucket or in staging (``staged_file``).

Pages are consistent one by one, not with each other: a batch changed while an export runs
is written as it was when its page was read; keyset pages never repeat nor skip a row that
exists from start to end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, TypeVar

from mesdesk import __version__
from mesdesk.config import Settings
from mesdesk.domain import problems as P
from mesdesk.domain.errors import UnavailableError
from mesdesk.domain.export_sheets import (BATCH_SHEET, FORMATS, PRODUCT_SHEET, SHEET_TITLES,
                                          SheetColumn)
from mesdesk.domain.values import is_row_id

from .batches import check_filter
from .dto import SORTABLE_COLUMNS, BatchFilter, MadeFile
from .file_output import store_export
from .read_ahead import read_ahead
from .reports import zone_name
from .ports import FileStore, JobControl, SheetWriter, UnitOfWorkFactory

T = TypeVar("T")

#: Rows read per page (per short transaction).
PAGE_SIZE = 10_000
#: Batches whose totals are read per page when walking a filter's products.
BATCH_PAGE = 5_000
#: How many batches may be named at once (the GUI's selection, ``--batch``…).
MAX_NAMED_BATCHES = 10_000
#: How many named batch ids the Parameters sheet lists before it says how many more.
SHOWN_IDS = 100


def made_by(settings: Settings) -> dict[str, Any]:
    """Who made an export, for its Parameters sheet: the station, the user, the version."""
    return {"station": settings.station, "user": settings.operator, "app_version": __version__}


def export_batches(uow_factory: UnitOfWorkFactory, file_store: FileStore,
                   sheet_writer: SheetWriter, flt: BatchFilter, fmt: str, tz: tzinfo, *,
                   parameters: Mapping[str, Any] | None = None, job: JobControl | None = None,
                   page_size: int = PAGE_SIZE) -> MadeFile:
    """The batches ``flt`` lists (the Batches view's filter and sort), with their counters."""
    fmt = _checked_format(fmt)
    check_filter(flt)
    if flt.sort not in SORTABLE_COLUMNS:
        raise P.SORT_UNKNOWN(sort=flt.sort, columns=", ".join(SORTABLE_COLUMNS), field="sort")
    with uow_factory() as uow:
        total = uow.batches.count(flt)
        made = uow.now().astimezone(tz)
    zone = zone_name(tz)
    fields = [column.field for column in BATCH_SHEET]

    def pages() -> Iterator[list[tuple]]:
        cursor: str | None = None
        while True:
            rows, cursor = _read_page(uow_factory, lambda uow: uow.exports.batch_rows(
                flt, cursor, page_size, fields, zone))
            yield rows
            if cursor is None:
                return

    described = {"export": "batches", "format": fmt, **_filter_parameters(flt)}
    return _write(file_store, sheet_writer, "batches", fmt, BATCH_SHEET, pages(), total,
                  made, tz, {**described, **(parameters or {})}, job)


def export_products(uow_factory: UnitOfWorkFactory, file_store: FileStore,
                    sheet_writer: SheetWriter, fmt: str, tz: tzinfo, *,
                    batch_ids: Sequence[int] | None = None, flt: BatchFilter | None = None,
                    parameters: Mapping[str, Any] | None = None,
                    job: JobControl | None = None, page_size: int = PAGE_SIZE) -> MadeFile:
    """The products of the batches named (``batch_ids``) or of every batch ``flt`` lists,
    by batch (in id order) and then as they were added."""
    fmt = _checked_format(fmt)
    if batch_ids:
        ids = _checked_ids(batch_ids)
        with uow_factory() as uow:
            totals = uow.exports.totals_of(ids)
            made = uow.now().astimezone(tz)
        missing = [batch_id for batch_id in ids if batch_id not in totals]
        if missing:
            raise P.BATCH_NOT_FOUND(id=missing[0])
        total = sum(totals.values())
        batches: Iterator[tuple[int, int]] = iter(
            sorted((batch_id, count) for batch_id, count in totals.items() if count > 0))
        described: dict[str, Any] = {"export": "products", "format": fmt,
                                     "batch_ids": _shown_ids(ids)}
    elif flt is not None:
        check_filter(flt)
        with uow_factory() as uow:
            total = uow.exports.products_total(flt)
            made = uow.now().astimezone(tz)
        batches = _listed_batches(uow_factory, flt)
        described = {"export": "products", "format": fmt, **_filter_parameters(flt)}
        described.pop("sort", None)         # products go by batch id, whatever the list's sort
    else:
        raise P.EXPORT_NO_BATCHES()
    pages = _product_pages(uow_factory, batches, page_size, [c.field for c in PRODUCT_SHEET],
                           zone_name(tz))
    return _write(file_store, sheet_writer, "products", fmt, PRODUCT_SHEET, pages, total,
                  made, tz, {**described, **(parameters or {})}, job)


# -- streaming ------------------------------------------------------------------------------

def _read_page(uow_factory: UnitOfWorkFactory, read: Callable[[Any], T]) -> T:
    """One page of an export in a unit of work of its own, read again once on a fresh
    connection when the first was dropped under it (a restarted server, a network blip): a
    keyset page is safe to read twice, and a second failure is the database really gone."""
    try:
        with uow_factory() as uow:
            return read(uow)
    except UnavailableError:
        with uow_factory() as uow:
            return read(uow)


def _listed_batches(uow_factory: UnitOfWorkFactory, flt: BatchFilter
                    ) -> Iterator[tuple[int, int]]:
    after = 0
    while True:
        found = _read_page(uow_factory,
                          lambda uow: uow.exports.batch_totals(flt, after, BATCH_PAGE))
        yield from found
        if len(found) < BATCH_PAGE:
            return
        after = found[-1][0]


def _product_pages(uow_factory: UnitOfWorkFactory, batches: Iterator[tuple[int, int]],
                   page_size: int, fields: list[str], zone: str) -> Iterator[list[tuple]]:
    """Pages of about ``page_size`` products: small batches read together, a big one along
    its own ids (the ``(batch_id, id)`` index), never a page that sorts a big batch."""
    chunk: list[int] = []
    in_chunk = 0

    def read(ids: list[int], after: int = 0, limit: int | None = None
             ) -> tuple[list[tuple], int | None]:
        return _read_page(uow_factory,
                         lambda uow: uow.exports.product_rows(ids, after, limit, fields, zone))

    for batch_id, count in batches:
        if chunk and in_chunk + count > page_size:
            yield read(chunk)[0]
            chunk, in_chunk = [], 0
        if count <= page_size:
            chunk.append(batch_id)
            in_chunk += count
            continue
        after = 0
        while True:
            rows, last = read([batch_id], after, page_size)
            yield rows
            if last is None or len(rows) < page_size:
                break
            after = last
    if chunk:
        yield read(chunk)[0]


def _write(file_store: FileStore, sheet_writer: SheetWriter, kind: str, fmt: str,
           columns: Sequence[SheetColumn], pages: Iterator[list[tuple]], total: int,
           made: datetime, tz: tzinfo, parameters: dict[str, Any],
           job: JobControl | None) -> MadeFile:
    step = P.JOB_STEP_EXPORTING.problem()
    if job is not None:
        job.progress(0, total, step)

    def rows(read: Iterator[list[tuple]]) -> Iterator[tuple]:
        done = 0
        with closing(read):                 # the reader thread ends here, however we stop
            for page in read:
                yield from page
                done += len(page)
                if job is not None:
                    job.check_cancelled()
                    job.progress(done, max(total, done), step)

    def write(path: Path) -> int:
        written = rows(read_ahead(pages))
        with closing(written):              # a writer that fails leaves no reader behind
            return sheet_writer(path, fmt, SHEET_TITLES[kind], columns, written, parameters)

    parameters = stamped(parameters, made, tz)
    return store_export(file_store, kind, fmt, made, write, job)


def stamped(parameters: Mapping[str, Any], made: datetime, tz: tzinfo) -> dict[str, Any]:
    """``parameters`` with when the export was made (a naive local time: a cell has no zone)
    and the zone it is local to, as the Parameters sheet says them."""
    return {**parameters, "exported_at": made.astimezone(tz).replace(tzinfo=None),
            "timezone": zone_name(tz)}


# -- checks and descriptions ------------------------------------------------------------------

def _checked_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise P.EXPORT_FORMAT_UNKNOWN(name=fmt)
    return fmt


def _checked_ids(batch_ids: Sequence[int]) -> list[int]:
    ids = list(dict.fromkeys(batch_ids))
    if len(ids) > MAX_NAMED_BATCHES:
        raise P.EXPORT_TOO_MANY_BATCHES(count=len(ids), limit=MAX_NAMED_BATCHES)
    for batch_id in ids:
        if not is_row_id(batch_id):
            raise P.BATCH_NOT_FOUND(id=batch_id)
    return ids



def _filter_parameters(flt: BatchFilter) -> dict[str, Any]:
    """The filter as the Parameters sheet says it: only what narrows the list, and the sort."""
    shown: dict[str, Any] = {}
    for name in ("is_closed", "batch_number", "date_from", "date_to", "work_center", "shift",
                 "team", "search"):
        value = getattr(flt, name)
        if value is not None and value != "":
            shown[name] = value
    shown["sort"] = f"{flt.sort} {'desc' if flt.descending else 'asc'}"
    return shown


def _shown_ids(ids: Sequence[int]) -> str:
    shown = ", ".join(str(batch_id) for batch_id in ids[:SHOWN_IDS])
    return shown if len(ids) <= SHOWN_IDS else f"{shown}, … (+{len(ids) - SHOWN_IDS})"
