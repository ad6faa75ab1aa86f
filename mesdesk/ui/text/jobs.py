"""How jobs read to a person: kind and status names, progress, a one-line outcome, times.

Shared by the jobs panel and the ``JobProgress`` widget. Module-level functions translate with
an explicit context ("Jobs") so that lupdate files them where the runtime looks for them.

Errors and progress messages are stored as problems (code + params) and rendered here in the
reader's language; the stored English is shown only for rows without one (older rows, work
that reports plain text). A result is rendered from its data: known keys by a translated label
(:func:`result_label`), numbers with the locale's grouping.
"""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QColor

from mesdesk.jobs.runner import json_result

from .problems import stored_problem_text

QUEUED, RUNNING = "queued", "running"
SUCCEEDED, FAILED, CANCELLED = "succeeded", "failed", "cancelled"
ACTIVE = (QUEUED, RUNNING)
FINAL = (SUCCEEDED, FAILED, CANCELLED)


def number(value: int) -> str:
    """An integer with the user's digit grouping."""
    return QLocale().toString(int(value))


def kind_name(kind: str) -> str:
    names = {
        "import": QCoreApplication.translate("Jobs", "Import"),
        "export": QCoreApplication.translate("Jobs", "Export"),
        "export_batches": QCoreApplication.translate("Jobs", "Export of batches"),
        "export_products": QCoreApplication.translate("Jobs", "Export of product codes"),
        "report": QCoreApplication.translate("Jobs", "Report"),
        "export_dashboard": QCoreApplication.translate("Jobs", "Export of the dashboard"),
        "export_batch_statistics": QCoreApplication.translate(
            "Jobs", "Export of batch statistics"),
        "export_comparison": QCoreApplication.translate("Jobs", "Export of a comparison"),
        "bulk_aggregation": QCoreApplication.translate("Jobs", "Bulk aggregation"),
        "sync": QCoreApplication.translate("Jobs", "File sync"),
        "file_sync": QCoreApplication.translate("Jobs", "File sync"),
        "retry_failed_webhooks": QCoreApplication.translate("Jobs", "Webhook retries"),
    }
    return names.get(kind) or kind.replace("_", " ").capitalize()


def status_name(status: str) -> str:
    names = {
        QUEUED: QCoreApplication.translate("Jobs", "Queued"),
        RUNNING: QCoreApplication.translate("Jobs", "Running"),
        SUCCEEDED: QCoreApplication.translate("Jobs", "Succeeded"),
        FAILED: QCoreApplication.translate("Jobs", "Failed"),
        CANCELLED: QCoreApplication.translate("Jobs", "Cancelled"),
    }
    return names.get(status, status)


def status_colour(status: str) -> QColor | None:
    colours = {RUNNING: "#1565c0", SUCCEEDED: "#2e7d32", FAILED: "#b00020",
               CANCELLED: "#6d6d6d"}
    value = colours.get(status)
    return QColor(value) if value else None


def progress_text(done: int, total: int | None, status: str) -> str:
    """"42 % (420 of 1,000)" with a known total, else the count done ("1,200 done"); empty
    when nothing was reported (a queued job, one that never got going)."""
    if total:
        percent = min(100, int(done * 100 / total))
        return QCoreApplication.translate("Jobs", "{percent} % ({done} of {total})").format(
            percent=percent, done=number(done), total=number(total))
    if status == SUCCEEDED:
        return QCoreApplication.translate("Jobs", "Done")
    if not done:
        return ""
    return QCoreApplication.translate("Jobs", "{done} done").format(done=number(done))


def message_text(message: str | None, message_problem: Any = None) -> str:
    """A progress message in the user's language (its problem), else the stored text."""
    return stored_problem_text(message_problem, message) or ""


def error_text(error: str | None, error_problem: Any = None) -> str:
    """A job's error in the user's language (its problem), else the stored English."""
    return stored_problem_text(error_problem, error) or ""


def result_label(key: str) -> str:
    """A result key as a person reads it: translated when known, else the key in words."""
    labels = {
        "requeued": QCoreApplication.translate("Jobs", "re-queued deliveries"),
        "success": QCoreApplication.translate("Jobs", "success"),
        "kind": QCoreApplication.translate("Jobs", "kind"),
        "total": QCoreApplication.translate("Jobs", "total"),
        "total_rows": QCoreApplication.translate("Jobs", "total rows"),
        "rows": QCoreApplication.translate("Jobs", "rows"),
        "aggregated": QCoreApplication.translate("Jobs", "aggregated"),
        "added": QCoreApplication.translate("Jobs", "added"),
        "created": QCoreApplication.translate("Jobs", "created"),
        "updated": QCoreApplication.translate("Jobs", "updated"),
        "skipped": QCoreApplication.translate("Jobs", "skipped"),
        "failed": QCoreApplication.translate("Jobs", "failed"),
        "rejected": QCoreApplication.translate("Jobs", "rejected"),
        "errors": QCoreApplication.translate("Jobs", "errors"),
        "warnings": QCoreApplication.translate("Jobs", "warnings"),
        "batch_id": QCoreApplication.translate("Jobs", "batch"),
        "report_type": QCoreApplication.translate("Jobs", "report"),
        "file": QCoreApplication.translate("Jobs", "file"),
        "file_url": QCoreApplication.translate("Jobs", "link"),
        "expires_at": QCoreApplication.translate("Jobs", "expires"),
    }
    return labels.get(key) or key.replace("_", " ")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return QCoreApplication.translate("Jobs", "yes") if value else \
            QCoreApplication.translate("Jobs", "no")
    if isinstance(value, (list, tuple, dict)):
        return number(len(value))
    if value is None:
        return "—"
    if isinstance(value, int):
        return number(value)
    return str(value)


# Results come back from JSONB with their keys reordered (by length): show the known ones in
# a reading order, whichever station's runner reported them, and the rest alphabetically.
_KEY_ORDER = ("success", "kind", "total", "total_rows", "rows", "aggregated", "added",
              "created", "updated", "skipped", "failed", "rejected", "errors", "batch_id",
              "report_type", "file", "file_url", "expires_at")


def ordered(value: Any) -> Any:
    """``value`` with every dict's keys in reading order (see ``_KEY_ORDER``)."""
    if isinstance(value, dict):
        rank = {key: number for number, key in enumerate(_KEY_ORDER)}
        keys = sorted(value, key=lambda k: (rank.get(k, len(rank)), str(k)))
        return {key: ordered(value[key]) for key in keys}
    if isinstance(value, list):
        return [ordered(item) for item in value]
    return value


def outcome_text(status: str, result: Any, error: str | None,
                 error_problem: Any = None) -> str:
    """One line: the result's numbers for a succeeded job, the error for a failed one."""
    if status in (FAILED, CANCELLED):
        text = error_text(error, error_problem).strip()
        return text.splitlines()[0] if text else status_name(status)
    if status != SUCCEEDED:
        return ""
    if result is None:
        return QCoreApplication.translate("Jobs", "Finished")
    if isinstance(result, dict):
        parts = [QCoreApplication.translate("Jobs", "{label}: {value}").format(
                     label=result_label(key), value=_scalar(value))
                 for key, value in ordered(result).items() if not isinstance(value, dict)]
        return ", ".join(parts) if parts else QCoreApplication.translate("Jobs", "Finished")
    if isinstance(result, (list, tuple)):
        return QCoreApplication.translate("Jobs", "{count} items").format(
            count=number(len(result)))
    return str(result)


def result_summary(result: Any) -> str:
    """The one-line outcome of a succeeded job from its return value as returned (a DTO)."""
    text = outcome_text(SUCCEEDED, json_result(result), None)
    return "" if result is None else text


def result_json(result: Any) -> str:
    return json.dumps(ordered(result), ensure_ascii=False, indent=2, default=str)


def format_time(value: datetime | None, tz: tzinfo | None, now: datetime | None = None) -> str:
    """Today's times as HH:MM:SS, older ones with their date; in the production time zone."""
    if value is None:
        return ""
    local = value.astimezone(tz) if tz is not None and value.tzinfo is not None else value
    reference = (now or datetime.now(local.tzinfo)).astimezone(local.tzinfo) \
        if local.tzinfo is not None else (now or datetime.now())
    if local.date() == reference.date():
        return local.strftime("%H:%M:%S")
    return local.strftime("%Y-%m-%d %H:%M")


def full_time(value: datetime | None, tz: tzinfo | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(tz) if tz is not None and value.tzinfo is not None else value
    return local.strftime("%Y-%m-%d %H:%M:%S %Z").strip()
