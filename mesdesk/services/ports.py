"""Ports: what the use cases need from the outside world, as Protocols.

The adapters implement them over PostgreSQL (``mesdesk.adapters.db``) and SQLite (the offline
journal); tests may pass their own. Services never see SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from mesdesk.config import Settings

from mesdesk.domain.events import Event
from mesdesk.domain.export_sheets import DataSheet, SheetColumn
from mesdesk.domain.problems import Problem
from mesdesk.domain.subscriptions import SubscriptionInput
from mesdesk.domain.verdicts import ProductState

from .dto import (AttemptDTO, BatchDTO, BatchFilter, DeliveryDTO, DeliveryFilter, JobDTO, Page,
                  ScheduledRunDTO, ScheduledTaskDTO, StoredFile, SubscriptionDTO)
from .analytics_dto import Activity, ComparedBatch, TeamFigures, Totals
from .probe_result import ProbeResult
from .report_data import HourlyAggregation, ReportData

if TYPE_CHECKING:
    from .mail import QueuedMail

BatchKey = tuple[int, date]


@dataclass(frozen=True, slots=True)
class AggregationAttempt:
    """What one conditional aggregation found: the batch state with its counters as they are
    after it, and the time if it applied."""

    is_closed: bool
    batch_number: int
    aggregated_at: datetime | None
    unique_code: str | None
    products_total: int
    products_aggregated: int


class WorkCenterRepository(Protocol):
    def ensure(self, names_by_identifier: dict[str, str]) -> dict[str, int]:
        """Create missing work centers, update names; returns identifier -> id."""

    def id_of(self, identifier: str) -> int | None: ...


class BatchRepository(Protocol):
    def get(self, batch_id: int, *, lock: bool = False) -> BatchDTO | None: ...

    def lock_state(self, batch_id: int) -> tuple[bool, int] | None:
        """(is_closed, batch_number) with the batch row locked for this transaction."""

    def find_by_keys(self, keys: Sequence[BatchKey], *, lock: bool = False
                     ) -> dict[BatchKey, BatchDTO]: ...


    def create_many(self, rows: Sequence[dict[str, Any]], *, action: str) -> int:
        """Insert new batches with their ``batch_created`` events and audit rows (``action``)
        written set-based with them; returns how many."""

    def insert_new(self, row: dict[str, Any]) -> BatchDTO | None:
        """Insert unless (number, date) is taken (a concurrent insert is waited for); None
        when it is taken."""

    def update(self, batch_id: int, values: dict[str, Any]) -> BatchDTO: ...

    def update_many(self, rows: Sequence[tuple[int, dict[str, Any]]]) -> None: ...

    def add_to_counters(self, batch_id: int, *, total: int = 0, aggregated: int = 0) -> None: ...

    def close_expired(self, now: datetime) -> list[BatchDTO]:
        """Close every open batch whose shift ended at or before ``now`` (``closed_at`` = now),
        set-based; returns them as they are after it, by id. Writes no event."""

    def page(self, flt: BatchFilter, cursor: str | None, limit: int) -> Page: ...

    def backfill_closed(self, rows: Sequence[tuple[int, datetime]]) -> None:
        """Close batches at given past times (demo data, history): no events."""

    def count(self, flt: BatchFilter) -> int: ...

    def listed(self, flt: BatchFilter, ids: Sequence[int]) -> set[int]:
        """Which of ``ids`` ``flt`` lists."""


class ProductRepository(Protocol):
    def state(self, identity: str) -> ProductState | None: ...

    def states(self, identities: Sequence[str]) -> dict[str, ProductState]: ...

    def add_many(self, batch_id: int, codes: Sequence[tuple[str, str]]
                 ) -> tuple[int, list[tuple[str, ProductState]]]:
        """Insert (code, identity) pairs; returns (added, [(identity, owner) not added])."""

    def add_to_batches(self, rows: Sequence[tuple[str, str, int]]
                       ) -> tuple[dict[int, int], set[str]]:
        """Insert (code, identity, batch_id), skipping known identities; returns the count
        added per batch and the identities not added."""

    def bulk_aggregate(self, batch_id: int, batch_number: int, identities: Sequence[str], *,
                       by: str) -> tuple[int, set[str], dict[str, ProductState]]:
        """Aggregate the listed identities (each once) set-based; returns how many were
        aggregated now, the identities that were not, and the states of those that exist."""

    def page_for_batch(self, batch_id: int, cursor: str | None, limit: int) -> Page: ...

    def backfill_aggregated(self, rows: Sequence[tuple[str, int, datetime]], *, by: str) -> int:
        """(identity, batch_id, at) aggregated at past times, counters recounted: no events."""


class SubscriptionRepository(Protocol):
    def add(self, subscription: SubscriptionInput, secret: str) -> SubscriptionDTO: ...

    def get(self, subscription_id: int, *, lock: bool = False) -> SubscriptionDTO | None: ...

    def update(self, subscription_id: int, values: dict[str, Any]) -> SubscriptionDTO | None:
        """Write the given columns and stamp ``updated_at``; None when it does not exist."""

    def all(self) -> list[SubscriptionDTO]: ...

    def delete(self, subscription_id: int) -> bool: ...


class DeliveryRepository(Protocol):
    """The webhook deliveries log and re-queueing; re-queued rows NOTIFY the dispatcher when
    the unit of work commits."""

    def page(self, flt: DeliveryFilter, cursor: str | None, limit: int) -> Page: ...

    def get(self, delivery_id: int, *, lock: bool = False) -> DeliveryDTO | None: ...

    def attempts(self, delivery_id: int) -> list[AttemptDTO]: ...

    def queue_length(self) -> int: ...

    def add_direct(self, subscription_id: int, event_id: str, event_type: str,
                   data: dict[str, Any], body: bytes, now: datetime) -> int:
        """An event for this one subscription only, due now; returns the delivery id."""

    def resend(self, delivery_id: int, now: datetime) -> None: ...

    def resend_failed(self, since: datetime, until: datetime, subscription_id: int | None,
                      now: datetime) -> list[int]: ...

    def retry_allowed(self, now: datetime) -> list[int]: ...


class ReportRepository(Protocol):
    """What a batch report reads besides the batch and its product pages."""

    def hourly(self, batch_id: int, timezone: str, shift_start: datetime, shift_end: datetime,
               max_hours: int) -> HourlyAggregation:
        """Aggregations per hour of the clock in ``timezone`` (an IANA name) over the shift,
        every hour listed (at most ``max_hours`` from its start); the rest as earlier/later."""

class AnalyticsRepository(Protocol):
    """The §10 reads over the rollups (and batches where a page needs more than totals)."""

    def work_center_id(self, identifier: str) -> int | None: ...

    def totals(self, date_from: date | None, date_to: date | None,
               work_center_id: int | None) -> list[tuple[str, str, str, Totals]]:
        """(work center identifier, its name, shift, totals) of the batches of those dates."""

    def activity(self, start: datetime, end: datetime, unit: str, zone: str,
                 work_center_id: int | None) -> dict[datetime, Activity]:
        """Activity in [start, end) per ``unit`` ('hour' or 'day') of ``zone``."""

    def teams(self, date_from: date, date_to: date, work_center_id: int
              ) -> list[TeamFigures]: ...

    def compare(self, ids: list[int]) -> dict[int, ComparedBatch]: ...

    def fold(self) -> Any:
        """Fold the appended changes into the totals (``.changes``, ``.totals``, ``.skipped``)."""


class ExportRepository(Protocol):
    """The reads of an export: plain tuples of the fields asked for (the keyset's values may
    follow them), times as naive local times of ``zone`` to the second (a million rows are
    not a million DTOs)."""

    def batch_rows(self, flt: BatchFilter, cursor: str | None, limit: int,
                   fields: Sequence[str], zone: str) -> tuple[list[tuple], str | None]:
        """A page of the batches ``flt`` lists, in its sort; and the next page's cursor."""

    def batch_totals(self, flt: BatchFilter, after_id: int, limit: int
                     ) -> list[tuple[int, int]]:
        """(id, products_total) of the listed batches that have products, by id."""

    def totals_of(self, ids: Sequence[int]) -> dict[int, int]: ...

    def products_total(self, flt: BatchFilter) -> int: ...

    def product_rows(self, batch_ids: Sequence[int], after_id: int, limit: int | None,
                     fields: Sequence[str], zone: str) -> tuple[list[tuple], int | None]:
        """Products of the batches by batch and id (after ``after_id``); the last id."""


class MailQueueRepository(Protocol):
    """The mail queue (``mail_outbox``, §10) in a unit of work's transaction."""

    def enqueue(self, kind: str, facts: Mapping[str, Any],
                recipients: Sequence[str] | None = None) -> int | None:
        """Queue a mail of ``kind``; ``recipients`` None means those the sending station's
        settings name for the kind, and is queued only where this station has an SMTP server
        and such recipients (else nothing is queued: None). Returns the mail's id."""

    def recent(self, *, state: str | None = None, limit: int = 50) -> "list[QueuedMail]": ...


class UnitOfWork(Protocol):
    """One transaction. Rolls back unless ``commit()`` is called; events and audit rows are
    written in the same transaction, and listeners are notified after it commits."""

    work_centers: WorkCenterRepository
    batches: BatchRepository
    products: ProductRepository
    subscriptions: SubscriptionRepository
    deliveries: DeliveryRepository
    reports: ReportRepository

    exports: ExportRepository
    analytics: AnalyticsRepository
    #: The catalogue of the files in the buckets and their upload queue
    #: (``adapters/db/stored_files.SqlStoredFileRepository``; see ``services/synced_store``).
    files: Any
    mail: MailQueueRepository
    #: Users, roles and credentials (``adapters/db/users.SqlUserRepository``, issue 15).
    users: Any
    #: Who acts: the signed-in user's login (what the audit log records as who).
    actor: str
    #: The audit log, read side (``adapters/db/audit.SqlAuditRepository``): ``page(flt,
    #: cursor, limit) -> Page``, ``count(flt)``, ``choices() -> AuditChoices``.
    audit_log: Any

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc: object) -> None: ...

    def now(self) -> datetime:
        """The transaction's time (one clock for every station: the database's)."""

    def emit(self, event: Event) -> None: ...

    def audit(self, action: str, entity: str, entity_id: object,
              changes: dict[str, Any] | None = None) -> None: ...

    def announce(self, entity: str) -> None:
        """Tell every station's open views, once this commits, that ``entity`` rows changed
        (``"subscription"``, ``"delivery"``); batches announce themselves."""

    def commit(self) -> None: ...


class ScanPort(Protocol):
    """The scan hot path (§4): each call is one statement and its own transaction, outside
    any unit of work, so an accepted scan costs one round trip."""

    def aggregate_one(self, batch_id: int, identity: str, *, by: str, scan_id: str | None
                      ) -> AggregationAttempt | None:
        """Atomically: lock the batch; if it is open and the product is in it and not yet
        aggregated, aggregate it, count it, and write its ``product_aggregated`` event, its
        audit row and the notifications. ``None`` when the batch does not exist."""

    def state(self, identity: str) -> ProductState | None:
        """The product as it is now (after a scan that did not apply: why not)."""


class UnitOfWorkFactory(Protocol):
    """The database's door: a unit of work per action, and the one-statement scan."""

    scans: ScanPort

    def __call__(self) -> UnitOfWork:
        """A new unit of work (rolls back unless committed)."""


class JobStore(Protocol):
    """Persistence of the ``jobs`` table for the job runner (SPEC §2, §7)."""

    def create(self, kind: str, parameters: dict[str, Any], station: str) -> int: ...

    def mark_running(self, job_id: int) -> None: ...

    def progress(self, job_id: int, done: int, total: int | None, message: str | None,
                 message_problem: Mapping[str, Any] | None = None) -> bool:
        """Store progress (``message`` in English, ``message_problem`` as code + params) and
        a heartbeat; returns True when a cancel was requested (from any station)."""

    def finish(self, job_id: int, status: str, *, result: Any = None,
               error: str | None = None,
               error_problem: Mapping[str, Any] | None = None) -> bool:
        """Record the outcome of an active job; False when it was already final. Raises when
        the outcome cannot be written (the database refuses a value, or is away)."""

    def heartbeat(self, job_ids: Iterable[int]) -> None:
        """A sign of life from a live process for its active jobs (one statement)."""

    def request_cancel(self, job_id: int) -> bool: ...

    def get(self, job_id: int) -> JobDTO | None: ...

    def recent(self, limit: int = 100, *, statuses: Iterable[str] | None = None
               ) -> list[JobDTO]: ...

    def fail_abandoned(self) -> int:
        """Fail (``job.abandoned``) the active jobs of any station whose heartbeat is older
        than the lease: their process died. Returns how many."""


class ScheduleControl(Protocol):
    """The §9 scheduler as the use cases see it (``adapters.db.scheduler.Scheduler``)."""

    def overview(self) -> tuple[ScheduledTaskDTO, ...]:
        """Every scheduled task with its last run anywhere and its next due time."""

    def run_now(self, name: str) -> ScheduledRunDTO:
        """Run the task now in this process (a ``manual`` run) and wait for it; returns the
        finished run. Refuses an unknown name (``schedule.unknown_task``) and a task running
        anywhere already (``schedule.busy``)."""


class ScanJournal(Protocol):
    """The station's durable offline journal (SPEC §4)."""

    def append(self, batch_id: int, raw: str, source: str, *, verdict: str | None = None,
               message: str | None = None, problem: dict | None = None,
               scanned_by: str = "") -> "JournalEntry":
        """Durable before it returns; with ``verdict`` the scan is stored as decided;
        ``scanned_by``: who scanned, as ``aggregated_by`` records them."""

    def record_verdict(self, scan_id: str, verdict: str, message: str,
                       aggregated_at: datetime | None = None, problem: dict | None = None
                       ) -> None: ...

    def pending(self, limit: int | None = None) -> list["JournalEntry"]: ...

    def pending_count(self) -> int: ...

    def get(self, scan_id: str) -> "JournalEntry | None": ...


class JournalEntry(Protocol):
    scan_id: str
    seq: int
    batch_id: int
    raw: str
    source: str
    received_at: datetime
    verdict: str | None
    scanned_by: str


# -- the settings page's outside world (services/settings.py) --------------------------------

class SecretsUnavailable(RuntimeError):
    """There is no usable keyring, or it refused the operation."""


class SecretStore(Protocol):
    """Passwords by account (a database URL without its password); may block."""

    @property
    def available(self) -> bool: ...

    @property
    def name(self) -> str: ...

    def get(self, account: str) -> str | None: ...

    def set(self, account: str, password: str) -> None:
        """Raises ``SecretsUnavailable`` when it cannot keep it."""


class DatabaseProbe(Protocol):
    """One real connection attempt to ``url`` in about ``timeout`` seconds; never raises for
    a connection problem (the failure is in the result). Blocks."""

    def __call__(self, url: str, timeout: float) -> ProbeResult: ...


class SettingsFile(Protocol):
    """Writes ``keys`` of ``settings`` into its settings file, keeping the rest of the file;
    returns the file's path."""

    def __call__(self, settings: Settings, keys: tuple[str, ...]) -> Path: ...


class FileStore(Protocol):
    """The three buckets of §8 (``domain.files.Bucket``): the local folder store, or S3.

    A file is written in full to a staging path first and then stored under its name, so a
    bucket never shows a half-written file, and work that fails or is cancelled leaves none."""

    def staging_path(self, suffix: str = "") -> Path:
        """A new path to write a file at before storing it (it does not exist yet)."""

    def store(self, bucket: str, name: str, staged: Path) -> StoredFile:
        """Keep ``staged`` in ``bucket`` under ``name``, or the next free ``numbered`` name
        when it is taken; ``staged`` is gone afterwards."""

    def get(self, bucket: str, name: str) -> StoredFile | None: ...

    def list(self, bucket: str) -> list[StoredFile]:
        """The bucket's files, newest first."""

    def delete(self, bucket: str, name: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class RemoteObject:
    """An object in the object store: its name in its bucket (``processed/…`` in a folder)."""

    bucket: str                 # the logical bucket: reports, exports, imports
    name: str
    size: int
    modified: datetime          # aware, UTC


class ObjectStore(Protocol):
    """MinIO or any S3 (``adapters/storage/s3.py``, the ``minio`` client), by the logical bucket
    names of §8 (the adapter adds the configured prefix and creates a bucket on first use).

    Every call blocks on the network: call it off the GUI thread. Every failure is raised as a
    catalogued problem (``storage.*``: unreachable, TLS, credentials, permission, missing
    object), never as the client's exception; a cancelled job's error passes through."""

    #: Where the store is, for the user (``play.min.io:9000``); never holds a secret.
    endpoint: str

    def put(self, bucket: str, name: str, path: Path,
            on_progress: Callable[[int], None] | None = None) -> None:
        """Upload the file at ``path`` as ``name`` (streamed in parts: memory stays bounded
        whatever the file's size); ``on_progress(bytes_sent)`` as it goes."""

    def get(self, bucket: str, name: str, target: Path) -> int:
        """Download ``name`` to ``target`` (written beside it and renamed: never a half file
        under its name); the bytes written."""

    def list(self, bucket: str, prefix: str = "") -> list[RemoteObject]:
        """The objects directly under ``prefix`` (not those of its sub-folders), newest first."""

    def delete(self, bucket: str, name: str) -> bool:
        """Remove the object; False when there was none."""

    def move(self, bucket: str, name: str, new_name: str) -> None:
        """Copy within the bucket, then remove the original (``imports`` → ``processed/``)."""

    def link(self, bucket: str, name: str, expires: timedelta) -> str:
        """A pre-signed GET URL valid for ``expires`` (§8: 7 days)."""

    def put_bytes(self, bucket: str, name: str, data: bytes, content_type: str) -> None:
        """A small object from memory (the result file beside a processed import)."""

    def probe(self) -> "Problem | None":
        """A real round trip (list the buckets, make sure ours exist and can be written):
        None when all is well, else the problem that says exactly what failed."""


@dataclass(frozen=True, slots=True)
class MailMessage:
    """One e-mail, rendered: what the ``Mailer`` sends."""

    sender: str
    recipients: tuple[str, ...]
    subject: str
    body: str                   # plain text


class Mailer(Protocol):
    """An SMTP server (``adapters/mail``). Blocks on the network; failures are raised as
    catalogued problems (``mail.*``: unreachable, TLS, authentication, refused recipient)."""

    def send(self, message: MailMessage) -> None: ...

    def probe(self) -> "Problem | None":
        """Connect, say hello, start TLS and log in as configured, without sending: None when
        all is well, else the problem that says what failed."""


class ReportRenderer(Protocol):
    """Writes a batch report file of one format (``adapters/reports``); the format's library
    stays behind it. A failure is raised as a problem (``report.not_written``), never as the
    library's error; cancellation (``job.cancelled_*``) passes through."""

    extension: str

    def products_wanted(self, total: int) -> int:
        """How many of a batch's ``total`` products the file lists (a PDF lists the first
        ones of a big batch); the products read are exactly these."""

    def render(self, report: ReportData, products: Iterable[Any], path: Path) -> int:
        """Write the report to ``path`` with ``products`` (``ProductDTO``s in order); returns
        how many product rows it wrote."""


class JobControl(Protocol):
    """What long work sees of its job (``mesdesk.jobs.JobContext``): throttled progress and
    cooperative cancellation (both raise ``CancelledError`` once a cancel was asked)."""

    def progress(self, done: int, total: int | None = None,
                 message: Problem | str | None = None) -> None: ...

    def check_cancelled(self) -> None: ...


class SheetWriter(Protocol):
    """Writes one export file, ``.xlsx`` or ``.csv`` (``adapters.sheets``), from rows streamed
    in: never the whole export in memory."""

    def __call__(self, path: Path, fmt: str, title: str, columns: Sequence[SheetColumn],
                 rows: Iterable[Sequence[Any]], parameters: Mapping[str, Any]) -> int:
        """Write a header of the columns' headers, then ``rows`` (each value of its column's
        kind: text, int, float, date, a naive local datetime, bool, or None for an empty
        cell; values past the columns are left out), and, in ``.xlsx``, a Parameters sheet of
        ``parameters`` and the row count. Returns how many rows were written. A failure of
        the file or the format library is ``export.write_failed``; an error the rows raise (a
        cancel) passes through as is."""

    def tables(self, path: Path, sheets: Iterable[DataSheet],
               parameters: Mapping[str, Any]) -> int:
        """An ``.xlsx`` workbook of the data ``sheets`` in order (each with its header, frozen
        pane, filter and widths, continued past the row limit like one export's) and the
        Parameters sheet; the rows of all sheets written are returned. Failures as above."""


# -- files handed in for import (services/imports.py) -----------------------------------------

@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of an imported file as it is: no rule of MESDesk applied yet.

    ``number`` is the row as Excel numbers it (a CSV record's number alike); a 1C JSON item
    has none but its ``index`` (from 0), and its ``values`` are the item itself (a mapping).
    ``values`` of a sheet are the cells from the table's first column on: text, numbers
    (floats), booleans, dates, datetimes (naive), times; an empty cell is None or "".
    ``problem`` is a fact of the file that refuses the row whatever its values (its cells are
    merged, a formula in it has no value).
    """

    number: int | None
    values: Any
    index: int | None = None
    problem: Problem | None = None


class Table(Protocol):
    """An opened file's rows, read one at a time (never the whole file twice in memory)."""

    format: str                 # xlsx | xls | ods | csv | json
    first_column: int           # the sheet's 0-based column of a row's first value
    expected_rows: int | None   # how many rows there are, when known before reading them

    def rows(self) -> Iterator[TableRow]: ...

    def close(self) -> None: ...


class SheetReader(Protocol):
    """Opens a file handed in for import, by what it holds (not by its name): a workbook
    (.xlsx, .xls, .ods), CSV text or a 1C JSON file.

    Every way the file cannot be read is a refusal (``InputFileError``) naming ``shown_as``
    (the file as the user chose it; ``path`` may be a copy): not a table, damaged,
    password-protected, a CSV encoding that is neither UTF-8 nor Windows-1251, more than
    ``max_rows`` rows."""

    def open(self, path: Path, *, max_rows: int, shown_as: Path | None = None) -> Table: ...
