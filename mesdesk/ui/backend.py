"""What a view gets from the rest of MESDesk: one ``Backend``, built by the app once the
runtime is ready, passed to every view's constructor.

- ``use``: the use cases with their dependencies bound (``backend.use.get_batch(42)``); call
  them only inside an op, never on the GUI thread;
- ``run``: run an op (``ops.run``), its outcome delivered on the GUI thread;
- ``changes``: live updates (``batches_changed``, ``changed``, ``state_changed``); a view
  connects to them in its constructor;
- ``job_updates``: the job runner's updates as a Qt signal, and submitting jobs off the GUI
  thread;
- ``settings``, ``timezone``, ``mode``, ``aggregated_by``, ``gs_tokens``: read on the GUI
  thread, no I/O;
- ``station`` (the scan lane's worker calls it) and ``settings_service`` (the settings page's
  keyring, probe and file, called as ops): their calls block;
- ``may(use_case)``: whether the signed-in user's role may run it (``domain/roles``), read on
  the GUI thread to offer only what they may do (the use cases still refuse the rest);
- ``local``: what one view of this station tells the others (settings applied now, a user
  saved), no database involved.

The Backend holds no Session, no engine and no adapter (see ARCHITECTURE, Layers).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QObject, Signal

from mesdesk.config import Settings
from mesdesk.domain.roles import Role, may
from mesdesk.runtime import Runtime
from mesdesk.services.scanning import ScanStation
from mesdesk.services.settings import SettingsService
from mesdesk.services.use_cases import UseCases

from .bridge.changes import ChangesBridge, runtime_listener
from .bridge.jobs import JobsBridge
from .widgets.ops import OpRunner


class LocalNotices(QObject):
    """What one view of this station tells the others, on the GUI thread."""

    #: ``{setting: value}``: saved settings that apply now (``Backend.apply_live``).
    settings_applied = Signal(object)
    #: ``UserDTO``: a user added or changed here (the Users area).
    user_saved = Signal(object)


@dataclass
class Backend:
    #: The app's own handle (it closes it); views use the properties below, never this.
    runtime: Runtime
    ops: OpRunner
    changes: ChangesBridge
    job_updates: JobsBridge
    local: LocalNotices

    @classmethod
    def build(cls, runtime: Runtime, *, on_error: Callable[[BaseException], None] | None = None,
              parent: QObject | None = None) -> "Backend":
        """The backend of ``runtime``: its ops on the job runner's op pool, live changes from
        its listener (not started), the job runner's updates."""
        ops = OpRunner(runtime.jobs.run_op, on_error=on_error, parent=parent)
        changes = ChangesBridge(runtime_listener(runtime), parent=parent)
        return cls(runtime=runtime, ops=ops, changes=changes,
                   job_updates=JobsBridge(runtime.jobs, ops, parent=parent),
                   local=LocalNotices(parent))

    def close(self) -> None:
        """Stop listening and delivering (the runtime is closed by its owner)."""
        self.changes.stop()
        self.job_updates.close()
        self.ops.shutdown()

    @property
    def use(self) -> UseCases:
        return self.runtime.use

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def timezone(self) -> tzinfo:
        return self.runtime.timezone

    @property
    def mode(self) -> str:
        return self.runtime.mode

    @property
    def station(self) -> ScanStation:
        """The scanning station: its calls block; the scan lane (``bridge.scans``) runs them."""
        return self.runtime.station

    @property
    def settings_service(self) -> SettingsService:
        """The settings page's work (keyring, test connection, saving); its calls block."""
        return self.runtime.settings_service

    def apply_live(self, changes: dict) -> tuple[str, ...]:
        """Use the saved settings that apply without a restart now (``local`` tells the
        parts that hold one, e.g. the sign-in gate); returns their names."""
        applied = self.runtime.apply_live(changes)
        if applied:
            self.local.settings_applied.emit({key: changes[key] for key in applied})
        return applied

    @property
    def role(self) -> Role | None:
        """The signed-in user's role; None while nobody is signed in."""
        return self.runtime.identity.role

    def may(self, use_case: str) -> bool:
        """Whether the signed-in user may run ``use_case`` (or do a station action of
        ``domain/roles``); nobody signed in may do nothing."""
        role = self.role
        return role is not None and may(role, use_case)

    @property
    def aggregated_by(self) -> str:
        """Who a scan of this station is recorded as (its station name)."""
        return self.runtime.aggregated_by

    @property
    def gs_tokens(self) -> tuple[str, ...]:
        """The station's own GS stand-ins besides the built-in ones (Settings → Scanner)."""
        return self.runtime.gs_tokens

    def run(self, work: Callable[[], Any], success: Callable[[Any], None] | None = None,
            failure: Callable[[BaseException], None] | None = None,
            owner: QObject | None = None) -> Future:
        """Run an op: ``work()`` off the GUI thread, ``success``/``failure`` on it."""
        return self.ops.run(work, success=success, failure=failure, owner=owner)
