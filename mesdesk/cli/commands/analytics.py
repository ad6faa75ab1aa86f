"""`mesdesk analytics dashboard|batch|compare`: the §10 figures, as tables or ``--json``; with
``-o OUT.xlsx`` the view's Excel workbook instead (the file the desktop's "Export to Excel"
makes, run as a job, kept in the exports bucket and copied to OUT)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.runtime import Runtime
from mesdesk.services.analytics_dto import DashboardFilter, Totals
from mesdesk.services.dto import MadeFile
from mesdesk.services.exports import made_by
from mesdesk.services.report_texts import report_language

from .common import Outcome
from .exporting import output_format, run_export


def analytics_dashboard(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    flt = DashboardFilter(date_from=args.date_from, date_to=args.date_to,
                          work_center=args.work_center)
    if args.output is not None:
        zone = runtime.timezone.key
        return _export(runtime, args, "export_dashboard", flt.as_dict(),
                       lambda job, language, who: runtime.use.export_dashboard(
                           flt, zone, language=language, parameters=who, job=job))
    board = runtime.use.dashboard(flt, runtime.timezone.key)
    today = board.today
    lines = [f"As of {board.as_of.astimezone(runtime.timezone):%Y-%m-%d %H:%M} "
             f"({board.zone})", "", "Summary", *_totals(board.summary), "",
             f"Today ({board.today_date:%Y-%m-%d})",
             f"  batches created {today.batches_created}, closed {today.batches_closed}; "
             f"products added {today.products_added}, aggregated {today.products_aggregated}",
             "", "By shift"]
    lines += [f"  {s.shift or '—':<16} {_row(s.totals)}" for s in board.by_shift] or ["  none"]
    lines += ["", "Top work centers"]
    lines += [f"  {w.identifier:<16} {_row(w.totals)}  {w.name}"
              for w in board.top_work_centers] or ["  none"]
    lines += ["", "Aggregated per hour (last 24 h)"]
    lines += [f"  {p.start:%m-%d %H:00}  {p.activity.products_aggregated}"
              for p in board.per_hour if p.activity.products_aggregated]
    return board.as_dict(), lines, 0


def analytics_batch(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    if args.output is not None:
        zone = runtime.timezone.key
        return _export(runtime, args, "export_batch_statistics", {"batch_id": args.id},
                       lambda job, language, who: runtime.use.export_batch_analytics(
                           args.id, zone, language=language, parameters=who, job=job))
    result = runtime.use.batch_analytics(args.id, runtime.timezone.key)
    document = result.as_dict()
    stats = document["statistics"]
    batch = result.batch
    lines = [f"Batch {batch.batch_number} of {batch.batch_date:%Y-%m-%d} (id {batch.id}), "
             f"{batch.work_center}, shift {batch.shift}, team {batch.team}"]
    lines += [f"  {name.replace('_', ' ')}: {'—' if value is None else value}"
              for name, value in stats.items()]
    lines += ["Aggregated per hour:"]
    lines += [f"  {h.start.astimezone(runtime.timezone):%m-%d %H:00}  {h.count}"
              for h in result.per_hour.hours if h.count]
    lines += [f"Teams of {batch.work_center}, {result.teams_from:%Y-%m-%d} to "
              f"{result.teams_to:%Y-%m-%d}:"]
    lines += [f"  {t.team or '—':<24} batches {t.batches}, aggregated {t.aggregated}, "
              f"per hour {'—' if t.per_hour is None else t.per_hour}" for t in result.teams]
    return document, lines, 0


def analytics_compare(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    if args.output is not None:
        zone = runtime.timezone.key
        return _export(runtime, args, "export_comparison", {"batch_ids": list(args.ids)},
                       lambda job, language, who: runtime.use.export_comparison(
                           args.ids, zone, language=language, parameters=who, job=job))
    comparison = runtime.use.compare_batches(args.ids)
    lines = [f"{'id':>8} {'number':>8} {'date':<10} {'products':>9} {'aggregated':>10} "
             f"{'rate %':>6} {'hours':>6} {'per hour':>8}"]
    for b in comparison.batches:
        lines.append(f"{b.id:>8} {b.batch_number:>8} {b.batch_date:%Y-%m-%d} "
                     f"{b.totals.products:>9} {b.totals.aggregated:>10} {b.totals.rate:>6} "
                     f"{b.duration_hours:>6.1f} {_dash(b.per_hour):>8}")
    average = comparison.average
    lines.append(f"{'average':>8} {'':>8} {'':<10} {average['total_products']:>9} "
                 f"{average['aggregated_products']:>10} {average['aggregation_rate']:>6} "
                 f"{average['duration_hours']:>6.1f} {_dash(average['products_per_hour']):>8}")
    return comparison.as_dict(), lines, 0


def _export(runtime: Runtime, args: argparse.Namespace, kind: str, parameters: dict[str, Any],
            work: Callable[[Any, str, dict[str, Any]], MadeFile]) -> Outcome:
    """The view as a workbook at ``args.output`` (``.xlsx`` only), in the report language of
    the settings, naming this station and user on its Parameters sheet."""
    suffix = args.output.suffix.lower()
    if suffix != ".xlsx":       # (a view has no .csv: it is several tables)
        raise P.REPORT_FORMAT_UNKNOWN(formats="xlsx", format=suffix.lstrip(".") or "?",
                                      field="output")
    output_format(args.output)  # what OUT must be to be written at all
    language = report_language(runtime.settings.language)
    who = made_by(runtime.settings)
    return run_export(runtime, args, kind, {**parameters, "format": "xlsx", "language": language},
                      lambda job: work(job, language, who))


def _totals(totals: Totals) -> list[str]:
    return [f"  batches {totals.batches} (open {totals.active}, closed {totals.closed})",
            f"  products {totals.products}, aggregated {totals.aggregated} ({totals.rate} %)"]


def _row(totals: Totals) -> str:
    return (f"batches {totals.batches:>6}  products {totals.products:>9}  "
            f"aggregated {totals.aggregated:>9}  {totals.rate:>5} %")


def _dash(value: object) -> str:
    return "—" if value is None else str(value)
