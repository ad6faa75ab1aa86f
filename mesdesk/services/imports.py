"""Import of a file a user hands in (SPEC §7): batches, or product codes into one batch.

``import_file`` is the one use case behind the GUI's "Import…" and ``mesdesk import``, run as
a job (``job`` is its context: progress, cancel) or directly. What it does, in order:

1. The file's size is checked against ``intake_max_file_mb`` before a byte is read.
2. It is copied to the file store's staging folder, and only the copy is read: the copy kept in
   the ``imports`` bucket is exactly what was imported, however the original changes.
3. The copy is opened by what it holds (``SheetReader``: .xlsx/.xls/.ods, CSV, 1C JSON). A
   sheet's first row that is not blank is its header (:mod:`mesdesk.domain.sheet_headers`).
4. Every row is checked by the domain's rules (:mod:`.import_batches`, :mod:`.import_codes`);
   a bad row is said at its row, column and header, the others go on.
5. The good rows, the ``import_completed`` event and the kept copy are stored in ONE
   transaction: a refused file, a failure or a cancel stores nothing and keeps no copy.
   Batches, and codes, are stored chunk by chunk by a thread of their own while the next
   rows are checked (:mod:`.import_pipeline`): the database's work and Python's overlap.

Sheets, as decided for SPEC §7 and §11 (also in the README): a formula's value is the one
Excel calculated and saved with the file; a row with a formula that has no saved value, or a
cell holding an error (``#DIV/0!``), is refused naming the cell. A row touching merged cells
is refused naming the range (a merged header refuses the file): only the top-left cell of a
merge holds the value, and guessing which rows it was meant for could store wrong batches.
The first visible worksheet is read; other sheets (an export's "Parameters") are not.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from itertools import chain
from pathlib import Path
from typing import Any

from mesdesk.config import Settings
from mesdesk.domain import events
from mesdesk.domain import problems as P
from mesdesk.domain.files import Bucket, import_name
from mesdesk.domain.batches import REQUIRED_KEYS
from mesdesk.domain.sheet_headers import (BATCH_FIELDS, Columns, header_kind, missing_fields,
                                          read_header)

from . import import_batches, import_codes
from .batches import CodeAdder, load_batch
from .dto import BatchDTO, StoredFile
from .file_output import staged_file
from .import_result import ImportResult
from .mail import queue_import_mail
from .import_rows import RowErrors, Rows, first_row
from .input_files import MB, InputFileError
from .import_pipeline import StoreBehind
from .ports import FileStore, SheetReader, Table, TableRow, UnitOfWork, UnitOfWorkFactory

_COPY_CHUNK = 1 << 20
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """The intake limits of the settings, applied to every import."""

    max_file_mb: int = Settings.intake_max_file_mb
    max_rows: int = Settings.intake_max_items

    @classmethod
    def of(cls, settings: Settings) -> "ImportLimits":
        return cls(settings.intake_max_file_mb, settings.intake_max_items)


def import_job(path: Path, *, update_existing: bool, batch_id: int | None
               ) -> tuple[dict[str, Any], str]:
    """The ``jobs`` row's parameters of an import of ``path``, and the key that serialises
    it: imports of batches one after the other, and the codes of one batch."""
    parameters = {"file": str(path), "update_existing": update_existing, "batch_id": batch_id}
    return parameters, f"batch:{batch_id}" if batch_id is not None else "import:batches"


@dataclass
class _Layout:
    """A file opened, its header read: where the values are, and the rows under the header."""

    table: Table
    columns: Columns | None         # None for the items of a 1C file
    rows: Iterator[TableRow]


def import_file(uow_factory: UnitOfWorkFactory, file_store: FileStore, sheet_reader: SheetReader,
                path: Path, tz: tzinfo, *, update_existing: bool = False,
                batch_id: int | None = None, gs_tokens: Sequence[str] = (),
                limits: ImportLimits = ImportLimits(), job: Any = None,
                keep_copy: bool = True) -> ImportResult:
    """Import ``path``: batches (duplicates of a stored (number, date) skipped, or overwritten
    with ``update_existing``), or with ``batch_id`` the product codes of that batch.
    ``keep_copy`` False: the file is in ``imports`` already (the file sync imports it)."""
    path = Path(path)
    _progress(job, P.JOB_STEP_READING_FILE)
    _checked_size(path, limits)
    batch = _open_batch(uow_factory, batch_id) if batch_id is not None else None
    with staged_file(file_store, _suffix(path)) as copy:
        _copy(path, copy, limits)
        table = sheet_reader.open(copy, max_rows=limits.max_rows, shown_as=path)
        try:
            layout = _layout(table, path, batch, gs_tokens)
            feed = Rows(table, layout.rows, max_rows=limits.max_rows, job=job, shown=path)
            ending = _Ending(file_store if keep_copy else None, copy, path, tz, table, feed,
                             batch, job)
            try:
                if batch is None:
                    result = _batches(uow_factory, layout, feed, path, tz, ending,
                                      update_existing=update_existing, job=job)
                else:
                    result = _codes(uow_factory, layout, feed, path, batch, gs_tokens, ending,
                                    job=job)
            except BaseException:
                ending.forget()
                raise
        finally:
            table.close()
    _progress(job, P.JOB_STEP_DONE)
    return result


class _Ending:
    """The last steps of the import's transaction: the copy kept in the ``imports`` bucket
    and the ``import_completed`` event; ``forget`` removes the copy again when the
    transaction does not commit."""

    def __init__(self, file_store: FileStore | None, copy: Path, path: Path, tz: tzinfo,
                 table: Table, feed: Rows, batch: BatchDTO | None, job: Any) -> None:
        self.file_store, self.copy, self.path, self.tz = file_store, copy, path, tz
        self.table, self.feed, self.batch, self.job = table, feed, batch, job
        self.errors = RowErrors()
        self.kept: StoredFile | None = None

    def __call__(self, uow: UnitOfWork, kind: str, created: int, updated: int,
                 ignored: tuple[str, ...]) -> ImportResult:
        _cancelled(self.job)
        if self.file_store is not None:
            self.kept = _keep(self.file_store, self.copy, self.path, self.tz)
        errors = self.errors
        result = ImportResult(kind, self.path.name, self.table.format, self.feed.total,
                              created, updated, errors.skipped, errors.rejected,
                              errors.sorted(), errors.total, ignored,
                              self.batch.id if self.batch else None, self.kept)
        uow.emit(events.import_completed(result.event_data()))
        queue_import_mail(uow, result)
        _cancelled(self.job)
        return result

    def forget(self) -> None:
        if self.kept is not None and self.file_store is not None:
            self.file_store.delete(Bucket.IMPORTS, self.kept.name)
            self.kept = None


def _progress(job: Any, step: P.ProblemType) -> None:
    if job is not None:
        job.progress(job.done_count, job.total, step.problem())


def _checked_size(path: Path, limits: ImportLimits) -> None:
    """Refuse before reading: no file, a folder, a device, too big, empty."""
    try:
        status = path.stat()
    except OSError as exc:
        raise InputFileError(P.FILE_UNREADABLE, path,
                             reason=exc.strerror or type(exc).__name__) from exc
    if stat.S_ISDIR(status.st_mode):
        raise InputFileError(P.FILE_IS_FOLDER, path)
    if not stat.S_ISREG(status.st_mode):
        raise InputFileError(P.IMPORT_NOT_REGULAR_FILE, path)
    if status.st_size > limits.max_file_mb * MB:
        raise InputFileError(P.FILE_TOO_BIG, path, size_mb=-(-status.st_size // MB),
                             limit_mb=limits.max_file_mb)
    if status.st_size == 0:
        raise InputFileError(P.FILE_EMPTY, path)


def _copy(path: Path, copy: Path, limits: ImportLimits) -> None:
    """The file copied to ``copy``, never past the size limit (a file that grows meanwhile)."""
    limit = limits.max_file_mb * MB
    written = 0
    try:
        with path.open("rb") as source, copy.open("wb") as target:
            os.chmod(copy, 0o600)
            while chunk := source.read(_COPY_CHUNK):
                written += len(chunk)
                if written > limit:
                    raise InputFileError(P.FILE_TOO_BIG, path, size_mb=-(-written // MB),
                                         limit_mb=limits.max_file_mb)
                target.write(chunk)
    except OSError as exc:
        raise InputFileError(P.FILE_UNREADABLE, path,
                             reason=exc.strerror or type(exc).__name__) from exc


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    return suffix if _SUFFIX.fullmatch(suffix) else ""


def _open_batch(uow_factory: UnitOfWorkFactory, batch_id: int) -> BatchDTO:
    """The batch codes go into: it must exist and be open (checked again when storing)."""
    with uow_factory() as uow:
        batch = load_batch(uow, batch_id)
    if batch.is_closed:
        raise P.BATCH_CLOSED_FOR_CODES(number=batch.batch_number, date=batch.batch_date)
    return batch


def _layout(table: Table, path: Path, batch: BatchDTO | None, gs_tokens: Sequence[str]
            ) -> _Layout:
    """The header (a sheet's first row that is not blank) read and checked against what the
    import is for: batches, or the codes of ``batch``."""
    rows: Iterator[TableRow] = iter(table.rows())
    first = first_row(rows)
    if first is None:
        raise InputFileError(P.FILE_EMPTY, path)
    if table.format == "json":
        holds_codes = import_codes.items_hold_codes(first)
        if holds_codes and batch is None:
            raise InputFileError(P.IMPORT_CODES_NEED_BATCH, path)
        if batch is not None and not holds_codes:
            raise InputFileError(P.IMPORT_BATCHES_NOT_CODES, path)
        return _Layout(table, None, chain([first], rows))
    if first.problem is not None:          # the header's cells are merged
        raise first.problem.type(**first.problem.params)
    if batch is not None:
        columns, rows = import_codes.sheet_layout(first, rows, gs_tokens, path,
                                                  table.first_column)
        return _Layout(table, columns, rows)
    return _Layout(table, _batch_header(first, path, table.first_column), rows)


def _batches(uow_factory: UnitOfWorkFactory, layout: _Layout, feed: Rows, path: Path,
             tz: tzinfo, ending: _Ending, *, update_existing: bool, job: Any) -> ImportResult:
    """Batches checked row by row and stored behind, chunk by chunk, in one transaction."""
    applier = import_batches.Applier(update_existing=update_existing)
    behind: StoreBehind[ImportResult] = StoreBehind(uow_factory, applier)
    try:
        found = import_batches.check_rows(feed, layout.columns, tz, ending.errors, behind.put)
        if feed.total == 0:
            raise InputFileError(P.IMPORT_NO_ROWS, path)
        _progress(job, P.JOB_STEP_STORING_ITEMS)
        ignored = (layout.columns.ignored if layout.columns is not None
                   else tuple(found.ignored))

        def final(uow: UnitOfWork) -> ImportResult:
            created, updated = import_batches.outcome(found, applier.applied, layout.columns,
                                                      ending.errors)
            return ending(uow, "batches", created, updated, ignored)

        return behind.finish(final)
    except BaseException:
        behind.abort()
        raise


def _codes(uow_factory: UnitOfWorkFactory, layout: _Layout, feed: Rows, path: Path,
           batch: BatchDTO, gs_tokens: Sequence[str], ending: _Ending, *, job: Any
           ) -> ImportResult:
    """Codes checked row by row and added to the batch behind, chunk by chunk, in one
    transaction."""
    adder = CodeAdder(batch.id, action="import_products")
    behind: StoreBehind[ImportResult] = StoreBehind(uow_factory, adder)
    try:
        found = import_codes.check_rows(feed, layout.columns, batch, gs_tokens, ending.errors,
                                        behind.put)
        if feed.total == 0:
            raise InputFileError(P.IMPORT_NO_ROWS, path)
        _progress(job, P.JOB_STEP_STORING_ITEMS)

        def final(uow: UnitOfWork) -> ImportResult:
            adder.finish(uow)
            added = import_codes.stored(adder, found, layout.columns, ending.errors)
            return ending(uow, "products", added, 0, found.ignored)

        return behind.finish(final)
    except BaseException:
        behind.abort()
        raise


def _batch_header(first: TableRow, path: Path, first_column: int) -> Columns:
    if header_kind(first.values) == "products":
        raise InputFileError(P.IMPORT_CODES_NEED_BATCH, path)
    columns = read_header(first.values, BATCH_FIELDS, row=first.number or 1,
                          first_column=first_column)
    if not columns.positions:
        raise InputFileError(P.IMPORT_NO_HEADER, path, row=first.number)
    lacking = missing_fields(columns, REQUIRED_KEYS, BATCH_FIELDS)
    if lacking:
        raise InputFileError(P.IMPORT_COLUMNS_MISSING, path, headers=", ".join(lacking),
                             row=first.number)
    return columns


def _keep(file_store: FileStore, copy: Path, path: Path, tz: tzinfo) -> StoredFile:
    try:
        return file_store.store(Bucket.IMPORTS, import_name(path.name, datetime.now(tz)), copy)
    except OSError as exc:
        raise P.LOCAL_FILE_FAILED(reason=exc.strerror or type(exc).__name__) from exc


def _cancelled(job: Any) -> None:
    if job is not None:
        job.check_cancelled()
