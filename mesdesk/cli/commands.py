"""The subcommand handlers: each returns (JSON document, text lines, exit code)."""

from __future__ import annotations

import argparse
import re
import signal
import sys
import threading
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from mesdesk.runtime import Runtime
from mesdesk.cli import EXIT_UNAVAILABLE
from mesdesk.domain import problems as P
from mesdesk.domain.codes import parse_code
from mesdesk.domain.errors import CodeFormatError, ValidationError
from mesdesk.domain.subscriptions import MAX_RATE_LIMIT, shown_text
from mesdesk.services import aggregation, batches, intake, scan_list, webhooks
from mesdesk.services.demo import fill_demo
from mesdesk.services.input_files import read_1c_items, read_codes
from mesdesk.services.dto import (AttemptDTO, BatchDTO, BatchFilter, DeliveryDTO,
                                  DeliveryFilter, SubscriptionDTO)


Outcome = tuple[Any, list[str], int]


def run_worker(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    """Headless: the outbox dispatcher and the scheduled jobs (§9) until SIGINT or SIGTERM
    (a server's service manager). Any number of workers and apps may run at once."""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    scheduler = runtime.workers.scheduler
    runtime.workers.start()
    print(f"MESDesk worker on {runtime.settings.station} ({runtime.mode} database): "
          f"dispatching webhooks, scheduled jobs: {', '.join(scheduler.tasks)}. Ctrl+C stops.",
          file=sys.stderr, flush=True)
    stop.wait()
    runtime.workers.stop()
    return {"stopped": True}, ["Worker stopped."], 0


def _subscription_lines(subscription: SubscriptionDTO) -> list[str]:
    state = "active" if subscription.is_active else \
        f"disabled ({subscription.disabled_reason or 'by hand'})"
    return [f"{subscription.id:>4}  {subscription.shown_url}  [{', '.join(subscription.events)}]  "
            f"{state}, retries {subscription.retry_count}, timeout {subscription.timeout} s"]


def webhooks_add(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    created, secret = webhooks.add_subscription(
        runtime.uow_factory, args.url, args.events.split(","), secret=args.secret,
        retry_count=args.retry_count, timeout=args.timeout,
        custom_headers=_headers(args.header), rate_limit=_rate_limit(args.rate_limit))
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


def webhooks_update(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    if args.is_active is None and not args.clear_headers and all(
            getattr(args, name) is None for name in (
                "url", "events", "retry_count", "timeout", "rate_limit", "header")):
        raise P.CLI_USAGE(reason="nothing to change: give --url, --events, --retry-count, "
                                 "--timeout, --rate-limit, --header, --clear-headers, "
                                 "--active or --inactive")
    headers = {} if args.clear_headers else _headers(args.header)
    updated = webhooks.update_subscription(
        runtime.uow_factory, args.id, url=args.url,
        events=None if args.events is None else args.events.split(","),
        retry_count=args.retry_count, timeout=args.timeout, custom_headers=headers,
        rate_limit=webhooks.UNSET if args.rate_limit is None else _rate_limit(args.rate_limit),
        is_active=args.is_active)
    return updated.as_dict(), _subscription_lines(updated), 0


def webhooks_test(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    delivery = webhooks.send_test_event(runtime.uow_factory, args.id)
    lines = [f"Test event queued as delivery {delivery.id} (event {delivery.event_id}) for "
             f"{delivery.subscription_url}.",
             "A running dispatcher sends it: the MESDesk app or `mesdesk worker`. "
             f"See `mesdesk webhooks attempts {delivery.id}`."]
    return delivery.as_dict(), lines, 0


def webhooks_deliveries(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    tz = runtime.timezone
    flt = DeliveryFilter(subscription_id=args.subscription, status=args.status,
                         event_type=args.event, since=_moment(args.since, "since", tz),
                         until=_moment(args.until, "until", tz))
    page = webhooks.list_deliveries(runtime.uow_factory, flt, cursor=args.cursor,
                                    limit=args.limit)
    document = {"items": [row.as_dict() for row in page.rows], "next_cursor": page.next_cursor,
                "queue_length": webhooks.queue_length(runtime.uow_factory)}
    lines = _delivery_table(page.rows, tz)
    if page.next_cursor:
        lines.append(f"More: --cursor {page.next_cursor}")
    return document, lines, 0


def webhooks_attempts(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    delivery = webhooks.get_delivery(runtime.uow_factory, args.delivery_id)
    attempts = webhooks.delivery_attempts(runtime.uow_factory, args.delivery_id)
    tz = runtime.timezone
    lines = _delivery_table((delivery,), tz)[1:] + _attempt_lines(attempts, tz)
    return {**delivery.as_dict(), "attempt_log": [a.as_dict() for a in attempts]}, lines, 0


def webhooks_resend(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    if args.failed:
        if args.delivery_id is not None:
            raise P.CLI_USAGE(reason="give a DELIVERY_ID or --failed, not both")
        if not args.since:
            raise P.CLI_USAGE(reason="--failed needs --since (and optionally --until)")
        tz = runtime.timezone
        since = _moment(args.since, "since", tz)
        until = _moment(args.until, "until", tz) or datetime.now(timezone.utc)
        assert since is not None
        count = webhooks.resend_failed(runtime.uow_factory, since=since, until=until,
                                       subscription_id=args.subscription)
        return {"requeued": count}, [f"{count} failed deliveries queued to be sent again."], 0
    if args.delivery_id is None:
        raise P.CLI_USAGE(reason="give the DELIVERY_ID to re-send, or --failed --since T")
    for name in ("since", "until", "subscription"):
        if getattr(args, name) is not None:
            raise P.CLI_USAGE(reason=f"--{name} goes with --failed")
    delivery = webhooks.resend_delivery(runtime.uow_factory, args.delivery_id)
    lines = [f"Delivery {delivery.id} ({delivery.event_type} to {delivery.subscription_url}) "
             "queued to be sent again; a running dispatcher (the app or `mesdesk worker`) "
             "sends it."]
    return delivery.as_dict(), lines, 0


def _headers(pairs: list[str] | None) -> dict[str, str] | None:
    if pairs is None:
        return None
    headers: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise P.HEADER_PAIR_INVALID(text=shown_text(pair), field="custom_headers")
        headers[name.strip()] = value
    return headers


def _rate_limit(value: int) -> int | None:
    if not 0 <= value <= MAX_RATE_LIMIT:
        # 0 is "no limit" on the command line
        raise P.SUBSCRIPTION_RATE_LIMIT_RANGE(minimum=0, maximum=MAX_RATE_LIMIT, value=value,
                                              field="rate_limit")
    return value or None


_AGO = re.compile(r"^\s*(\d+)\s*([mhd])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def _moment(text: str | None, field: str, tz: tzinfo) -> datetime | None:
    """A time from the command line: ISO 8601 (production time unless it has an offset), a
    date (its midnight), or ``30m`` / ``24h`` / ``7d`` ago."""
    if text is None:
        return None
    ago = _AGO.match(text)
    try:
        if ago:
            return datetime.now(timezone.utc) - timedelta(**{_UNITS[ago[2]]: int(ago[1])})
        moment = datetime.fromisoformat(text.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        moment.astimezone(timezone.utc)   # beyond year 1 or 9999 once in UTC: OverflowError
    except ValueError:
        raise P.WEBHOOK_TIME_UNREADABLE(text=shown_text(text), field=field) from None
    except OverflowError:
        raise P.WEBHOOK_TIME_OUT_OF_RANGE(text=shown_text(text), field=field) from None
    return moment


def _when(moment: datetime | date | None, tz: tzinfo) -> str:
    if not isinstance(moment, datetime):
        return ""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def _delivery_table(rows: tuple[DeliveryDTO, ...], tz: tzinfo) -> list[str]:
    if not rows:
        return ["No deliveries match."]
    header = ("ID", "Created", "Sub", "Event", "Status", "Tries", "Next / delivered",
              "Last answer")
    table = [header] + [(
        str(row.id), _when(row.created_at, tz), str(row.subscription_id), row.event_type,
        row.status, str(row.attempts),
        _when(row.delivered_at if row.status == "success" else row.next_attempt_at, tz),
        _last_answer(row)) for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    numeric = {0, 2, 5}
    return ["  ".join(cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
                      for i, cell in enumerate(line)).rstrip() for line in table]


def _last_answer(delivery: DeliveryDTO) -> str:
    if delivery.error_message and delivery.status != "success":
        return " ".join(delivery.error_message.split())[:100]
    return f"HTTP {delivery.response_status}" if delivery.response_status is not None else ""


def _attempt_lines(attempts: list[AttemptDTO], tz: tzinfo) -> list[str]:
    if not attempts:
        return ["  No attempts yet."]
    lines = []
    for number, attempt in enumerate(attempts, 1):
        outcome = (f"HTTP {attempt.status_code}" if attempt.status_code is not None
                   else attempt.error_class or "no answer")
        excerpt = " ".join((attempt.response_excerpt or "").split())[:80]
        lines.append(f"  #{number}  {_when(attempt.attempted_at, tz)}  {outcome}"
                     f"  {attempt.duration_ms if attempt.duration_ms is not None else '?'} ms"
                     + (f"  {excerpt}" if excerpt else ""))
    return lines


def db_upgrade(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    status = runtime.schema_status()  # bootstrap has upgraded already
    document = {"mode": runtime.mode, "revision": status.current, "head": status.head}
    return document, [f"Schema is at revision {status.current} (newest)."], 0


def db_status(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    status = runtime.schema_status()
    url = runtime.database_url
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
    items = read_1c_items(args.file, max_file_mb=runtime.settings.intake_max_file_mb,
                          max_items=runtime.settings.intake_max_items)
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
            raise P.ASSIGNMENT_MALFORMED(assignment=assignment)
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
        raise P.CODES_BOTH_GIVEN(field="codes")
    if args.file:
        return read_codes(args.file)
    if not args.codes:
        raise P.CODES_NONE_GIVEN(field="codes")
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
    outcome = scan_list.aggregate_list(runtime.uow_factory, args.batch, codes, by=by,
                                       gs_tokens=tokens, scan_id_prefix=args.scan_id_prefix)
    results = [r.as_dict() for r in outcome.results]
    lines = [f"{r.verdict:<18} {_visible(r.code)}  {r.message}" for r in outcome.results]
    if outcome.problem is None:
        return results, lines, 0
    # The database was lost mid-way: the verdicts so far, the rest not processed, then why.
    print(f"mesdesk: {outcome.problem.message}", file=sys.stderr)
    return {"results": results, "error": outcome.problem.as_json()}, lines, EXIT_UNAVAILABLE


def codes_check(runtime: Runtime | None, args: argparse.Namespace) -> Outcome:
    document: list[dict[str, Any]] = []
    lines: list[str] = []
    for raw in args.codes:
        try:
            code = parse_code(raw)
        except CodeFormatError as exc:
            document.append({"code": raw, "ok": False, "identity": None, "gtin": None,
                             "serial": None, "gs_restored": False, "error": exc.message,
                             "error_code": exc.kind.value,
                             "problem": {"code": exc.code,
                                         "params": dict(exc.problem.params)}})
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
    ("webhooks", "update"): webhooks_update,
    ("webhooks", "test"): webhooks_test,
    ("webhooks", "deliveries"): webhooks_deliveries,
    ("webhooks", "attempts"): webhooks_attempts,
    ("webhooks", "resend"): webhooks_resend,
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

