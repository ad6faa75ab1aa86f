"""The file sync (§8), one pass at a time: upload this station's queued files, then import the
files waiting in ``imports`` and in the local exchange folder.

Run by the file sync worker (``adapters/storage/sync_worker.py``) in the app and in
``mesdesk worker``, and once by ``mesdesk files sync``. Any number of processes may run it:
uploads are leased per row (``FOR UPDATE SKIP LOCKED``), a dropped file is recorded once
(unique bucket and name), an import is leased per row, and a file of the exchange folder is
claimed by an atomic rename. So a file is imported once however many workers find it.

An import ends with its file moved to ``processed/`` (imported) or ``failed/`` (refused as a
whole) and a result file beside it (``<name>.result.json``: the summary, or the problem).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mesdesk.domain.errors import CancelledError, DomainError
from mesdesk.domain.files import (FAILED, OUTCOME_FOLDERS, PROCESSED, RESULT_SUFFIX, Bucket,
                                  numbered, outcome_name, valid_name)
from mesdesk.domain import problems as P

from .dto import FileEntry, SyncState, SyncSummary
from .synced_store import UPLOAD_LEASE_SECONDS, SyncedFileStore

log = logging.getLogger(__name__)

#: Uploads leased per round of a pass.
UPLOAD_BATCH = 10
#: How long an import may run before another worker takes it over (its worker died).
IMPORT_LEASE_SECONDS = 60 * 60.0
#: The folder of the exchange folder where a worker keeps the file it is importing.
CLAIMED = ".importing"

#: ``importer(path)``: import the file (its name is the one to report) and return the
#: result's summary (``ImportResult.as_dict``); refusals raise ``DomainError``.
Importer = Callable[[Path], Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one import ended: the folder it goes to and what the result file says."""

    folder: str
    result: Mapping[str, Any]


def upload_queued(store: SyncedFileStore, *, now: bool = False, job: Any = None
                  ) -> SyncSummary:
    """Upload this station's files that are due (queued, or failed and due again); ``now``:
    those waiting for their next attempt too, each tried once (a sync asked for by hand)."""
    if store.remote is None:
        return SyncSummary()
    with store.uow_factory() as uow:
        if uow.files.queue_local(store.station):      # kept before an object store was configured
            uow.announce("file")
        uow.commit()
    uploaded = failed = 0
    tried: set[int] = set()
    while True:
        with store.uow_factory() as uow:
            claimed = uow.files.claim_uploads(UPLOAD_BATCH, UPLOAD_LEASE_SECONDS,
                                              store.station, waiting_too=now,
                                              besides=sorted(tried))
            if claimed:
                uow.announce("file")
            uow.commit()
        if not claimed:
            break
        for found in claimed:
            tried.add(found.id)
            if job is not None:
                job.check_cancelled()
            if store.upload(found.id, found.bucket, found.name):
                uploaded += 1
            else:
                failed += 1
    with store.uow_factory() as uow:
        waiting = uow.files.waiting_here(store.station)
    return SyncSummary(uploaded=uploaded, failed=failed, waiting=waiting)


def find_dropped(store: SyncedFileStore) -> int:
    """Record the files another system put in the object store's ``imports`` (top level);
    each is recorded by one worker only. The number this pass recorded."""
    if store.remote is None:
        return 0
    objects = [found for found in store.remote.list(Bucket.IMPORTS.value)
               if valid_name(found.name) and not found.name.endswith(RESULT_SUFFIX)]
    if not objects:
        return 0
    recorded = 0
    with store.uow_factory() as uow:
        known = uow.files.known(Bucket.IMPORTS.value, [found.name for found in objects])
        for found in objects:
            if found.name not in known and uow.files.record_dropped(
                    Bucket.IMPORTS.value, found.name, found.size, store.station) is not None:
                recorded += 1
        if recorded:
            uow.announce("file")
        uow.commit()
    return recorded


def import_waiting(store: SyncedFileStore, importer: Importer, *, job: Any = None) -> int:
    """Import the files of ``imports`` waiting for it, one lease at a time; the number
    imported (refused ones count too: they are done)."""
    done = 0
    while True:
        if job is not None:
            job.check_cancelled()
        with store.uow_factory() as uow:
            found = uow.files.claim_import(IMPORT_LEASE_SECONDS, station=store.station,
                                           from_store=store.remote is not None)
            uow.commit()
        if found is None:
            return done
        _import_stored(store, found, importer)
        done += 1


def _import_stored(store: SyncedFileStore, found: FileEntry, importer: Importer) -> None:
    folder = store.local.staging_path()
    folder.mkdir(parents=True)
    try:
        path = _fetched(store, found, folder)
        outcome = _run(importer, path)
        moved = outcome_name(outcome.folder, found.name)
        moved = _move_stored(store, found, moved)
        result_name = f"{moved}{RESULT_SUFFIX}"
        data = _result_bytes(found.name, outcome)
        if store.remote is not None:
            store.remote.put_bytes(found.bucket, result_name, data, "application/json")
        if found.here:
            store.local.put_bytes(found.bucket, result_name, data)
        with store.uow_factory() as uow:
            uow.files.import_ended(found.id, state="imported" if outcome.folder == PROCESSED
                                   else "failed", result=outcome.result, moved_to=moved)
            uow.files.claim(found.bucket, result_name, station=store.station,
                            size=len(data), checksum="",
                            origin="made", created_by=store.made_by,
                            sync_state=SyncState.SYNCED if store.remote is not None
                            else SyncState.LOCAL)
            uow.announce("file")
            uow.commit()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _fetched(store: SyncedFileStore, found: FileEntry, folder: Path) -> Path:
    """The file to import under its own name (the import reports it by that name)."""
    target = folder / found.name.rpartition("/")[2]
    local = store.local.path(found.bucket, found.name) if found.here else None
    if local is not None:
        shutil.copyfile(local, target)
    elif store.remote is not None:
        store.remote.get(found.bucket, found.name, target)
    else:
        raise P.FILE_NOT_HERE(name=found.name, station=found.station)
    return target


def _run(importer: Importer, path: Path) -> Outcome:
    try:
        return Outcome(PROCESSED, dict(importer(path)))
    except CancelledError:
        raise
    except DomainError as exc:
        return Outcome(FAILED, {"error": exc.problem.as_json()})


def _move_stored(store: SyncedFileStore, found: FileEntry, moved: str) -> str:
    if store.remote is not None and found.sync_state == SyncState.SYNCED:
        store.remote.move(found.bucket, found.name, moved)
    if found.here:
        store.local.move(found.bucket, found.name, moved)
    return moved


def _result_bytes(name: str, outcome: Outcome) -> bytes:
    document = {"file": name, "outcome": "imported" if outcome.folder == PROCESSED
                else "failed", **outcome.result}
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")


# -- the local exchange folder -----------------------------------------------------------------

def import_exchange_folder(folder: Path, station: str, importer: Importer, *,
                           job: Any = None) -> int:
    """Import the files 1C put in ``folder``: each claimed by an atomic rename into
    ``.importing`` (one worker wins), imported, then moved to ``processed/`` or ``failed/``
    with its result file beside it. The number imported (refused ones too)."""
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    _release_abandoned(folder)
    done = 0
    for path in sorted(folder.iterdir()):
        if job is not None:
            job.check_cancelled()
        if not path.is_file() or path.name.startswith(".") or path.name.endswith(".part"):
            continue
        claimed = _claim(folder, path, station)
        if claimed is None:
            continue
        outcome = _run(importer, claimed)
        target = _free_name(folder / outcome.folder, path.name)
        os.replace(claimed, target)
        target.with_name(target.name + RESULT_SUFFIX).write_bytes(
            _result_bytes(path.name, outcome))
        claimed.parent.rmdir()
        done += 1
    return done


def _release_abandoned(folder: Path) -> None:
    """Files a worker claimed and never finished (it died) go back to be imported again,
    once their claim is older than an import may take."""
    claims = folder / CLAIMED
    if not claims.is_dir():
        return
    for place in claims.iterdir():
        try:
            if time.time() - place.stat().st_mtime < IMPORT_LEASE_SECONDS:
                continue
            for path in place.iterdir():
                if not (folder / path.name).exists():
                    os.replace(path, folder / path.name)
            place.rmdir()
        except OSError:
            log.warning("could not release the abandoned claim %s", place, exc_info=True)


def _claim(folder: Path, path: Path, station: str) -> Path | None:
    place = folder / CLAIMED / f"{_safe(station)}-{uuid.uuid4().hex}"
    place.mkdir(parents=True)
    target = place / path.name
    try:
        os.rename(path, target)        # atomic on one file system: one worker wins
    except FileNotFoundError:
        place.rmdir()
        return None
    return target


def _free_name(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    candidate, number = folder / name, 1
    while candidate.exists():
        number += 1
        candidate = folder / numbered(name, number)
    return candidate


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)[:40] or "station"


__all__ = ["IMPORT_LEASE_SECONDS", "OUTCOME_FOLDERS", "Importer", "find_dropped",
           "import_exchange_folder", "import_waiting", "upload_queued"]
