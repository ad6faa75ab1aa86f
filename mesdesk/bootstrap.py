"""The one composition root: settings in, running services out.

Nothing connects at import time. ``Runtime.open`` starts (or joins) the embedded PostgreSQL
when no URL is configured, upgrades the schema under the advisory lock, and wires the unit of
work, the offline journal and the job runner. Tests pass their own settings or URL.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine

from mesdesk.adapters.db.embedded import EmbeddedPostgres, EmbeddedPostgresError
from mesdesk.adapters.db.engine import make_engine
from mesdesk.adapters.db.job_store import SqlJobStore
from mesdesk.adapters.db.listener import ChangeListener, conninfo_from_url
from mesdesk.adapters.db.migrate import SchemaStatus, schema_status, upgrade
from mesdesk.adapters.db.scheduler import Scheduler, webhook_scheduler
from mesdesk.adapters.db.uow import SqlUnitOfWorkFactory, is_disconnect, unavailable
from mesdesk.adapters.journal import SqliteScanJournal
from mesdesk.adapters.outbox import OutboxDispatcher
from mesdesk.bootstrap_settings import effective_database_url, validate_database_url
from mesdesk.config import Settings
from mesdesk.domain import problems as P
from mesdesk.jobs.runner import JobRunner
from mesdesk.services.scanning import ScanStation

log = logging.getLogger(__name__)


def check_database_url(url: str) -> None:
    """Refuse, by name, a database URL that is not one or names another kind of database
    (the URL itself is never repeated: it may hold a password). A URL without a database
    name is left to the server, which then uses the user's name."""
    problem = validate_database_url(url)
    if problem is not None and problem.code != P.DATABASE_URL_NO_DATABASE.code:
        raise problem.type(**problem.params, field="database_url")


def production_timezone(settings: Settings) -> ZoneInfo:
    try:
        return ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise P.TIMEZONE_UNKNOWN(timezone=settings.timezone, field="timezone") from exc


@dataclass
class Runtime:
    """Everything a MESDesk process uses, built once; ``close`` releases it in reverse."""

    settings: Settings
    engine: Engine
    uow_factory: SqlUnitOfWorkFactory
    embedded: EmbeddedPostgres | None = None
    _journal: SqliteScanJournal | None = None
    _jobs: JobRunner | None = None
    _station: ScanStation | None = None
    _scan_engine: Engine | None = None
    _listeners: list[ChangeListener] = field(default_factory=list, repr=False)
    _dispatcher: OutboxDispatcher | None = None
    _scheduler: Scheduler | None = None
    _closed: bool = field(default=False, repr=False)
    # The journal and the station are built on first use, which may come from several
    # threads at once (the scan thread, the page tasks, the status bar's count).
    _lazy_lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @classmethod
    def open(cls, settings: Settings, *, migrate: bool = True) -> "Runtime":
        embedded = None
        if settings.database_url:
            check_database_url(settings.database_url)
        url = effective_database_url(settings)  # the password back from the keyring
        if not url:
            embedded = EmbeddedPostgres(settings.data_dir)
            try:
                url = embedded.start()
            except EmbeddedPostgresError as exc:
                raise P.EMBEDDED_DATABASE_FAILED(reason=str(exc)) from exc
        engine = make_engine(url, application_name=f"mesdesk@{settings.station}")
        runtime = cls(settings=settings, engine=engine, embedded=embedded,
                      uow_factory=SqlUnitOfWorkFactory(engine, actor=settings.operator,
                                                       station=settings.station))
        if migrate:
            try:
                upgrade(engine)
            except Exception as exc:
                runtime.close()
                if is_disconnect(exc):
                    raise unavailable(exc) from exc
                raise
        return runtime

    @property
    def timezone(self) -> ZoneInfo:
        return production_timezone(self.settings)

    @property
    def mode(self) -> str:
        return "embedded" if self.embedded else "shared"

    def schema_status(self) -> SchemaStatus:
        return schema_status(self.engine)

    @property
    def journal(self) -> SqliteScanJournal:
        with self._lazy_lock:
            if self._journal is None:
                self._journal = SqliteScanJournal(self.settings.journal_path)
            return self._journal

    @property
    def aggregated_by(self) -> str:
        """Who aggregates from this station: ``station / operator``."""
        by = self.settings.station
        if self.settings.operator:
            by = f"{by} / {self.settings.operator}"
        return by

    @property
    def gs_tokens(self) -> tuple[str, ...]:
        return (self.settings.gs_token,) if self.settings.gs_token else ()

    @property
    def station(self) -> ScanStation:
        with self._lazy_lock:
            return self._station_locked()

    def _station_locked(self) -> ScanStation:
        if self._station is None:
            by = self.aggregated_by
            tokens = self.gs_tokens
            # Its own small pool without pre-ping: a scan is one round trip (see make_engine).
            url = self.engine.url.render_as_string(hide_password=False)
            self._scan_engine = make_engine(url, pool_size=2, pre_ping=False,
                                            application_name=f"mesdesk-scan@{by}")
            factory = SqlUnitOfWorkFactory(self._scan_engine, actor=self.settings.operator,
                                           station=self.settings.station)
            self._station = ScanStation(factory, self.journal, by=by,
                                        repeat_window=self.settings.repeat_window_s,
                                        gs_tokens=tokens)
        return self._station

    @property
    def job_store(self) -> SqlJobStore:
        """The jobs of every station (the jobs panel reads it off the GUI thread)."""
        return SqlJobStore(self.engine)

    @property
    def jobs(self) -> JobRunner:
        if self._jobs is None:
            self._jobs = JobRunner(self.job_store, station=self.settings.station)
        return self._jobs

    def listener(self, *, on_change: Callable[[dict], None],
                 on_state: Callable[[str], None] | None = None,
                 **options: Any) -> ChangeListener:
        """A live-updates listener (LISTEN/NOTIFY with a polling fallback) on a connection of
        its own to this runtime's database; not started. ``options`` go to ``ChangeListener``
        (``poll_interval``, ``coalesce``, ``backoff``). ``close`` stops any left running."""
        by = self.settings.station
        listener = ChangeListener(conninfo_from_url(self.engine.url), on_change=on_change,
                                  on_state=on_state, application_name=f"mesdesk-listen@{by}",
                                  **options)
        self._listeners.append(listener)
        return listener

    @property
    def dispatcher(self) -> OutboxDispatcher:
        """The webhook outbox dispatcher (not started): the app and ``mesdesk worker`` start
        it; any number of them on any machines are correct together (SKIP LOCKED, leases)."""
        if self._dispatcher is None:
            # Woken by NOTIFY on a connection of its own (polling stays as the fallback); its
            # schedules run on the database's clock.
            by = self.settings.station
            self._dispatcher = OutboxDispatcher(
                self.engine, station=by, listen=conninfo_from_url(self.engine.url),
                application_name=f"mesdesk-outbox@{by}")
        return self._dispatcher

    @property
    def scheduler(self) -> Scheduler:
        """The §9 scheduled jobs (not started; ``retry_failed_webhooks`` every 15 min): the app
        and ``mesdesk worker`` start it; advisory locks make any number of them correct."""
        with self._lazy_lock:
            if self._scheduler is None:
                self._scheduler = webhook_scheduler(self.engine, self.uow_factory, self.jobs,
                                                    station=self.settings.station)
            return self._scheduler

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._scheduler is not None:
            self._scheduler.stop()
        if self._dispatcher is not None:
            self._dispatcher.stop()
        for listener in self._listeners:
            listener.stop()
        if self._jobs is not None:
            self._jobs.shutdown()
        if self._journal is not None:
            self._journal.close()
        if self._scan_engine is not None:
            self._scan_engine.dispose()
        self.engine.dispose()
        if self.embedded is not None:
            self.embedded.stop()

    def __enter__(self) -> "Runtime":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
