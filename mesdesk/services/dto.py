"""Frozen data handed to callers (CLI, GUI, jobs): never ORM rows, never a live Session."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from datetime import date, datetime
from pathlib import Path
from typing import Any, Mapping

from mesdesk.domain.events import to_json_value
from mesdesk.domain.problems import Problem
from mesdesk.domain.schedules import Schedule
from mesdesk.domain.subscriptions import masked_url
from mesdesk.domain.statistics import BatchStatistics, aggregation_rate
from mesdesk.domain.verdicts import Verdict


def _shallow(dto: Any) -> dict[str, Any]:
    """The fields of a flat DTO (``dataclasses.asdict`` deep-copies, and costs 10x more)."""
    return {f.name: getattr(dto, f.name) for f in fields(dto)}


@dataclass(frozen=True, slots=True)
class BatchDTO:
    id: int
    is_closed: bool
    closed_at: datetime | None
    task_description: str
    work_center: str            # identifier (ИдентификаторРЦ)
    work_center_name: str       # РабочийЦентр
    shift: str
    team: str
    batch_number: int
    batch_date: date
    nomenclature: str
    ekn_code: str
    shift_start: datetime
    shift_end: datetime
    products_total: int
    products_aggregated: int
    created_at: datetime
    updated_at: datetime

    @property
    def aggregation_rate(self) -> float:
        return aggregation_rate(self.products_aggregated, self.products_total)

    def as_dict(self) -> dict[str, Any]:
        data = _shallow(self)
        data["aggregation_rate"] = self.aggregation_rate
        return to_json_value(data)


@dataclass(frozen=True, slots=True)
class ProductDTO:
    id: int
    unique_code: str
    identity: str
    batch_id: int
    is_aggregated: bool
    aggregated_at: datetime | None
    aggregated_by: str | None
    created_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return to_json_value(_shallow(self))


@dataclass(frozen=True, slots=True)
class BatchDetail:
    batch: BatchDTO
    products: tuple[ProductDTO, ...]
    statistics: BatchStatistics
    products_next_cursor: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data = self.batch.as_dict()
        data["products"] = [product.as_dict() for product in self.products]
        data["statistics"] = self.statistics.as_dict()
        return data


SORTABLE_COLUMNS = ("id", "batch_number", "batch_date", "shift_start", "shift_end", "shift",
                    "team", "nomenclature", "ekn_code", "work_center", "is_closed",
                    "products_total", "products_aggregated", "aggregation_rate",
                    "created_at", "updated_at", "closed_at")


@dataclass(frozen=True, slots=True)
class BatchFilter:
    is_closed: bool | None = None
    batch_number: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    work_center: str | None = None      # identifier
    shift: str | None = None
    team: str | None = None
    search: str | None = None           # nomenclature / ЕКН / description (and the number)
    sort: str = "batch_date"
    descending: bool = True


@dataclass(frozen=True, slots=True)
class Page:
    rows: tuple[Any, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class Rejection:
    """An intake item refused (or, as a warning, reported): where, why in English, and the
    catalogued problem every surface renders."""

    index: int
    field: str | None
    error: str
    problem: Problem | None = None

    def as_dict(self) -> dict[str, Any]:
        problem = {"code": self.problem.code, "params": dict(self.problem.params)} \
            if self.problem else {"code": None, "params": {}}
        return {"index": self.index, "field": self.field, "error": self.error, **problem}


@dataclass(frozen=True, slots=True)
class IntakeResult:
    kind: str                   # "batches" | "products"
    created: int
    updated: int
    skipped: int
    rejected: tuple[Rejection, ...] = ()
    # What happened to each item, by its index: created | updated | unchanged | rejected for
    # batches; added | skipped | rejected for products.
    outcomes: tuple[str, ...] = ()
    #: Items stored with something to say (a key that is not a 1C key).
    warnings: tuple[Rejection, ...] = ()
    #: How many were rejected (and warned about) in all: the lists keep the first ones only,
    #: so that an answer about a huge file stays small.
    rejected_total: int | None = None
    warnings_total: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "created": self.created, "updated": self.updated,
                "skipped": self.skipped, "rejected": [r.as_dict() for r in self.rejected],
                "rejected_total": (len(self.rejected) if self.rejected_total is None
                                   else self.rejected_total),
                "warnings": [w.as_dict() for w in self.warnings],
                "warnings_total": (len(self.warnings) if self.warnings_total is None
                                   else self.warnings_total)}


@dataclass(frozen=True, slots=True)
class ScanResult:
    code: str
    verdict: Verdict
    message: str
    identity: str | None = None
    aggregated_at: datetime | None = None
    scan_id: str | None = None
    batch_id: int | None = None
    other_batch_number: int | None = None
    other_batch_date: date | None = None
    gs_restored: bool = False
    layout_repaired: bool = False
    position: int | None = None         # where a bad scan goes wrong (1-based), when known
    #: Why a scan is not a valid code (bad_format, layout) or was not decided (not_processed):
    #: the catalogued problem that every surface renders in its language.
    problem: Problem | None = None
    #: The batch's counters right after the scan, when the database decided it (the scan
    #: statement returns them: no second read for the progress bar).
    batch_total: int | None = None
    batch_aggregated: int | None = None

    def as_dict(self) -> dict[str, Any]:
        data = {"code": self.code, "verdict": self.verdict, "message": self.message,
                "identity": self.identity, "aggregated_at": self.aggregated_at,
                "scan_id": self.scan_id}
        if self.problem is not None:
            data["problem"] = problem_dict(self.problem)
        return to_json_value(data)


def problem_dict(problem: Problem) -> dict[str, Any]:
    """A problem in a result: ``{"code", "params"}`` (``code`` next to it is a marking code)."""
    return {"code": problem.code, "params": dict(problem.params)}


@dataclass(frozen=True, slots=True)
class BulkError:
    code: str               # the marking code as listed
    reason: str             # English, as before the catalogue
    problem: Problem | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "reason": self.reason}
        if self.problem is not None:
            data["problem"] = problem_dict(self.problem)
        return data


@dataclass(frozen=True, slots=True)
class BulkResult:
    total: int
    aggregated: int
    failed: int
    errors: tuple[BulkError, ...] = field(default_factory=tuple)

    @property
    def success(self) -> bool:
        return self.failed == 0

    def as_dict(self) -> dict[str, Any]:
        return {"success": self.success, "total": self.total, "aggregated": self.aggregated,
                "failed": self.failed,
                "errors": [e.as_dict() for e in self.errors]}


@dataclass(frozen=True, slots=True)
class AddProductsResult:
    added: int
    rejected: tuple[BulkError, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added,
                "rejected": [e.as_dict() for e in self.rejected]}


@dataclass(frozen=True, slots=True)
class JobDTO:
    id: int
    kind: str
    status: str
    parameters: dict[str, Any]
    progress_done: int
    progress_total: int | None
    message: str | None
    result: Any
    error: str | None
    station: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    #: The error and the progress message as stored problems ``{"code", "params"}`` (rendered
    #: in the reader's language); ``error``/``message`` keep the English for the CLI.
    error_problem: dict[str, Any] | None = None
    message_problem: dict[str, Any] | None = None
    #: A running job's last sign of life from its process (see ``JobStore.fail_abandoned``).
    heartbeat_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return to_json_value(_shallow(self))


@dataclass(frozen=True, slots=True)
class SubscriptionDTO:
    """A webhook subscription as shown to people: never its secret."""

    id: int
    url: str
    events: tuple[str, ...]
    is_active: bool
    retry_count: int
    timeout: int
    custom_headers: dict[str, str]
    rate_limit: int | None
    disabled_reason: str | None
    created_at: datetime
    updated_at: datetime
    last_success_at: datetime | None = None
    failing_since: datetime | None = None       # first failure since the last success
    consecutive_failures: int = 0
    #: Why MESDesk disabled it, as a catalogued problem (None when active or off by hand).
    disabled_problem: Problem | None = None

    @property
    def shown_url(self) -> str:
        """The URL as every listing shows it: a ``user:password@`` part as ``user:***@``."""
        return masked_url(self.url)

    def as_dict(self) -> dict[str, Any]:
        data = _shallow(self)
        data["url"] = self.shown_url
        data["events"] = list(self.events)
        data["disabled_problem"] = (self.disabled_problem.as_json()
                                    if self.disabled_problem else None)
        return to_json_value(data)


DELIVERY_STATUSES = ("pending", "success", "failed")


@dataclass(frozen=True, slots=True)
class DeliveryFilter:
    """What the deliveries log shows; ``since`` inclusive, ``until`` exclusive (created_at)."""

    subscription_id: int | None = None
    status: str | None = None           # pending | success | failed
    event_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class DeliveryDTO:
    """One event for one subscription, as the deliveries log shows it (never the body)."""

    id: int
    subscription_id: int
    subscription_url: str
    event_id: str
    event_type: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    response_status: int | None
    error_message: str | None
    created_at: datetime
    delivered_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        return to_json_value(_shallow(self))


@dataclass(frozen=True, slots=True)
class AttemptDTO:
    """One HTTP attempt of a delivery."""

    id: int
    delivery_id: int
    attempted_at: datetime
    duration_ms: int | None
    status_code: int | None
    error_class: str | None
    response_excerpt: str | None

    def as_dict(self) -> dict[str, Any]:
        return to_json_value(_shallow(self))


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file in one of the buckets (§8): where it is and how to reach it."""
    bucket: str
    name: str                   # the object's name in its bucket
    size: int                   # bytes
    modified: datetime          # aware, UTC
    url: str                    # file:// for the local store, a pre-signed URL for S3
    path: Path | None = None    # the file on this machine, when it is here
    #: Where it stands with the object store; a pre-signed ``url`` expires at ``expires_at``.
    sync_state: str = "local"
    expires_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"bucket": self.bucket, "object": self.name, "bytes": self.size,
                "modified": self.modified.isoformat(), "file_url": self.url,
                "path": None if self.path is None else str(self.path)}


class SyncState(StrEnum):
    """Where a file stands with the object store (§8)."""

    LOCAL = "local"             # no object store configured: kept on its station only
    PENDING = "pending"         # queued: the object store was not reachable yet
    UPLOADING = "uploading"     # an upload is running now
    SYNCED = "synced"           # in the object store
    FAILED = "failed"           # the last upload failed (``sync_error``); retried later


@dataclass(frozen=True, slots=True)
class FileEntry:
    """A file of a bucket as the Files area and ``mesdesk files list`` show it."""

    id: int
    bucket: str
    name: str
    size: int                   # bytes
    created_at: datetime        # aware, UTC
    created_by: str             # the operator, or the station when none is set
    station: str                # where the local copy is
    origin: str                 # made (a report, an export), uploaded (by a user), dropped
    sync_state: SyncState
    sync_error: Problem | None = None
    attempts: int = 0           # upload attempts so far
    next_attempt_at: datetime | None = None
    synced_at: datetime | None = None
    #: The local copy is on this station: it opens without the object store.
    here: bool = False
    #: A file of ``imports`` the worker imports: waiting, importing, imported, failed (None:
    #: not one to import, e.g. the copy an import made of its file); ``import_result`` is the
    #: import's summary (``ImportResult.as_dict``) or ``{"error": problem}``.
    import_state: str | None = None
    import_result: Mapping[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "bucket": self.bucket, "object": self.name, "bytes": self.size,
                "import_state": self.import_state,
                "import_result": None if self.import_result is None else dict(self.import_result),
                "created_at": self.created_at.isoformat(), "created_by": self.created_by,
                "station": self.station, "origin": self.origin,
                "sync_state": self.sync_state.value,
                "sync_error": None if self.sync_error is None else self.sync_error.as_json(),
                "attempts": self.attempts,
                "next_attempt_at": _iso(self.next_attempt_at),
                "synced_at": _iso(self.synced_at)}


@dataclass(frozen=True, slots=True)
class FileLink:
    """A link to a stored file: pre-signed for 7 days when it is in the object store, else
    the local file's ``file://`` URL, which does not expire (``expires_at`` None)."""

    url: str
    expires_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "expires_at": _iso(self.expires_at)}


@dataclass(frozen=True, slots=True)
class SyncSummary:
    """What one pass of the file sync did (``mesdesk files sync``, the worker)."""

    uploaded: int = 0
    failed: int = 0
    waiting: int = 0            # still queued afterwards (this station's, due later)
    imported: int = 0           # files dropped into imports (or the exchange folder) imported

    def as_dict(self) -> dict[str, Any]:
        return {"uploaded": self.uploaded, "failed": self.failed, "waiting": self.waiting,
                "imported": self.imported}


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


@dataclass(frozen=True, slots=True)
class MadeFile:
    """A file a job made and stored (an export, a report): where it is on this machine
    (``path``; the CLI's ``-o`` copy when one was made), how many data rows it holds, its size,
    and its object in the bucket. The CLI's ``--json`` prints ``as_dict()``."""

    path: Path | None
    rows: int
    bytes: int
    bucket: str
    object: str
    file_url: str
    #: The e-mail queued to announce it (a report with recipients), not in ``as_dict``.
    mail_id: int | None = None

    @classmethod
    def of(cls, stored: StoredFile, rows: int, mail_id: int | None = None) -> "MadeFile":
        return cls(path=stored.path, rows=rows, bytes=stored.size, bucket=stored.bucket,
                   object=stored.name, file_url=stored.url, mail_id=mail_id)

    def as_dict(self) -> dict[str, Any]:
        return {"path": None if self.path is None else str(self.path), "rows": self.rows,
                "bytes": self.bytes, "bucket": self.bucket, "object": self.object,
                "file_url": self.file_url}


@dataclass(frozen=True, slots=True)
class ScheduledRunDTO:
    """One run of a §9 scheduled task (``scheduled_runs``): why it ran (``trigger``: schedule,
    catch_up or manual), for which due time, where, how it ended and its counts (the work's
    result) or its error as a stored problem ``{"code", "params"}``."""

    id: int
    task: str
    due_at: datetime
    trigger: str
    station: str
    status: str                 # running | succeeded | failed
    counts: dict[str, Any] | None
    error_problem: dict[str, Any] | None
    job_id: int | None
    started_at: datetime
    finished_at: datetime | None

    @property
    def problem(self) -> Problem | None:
        return Problem.from_json(self.error_problem)

    def as_dict(self) -> dict[str, Any]:
        data = to_json_value(_shallow(self))
        problem = self.problem
        data["error"] = None if problem is None else problem.as_json()
        del data["error_problem"]
        return data


@dataclass(frozen=True, slots=True)
class ScheduledTaskDTO:
    """A §9 task as the Schedule tab and ``mesdesk schedule list`` show it: its schedule (data:
    ``Daily`` or ``Every``), its last run anywhere, and its next due time."""

    name: str
    schedule: Schedule
    time_zone: str              # the production zone a daily time is read in
    last_run: ScheduledRunDTO | None
    next_due: datetime

    def as_dict(self) -> dict[str, Any]:
        schedule = dict(self.schedule.as_dict())
        if schedule.get("kind") == "daily":
            schedule["time_zone"] = self.time_zone
        return {"task": self.name, "schedule": schedule,
                "last_run": None if self.last_run is None else self.last_run.as_dict(),
                "next_run": to_json_value(self.next_due)}


@dataclass(frozen=True, slots=True)
class UserDTO:
    """A user as the app shows it: never the PIN's hash or the badge's digest."""

    id: int
    login: str
    name: str
    role: str
    has_pin: bool
    has_badge: bool
    is_active: bool
    created_at: datetime
    updated_at: datetime


# -- the audit log (issue 15) ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the audit log shows: one user (``actor``), action, entity (and entity id), and
    ``since`` (inclusive) to ``until`` (exclusive) on ``at``; None is "any"."""

    actor: str | None = None
    action: str | None = None
    entity: str | None = None
    entity_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {name: value for name, value in to_json_value(_shallow(self)).items()
                if value is not None}


@dataclass(frozen=True, slots=True)
class AuditEntryDTO:
    """One audit row: who (``actor``) on which station did ``action`` to ``entity``
    ``entity_id`` at ``at``; ``changes`` as recorded (JSON values)."""

    id: int
    at: datetime
    actor: str
    station: str
    action: str
    entity: str
    entity_id: str | None
    changes: Any

    def as_dict(self) -> dict[str, Any]:
        return to_json_value(_shallow(self))


@dataclass(frozen=True, slots=True)
class AuditChoices:
    """The values the audit log's filters can choose from, each sorted."""

    actors: tuple[str, ...]
    actions: tuple[str, ...]
    entities: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"users": list(self.actors), "actions": list(self.actions),
                "entities": list(self.entities)}
