"""A runtime without a database, for tests about a screen alone (a form's validation, a
layout, what a view does with what a use case returns).

It is built through the one composition root (``bootstrap`` with ``Overrides``): the same
station, job runner, use-case binding and workers' start/stop as the app, with in-memory
stand-ins where a server would be. A use case the test does not replace refuses loudly: a
screen test that reaches the database by accident fails instead of hanging.

    runtime = runtime_without_database(settings, list_subscriptions=lambda: [sub])
    backend = Backend.build(runtime)

Whatever crosses a service boundary is tested against the real thing elsewhere.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mesdesk.bootstrap import Overrides, bootstrap
from mesdesk.config import Settings, save_settings
from mesdesk.domain import problems as P
from mesdesk.domain.events import PING
from mesdesk.domain.subscriptions import subscription_input
from mesdesk.runtime import Runtime
from mesdesk.services.dto import DeliveryDTO, JobDTO, Page, SubscriptionDTO
from mesdesk.services.ports import SecretsUnavailable
from mesdesk.services.probe_result import NO_SERVER, ProbeResult
from mesdesk.services.settings import SettingsService

from tests.support.identity import signed_in


class NoDatabase:
    """A unit-of-work factory that refuses: the test should have replaced the use case."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a screen test reached the database: replace the use case")

    @property
    def scans(self) -> Any:
        """The one-statement scan port (``UnitOfWorkFactory.scans``): refused alike."""
        raise AssertionError("a screen test reached the database: replace the use case")


class MemoryJobStore:
    """The ``JobStore`` port in memory (the job runner's rows)."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._jobs: dict[int, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def create(self, kind: str, parameters: dict[str, Any], station: str) -> int:
        with self._lock:
            job_id = next(self._ids)
            self._jobs[job_id] = {"kind": kind, "parameters": parameters, "station": station,
                                  "status": "queued", "created_at": datetime.now(timezone.utc)}
            return job_id

    def mark_running(self, job_id: int) -> None:
        self._set(job_id, status="running")

    def progress(self, job_id: int, done: int, total: int | None, message: str | None,
                 **_: Any) -> None:
        self._set(job_id, done=done, total=total, message=message)

    def finish(self, job_id: int, status: str, **fields: Any) -> None:
        self._set(job_id, status=status, **fields)

    def heartbeat(self, job_ids: Iterable[int]) -> None:
        pass

    def request_cancel(self, job_id: int) -> bool:
        return False

    def get(self, job_id: int) -> JobDTO | None:
        return None

    def recent(self, limit: int = 100, *, statuses: Iterable[str] | None = None) -> list:
        return []

    def fail_abandoned(self) -> int:
        return 0

    def _set(self, job_id: int, **fields: Any) -> None:
        with self._lock:
            self._jobs.setdefault(job_id, {}).update(fields)


class QuietListener:
    """A live-updates listener that never hears anything (and says it is connected)."""

    def __init__(self, on_change: Callable[[dict], None],
                 on_state: Callable[[str], None] | None = None, **_: Any) -> None:
        self._on_state = on_state

    def start(self) -> None:
        if self._on_state is not None:
            self._on_state("connected")

    def stop(self, timeout: float = 1.0) -> None:
        pass


@dataclass
class IdleWorker:
    """A worker that only remembers whether it was started."""

    started: bool = False
    tasks: tuple[str, ...] = ()

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.started = False


def subscription(id: int = 1, url: str = "https://erp.example.com/hooks", *,
                 events: tuple[str, ...] = ("batch_closed",), **fields: Any) -> SubscriptionDTO:
    """A subscription as the services return it (active and healthy unless ``fields`` say
    otherwise)."""
    now = datetime.now(timezone.utc)
    values: dict[str, Any] = dict(
        id=id, url=url, events=events, is_active=True, retry_count=3, timeout=10,
        custom_headers={}, rate_limit=None, disabled_reason=None, created_at=now,
        updated_at=now)
    values.update(fields)
    return SubscriptionDTO(**values)


class MemoryWebhooks:
    """The subscription use cases in memory, refusing what the domain refuses (the same
    ``subscription_input`` rules the service applies); ``use_cases()`` for
    ``runtime_without_database``. ``pings`` lists the subscriptions sent a test event."""

    SECRET = "whsec_test_secret_shown_once"

    def __init__(self, *subscriptions: SubscriptionDTO) -> None:
        self._ids = itertools.count(max((s.id for s in subscriptions), default=0) + 1)
        self._rows = {s.id: s for s in subscriptions}
        self._lock = threading.Lock()
        self.pings: list[int] = []

    def use_cases(self) -> dict[str, Callable[..., Any]]:
        return {"list_subscriptions": self.list_subscriptions,
                "add_subscription": self.add_subscription,
                "update_subscription": self.update_subscription,
                "delete_subscription": self.delete_subscription,
                "send_test_event": self.send_test_event,
                "list_deliveries": self.list_deliveries}

    def list_deliveries(self, flt: Any = None, *, cursor: str | None = None,
                        limit: int = 100) -> Page:
        """The delivery log in memory is empty: nothing is ever sent here."""
        return Page((), None)

    def list_subscriptions(self) -> list[SubscriptionDTO]:
        with self._lock:
            return sorted(self._rows.values(), key=lambda s: s.id)

    def add_subscription(self, url: str, events: Iterable[str], **options: Any
                         ) -> tuple[SubscriptionDTO, str]:
        wanted = subscription_input(url, events, **options)
        with self._lock:
            created = subscription(next(self._ids), wanted.url, events=wanted.events,
                                   retry_count=wanted.retry_count, timeout=wanted.timeout,
                                   custom_headers=dict(wanted.custom_headers),
                                   rate_limit=wanted.rate_limit)
            self._rows[created.id] = created
        return created, self.SECRET

    def update_subscription(self, subscription_id: int, *, is_active: bool | None = None,
                            **changes: Any) -> SubscriptionDTO:
        with self._lock:
            current = self._existing(subscription_id)
            wanted = subscription_input(
                changes.get("url", current.url), changes.get("events", current.events),
                retry_count=changes.get("retry_count", current.retry_count),
                timeout=changes.get("timeout", current.timeout),
                custom_headers=changes.get("custom_headers", current.custom_headers),
                rate_limit=changes.get("rate_limit", current.rate_limit))
            values = dict(url=wanted.url, events=wanted.events,
                          retry_count=wanted.retry_count, timeout=wanted.timeout,
                          custom_headers=dict(wanted.custom_headers),
                          rate_limit=wanted.rate_limit)
            if is_active is not None:
                values["is_active"] = is_active
                if is_active:
                    values.update(disabled_reason=None, disabled_problem=None,
                                  failing_since=None, consecutive_failures=0)
            updated = dataclasses.replace(current, **values)
            self._rows[subscription_id] = updated
            return updated

    def delete_subscription(self, subscription_id: int) -> None:
        with self._lock:
            self._existing(subscription_id)
            del self._rows[subscription_id]

    def send_test_event(self, subscription_id: int) -> DeliveryDTO:
        with self._lock:
            sub = self._existing(subscription_id)
            if not sub.is_active:
                raise P.SUBSCRIPTION_TEST_DISABLED(id=subscription_id, field="is_active")
            self.pings.append(subscription_id)
            return DeliveryDTO(
                id=len(self.pings), subscription_id=subscription_id,
                subscription_url=sub.shown_url, event_id=f"ping-{len(self.pings)}",
                event_type=PING, status="pending", attempts=0,
                next_attempt_at=datetime.now(timezone.utc), response_status=None,
                error_message=None, created_at=datetime.now(timezone.utc), delivered_at=None)

    def _existing(self, subscription_id: int) -> SubscriptionDTO:
        found = self._rows.get(subscription_id)
        if found is None:
            raise P.SUBSCRIPTION_NOT_FOUND(id=subscription_id, field="id")
        return found


def runtime_without_database(settings: Settings, *, settings_service: Any = None,
                             **use_cases: Callable[..., Any]) -> Runtime:
    """The runtime for ``settings`` with no server behind it; ``use_cases`` replace the bound
    use cases of those names (``list_subscriptions=lambda: [...]``); ``settings_service``
    defaults to one on a ``MemorySecrets`` keyring that reaches no server."""
    return bootstrap(settings, overrides=Overrides(
        uow_factory=NoDatabase(), job_store=MemoryJobStore(), listen=QuietListener,
        dispatcher=IdleWorker(), scheduler=IdleWorker(),
        schema_status=lambda: None, use=use_cases,
        settings_service=settings_service or offline_settings_service(),
        identity=signed_in()))


def on_gui_thread() -> bool:
    """Whether the caller runs on the main thread (the GUI thread when Qt runs)."""
    return threading.current_thread() is threading.main_thread()


class MemorySecrets:
    """A keyring in memory (``available=False``: the machine has none). ``on_gui_thread``:
    for each call, whether it came from the GUI thread (a real keyring may block on D-Bus)."""

    def __init__(self, available: bool = True) -> None:
        self.available = available
        self.name = "memory keyring" if available else ""
        self.passwords: dict[str, str] = {}
        self.on_gui_thread: list[bool] = []

    def get(self, account: str) -> str | None:
        self.on_gui_thread.append(on_gui_thread())
        return self.passwords.get(account)

    def set(self, account: str, password: str) -> None:
        self.on_gui_thread.append(on_gui_thread())
        if not self.available:
            raise SecretsUnavailable("there is no system keyring")
        self.passwords[account] = password


class AnsweringProbe:
    """A database probe that gives one answer (by default: no server at db.example) and keeps
    the URLs it was asked about (with the password the service put back in) and, for each,
    whether the GUI thread asked."""

    def __init__(self, answer: ProbeResult | None = None) -> None:
        self.answer = answer or ProbeResult(False, failure=NO_SERVER, detail="db.example:5432")
        self.asked: list[str] = []
        self.on_gui_thread: list[bool] = []

    def __call__(self, url: str, timeout: float) -> ProbeResult:
        self.asked.append(url)
        self.on_gui_thread.append(on_gui_thread())
        return self.answer


class MemorySettingsFile:
    """A settings file in memory: what each save wrote, key by key, and for each save whether
    the GUI thread wrote it."""

    def __init__(self) -> None:
        self.written: dict[str, Any] = {}
        self.saves = 0
        self.on_gui_thread: list[bool] = []

    def __call__(self, settings: Settings, keys: tuple[str, ...]) -> Path:
        self.saves += 1
        self.on_gui_thread.append(on_gui_thread())
        self.written.update({key: getattr(settings, key) for key in keys})
        return settings.settings_path


def offline_settings_service(secrets: MemorySecrets | None = None,
                             probe: AnsweringProbe | None = None,
                             file: MemorySettingsFile | None = None) -> SettingsService:
    """The settings page's service with a memory keyring, a probe that answers what it is told
    (by default: no server) and the real settings file (under the test's config folder)
    unless given ``file``."""
    return SettingsService(secrets or MemorySecrets(), probe or AnsweringProbe(),
                           file or save_settings)
