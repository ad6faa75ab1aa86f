"""`mesdesk webhooks …`: subscriptions, their deliveries and re-sends."""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime, timedelta, timezone, tzinfo

from mesdesk.domain import problems as P
from mesdesk.domain.subscriptions import MAX_RATE_LIMIT, shown_text
from mesdesk.runtime import Runtime
from mesdesk.services import webhooks
from mesdesk.services.dto import AttemptDTO, DeliveryDTO, DeliveryFilter, SubscriptionDTO

from .common import Outcome


def _subscription_lines(subscription: SubscriptionDTO) -> list[str]:
    state = "active" if subscription.is_active else \
        f"disabled ({subscription.disabled_reason or 'by hand'})"
    return [f"{subscription.id:>4}  {subscription.shown_url}  [{', '.join(subscription.events)}]  "
            f"{state}, retries {subscription.retry_count}, timeout {subscription.timeout} s"]


def webhooks_add(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    created, secret = runtime.use.add_subscription(args.url, args.events.split(","), secret=args.secret,
        retry_count=args.retry_count, timeout=args.timeout,
        custom_headers=_headers(args.header), rate_limit=_rate_limit(args.rate_limit))
    document = {**created.as_dict(), "secret": secret}
    lines = _subscription_lines(created) + [
        f"Secret (shown once, keep it for verifying signatures): {secret}"]
    return document, lines, 0


def webhooks_list(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    found = runtime.use.list_subscriptions()
    lines = [line for item in found for line in _subscription_lines(item)]
    return [item.as_dict() for item in found], lines or ["No webhook subscriptions."], 0


def webhooks_show(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    found = runtime.use.get_subscription(args.id)
    return found.as_dict(), _subscription_lines(found), 0


def webhooks_delete(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    runtime.use.delete_subscription(args.id)
    return {"deleted": args.id}, [f"Webhook subscription {args.id} deleted."], 0


def webhooks_update(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    if args.is_active is None and not args.clear_headers and all(
            getattr(args, name) is None for name in (
                "url", "events", "retry_count", "timeout", "rate_limit", "header")):
        raise P.CLI_USAGE(reason="nothing to change: give --url, --events, --retry-count, "
                                 "--timeout, --rate-limit, --header, --clear-headers, "
                                 "--active or --inactive")
    headers = {} if args.clear_headers else _headers(args.header)
    updated = runtime.use.update_subscription(args.id, url=args.url,
        events=None if args.events is None else args.events.split(","),
        retry_count=args.retry_count, timeout=args.timeout, custom_headers=headers,
        rate_limit=webhooks.UNSET if args.rate_limit is None else _rate_limit(args.rate_limit),
        is_active=args.is_active)
    return updated.as_dict(), _subscription_lines(updated), 0


def webhooks_test(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    delivery = runtime.use.send_test_event(args.id)
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
    page = runtime.use.list_deliveries(flt, cursor=args.cursor,
                                    limit=args.limit)
    document = {"items": [row.as_dict() for row in page.rows], "next_cursor": page.next_cursor,
                "queue_length": runtime.use.queue_length()}
    lines = _delivery_table(page.rows, tz)
    if page.next_cursor:
        lines.append(f"More: --cursor {page.next_cursor}")
    return document, lines, 0


def webhooks_attempts(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    delivery = runtime.use.get_delivery(args.delivery_id)
    attempts = runtime.use.delivery_attempts(args.delivery_id)
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
        count = runtime.use.resend_failed(since=since, until=until,
                                       subscription_id=args.subscription)
        return {"requeued": count}, [f"{count} failed deliveries queued to be sent again."], 0
    if args.delivery_id is None:
        raise P.CLI_USAGE(reason="give the DELIVERY_ID to re-send, or --failed --since T")
    for name in ("since", "until", "subscription"):
        if getattr(args, name) is not None:
            raise P.CLI_USAGE(reason=f"--{name} goes with --failed")
    delivery = runtime.use.resend_delivery(args.delivery_id)
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
