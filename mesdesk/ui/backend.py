"""What the views get from the rest of MESDesk: services to call off the GUI thread, the
job runner, settings. Built from the composition root's Runtime; holds no Session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from mesdesk.bootstrap import Runtime
from mesdesk.config import Settings
from mesdesk.jobs import JobRunner
from mesdesk.services.ports import UnitOfWorkFactory

from .bridge.tasks import TaskRunner


@dataclass
class Backend:
    runtime: Runtime
    tasks: TaskRunner

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def uow_factory(self) -> UnitOfWorkFactory:
        """Pass it to a service function inside ``run``; never call it on the GUI thread."""
        return self.runtime.uow_factory

    @property
    def timezone(self) -> tzinfo:
        return self.runtime.timezone

    @property
    def jobs(self) -> JobRunner:
        return self.runtime.jobs

    @property
    def mode(self) -> str:
        return self.runtime.mode

    def run(self, work: Callable[[], Any], on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None, owner=None):
        """Shorthand for ``tasks.submit``."""
        return self.tasks.submit(work, on_success=on_success, on_failure=on_failure,
                                 owner=owner)
