"""The one composition root: settings in, a running ``Runtime`` out.

``bootstrap(settings)`` builds everything at once, in one place: it starts (or joins) the
embedded PostgreSQL when no URL is configured, upgrades the schema under the advisory lock,
fails the jobs a dead process left active, and wires the unit of work, the scanning station
with its journal, the job runner, the use cases and the workers (not started). Nothing here
is built later on first use, and nothing connects at import time.

``Overrides`` replace parts with fakes or with objects of a test's own. When the unit of
work is overridden no database is opened at all, and every part that would need one must be
overridden too (``tests/support/fakes.py`` has a set for tests about the UI alone).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable, Mapping

from mesdesk.adapters.db.embedded import EmbeddedPostgres, EmbeddedPostgresError
from mesdesk.adapters.db.engine import make_engine
from mesdesk.adapters.db.job_store import SqlJobStore
from mesdesk.adapters.db.listener import ChangeListener, conninfo_from_url
from mesdesk.adapters.db.migrate import schema_status, upgrade
from mesdesk.adapters.db.scheduler import (ABANDONED_SWEEP_INTERVAL, FAIL_ABANDONED_JOBS,
                                           Scheduler)
from mesdesk.adapters.db.uow import SqlUnitOfWorkFactory, is_disconnect, unavailable
from mesdesk.adapters.journal import SqliteScanJournal
from mesdesk.adapters.storage import LocalFileStore
from mesdesk.adapters.storage.s3 import object_store_from, probe_storage
from mesdesk.adapters.storage.sync_worker import FileSyncWorker
from mesdesk.adapters.reports import report_renderers
from mesdesk.adapters.sheets import SheetFileReader
from mesdesk.adapters.outbox import OutboxDispatcher
from mesdesk.adapters.mail import mail_kinds, mailer_from, probe_mail
from mesdesk.adapters.mail.worker import MailWorker
from mesdesk.domain.mail_texts import SUBSCRIPTION_DISABLED
from mesdesk.adapters.db.probe import probe_database
from mesdesk.adapters.secrets import KeyringSecrets
from mesdesk.adapters.sheets.write_export import write_export
from mesdesk.config import Settings, save_settings
from mesdesk.domain.database_urls import validate_database_url
from mesdesk.services.settings import SettingsService
from mesdesk.domain import problems as P
from mesdesk.jobs import JobRunner
from mesdesk.runtime import Runtime, Worker, Workers, aggregated_by, production_timezone
from mesdesk.services.imports import ImportLimits, import_job
from mesdesk.services.ports import (FileStore, JobStore, ObjectStore, ScanJournal,
                                    UnitOfWorkFactory)
from mesdesk.services.synced_store import SyncedFileStore
from mesdesk.services.scanning import ScanStation
from mesdesk.services.scheduled_tasks import scheduled_tasks
from mesdesk.services.identity import Identity
from mesdesk.services.use_cases import UseCases

__all__ = ["Overrides", "Runtime", "bootstrap", "check_database_url", "production_timezone"]

log = logging.getLogger(__name__)

#: Who the §9 scheduled tasks are in the audit log (they run on whichever station is up).
SCHEDULER_ACTOR = "scheduler"


@dataclass(frozen=True)
class Overrides:
    """Parts of the runtime given instead of built (all optional)."""

    uow_factory: UnitOfWorkFactory | None = None
    scan_uow_factory: UnitOfWorkFactory | None = None   # the station's one-statement path
    journal: ScanJournal | None = None
    job_store: JobStore | None = None
    listen: Callable[..., Any] | None = None
    dispatcher: Worker | None = None
    scheduler: Any = None
    schema_status: Callable[[], Any] | None = None
    #: Use cases replaced by these functions, by name (tests of a screen alone).
    use: Mapping[str, Callable[..., Any]] | None = None
    #: The settings page's service (its keyring, probe and file), e.g. on fakes.
    settings_service: SettingsService | None = None
    #: Where reports, exports and imports are kept (§8); the local folder store by default.
    file_store: FileStore | None = None
    #: Workers that run beside the dispatcher (the file sync, the mail queue); built from the
    #: settings when not given. Tests without a database give ``()``.
    background: tuple[Worker, ...] | None = None
    #: Who is signed in (issue 15); a new, empty one when not given.
    identity: Identity | None = None

    #: What must come with ``uow_factory`` when no database is opened.
    WITHOUT_DATABASE = ("job_store", "listen", "dispatcher", "scheduler", "schema_status")

    def given(self) -> set[str]:
        return {f.name for f in fields(self) if getattr(self, f.name) is not None}


def settings_service(given: Overrides, identity: Identity | None = None) -> SettingsService:
    """The settings page's service on the OS keyring, a real probe and the file; saving is
    an administrator's when ``identity`` is given."""
    return given.settings_service or SettingsService(KeyringSecrets(), probe_database,
                                                     save_settings,
                                                     storage_probe=probe_storage,
                                                     mail_probe=probe_mail, identity=identity)


def check_database_url(url: str) -> None:
    """Refuse, by name, a database URL that is not one or names another kind of database
    (the URL itself is never repeated: it may hold a password). A URL without a database
    name is left to the server, which then uses the user's name."""
    problem = validate_database_url(url)
    if problem is not None and problem.code != P.DATABASE_URL_NO_DATABASE.code:
        raise problem.type(**problem.params, field="database_url")


def bootstrap(settings: Settings, *, migrate: bool = True,
              overrides: Overrides | None = None) -> Runtime:
    """Build the whole runtime for ``settings``; ``Runtime.close`` releases it."""
    given = overrides or Overrides()
    if given.uow_factory is not None:
        missing = [name for name in Overrides.WITHOUT_DATABASE if name not in given.given()]
        if missing:
            raise ValueError(f"without a database these must be overridden too: {missing}")
        return _assemble(settings, given, mode="given", closers=[], engines=())
    closers: list[Callable[[], None]] = []
    try:
        return _on_database(settings, given, migrate, closers)
    except BaseException:
        for closer in reversed(closers):
            try:
                closer()
            except Exception:  # noqa: BLE001 - the first failure is the one to tell
                log.exception("could not release a part of a runtime that failed to start")
        raise


def _on_database(settings: Settings, given: Overrides, migrate: bool,
                 closers: list[Callable[[], None]]) -> Runtime:
    if settings.database_url:
        check_database_url(settings.database_url)
    identity = given.identity or Identity()
    service = settings_service(given, identity)
    url = service.effective_database_url(settings)  # the password back from the keyring
    mode = "shared"
    if not url:
        mode = "embedded"
        embedded = EmbeddedPostgres(settings.data_dir)
        try:
            url = embedded.start()
        except EmbeddedPostgresError as exc:
            raise P.EMBEDDED_DATABASE_FAILED(reason=str(exc)) from exc
        closers.append(embedded.stop)
    station = settings.station
    engine = make_engine(url, application_name=f"mesdesk@{station}")
    closers.append(engine.dispose)
    if migrate:
        try:
            upgrade(engine)
        except Exception as exc:
            if is_disconnect(exc):
                raise unavailable(exc) from exc
            raise
    # The scan's own small pool without pre-ping: a scan is one round trip (see make_engine).
    scan_engine = make_engine(url, pool_size=2, pre_ping=False,
                              application_name=f"mesdesk-scan@{aggregated_by(settings)}")
    closers.append(scan_engine.dispose)
    conninfo = conninfo_from_url(engine.url)
    listeners: list[ChangeListener] = []

    def listen(on_change: Callable[[dict], None], on_state: Callable[[str], None] | None = None,
               **options: Any) -> ChangeListener:
        listener = ChangeListener(conninfo, on_change=on_change, on_state=on_state,
                                  application_name=f"mesdesk-listen@{station}", **options)
        listeners.append(listener)
        return listener

    closers.append(lambda: [listener.stop() for listener in listeners])
    # Every unit of work is stamped with whoever is signed in when it starts.
    actor = who_acts(identity, settings)
    kinds = mail_kinds(settings)      # what this station queues for its mail recipients
    uow_factory = given.uow_factory or SqlUnitOfWorkFactory(
        engine, actor=actor, station=station, mail_kinds=kinds)
    effective = service.effective_settings(settings)     # secrets back from the keyring
    mail = _mail_worker(engine, effective, conninfo)
    wired = Overrides(
        uow_factory=uow_factory,
        scan_uow_factory=given.scan_uow_factory or SqlUnitOfWorkFactory(
            scan_engine, actor=actor, station=station),
        journal=given.journal,
        job_store=given.job_store or SqlJobStore(engine),
        listen=given.listen or listen,
        dispatcher=given.dispatcher or OutboxDispatcher(
            engine, station=station, listen=conninfo,
            application_name=f"mesdesk-outbox@{station}",
            mail_on_disable=SUBSCRIPTION_DISABLED in kinds),
        scheduler=given.scheduler,
        schema_status=given.schema_status or (lambda: schema_status(engine)),
        use=given.use, settings_service=service, file_store=given.file_store,
        background=given.background, identity=identity)
    # Scheduled tasks write as "scheduler" in the audit log, not as this station's operator.
    scheduled_uow = SqlUnitOfWorkFactory(engine, actor=SCHEDULER_ACTOR, station=station,
                                         mail_kinds=kinds)

    def synced_files(local: Any) -> SyncedFileStore:
        return SyncedFileStore(local, object_store(effective), uow_factory,
                               station=station, made_by=settings.operator)

    runtime = _assemble(settings, wired, mode=mode, closers=closers,
                        engines=(engine, scan_engine),
                        database_url=engine.url.render_as_string(hide_password=True),
                        scheduler_engine=engine, scheduled_uow=scheduled_uow,
                        synced_files=synced_files, mail_worker=mail)
    runtime.mail = mail
    fail_abandoned_jobs(runtime)
    return runtime


def _mail_worker(engine: Any, settings: Settings, conninfo: str) -> MailWorker | None:
    """The mail queue's worker where the settings (secrets from the keyring) name an SMTP
    server; a station without one sends nothing (and claims nothing)."""
    mailer = mailer_from(settings)
    if mailer is None:
        return None
    return MailWorker(engine, mailer, settings, listen=conninfo)


def _assemble(settings: Settings, parts: Overrides, *, mode: str,
              closers: list[Callable[[], None]], engines: tuple[Any, ...],
              database_url: str = "", scheduler_engine: Any = None,
              scheduled_uow: UnitOfWorkFactory | None = None,
              synced_files: Callable[[Any], SyncedFileStore] | None = None,
              mail_worker: Worker | None = None) -> Runtime:
    """The runtime around its parts; closers run in reverse at ``Runtime.close``."""
    journal = parts.journal or SqliteScanJournal(settings.journal_path)
    closers.append(journal.close)
    job_store = parts.job_store
    jobs = JobRunner(job_store, station=settings.station)
    closers.append(jobs.shutdown)
    identity = parts.identity or Identity()
    station = ScanStation(parts.scan_uow_factory or parts.uow_factory, journal,
                          by=lambda: aggregated_by(settings, identity.login),
                          signed_in=lambda: identity.user is not None,
                          repeat_window=settings.repeat_window_s,
                          gs_tokens=(settings.gs_token,) if settings.gs_token else ())
    runtime_ref: list[Runtime] = []

    def timezone() -> Any:       # a live setting: read at each use
        return runtime_ref[0].timezone

    file_store = parts.file_store or LocalFileStore(settings.files_dir)
    if synced_files is not None:
        file_store = synced_files(file_store)
    scheduler = parts.scheduler
    if scheduler is None:
        scheduler = Scheduler(scheduler_engine, jobs, station=settings.station, zone=timezone)
        for task in scheduled_tasks(scheduled_uow or parts.uow_factory, file_store, settings,
                                    timezone=timezone, clock=scheduler.clock):
            scheduler.add(task.name, task.schedule, task.work)
        scheduler.add_housekeeping(FAIL_ABANDONED_JOBS, ABANDONED_SWEEP_INTERVAL,
                                   lambda: fail_abandoned_jobs(runtime_ref[0]),
                                   first_delay=ABANDONED_SWEEP_INTERVAL)
    dependencies = {"uow_factory": parts.uow_factory, "journal": journal,
                    "job_store": job_store, "file_store": file_store,
                    "report_renderers": report_renderers(),
                    "sheet_writer": write_export, "sheet_reader": SheetFileReader(),
                    "scheduler": scheduler}
    # The user's use cases ask the roles (issue 15); the station's own background work (the
    # file sync's imports) runs whoever is signed in, or nobody.
    use = UseCases(dependencies, identity=identity)
    use.replace(**(parts.use or {}))
    station_use = UseCases(dependencies)
    station_use.replace(**(parts.use or {}))
    background = parts.background
    if background is None:         # built here: the file sync, and the mail queue's sender
        background = (mail_worker,) if mail_worker is not None else ()
        if isinstance(file_store, SyncedFileStore):
            background += (file_sync_worker(settings, file_store, jobs, station_use,
                                            lambda: runtime_ref[0].timezone),)
    runtime = Runtime(settings=settings, mode=mode, uow_factory=parts.uow_factory, use=use,
                      station=station, journal=journal, jobs=jobs, job_store=job_store,
                      file_store=file_store,
                      workers=Workers(dispatcher=parts.dispatcher, scheduler=scheduler,
                                      background=tuple(background)),
                      listen=parts.listen, schema_status=parts.schema_status,
                      database_url=database_url, engines=engines,
                      settings_service=settings_service(parts, identity), identity=identity,
                      station_use=station_use, _closers=closers)
    runtime_ref.append(runtime)
    return runtime


def who_acts(identity: Identity, settings: Settings) -> Callable[[], str]:
    """The audit log's "who" of this process: the signed-in user's login (the settings'
    operator name while nobody is, e.g. for the station's own background work)."""
    return lambda: identity.login or settings.operator


def object_store(settings: Settings) -> ObjectStore | None:
    """MinIO/S3 when the settings name one (§8), else None: files stay local."""
    return object_store_from(settings)


#: The ``jobs`` kind of an import the file sync makes (as ``mesdesk import``'s).
IMPORT_JOB = "import"


def file_sync_worker(settings: Settings, store: SyncedFileStore, jobs: JobRunner,
                     use: UseCases, timezone: Callable[[], Any]) -> FileSyncWorker:
    """The file sync (§8): uploads, and the imports of files dropped into ``imports`` or the
    exchange folder, each import a job (a ``jobs`` row every station sees)."""
    limits = ImportLimits.of(settings)
    gs_tokens = (settings.gs_token,) if settings.gs_token else ()

    def importer(path: Path) -> dict[str, Any]:
        parameters, key = import_job(path, update_existing=False, batch_id=None)
        handle = jobs.submit(IMPORT_JOB, {**parameters, "source": "file_sync"}, lambda job: (
            use.import_file(path, timezone(), gs_tokens=gs_tokens, limits=limits, job=job,
                            keep_copy=False).as_dict()), key=key)
        return handle.result()

    exchange = Path(settings.exchange_dir).expanduser() if settings.exchange_dir else None
    return FileSyncWorker(store, importer, exchange_dir=exchange)


def fail_abandoned_jobs(runtime: Runtime) -> int:
    """Every job ends: fail the jobs a dead process left active (stale heartbeat), at each
    start; the scheduler repeats it. Never stops a start."""
    try:
        failed = runtime.job_store.fail_abandoned()
    except Exception:
        log.warning("could not fail the abandoned jobs", exc_info=True)
        return 0
    if failed:
        log.info("failed %d abandoned job(s)", failed)
    return failed
