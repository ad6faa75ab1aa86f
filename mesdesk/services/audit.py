"""The audit log (issue 15): who did what to which entity, when; read newest first in keyset
pages, with the filter choices, and exported to Excel as a job into the exports bucket.

    page = list_audit(uow_factory, AuditFilter(actor="ivanov", entity="batch"), limit=100)
    more = list_audit(uow_factory, flt, cursor=page.next_cursor)

Rows are written by the unit of work with every action (``uow.audit``), never here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.audit import changes_text
from mesdesk.domain.export_sheets import ColumnKind, SheetColumn

from .dto import AuditChoices, AuditEntryDTO, AuditFilter, MadeFile, Page
from .exports import stamped
from .file_output import store_export
from .ports import FileStore, JobControl, SheetWriter, UnitOfWorkFactory
from .read_ahead import read_ahead

MAX_PAGE = 1000
#: Rows per page (per short transaction) of an export.
EXPORT_PAGE = 10_000
#: The longest text a filter may hold (the columns' width).
MAX_FILTER_TEXT = 255
KIND = "audit"
TITLE = "Audit log"

#: The export's columns (Excel: a local date-time cell, then text).
AUDIT_SHEET: tuple[SheetColumn, ...] = (
    SheetColumn("at", "Time", ColumnKind.DATETIME),
    SheetColumn("actor", "User", ColumnKind.TEXT),
    SheetColumn("station", "Station", ColumnKind.TEXT),
    SheetColumn("action", "Action", ColumnKind.TEXT),
    SheetColumn("entity", "Entity", ColumnKind.TEXT),
    SheetColumn("entity_id", "Entity ID", ColumnKind.TEXT),
    SheetColumn("changes", "Changes (before → after)", ColumnKind.TEXT),
    SheetColumn("id", "Audit ID", ColumnKind.INTEGER),
)


def check_audit_filter(flt: AuditFilter) -> None:
    for name in ("actor", "action", "entity", "entity_id"):
        value = getattr(flt, name)
        if value is not None and (not isinstance(value, str) or len(value) > MAX_FILTER_TEXT
                                  or "\x00" in value):
            shown = str(value)[:40].replace("\x00", "\\x00")
            raise P.AUDIT_FILTER_TEXT(text=shown, maximum=MAX_FILTER_TEXT, field=name)
    if flt.entity_id is not None and flt.entity is None:
        raise P.AUDIT_ENTITY_ID_WITHOUT_ENTITY(field="entity_id")
    for name in ("since", "until"):
        value = getattr(flt, name)
        if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
            raise P.WEBHOOK_TIME_WITHOUT_ZONE(field=name)
    if flt.since is not None and flt.until is not None and flt.until <= flt.since:
        raise P.AUDIT_UNTIL_BEFORE_SINCE(since=flt.since.isoformat(), field="until")


def list_audit(uow_factory: UnitOfWorkFactory, flt: AuditFilter = AuditFilter(), *,
               cursor: str | None = None, limit: int = 100) -> Page:
    """The audit log, newest first; ``Page.rows`` are ``AuditEntryDTO``s."""
    check_audit_filter(flt)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise P.PAGE_LIMIT(minimum=1, maximum=MAX_PAGE, value=repr(limit), field="limit")
    with uow_factory() as uow:
        return uow.audit_log.page(flt, cursor, limit)


def audit_choices(uow_factory: UnitOfWorkFactory) -> AuditChoices:
    """The users, actions and entities the log holds (for the filters' lists)."""
    with uow_factory() as uow:
        return uow.audit_log.choices()


def export_audit(uow_factory: UnitOfWorkFactory, file_store: FileStore,
                 sheet_writer: SheetWriter, flt: AuditFilter, tz: tzinfo, *,
                 parameters: Mapping[str, Any] | None = None, job: JobControl | None = None,
                 page_size: int = EXPORT_PAGE) -> MadeFile:
    """The rows ``flt`` lists, newest first, to ``.xlsx`` in the exports bucket
    (``audit_export_….xlsx``): local times, the changes as ``field: before → after`` lines,
    a Parameters sheet with the filter."""
    check_audit_filter(flt)
    with uow_factory() as uow:
        total = uow.audit_log.count(flt)
        made = uow.now().astimezone(tz)
    step = P.JOB_STEP_EXPORTING.problem()
    if job is not None:
        job.check_cancelled()
        job.progress(0, total, step)

    def pages() -> Iterator[list[tuple]]:
        cursor: str | None = None
        while True:
            with uow_factory() as uow:
                page = uow.audit_log.page(flt, cursor, page_size)
            yield [_sheet_row(row, tz) for row in page.rows]
            cursor = page.next_cursor
            if cursor is None:
                return

    def rows() -> Iterator[tuple]:
        done = 0
        read = read_ahead(pages())
        try:
            for page in read:
                yield from page
                done += len(page)
                if job is not None:
                    job.check_cancelled()
                    job.progress(done, max(total, done), step)
        finally:
            read.close()

    described = {"export": "audit", "format": "xlsx", **_filter_parameters(flt, tz),
                 **(parameters or {})}

    def write(path: Path) -> int:
        written = rows()
        try:
            return sheet_writer(path, "xlsx", TITLE, AUDIT_SHEET, written,
                                stamped(described, made, tz))
        finally:
            written.close()

    return store_export(file_store, KIND, "xlsx", made, write, job)


def _sheet_row(row: AuditEntryDTO, tz: tzinfo) -> tuple:
    return (row.at.astimezone(tz).replace(tzinfo=None), row.actor, row.station, row.action,
            row.entity, row.entity_id or "", changes_text(row.changes), row.id)


def _filter_parameters(flt: AuditFilter, tz: tzinfo) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for name in ("actor", "action", "entity", "entity_id"):
        value = getattr(flt, name)
        if value is not None:
            shown[name] = value     # "actor": "user" names who made the export
    for name in ("since", "until"):
        value = getattr(flt, name)
        if value is not None:
            shown[name] = value.astimezone(tz).replace(tzinfo=None)
    return shown
