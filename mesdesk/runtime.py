"""What one MESDesk process runs on, built once and eagerly by ``mesdesk.bootstrap``.

``Runtime`` holds ports and use cases, never an adapter type: the UI and the CLI import this
module (the UI imports nothing of the composition root but its single start-up edge).
``Workers`` are the threads that run by themselves for the life of the process (the webhook
dispatcher, the §9 scheduler); whoever owns the process starts them, ``Runtime.close`` stops
them with everything else, in reverse order of building.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mesdesk.config import LIVE_SETTINGS, Settings
from mesdesk.domain import problems as P
from mesdesk.jobs import JobRunner
from mesdesk.services.identity import Identity
from mesdesk.services.ports import FileStore, JobStore, ScanJournal, UnitOfWorkFactory
from mesdesk.services.scanning import ScanStation
from mesdesk.services.settings import SettingsService
from mesdesk.services.use_cases import UseCases

log = logging.getLogger(__name__)

class Worker(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...


class MailDelivery(Protocol):
    def deliver(self, ids: Any) -> list[Any]:
        """Send the queued mails ``ids`` now (one attempt each); what became of each."""


class Listener(Protocol):
    def start(self) -> None: ...

    def stop(self, timeout: float = 1.0) -> None: ...


#: ``listen(on_change, on_state, **options)``: an unstarted live-updates listener (LISTEN/NOTIFY
#: with a polling fallback) on a connection of its own; stopped by ``Runtime.close``.
ListenerFactory = Callable[..., Listener]


class Scheduler(Worker, Protocol):
    @property
    def tasks(self) -> tuple[str, ...] | list[str]: ...


@dataclass
class Workers:
    """The process's background workers with one start and one stop.

    The desktop app starts them when its window is connected, ``mesdesk worker`` at once; the
    scheduler only where ``settings.run_scheduled_jobs`` allows (tests keep it off). Any number
    of processes may run them at once (SKIP LOCKED, leases, advisory locks)."""

    dispatcher: Worker
    scheduler: Scheduler
    #: Other workers that run wherever the dispatcher does (the file sync, the mail queue).
    background: tuple[Worker, ...] = ()
    _started: list[Worker] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def running(self) -> bool:
        return bool(self._started)

    def start(self, *, scheduled_jobs: bool = True) -> None:
        wanted = [self.dispatcher, *self.background] + ([self.scheduler] if scheduled_jobs
                                                         else [])
        with self._lock:
            for worker in wanted:
                if all(worker is not started for started in self._started):
                    worker.start()
                    self._started.append(worker)

    def stop(self) -> None:
        """Stop what was started, newest first; idempotent."""
        with self._lock:
            started, self._started = self._started, []
        for worker in reversed(started):
            try:
                worker.stop()
            except Exception:  # noqa: BLE001 - one worker's failure must not keep another
                log.exception("a worker failed to stop")


@dataclass
class Runtime:
    """Everything a MESDesk process uses: settings, the use cases with their dependencies
    bound, the scanning station, the job runner, the workers; built by ``bootstrap``."""

    settings: Settings
    mode: str                               # "embedded" | "shared"
    uow_factory: UnitOfWorkFactory
    use: UseCases
    station: ScanStation
    journal: ScanJournal
    jobs: JobRunner
    job_store: JobStore
    #: Reports, exports and imports (§8).
    file_store: FileStore
    workers: Workers
    listen: ListenerFactory
    #: The schema's revision and the newest one (``SchemaStatus``), for ``mesdesk db``.
    schema_status: Callable[[], Any]
    #: The settings page's work: the keyring, a test connection, saving the file; its calls
    #: block. Always there: the composition root builds it on the real keyring, probe and file.
    settings_service: SettingsService
    #: Where the database is, password hidden (for ``mesdesk db status`` and diagnostics).
    database_url: str = ""
    #: The SQLAlchemy engines behind the ports, opaque here: tests watch them for SQL run on
    #: the GUI thread, benchmarks read through them.
    engines: tuple[Any, ...] = ()
    #: The mail queue's sender on this station (None: no SMTP server is configured here);
    #: the CLI sends the mail its command queued before it exits.
    mail: MailDelivery | None = None
    #: Who is signed in here (issue 15): the use cases' guard and the audit log read it.
    identity: Identity = field(default_factory=Identity)
    #: The same use cases without the roles' guard: the station's own reads and work (the
    #: status bar's counts while the station is locked, the file sync's imports).
    station_use: UseCases | None = None
    _closers: list[Callable[[], None]] = field(default_factory=list, repr=False)
    _closed: bool = field(default=False, repr=False)

    @property
    def timezone(self) -> ZoneInfo:
        return production_timezone(self.settings)

    @property
    def engine(self) -> Any:
        """The main engine (opaque outside the adapters; see ``engines``)."""
        return self.engines[0]

    @property
    def aggregated_by(self) -> str:
        """Who aggregates from this station: ``station / user`` (the signed-in one)."""
        return aggregated_by(self.settings, self.identity.login)

    @property
    def gs_tokens(self) -> tuple[str, ...]:
        """What this station's scanner sends for the GS separator, besides ASCII 29."""
        return (self.settings.gs_token,) if self.settings.gs_token else ()

    def apply_live(self, changes: Mapping[str, Any]) -> tuple[str, ...]:
        """Use the changed settings that are read at each use (time zone, work center) or
        handed on at once (the GUI gives the sign-in gate its ``lock_after_minutes``); returns
        the keys applied. The rest waits for a restart."""
        live = {key: changes[key] for key in LIVE_SETTINGS if key in changes}
        if live:
            self.settings = replace(self.settings, **live)
        return tuple(live)

    def on_close(self, closer: Callable[[], None]) -> None:
        """Run ``closer`` at ``close``, before everything registered earlier."""
        self._closers.append(closer)

    def close(self) -> None:
        """Stop the workers and release everything, in reverse order of building; idempotent."""
        if self._closed:
            return
        self._closed = True
        self.workers.stop()
        for closer in reversed(self._closers):
            try:
                closer()
            except Exception:  # noqa: BLE001 - release the rest regardless
                log.exception("could not release a part of the runtime")

    def __enter__(self) -> "Runtime":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def aggregated_by(settings: Settings, login: str = "") -> str:
    """``station / login`` of the signed-in user (the settings' operator name when nobody
    is: a station's own work, e.g. replaying its journal)."""
    by = settings.station
    who = login or settings.operator
    if who:
        by = f"{by} / {who}"
    return by


def production_timezone(settings: Settings) -> ZoneInfo:
    try:
        return ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise P.TIMEZONE_UNKNOWN(timezone=settings.timezone, field="timezone") from exc
