"""`mesdesk intake`, `batches …`, `products add` and `aggregate`: the batches and their codes."""

from __future__ import annotations

import argparse
import sys

from mesdesk.cli import EXIT_UNAVAILABLE
from mesdesk.domain import problems as P
from mesdesk.runtime import Runtime
from mesdesk.services import intake
from mesdesk.services.dto import BatchDTO
from mesdesk.services.input_files import read_1c_items, read_codes

from .common import Outcome, batch_filter, visible


def run_intake(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    items = read_1c_items(args.file, max_file_mb=runtime.settings.intake_max_file_mb,
                          max_items=runtime.settings.intake_max_items)
    kind = intake.detect_kind(items)
    if kind == "products":
        tokens = (runtime.settings.gs_token,) if runtime.settings.gs_token else ()
        result = runtime.use.intake_products(items, gs_tokens=tokens)
    else:
        result = runtime.use.intake_batches(items, runtime.timezone)
    lines = [f"{result.kind}: {result.created} created, {result.updated} updated, "
             f"{result.skipped} skipped, {len(result.rejected)} rejected"]
    for rejection in result.rejected:
        where = f", {rejection.field}" if rejection.field else ""
        lines.append(f"  item {rejection.index}{where}: {rejection.error}")
    return result.as_dict(), lines, 0


def batches_list(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    page = runtime.use.list_batches(batch_filter(args), cursor=args.cursor, limit=args.limit)
    document = {"items": [row.as_dict() for row in page.rows], "next_cursor": page.next_cursor}
    lines = _batch_table(page.rows)
    if page.next_cursor:
        lines.append(f"More: --cursor {page.next_cursor}")
    return document, lines, 0


def _batch_table(rows: tuple[BatchDTO, ...]) -> list[str]:
    if not rows:
        return ["No batches match."]
    header = ("ID", "Number", "Date", "Work center", "Shift", "Team", "Nomenclature",
              "Aggregated", "%", "State")
    table = [header] + [(
        str(row.id), str(row.batch_number), row.batch_date.isoformat(), row.work_center,
        row.shift, row.team, row.nomenclature[:30],
        f"{row.products_aggregated}/{row.products_total}", f"{row.aggregation_rate:.1f}",
        "closed" if row.is_closed else "open") for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    numeric = {0, 1, 7, 8}
    return ["  ".join(cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
                      for i, cell in enumerate(line)).rstrip() for line in table]


def batches_show(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    detail = runtime.use.get_batch(args.id, products_limit=args.products)
    batch, stats = detail.batch, detail.statistics
    lines = [
        f"Batch {batch.batch_number} of {batch.batch_date.isoformat()} (id {batch.id}), "
        f"{'closed ' + batch.closed_at.isoformat(timespec='seconds') if batch.closed_at else 'open'}",
        f"  Work center:  {batch.work_center} {batch.work_center_name}",
        f"  Shift / team: {batch.shift} / {batch.team}",
        f"  Shift:        {batch.shift_start.isoformat()} - {batch.shift_end.isoformat()}",
        f"  Nomenclature: {batch.nomenclature}  EKN: {batch.ekn_code}",
        f"  Task:         {batch.task_description}",
        f"  Products:     {stats.aggregated}/{stats.total_products} aggregated "
        f"({stats.aggregation_rate:.1f} %), {stats.remaining} remaining",
    ]
    for product in detail.products:
        when = product.aggregated_at.isoformat(timespec="seconds") if product.aggregated_at else ""
        lines.append(f"    {'x' if product.is_aggregated else ' '} {visible(product.unique_code)}"
                     f"  {when}")
    if detail.products_next_cursor:
        lines.append(f"    … more products than shown ({stats.total_products} in all)")
    return detail.as_dict(), lines, 0


def batches_update(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    requested: dict[str, str] = {}
    for assignment in args.assignments:
        name, sep, value = assignment.partition("=")
        if not sep or not name.strip():
            raise P.ASSIGNMENT_MALFORMED(assignment=assignment)
        requested[name.strip()] = value
    batch = runtime.use.update_batch(args.id, requested, runtime.timezone)
    return batch.as_dict(), [f"Batch {batch.batch_number} (id {batch.id}) updated."], 0


def batches_close(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    batch = runtime.use.close_batch(args.id, runtime.timezone)
    assert batch.closed_at is not None
    return batch.as_dict(), [f"Batch {batch.batch_number} (id {batch.id}) closed at "
                             f"{batch.closed_at.isoformat(timespec='seconds')}."], 0


def batches_reopen(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    batch = runtime.use.reopen_batch(args.id, runtime.timezone)
    return batch.as_dict(), [f"Batch {batch.batch_number} (id {batch.id}) reopened."], 0


def _codes_from(args: argparse.Namespace) -> list[str]:
    if args.file and args.codes:
        raise P.CODES_BOTH_GIVEN(field="codes")
    if args.file:
        return read_codes(args.file)
    if not args.codes:
        raise P.CODES_NONE_GIVEN(field="codes")
    return list(args.codes)


def products_add(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    tokens = (runtime.settings.gs_token,) if runtime.settings.gs_token else ()
    result = runtime.use.add_products(args.batch, _codes_from(args),
                                  gs_tokens=tokens)
    lines = [f"{result.added} codes added, {len(result.rejected)} rejected"]
    lines += [f"  {visible(e.code)}: {e.reason}" for e in result.rejected]
    return result.as_dict(), lines, 0


def run_aggregate(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    codes = _codes_from(args)
    tokens = (runtime.settings.gs_token,) if runtime.settings.gs_token else ()
    by = runtime.settings.station
    if args.file:
        handle = runtime.jobs.submit(
            "bulk_aggregation", {"batch_id": args.batch, "file": str(args.file),
                                 "codes": len(codes)},
            lambda job: runtime.use.bulk_aggregate(args.batch, codes, by=by, gs_tokens=tokens,
                progress=job.progress),
            key=f"batch:{args.batch}")
        result = handle.result()
        lines = [f"{result.aggregated} of {result.total} codes aggregated, "
                 f"{result.failed} failed"]
        lines += [f"  {visible(e.code)}: {e.reason}" for e in result.errors[:200]]
        if len(result.errors) > 200:
            lines.append(f"  … and {len(result.errors) - 200} more (use --json for all)")
        return result.as_dict(), lines, 0
    outcome = runtime.use.aggregate_list(args.batch, codes, by=by,
                                       gs_tokens=tokens, scan_id_prefix=args.scan_id_prefix)
    results = [r.as_dict() for r in outcome.results]
    lines = [f"{r.verdict:<18} {visible(r.code)}  {r.message}" for r in outcome.results]
    if outcome.problem is None:
        return results, lines, 0
    # The database was lost mid-way: the verdicts so far, the rest not processed, then why.
    print(f"mesdesk: {outcome.problem.message}", file=sys.stderr)
    return {"results": results, "error": outcome.problem.as_json()}, lines, EXIT_UNAVAILABLE
