"""The offline scan journal (§4): SQLite in WAL mode, every scan written before it is acted on.

``synchronous=FULL`` makes each append durable before it returns, so a crash or a power cut
at any later moment cannot lose the scan. Entries stay pending until their verdict is
recorded; replay takes them in the order they were scanned.

A verdict's reason is stored as its problem (``{"code", "params"}``, JSON) next to the English
``message``, and rendered in the operator's language when the list is read back.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from mesdesk.owner_only import private_file, private_folder

SCHEMA = """
CREATE TABLE IF NOT EXISTS scans (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    scan_id      TEXT NOT NULL UNIQUE,
    batch_id     INTEGER NOT NULL,
    raw          TEXT NOT NULL,
    source       TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    verdict      TEXT,
    message      TEXT,
    aggregated_at TEXT,
    decided_at   TEXT,
    problem      TEXT,
    scanned_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS scans_pending ON scans (seq) WHERE verdict IS NULL;
"""
#: Journals written before these columns get them on open (a scan kept before who scanned
#: was recorded is replayed as the one signed in then: ``scanned_by`` empty).
_ADDED_COLUMNS = {
    "problem": "ALTER TABLE scans ADD COLUMN problem TEXT",
    "scanned_by": "ALTER TABLE scans ADD COLUMN scanned_by TEXT NOT NULL DEFAULT ''",
}


@dataclass(frozen=True, slots=True)
class JournalEntry:
    scan_id: str
    seq: int
    batch_id: int
    raw: str
    source: str
    received_at: datetime
    verdict: str | None = None
    message: str | None = None
    aggregated_at: datetime | None = None
    decided_at: datetime | None = None
    problem: dict | None = None     # the verdict's problem: {"code", "params"}
    scanned_by: str = ""            # who scanned it, as aggregated_by records them ("": unknown)


def _problem_text(problem: dict | None) -> str | None:
    return json.dumps(problem, ensure_ascii=False) if problem else None


def _problem_of(text: str | None) -> dict | None:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class SqliteScanJournal:
    """Thread-safe: scans arrive on the GUI's worker threads, replay runs on another."""

    def __init__(self, path: Path) -> None:
        private_folder(path.parent)
        private_file(path)       # owner-only before SQLite writes a scan into it
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None,
                                   timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(scans)")}
        for column, statement in _ADDED_COLUMNS.items():
            if column not in columns:
                self._db.execute(statement)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def append(self, batch_id: int, raw: str, source: str, *, verdict: str | None = None,
               message: str | None = None, problem: dict | None = None,
               scanned_by: str = "") -> JournalEntry:
        """Write a scan durably; with ``verdict`` it is recorded as already decided;
        ``scanned_by``: who scanned it, as ``aggregated_by`` records them (a kept scan is
        aggregated in their name later)."""
        scan_id = str(uuid.uuid4())
        received = _utc_now()
        decided = received.isoformat() if verdict else None
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO scans (scan_id, batch_id, raw, source, received_at, verdict, "
                "message, decided_at, problem, scanned_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (scan_id, batch_id, raw, source, received.isoformat(), verdict, message,
                 decided, _problem_text(problem), scanned_by))
            seq = cursor.lastrowid
        return JournalEntry(scan_id=scan_id, seq=int(seq or 0), batch_id=batch_id, raw=raw,
                            source=source, received_at=received, verdict=verdict,
                            message=message, problem=problem or None, scanned_by=scanned_by)

    def record_verdict(self, scan_id: str, verdict: str, message: str,
                       aggregated_at: datetime | None = None, problem: dict | None = None
                       ) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE scans SET verdict = ?, message = ?, aggregated_at = ?, decided_at = ?, "
                "problem = ? WHERE scan_id = ?",
                (verdict, message, aggregated_at.isoformat() if aggregated_at else None,
                 _utc_now().isoformat(), _problem_text(problem), scan_id))

    def pending(self, limit: int | None = None) -> list[JournalEntry]:
        query = "SELECT * FROM scans WHERE verdict IS NULL ORDER BY seq"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        return self._select(query)

    def pending_count(self) -> int:
        with self._lock:
            return self._db.execute(
                "SELECT count(*) FROM scans WHERE verdict IS NULL").fetchone()[0]

    def recent(self, limit: int = 100) -> list[JournalEntry]:
        """The newest scans first, decided or not (for the scan list and diagnostics)."""
        return self._select(f"SELECT * FROM scans ORDER BY seq DESC LIMIT {int(limit)}")

    def get(self, scan_id: str) -> JournalEntry | None:
        rows = self._select("SELECT * FROM scans WHERE scan_id = ?", (scan_id,))
        return rows[0] if rows else None

    def _select(self, query: str, params: tuple = ()) -> list[JournalEntry]:
        with self._lock:
            cursor = self._db.execute(query, params)
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
        entries = []
        for row in rows:
            data = dict(zip(names, row))
            entries.append(JournalEntry(
                scan_id=data["scan_id"], seq=data["seq"], batch_id=data["batch_id"],
                raw=data["raw"], source=data["source"],
                received_at=_parse(data["received_at"]), verdict=data["verdict"],
                message=data["message"], aggregated_at=_parse(data["aggregated_at"]),
                decided_at=_parse(data["decided_at"]), problem=_problem_of(data["problem"]),
                scanned_by=data["scanned_by"] or ""))
        return entries
