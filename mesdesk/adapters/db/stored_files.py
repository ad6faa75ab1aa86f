"""The catalogue of the files in the buckets and their upload queue (``stored_files``, §8).

A repository of the unit of work: every method runs in the caller's transaction. Times are
the database's ``now()``, one clock for every station. The unique (bucket, object) is the claim
of a name: two stations that make ``batches_export_20261204_081500.xlsx`` in the same second
get that name and ``…_2.xlsx``, and two workers that find one dropped file record it once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, text

from mesdesk.domain.files import numbered
from mesdesk.domain.problems import Problem
from mesdesk.services.dto import FileEntry, SyncState

#: How many numbered names are tried before a store gives up (``…_999``).
MAX_NUMBER = 999

_COLUMNS = ("id, bucket, object, size, checksum, origin, created_by, station, created_at, "
            "sync_state, sync_error, attempts, next_attempt_at, synced_at, import_state, "
            "import_result")


def entry(row: RowMapping, station: str) -> FileEntry:
    return FileEntry(id=row["id"], bucket=row["bucket"], name=row["object"], size=row["size"],
                     created_at=row["created_at"], created_by=row["created_by"],
                     station=row["station"], origin=row["origin"],
                     sync_state=SyncState(row["sync_state"]),
                     sync_error=Problem.from_json(row["sync_error"]),
                     attempts=row["attempts"], next_attempt_at=row["next_attempt_at"],
                     synced_at=row["synced_at"], here=row["station"] == station,
                     import_state=row["import_state"], import_result=row["import_result"])


class SqlStoredFileRepository:
    """Methods take the station they act for (``station``): the one whose local copies are
    "here", whose queue is uploaded."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    # -- names ---------------------------------------------------------------------------

    def claim(self, bucket: str, name: str, *, station: str, size: int, checksum: str,
              origin: str, created_by: str, sync_state: SyncState, lease_seconds: float | None = None,
              import_state: str | None = None) -> tuple[int, str]:
        """Record a file of this station under ``name``, or the next free numbered name;
        returns (id, name). With ``lease_seconds`` the row is leased (an upload runs now);
        a ``pending`` file is due for the sync pass at once."""
        statement = text("""
            INSERT INTO stored_files (bucket, object, size, checksum, origin, created_by,
                                      station, sync_state, attempts, lease_until,
                                      next_attempt_at, import_state)
            VALUES (:bucket, :object, :size, :checksum, :origin, :created_by, :station,
                    CAST(:state AS varchar), CASE WHEN CAST(:lease AS float8) IS NULL THEN 0 ELSE 1 END,
                    now() + make_interval(secs => CAST(:lease AS float8)),
                    CASE WHEN CAST(:state AS varchar) = 'pending' THEN now() END, :import_state)
            ON CONFLICT ON CONSTRAINT uq_stored_file_object DO NOTHING
            RETURNING id""")
        for number in range(1, MAX_NUMBER + 1):
            candidate = name if number == 1 else numbered(name, number)
            found = self._c.execute(statement, {
                "bucket": bucket, "object": candidate, "size": size, "checksum": checksum,
                "origin": origin, "created_by": created_by, "station": station,
                "state": SyncState(sync_state).value, "lease": lease_seconds,
                "import_state": import_state}).scalar()
            if found is not None:
                return found, candidate
        raise RuntimeError(f"no free name for {name!r} in {bucket}")

    def record_dropped(self, bucket: str, name: str, size: int, station: str) -> int | None:
        """A file another system put in the object store, to import: recorded by the first
        worker that finds it (None for the others, and for a name already known)."""
        return self._c.execute(text("""
            INSERT INTO stored_files (bucket, object, size, origin, created_by, station,
                                      sync_state, synced_at, import_state)
            VALUES (:bucket, :object, :size, 'dropped', '', :station, 'synced', now(),
                    'waiting')
            ON CONFLICT ON CONSTRAINT uq_stored_file_object DO NOTHING
            RETURNING id"""), {"bucket": bucket, "object": name, "size": size,
                               "station": station}).scalar()

    def known(self, bucket: str, names: list[str]) -> set[str]:
        rows = self._c.execute(text("""
            SELECT object FROM stored_files
             WHERE bucket = :bucket AND object = ANY(CAST(:names AS varchar[]))"""),
            {"bucket": bucket, "names": names}).scalars()
        return set(rows)

    # -- reading -------------------------------------------------------------------------

    def get(self, bucket: str, name: str, station: str) -> FileEntry | None:
        row = self._c.execute(text(f"""
            SELECT {_COLUMNS} FROM stored_files WHERE bucket = :bucket AND object = :object"""),
            {"bucket": bucket, "object": name}).mappings().first()
        return None if row is None else entry(row, station)

    def by_id(self, file_id: int, station: str) -> FileEntry | None:
        row = self._c.execute(text(f"SELECT {_COLUMNS} FROM stored_files WHERE id = :id"),
                              {"id": file_id}).mappings().first()
        return None if row is None else entry(row, station)

    def list(self, bucket: str, limit: int, station: str) -> list[FileEntry]:
        rows = self._c.execute(text(f"""
            SELECT {_COLUMNS} FROM stored_files WHERE bucket = :bucket
             ORDER BY created_at DESC, id DESC LIMIT :limit"""),
            {"bucket": bucket, "limit": limit}).mappings()
        return [entry(row, station) for row in rows]

    def not_synced(self, limit: int, station: str) -> list[FileEntry]:
        """Every station's files the object store does not have yet."""
        rows = self._c.execute(text(f"""
            SELECT {_COLUMNS} FROM stored_files
             WHERE sync_state IN ('pending', 'uploading', 'failed')
             ORDER BY created_at DESC, id DESC LIMIT :limit"""), {"limit": limit}).mappings()
        return [entry(row, station) for row in rows]

    def waiting_here(self, station: str) -> int:
        """This station's files still to upload (due now or later)."""
        return self._c.execute(text("""
            SELECT count(*) FROM stored_files
             WHERE station = :station AND sync_state IN ('pending', 'uploading', 'failed')
               AND (sync_state <> 'failed' OR next_attempt_at IS NOT NULL)"""),
            {"station": station}).scalar_one()

    def older_than(self, cutoff: datetime, limit: int, station: str) -> list[FileEntry]:
        rows = self._c.execute(text(f"""
            SELECT {_COLUMNS} FROM stored_files WHERE created_at < :cutoff
             ORDER BY created_at, id LIMIT :limit"""),
            {"cutoff": cutoff, "limit": limit}).mappings()
        return [entry(row, station) for row in rows]

    # -- the upload queue ----------------------------------------------------------------

    def queue_local(self, station: str) -> int:
        """This station's files kept while no object store was configured go to the queue
        (the object store was configured since)."""
        return self._c.execute(text("""
            UPDATE stored_files SET sync_state = 'pending', next_attempt_at = now()
             WHERE station = :station AND sync_state = 'local'"""),
            {"station": station}).rowcount

    def claim_uploads(self, limit: int, lease_seconds: float, station: str, *,
                      waiting_too: bool = False, besides: Sequence[int] = ()
                      ) -> list[FileEntry]:
        """Lease this station's files due for an upload (queued, failed and due, or an
        upload whose lease ran out: its process died); ``waiting_too``: also those waiting
        for their next attempt (a sync asked for by hand)."""
        rows = self._c.execute(text(f"""
            UPDATE stored_files SET sync_state = 'uploading', attempts = attempts + 1,
                   lease_until = now() + make_interval(secs => :lease)
             WHERE id IN (
                SELECT id FROM stored_files
                 WHERE station = :station AND NOT (id = ANY(CAST(:besides AS bigint[])))
                   AND ((sync_state IN ('pending', 'failed')
                         AND next_attempt_at IS NOT NULL
                         AND (next_attempt_at <= now() OR :waiting_too))
                        OR (sync_state = 'uploading' AND lease_until < now()))
                 ORDER BY next_attempt_at NULLS FIRST, id
                 LIMIT :limit FOR UPDATE SKIP LOCKED)
            RETURNING {_COLUMNS}"""),
            {"station": station, "limit": limit, "lease": lease_seconds,
             "waiting_too": waiting_too, "besides": list(besides)}).mappings()
        return sorted((entry(row, station) for row in rows), key=lambda e: e.id)

    def uploaded(self, file_id: int) -> Mapping[str, Any] | None:
        """Mark the file synced; returns the announcement that waited for it (and clears it)."""
        return self._c.execute(text("""
            UPDATE stored_files AS s
               SET sync_state = 'synced', synced_at = now(), sync_error = NULL,
                   lease_until = NULL, next_attempt_at = NULL, announce = NULL
              FROM (SELECT id, announce FROM stored_files WHERE id = :id FOR UPDATE) AS old
             WHERE s.id = old.id
            RETURNING old.announce"""), {"id": file_id}).scalar()

    def upload_failed(self, file_id: int, problem: Problem, retry_in: float | None) -> None:
        """The upload failed: retried in ``retry_in`` seconds, or never (None)."""
        self._c.execute(text("""
            UPDATE stored_files
               SET sync_state = 'failed', sync_error = CAST(:problem AS jsonb),
                   lease_until = NULL,
                   next_attempt_at = now() + make_interval(secs => CAST(:retry AS float8))
             WHERE id = :id"""), {"id": file_id, "problem": _json(problem.as_json()),
                                  "retry": retry_in})

    def announce_after_upload(self, file_id: int, announcement: Mapping[str, Any]) -> bool:
        """Keep ``announcement`` until the file is uploaded; False when it is already (the
        caller announces now)."""
        return self._c.execute(text("""
            UPDATE stored_files SET announce = CAST(:announce AS jsonb)
             WHERE id = :id AND sync_state <> 'synced'"""),
            {"id": file_id, "announce": _json(announcement)}).rowcount == 1

    def delete(self, file_id: int) -> None:
        self._c.execute(text("DELETE FROM stored_files WHERE id = :id"), {"id": file_id})

    # -- imports the worker makes --------------------------------------------------------

    def claim_import(self, lease_seconds: float, *, station: str, from_store: bool
                     ) -> FileEntry | None:
        """Lease one file of ``imports`` waiting to be imported (or whose importer died):
        one this station holds, or with ``from_store`` one in the object store."""
        row = self._c.execute(text(f"""
            UPDATE stored_files SET import_state = 'importing',
                   lease_until = now() + make_interval(secs => :lease)
             WHERE id = (
                SELECT id FROM stored_files
                 WHERE bucket = 'imports'
                   AND (import_state = 'waiting'
                        OR (import_state = 'importing' AND lease_until < now()))
                   AND (station = :station OR (:from_store AND sync_state = 'synced'))
                 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING {_COLUMNS}"""),
            {"lease": lease_seconds, "station": station,
             "from_store": from_store}).mappings().first()
        return None if row is None else entry(row, station)

    def import_ended(self, file_id: int, *, state: str, result: Mapping[str, Any],
                     moved_to: str | None) -> None:
        self._c.execute(text("""
            UPDATE stored_files
               SET import_state = :state, import_result = CAST(:result AS jsonb),
                   lease_until = NULL, object = coalesce(:moved_to, object)
             WHERE id = :id"""), {"id": file_id, "state": state, "result": _json(result),
                                  "moved_to": moved_to})


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)
