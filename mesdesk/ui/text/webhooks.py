"""How webhook subscriptions and deliveries read to a person: event, health and status
names, their colours, and times in the production time zone. What a subscription's health is
is decided in ``views/webhooks/screen.py`` (``Health``, without Qt); its words are here.

Module-level functions translate with an explicit context ("Webhooks") so that lupdate files
them where the runtime looks for them.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QColor

from mesdesk.domain.events import EVENT_TYPES, PING
from mesdesk.services.dto import SubscriptionDTO

from .jobs import format_time, full_time
from .problems import CONTEXT as PROBLEM_CONTEXT
from .problems import stored_problem_text

CONTEXT = "Webhooks"
PENDING, SUCCESS, FAILED = "pending", "success", "failed"
STATUSES = (PENDING, SUCCESS, FAILED)

RED = "#b00020"
AMBER = "#a15c00"
GREEN = "#2e7d32"
GREY = "#6d6d6d"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def number(value: int) -> str:
    return QLocale().toString(int(value))


def event_name(event: str) -> str:
    """The §6 event type as it reads in a list (the type itself stays visible: receivers
    switch on it)."""
    names = {
        "batch_created": tr("Batch created"),
        "batch_updated": tr("Batch updated"),
        "batch_closed": tr("Batch closed"),
        "product_aggregated": tr("Product aggregated"),
        "report_generated": tr("Report generated"),
        "import_completed": tr("Import completed"),
        PING: tr("Test event"),
    }
    return names.get(event, event)


def event_hint(event: str) -> str:
    hints = {
        "batch_created": tr("A batch was created by hand or by a 1C import."),
        "batch_updated": tr("A batch's fields were changed or it was reopened."),
        "batch_closed": tr("A batch was closed by a supervisor or at the end of its shift."),
        "product_aggregated": tr("A product code was scanned into its batch (one per code)."),
        "report_generated": tr("A batch report is ready, with its link."),
        "import_completed": tr("An import of a file finished, with its counts."),
        PING: tr("Sent by the Send test event button; the test is sent whether or not this "
                 "is ticked."),
    }
    return hints.get(event, "")


def subscribable_events() -> tuple[str, ...]:
    """Every event type the domain accepts in a subscription, in the domain's order."""
    return EVENT_TYPES


def events_text(events: tuple[str, ...] | list[str]) -> str:
    if set(events) >= set(EVENT_TYPES) - {PING}:
        return tr("All events")
    return ", ".join(events)


# -- deliveries -------------------------------------------------------------------------------

def status_name(status: str, attempts: int = 0) -> str:
    if status == PENDING and attempts:
        return tr("Retrying")
    names = {PENDING: tr("Pending"), SUCCESS: tr("Delivered"), FAILED: tr("Failed")}
    return names.get(status, status)


def status_filter_name(status: str) -> str:
    names = {PENDING: tr("Pending or retrying"), SUCCESS: tr("Delivered"),
             FAILED: tr("Failed")}
    return names.get(status, status)


def status_colour(status: str, attempts: int = 0) -> QColor:
    if status == SUCCESS:
        return QColor(GREEN)
    if status == FAILED:
        return QColor(RED)
    return QColor(AMBER if attempts else GREY)


# -- subscriptions ----------------------------------------------------------------------------

def health_state(health: Any) -> str:
    """The State column: ``health`` is a ``views.webhooks.screen.Health``."""
    names = {"healthy": tr("Active"), "failing": tr("Active, failing"),
             "disabled": tr("Disabled"), "off": tr("Inactive")}
    return names.get(str(health.kind), str(health.kind))


def health_colour(health: Any) -> QColor:
    colours = {"healthy": GREEN, "failing": AMBER, "disabled": RED, "off": GREY}
    return QColor(colours.get(str(health.kind), GREY))


def disabled_reason_text(health: Any) -> str:
    """Why MESDesk disabled a subscription, in the user's language: the stored problem; the
    stored English sentence when there is none (a reason written by an older version)."""
    problem = health.problem
    if problem is None:
        return health.reason or ""
    said = stored_problem_text({"code": problem.code, "params": dict(problem.params)}) or ""
    # It follows "Disabled by MESDesk:": a sentence that starts with a word, not a name, goes
    # on in lower case, as the template is written.
    template = QCoreApplication.translate(PROBLEM_CONTEXT, problem.type.template, problem.code)
    return said[:1].lower() + said[1:] if template[:1].islower() else said


def health_problem(health: Any, tz: tzinfo | None) -> str:
    """What a supervisor must know about the subscription's health, plainly; empty when
    nothing is wrong."""
    kind = str(health.kind)
    if kind == "disabled":
        return tr("Disabled by MESDesk: {reason}").format(reason=disabled_reason_text(health))
    if kind == "off":
        return tr("Switched off by hand: nothing is sent until it is made active again.")
    if kind == "failing":
        since = format_time(health.failing_since, tz) if health.failing_since else ""
        if since:
            return tr("Failing since {time}; disabled after 24 h without a success.").format(
                time=since)
        return tr("The last attempt failed.")
    return ""


def subscription_summary(sub: SubscriptionDTO) -> str:
    """The settings that are not in the table's columns, in one line."""
    headers = ", ".join(sorted(sub.custom_headers)) if sub.custom_headers else tr("none")
    return tr("Retries: {retries}, timeout: {timeout} s, rate limit: {rate}, extra headers: "
              "{headers}.").format(retries=sub.retry_count, timeout=sub.timeout,
                                   rate=rate_limit_text(sub.rate_limit), headers=headers)


def rate_limit_text(rate_limit: int | None) -> str:
    if not rate_limit:
        return tr("unlimited")
    return tr("{count} requests/s").format(count=number(rate_limit))


def short_time(value: datetime | None, tz: tzinfo | None) -> str:
    return format_time(value, tz)


def long_time(value: datetime | None, tz: tzinfo | None) -> str:
    return full_time(value, tz)


def duration_text(milliseconds: int | None) -> str:
    if milliseconds is None:
        return ""
    if milliseconds < 1000:
        return tr("{ms} ms").format(ms=number(milliseconds))
    return tr("{s} s").format(s=QLocale().toString(milliseconds / 1000, "f", 1))
