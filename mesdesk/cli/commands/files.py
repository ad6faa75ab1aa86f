"""`mesdesk files list | get | link | put | delete | sync`: the files of the three buckets (§8).

    mesdesk files list exports
    mesdesk files get reports batch_17_report_20261204_081500.pdf -o ~/Desktop
    mesdesk files put imports batches.xlsx

BUCKET is checked before any work (``file.bucket_unknown``); ``put`` takes ``imports`` only.
``put`` and ``sync`` run as jobs (a ``jobs`` row, progress on a terminal, Ctrl+C cancels).
"""

from __future__ import annotations

import argparse
from datetime import datetime, tzinfo
from pathlib import Path, PurePath

from mesdesk.domain import problems as P
from mesdesk.domain.files import Bucket
from mesdesk.runtime import Runtime
from mesdesk.services.dto import FileEntry, SyncState
from mesdesk.services.files import checked_bucket

from .common import Outcome
from .job_run import run_job

HEADERS = ("NAME", "SIZE", "MADE", "BY", "STATION", "STATE")

#: The job kinds of ``files put`` and ``files sync`` (named in the jobs panel).
UPLOAD_JOB, SYNC_JOB = "file_upload", "file_sync"


def files_list(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    bucket = checked_bucket(args.bucket)
    entries = runtime.use.list_files(bucket)
    tz = runtime.timezone
    rows = [_row(entry, tz) for entry in entries]
    lines = _table(rows) if rows else [f"No files in {bucket}."]
    return [entry.as_dict() for entry in entries], lines, 0


def files_get(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    bucket = checked_bucket(args.bucket)
    target = _target(args.output, args.name)
    path = runtime.use.fetch_file(bucket, args.name, target)
    return {"path": str(path)}, [str(path)], 0


def files_link(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    bucket = checked_bucket(args.bucket)
    link = runtime.use.file_link(bucket, args.name)
    lines = [link.url]
    if link.expires_at is not None:
        lines.append(f"valid until {_time(link.expires_at, runtime.timezone)}")
    else:
        lines.append("a link to the file on this computer (it is not in the object storage)")
    return link.as_dict(), lines, 0


def files_put(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    bucket = checked_bucket(args.bucket)
    if bucket != Bucket.IMPORTS.value:
        raise P.FILE_UPLOAD_BUCKET(bucket=bucket)
    source = Path(args.file).expanduser()
    entry: FileEntry = run_job(
        runtime, UPLOAD_JOB, {"bucket": bucket, "file": _printable(str(source))},
        lambda job: runtime.use.put_import_file(source, job=job), unit="files")
    return entry.as_dict(), [f"{source.name} kept as {entry.bucket}/{entry.name}; "
                             f"the file sync imports it."], 0


def files_delete(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    bucket = checked_bucket(args.bucket)
    deleted = runtime.use.delete_file(bucket, args.name)
    line = f"{bucket}/{args.name} deleted." if deleted else f"There was no {args.name} in {bucket}."
    return {"deleted": deleted}, [line], 0


def files_sync(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    summary = run_job(runtime, SYNC_JOB, {"trigger": "cli"},
                      lambda job: runtime.use.sync_files(job=job), unit="files")
    line = (f"Uploaded {summary.uploaded}, failed {summary.failed}, still waiting "
            f"{summary.waiting}, imported {summary.imported}.")
    return summary.as_dict(), [line], 0


STATES = {SyncState.LOCAL: "local only", SyncState.PENDING: "waiting to upload",
          SyncState.UPLOADING: "uploading", SyncState.SYNCED: "in storage",
          SyncState.FAILED: "upload failed"}


def state_text(entry: FileEntry) -> str:
    text = STATES.get(entry.sync_state, str(entry.sync_state))
    if entry.sync_state == SyncState.FAILED and entry.sync_error is not None:
        text += f": {' '.join(entry.sync_error.message.split())}"
    if entry.import_state is not None:
        text += f", import {entry.import_state}"
    return text


def _row(entry: FileEntry, tz: tzinfo) -> tuple[str, ...]:
    return (entry.name, _size(entry.size), _time(entry.created_at, tz), entry.created_by,
            entry.station, state_text(entry))


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[column]) for row in [HEADERS, *rows]) for column in range(len(HEADERS))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
            for row in [HEADERS, *rows]]


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _time(value: datetime, tz: tzinfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def _target(output: Path | None, name: str) -> Path | None:
    """Where ``-o`` asks the file to go: the path, or the file's own name inside a folder."""
    if output is None:
        return None
    output = output.expanduser()
    return output / PurePath(name).name if output.is_dir() else output


def _printable(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
