"""How the files of the buckets read to a person (SPEC §8): sync states and their colours,
import states, the banner about files waiting for the object storage, and what an empty tab
says. Context "Files" (module-level functions translate with it explicitly, so lupdate files
them where the runtime looks for them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QColor

from mesdesk.domain.files import Bucket
from mesdesk.services.dto import FileEntry, SyncState, SyncSummary

from ...text.formats import Formats
from ...text.problems import problem_text, stored_problem_text

CONTEXT = "Files"
# The tab of the files not in the object storage yet (every bucket).
PENDING_TAB = "pending"
TABS = (Bucket.REPORTS.value, Bucket.EXPORTS.value, Bucket.IMPORTS.value, PENDING_TAB)

RED = "#b00020"
AMBER = "#a15c00"
GREEN = "#2e7d32"
BLUE = "#1565c0"
GREY = "#6d6d6d"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def number(value: int) -> str:
    return QLocale().toString(int(value))


def tab_title(tab: str) -> str:
    titles = {
        Bucket.REPORTS.value: tr("Reports"),
        Bucket.EXPORTS.value: tr("Exports"),
        Bucket.IMPORTS.value: tr("Imports"),
        PENDING_TAB: tr("Not uploaded yet"),
    }
    return titles.get(tab, tab)


def bucket_name(bucket: str) -> str:
    """A bucket as the Bucket column and the Delete question name it."""
    return tab_title(bucket) if bucket in TABS else bucket


def state_name(state: SyncState | str) -> str:
    names = {
        SyncState.LOCAL: tr("Local only"),
        SyncState.PENDING: tr("Waiting to upload"),
        SyncState.UPLOADING: tr("Uploading"),
        SyncState.SYNCED: tr("In storage"),
        SyncState.FAILED: tr("Upload failed"),
    }
    return names.get(state, str(state))


def state_colour(state: SyncState | str) -> QColor | None:
    colours = {SyncState.PENDING: AMBER, SyncState.UPLOADING: BLUE, SyncState.SYNCED: GREEN,
               SyncState.FAILED: RED, SyncState.LOCAL: GREY}
    value = colours.get(state)
    return QColor(value) if value else None


def state_tooltip(entry: FileEntry, formats: Formats) -> str:
    """Why a file is where it is: the last failure, the next attempt, the upload time."""
    lines = []
    if entry.sync_state == SyncState.LOCAL:
        lines.append(tr("No object storage is configured: the file is kept on station "
                        "{station}.").format(station=entry.station))
    if entry.sync_error is not None and entry.sync_state != SyncState.SYNCED:
        lines.append(problem_text(entry.sync_error))
    if entry.next_attempt_at is not None and entry.sync_state in (SyncState.PENDING,
                                                                  SyncState.FAILED):
        lines.append(tr("Next attempt: {time}").format(
            time=formats.datetime(entry.next_attempt_at)))
    if entry.sync_state == SyncState.SYNCED and entry.synced_at is not None:
        lines.append(tr("Uploaded: {time}").format(time=formats.datetime(entry.synced_at)))
    return "\n".join(lines) or state_name(entry.sync_state)


def import_text(entry: FileEntry) -> str:
    """The import of a file of ``imports``: Waiting, Importing, Imported: 3 created, 1 updated,
    Failed: <problem>; empty for a file that is not one to import."""
    state = entry.import_state
    if state is None:
        return ""
    result: Mapping[str, Any] = entry.import_result or {}
    if state == "waiting":
        return tr("Waiting")
    if state == "importing":
        return tr("Importing")
    if state == "imported":
        return tr("Imported: {created} created, {updated} updated").format(
            created=number(result.get("created", 0) or 0),
            updated=number(result.get("updated", 0) or 0))
    if state == "failed":
        reason = stored_problem_text(result.get("error")) or tr("no reason was recorded")
        return tr("Failed: {reason}").format(reason=reason)
    return state


def import_tooltip(entry: FileEntry) -> str:
    result: Mapping[str, Any] = entry.import_result or {}
    text = import_text(entry)
    if entry.import_state == "imported":
        errors = result.get("errors") or []
        text += "\n" + tr("Rows: {rows}, skipped: {skipped}, with errors: {errors}").format(
            rows=number(result.get("total_rows", 0) or 0),
            skipped=number(result.get("skipped", 0) or 0), errors=number(len(errors)))
    return text


def import_colour(entry: FileEntry) -> QColor | None:
    colours = {"waiting": AMBER, "importing": BLUE, "imported": GREEN, "failed": RED}
    value = colours.get(entry.import_state or "")
    return QColor(value) if value else None


def banner_text(pending: Sequence[FileEntry]) -> str:
    """"3 files wait for the object storage. Last failure: …", or "" when none waits."""
    if not pending:
        return ""
    count = len(pending)
    text = tr("1 file waits for the object storage.") if count == 1 else \
        tr("{count} files wait for the object storage.").format(count=number(count))
    failed = [entry for entry in pending if entry.sync_error is not None]
    if failed:
        last = max(failed, key=lambda entry: entry.next_attempt_at or entry.created_at)
        text += " " + tr("Last failure: {problem}").format(
            problem=problem_text(last.sync_error))
    return text


def empty_text(tab: str, storage_configured: bool) -> str:
    if tab == Bucket.REPORTS.value:
        return tr("No reports yet: a report made on the Batches page is kept here.")
    if tab == Bucket.EXPORTS.value:
        return tr("No exports yet: an export made on the Batches or Analytics page is kept "
                  "here.")
    if tab == Bucket.IMPORTS.value:
        return tr("No imports yet: files imported, uploaded here, or dropped into the "
                  "imports bucket by another system are kept here.")
    if storage_configured:
        return tr("Every file is in the object storage.")
    return tr("No object storage is configured: files are kept on this computer.")


def sync_summary_text(summary: SyncSummary) -> str:
    """What Sync now did: "Uploaded 2 files; 1 still waits."."""
    parts = [tr("Uploaded 1 file") if summary.uploaded == 1 else
             tr("Uploaded {count} files").format(count=number(summary.uploaded))]
    if summary.failed:
        parts.append(tr("{count} failed").format(count=number(summary.failed)))
    if summary.waiting:
        parts.append(tr("{count} still waits").format(count=number(summary.waiting)))
    if summary.imported:
        parts.append(tr("{count} imported").format(count=number(summary.imported)))
    return "; ".join(parts) + "."
