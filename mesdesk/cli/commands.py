"""The subcommand handlers: each returns (JSON document, text lines, exit code)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any

from mesdesk.bootstrap import Runtime
from mesdesk.domain.codes import parse_code
from mesdesk.domain.errors import CodeFormatError, ValidationError
from mesdesk.services import aggregation, batches, intake, webhooks
from mesdesk.services.demo import fill_demo
from mesdesk.services.input_files import read_1c_items, read_codes
from mesdesk.services.dto import BatchDTO, BatchFilter, SubscriptionDTO


Outcome = tuple[Any, list[str], int]


def run_worker(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    """Headless: the outbox dispatcher until SIGINT or SIGTERM (a server's service manager)."""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    dispatcher = runtime.dispatcher
    dispatcher.start()
    print(f"MESDesk worker on {runtime.settings.station} ({runtime.mode} database): "
          "dispatching webhooks. Ctrl+C stops.", file=sys.stderr, flush=True)
    stop.wait()
    dispatcher.stop()
    return {"stopped": True}, ["Worker stopped."], 0


def _subscription_lines(subscription: SubscriptionDTO) -> list[str]:
    state = "active" if subscription.is_active else \
        f"disabled ({subscription.disabled_reason or 'by hand'})"
    return [f"{subscription.id:>4}  {subscription.url}  [{', '.join(subscription.events)}]  "
            f"{state}, retries {subscription.retry_count}, timeout {subscription.timeout} s"]


def webhooks_add(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    created, secret = webhooks.add_subscription(
        runtime.uow_factory, args.url, args.events.split(","), secret=args.secret,
        retry_count=args.retry_count, timeout=args.timeout)
    document = {**created.as_dict(), "secret": secret}
    lines = _subscription_lines(created) + [
        f"Secret (shown once, keep it for verifying signatures): {secret}"]
    return document, lines, 0


def webhooks_list(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    found = webhooks.list_subscriptions(runtime.uow_factory)
    lines = [line for item in found for line in _subscription_lines(item)]
    return [item.as_dict() for item in found], lines or ["No webhook subscriptions."], 0


def webhooks_show(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    found = webhooks.get_subscription(runtime.uow_factory, args.id)
    return found.as_dict(), _subscription_lines(found), 0


def webhooks_delete(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    webhooks.delete_subscription(runtime.uow_factory, args.id)
    return {"deleted": args.id}, [f"Webhook subscription {args.id} deleted."], 0


def db_upgrade(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    status = runtime.schema_status()  # Runtime.open has upgraded already
    document = {"mode": runtime.mode, "revision": status.current, "head": status.head}
    return document, [f"Schema is at revision {status.current} (newest)."], 0


def db_status(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    status = runtime.schema_status()
    url = runtime.engine.url.render_as_string(hide_password=True)
    document = {"mode": runtime.mode, "url": url, "revision": status.current,
                "head": status.head, "up_to_date": status.up_to_date}
    lines = [f"Mode:     {runtime.mode}", f"Database: {url}",
             f"Schema:   {status.current} ({'up to date' if status.up_to_date else 'behind ' + status.head})"]
    return document, lines, 0


def run_demo(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    summary = fill_demo(runtime.uow_factory, runtime.timezone, batches=args.batches,
                        seed=args.seed)
    lines = [f"Demo data: {summary['batches']} batches over {summary['work_centers']} work "
             f"centers, {summary['products']} codes, {summary['aggregated']} aggregated."]
    return summary, lines, 0


def run_intake(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    items = read_1c_items(args.file)
    kind = intake.detect_kind(items)
    if kind == "products":
        tokens = (runtime.settings.gs_token,) if runtime.settings.gs_token else ()
        result = intake.intake_products(runtime.uow_factory, items, gs_tokens=tokens)
    else:
        result = intake.intake_batches(runtime.uow_factory, items, runtime.timezone)
    lines = [f"{result.kind}: {result.created} created, {result.updated} updated, "
             f"{result.skipped} skipped, {len(result.rejected)} rejected"]
    for rejection in result.rejected:
        where = f", {rejection.field}" if rejection.field else ""
        lines.append(f"  item {rejection.index}{where}: {rejection.error}")
    return result.as_dict(), lines, 0


def batches_list(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    flt = BatchFilter(is_closed=args.is_closed, batch_number=args.number,
                      date_from=args.date_from, date_to=args.date_to,
                      work_center=args.work_center, shift=args.shift, team=args.team,
                      search=args.search, sort=args.sort, descending=not args.ascending)
    page = batches.list_batches(runtime.uow_factory, flt, cursor=args.cursor, limit=args.limit)
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
    detail = batches.get_batch(runtime.uow_factory, args.id, products_limit=args.products)
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
        lines.append(f"    {'x' if product.is_aggregated else ' '} {_visible(product.unique_code)}"
                     f"  {when}")
    if detail.products_next_cursor:
        lines.append(f"    … more products than shown ({stats.total_products} in all)")
    return detail.as_dict(), lines, 0


def batches_update(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    requested: dict[str, str] = {}
    for assignment in args.assignments:
        name, sep, value = assignment.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"expected FIELD=VALUE, got {assignment!r}")
        requested[name.strip()] = value
    batch = batches.update_batch(runtime.uow_factory, args.id, requested, runtime.timezone)
    return batch.as_dict(), [f"Batch {batch.batch_number} (id {batch.id}) updated."], 0


def batches_close(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    batch = batches.close_batch(runtime.uow_factory, args.id, runtime.timezone)
    assert batch.closed_at is not None
    return batch.as_dict(), [f"Batch {batch.batch_number} (id {batch.id}) closed at "
                             f"{batch.closed_at.isoformat(timespec='seconds')}."], 0


def batches_reopen(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    batch = batches.reopen_batch(runtime.uow_factory, args.id, runtime.timezone)
    return batch.as_dict(), [f"Batch {batch.batch_number} (id {batch.id}) reopened."], 0


def _codes_from(args: argparse.Namespace) -> list[str]:
    if args.file and args.codes:
        raise ValidationError("give codes or --file, not both", field="codes")
    if args.file:
        return read_codes(args.file)
    if not args.codes:
        raise ValidationError("give at least one code, or --file", field="codes")
    return list(args.codes)


def products_add(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    tokens = (runtime.settings.gs_token,) if runtime.settings.gs_token else ()
    result = batches.add_products(runtime.uow_factory, args.batch, _codes_from(args),
                                  gs_tokens=tokens)
    lines = [f"{result.added} codes added, {len(result.rejected)} rejected"]
    lines += [f"  {_visible(e.code)}: {e.reason}" for e in result.rejected]
    return result.as_dict(), lines, 0


def run_aggregate(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    codes = _codes_from(args)
    tokens = (runtime.settings.gs_token,) if runtime.settings.gs_token else ()
    by = runtime.settings.station
    if args.file:
        handle = runtime.jobs.submit(
            "bulk_aggregation", {"batch_id": args.batch, "file": str(args.file),
                                 "codes": len(codes)},
            lambda job: aggregation.bulk_aggregate(
                runtime.uow_factory, args.batch, codes, by=by, gs_tokens=tokens,
                progress=job.progress),
            key=f"batch:{args.batch}")
        result = handle.result()
        lines = [f"{result.aggregated} of {result.total} codes aggregated, "
                 f"{result.failed} failed"]
        lines += [f"  {_visible(e.code)}: {e.reason}" for e in result.errors[:200]]
        if len(result.errors) > 200:
            lines.append(f"  … and {len(result.errors) - 200} more (use --json for all)")
        return result.as_dict(), lines, 0
    results = [aggregation.aggregate_scan(runtime.uow_factory, args.batch, code, by=by,
                                          gs_tokens=tokens) for code in codes]
    lines = [f"{r.verdict:<18} {_visible(r.code)}  {r.message}" for r in results]
    return [r.as_dict() for r in results], lines, 0


def codes_check(runtime: Runtime | None, args: argparse.Namespace) -> Outcome:
    document: list[dict[str, Any]] = []
    lines: list[str] = []
    for raw in args.codes:
        try:
            code = parse_code(raw)
        except CodeFormatError as exc:
            document.append({"code": raw, "ok": False, "identity": None, "gtin": None,
                             "serial": None, "gs_restored": False, "error": exc.message,
                             "error_code": exc.code})
            lines.append(f"BAD  {_visible(raw)}: {exc.message}")
            continue
        flags = [name for name, on in (("GS restored", code.gs_restored),
                                       ("layout repaired", code.layout_repaired)) if on]
        document.append({"code": raw, "ok": True, "identity": code.identity,
                         "gtin": code.gtin, "serial": code.serial,
                         "gs_restored": code.gs_restored,
                         "layout_repaired": code.layout_repaired, "error": None})
        kind = f"GTIN {code.gtin} serial {code.serial}" if code.is_gs1 else "opaque code"
        lines.append(f"OK   {_visible(raw)}: identity {code.identity} ({kind})"
                     + (f" [{', '.join(flags)}]" if flags else ""))
    return document, lines, 0


def _visible(code: str) -> str:
    """Control characters made visible for a terminal: GS as <GS>."""
    return "".join("<GS>" if ch == "\x1d" else f"<U+{ord(ch):04X}>" if ord(ch) < 32 else ch
                   for ch in code)


COMMANDS = {
    ("db", "upgrade"): db_upgrade,
    ("db", "status"): db_status,
    ("demo", None): run_demo,
    ("worker", None): run_worker,
    ("webhooks", "add"): webhooks_add,
    ("webhooks", "list"): webhooks_list,
    ("webhooks", "show"): webhooks_show,
    ("webhooks", "delete"): webhooks_delete,
    ("intake", None): run_intake,
    ("batches", "list"): batches_list,
    ("batches", "show"): batches_show,
    ("batches", "update"): batches_update,
    ("batches", "close"): batches_close,
    ("batches", "reopen"): batches_reopen,
    ("products", "add"): products_add,
    ("aggregate", None): run_aggregate,
    ("codes", "check"): codes_check,
}

