"""Batch reports (SPEC §7 "Batch report", §10 "Batch statistics"): an Excel or PDF file of one
batch, made as a job, kept in the ``reports`` bucket, announced by ``report_generated``.

Reading is done in short transactions: the batch, its statistics and its hours in one, then
the products by keyset pages of ``PAGE_SIZE``, each page its own transaction, so a report of
a million products never holds a transaction (or a lock, or a connection) for its length.
The counts of the statistics are the batch's counters as read first; a scan during the
report may add a product to the pages that the counters did not count yet.

    result = make_report(uow_factory, file_store, renderers, batch_id, "pdf", tz,
                         language="ru", job=context)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import tzinfo

from mesdesk.domain import problems as P
from mesdesk.domain.files import Bucket, report_name
from mesdesk.domain.statistics import batch_statistics

from .batches import load_batch
from .dto import ProductDTO
from .file_announcements import announce_stored, report_announcement
from .file_output import staged_file
from .ports import FileStore, JobControl, ReportRenderer, UnitOfWorkFactory
from .report_data import ReportData, ReportResult
from .report_texts import LANGUAGES

#: The formats a report is made in (the CLI's ``--format``).
FORMATS = ("xlsx", "pdf")
#: Products read per transaction.
PAGE_SIZE = 5000
#: The hours a report lists per hour: a shift longer than this (three days) is absurd; the
#: aggregations after the hours shown are counted as "after".
MAX_HOURS = 72


def zone_name(tz: tzinfo) -> str:
    """The IANA name the database knows the production time zone by (``ZoneInfo.key``);
    reports and exports convert times with it."""
    return getattr(tz, "key", None) or "UTC"


def report_data(uow_factory: UnitOfWorkFactory, batch_id: int, tz: tzinfo, *,
                language: str) -> ReportData:
    """The batch, its statistics and its aggregations per hour, read in one transaction."""
    check_language(language)
    zone = zone_name(tz)
    with uow_factory() as uow:
        batch = load_batch(uow, batch_id)
        hourly = uow.reports.hourly(batch_id, zone, batch.shift_start,
                                    batch.shift_end, MAX_HOURS)
        now = uow.now()
    statistics = batch_statistics(batch.products_total, batch.products_aggregated,
                                  batch.shift_start, batch.shift_end, now)
    return ReportData(batch=batch, statistics=statistics, hourly=hourly, generated_at=now,
                      timezone=tz, timezone_name=zone, language=language)


def report_products(uow_factory: UnitOfWorkFactory, batch_id: int, *,
                    limit: int | None = None, page_size: int = PAGE_SIZE,
                    on_page: Callable[[int], None] | None = None) -> Iterator[ProductDTO]:
    """The batch's products in id order (at most ``limit``), read a page per transaction;
    ``on_page(read_so_far)`` after each page (progress, and the place a cancel is seen)."""
    cursor: str | None = None
    read = 0
    while limit is None or read < limit:
        size = page_size if limit is None else min(page_size, limit - read)
        with uow_factory() as uow:
            page = uow.products.page_for_batch(batch_id, cursor, size)
        read += len(page.rows)
        if on_page is not None:
            on_page(read)
        yield from page.rows
        cursor = page.next_cursor
        if cursor is None or not page.rows:
            return


def make_report(uow_factory: UnitOfWorkFactory, file_store: FileStore,
                report_renderers: Mapping[str, ReportRenderer], batch_id: int, fmt: str,
                tz: tzinfo, *, language: str, job: JobControl | None = None,
                email_to: Sequence[str] = ()) -> ReportResult:
    """Make the report file, store it in ``reports`` and emit ``report_generated``; with it,
    the "report ready" mail is queued (to ``email_to``, else to the configured recipients).

    The file is written to the store's staging place and stored only when complete: a
    failure, or a cancel (seen after every page of products), leaves no file. The event is
    written in its own transaction once the file is stored (or kept on the file's row until
    its upload, when the object store is away: its link must work); if that fails, the
    stored file is removed again, so a report either exists and was announced, or neither.
    """
    if fmt not in FORMATS or fmt not in report_renderers:
        raise P.REPORT_FORMAT_UNKNOWN(formats=", ".join(FORMATS), format=fmt, field="format")
    renderer = report_renderers[fmt]
    step = _Steps(job)
    step(0, None, P.REPORT_STEP_READING)
    data = report_data(uow_factory, batch_id, tz, language=language)
    wanted = renderer.products_wanted(data.batch.products_total)
    step(0, wanted, P.REPORT_STEP_WRITING)
    products = report_products(uow_factory, batch_id, limit=wanted,
                               on_page=lambda read: step(min(read, wanted), wanted))
    made = data.generated_at.astimezone(tz)
    with staged_file(file_store, f".{renderer.extension}") as path:
        rows = renderer.render(data, products, path)
        step(rows, max(wanted, rows), P.REPORT_STEP_STORING)
        stored = file_store.store(Bucket.REPORTS, report_name(batch_id, made, fmt), path)
    try:
        with uow_factory() as uow:
            # Emitted now, or once the file is uploaded when the object store is away (§8):
            # the event and the "report ready" mail carry its link.
            mail_id = announce_stored(file_store, uow, stored, report_announcement(
                batch_id, fmt, mail_to=email_to, batch_number=data.batch.batch_number,
                batch_date=data.batch.batch_date))
            uow.audit("report", "batch", batch_id, {"format": fmt, "object": stored.name,
                                                    "rows": rows})
            uow.commit()
    except BaseException:
        file_store.delete(Bucket.REPORTS, stored.name)
        raise
    return ReportResult.of(stored, rows, mail_id)


class _Steps:
    """Progress and cancellation for the job, when there is one (``make_report`` also runs
    without: a test, a tool)."""

    def __init__(self, job: JobControl | None) -> None:
        self._job = job

    def __call__(self, done: int, total: int | None = None,
                 message: object | None = None) -> None:
        if self._job is None:
            return
        self._job.check_cancelled()
        problem = message.problem() if isinstance(message, P.ProblemType) else None
        self._job.progress(done, total, problem)


def check_language(language: str) -> None:
    """Refuse a language files are not written in (reports, analytics exports)."""
    if language not in LANGUAGES:
        raise P.REPORT_LANGUAGE_UNKNOWN(languages=", ".join(LANGUAGES), language=language,
                                        field="language")
