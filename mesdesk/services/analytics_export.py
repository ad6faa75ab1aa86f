"""Analytics exports (§10 views to ``.xlsx``): the dashboard, a batch's statistics or a
comparison, as a workbook of a sheet per table and a Parameters sheet, in the ``exports``
bucket (``dashboard_export_20261204_081500.xlsx``…).

Each reads its view with the analytics use case (one short transaction, the rollups: small
however big the floor), turns the DTO into sheets (``analytics_sheets``) in the report's
language, and writes them with ``SheetWriter.tables`` through the staging of every export
(``store_export``): a failed or cancelled export leaves no file.

    made = export_dashboard(uow_factory, store, writer, DashboardFilter(), "Asia/Yekaterinburg",
                            language="ru", parameters=made_by(settings), job=job)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from mesdesk.domain import problems as P
from mesdesk.domain.export_sheets import DataSheet

from . import analytics
from .analytics_dto import DashboardFilter
from .analytics_sheets import batch_sheets, comparison_sheets, dashboard_sheets
from .dto import MadeFile
from .exports import stamped
from .file_output import store_export
from .ports import FileStore, JobControl, SheetWriter, UnitOfWorkFactory
from .report_texts import report_texts
from .reports import check_language

FORMAT = "xlsx"


def export_dashboard(uow_factory: UnitOfWorkFactory, file_store: FileStore,
                     sheet_writer: SheetWriter, flt: DashboardFilter, zone: str, *,
                     language: str, parameters: Mapping[str, Any] | None = None,
                     job: JobControl | None = None) -> MadeFile:
    """The dashboard of ``flt``, every work center of it listed (not only the top ones)."""
    check_language(language)
    _started(job)
    board = analytics.dashboard(uow_factory, flt, zone, top=None)
    tz = ZoneInfo(zone)
    described = {"export": "dashboard",
                 **{name: value for name, value in (("date_from", flt.date_from),
                                                    ("date_to", flt.date_to),
                                                    ("work_center", flt.work_center))
                    if value is not None},
                 "language": language}
    return _write(file_store, sheet_writer, "dashboard", board.as_of.astimezone(tz), tz,
                  dashboard_sheets(board, report_texts(language), tz),
                  {**described, **(parameters or {})}, job)


def export_batch_analytics(uow_factory: UnitOfWorkFactory, file_store: FileStore,
                           sheet_writer: SheetWriter, batch_id: int, zone: str, *,
                           language: str, parameters: Mapping[str, Any] | None = None,
                           job: JobControl | None = None) -> MadeFile:
    """A batch's statistics, its aggregations per hour and its work center's teams."""
    check_language(language)
    _started(job)
    found = analytics.batch_analytics(uow_factory, batch_id, zone)
    tz = ZoneInfo(zone)
    described = {"export": "batch_statistics", "batch_id": batch_id, "language": language}
    return _write(file_store, sheet_writer, "batch_statistics", _now(uow_factory, tz), tz,
                  batch_sheets(found, report_texts(language), tz),
                  {**described, **(parameters or {})}, job)


def export_comparison(uow_factory: UnitOfWorkFactory, file_store: FileStore,
                      sheet_writer: SheetWriter, batch_ids: Sequence[int], zone: str, *,
                      language: str, parameters: Mapping[str, Any] | None = None,
                      job: JobControl | None = None) -> MadeFile:
    """Batches side by side with their average and total. ``zone`` names the file and its
    time as every export's (a comparison itself has no times)."""
    check_language(language)
    _started(job)
    comparison = analytics.compare_batches(uow_factory, list(batch_ids))
    tz = ZoneInfo(zone)
    shown = ", ".join(str(b.id) for b in comparison.batches)
    described = {"export": "comparison", "batch_ids": shown, "language": language}
    return _write(file_store, sheet_writer, "comparison", _now(uow_factory, tz), tz,
                  comparison_sheets(comparison, report_texts(language)),
                  {**described, **(parameters or {})}, job)


# -- helpers -----------------------------------------------------------------------------------

def _started(job: JobControl | None) -> None:
    if job is not None:
        job.check_cancelled()
        job.progress(0, None, P.JOB_STEP_EXPORTING.problem())


def _now(uow_factory: UnitOfWorkFactory, tz: ZoneInfo) -> datetime:
    with uow_factory() as uow:
        return uow.now().astimezone(tz)


def _write(file_store: FileStore, sheet_writer: SheetWriter, kind: str, made: datetime,
           tz: ZoneInfo, sheets: list[DataSheet], parameters: dict[str, Any],
           job: JobControl | None) -> MadeFile:
    if job is not None:
        job.check_cancelled()
    stamp = stamped(parameters, made, tz)
    return store_export(file_store, kind, FORMAT, made,
                        lambda path: sheet_writer.tables(path, sheets, stamp), job)
