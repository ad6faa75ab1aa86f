"""The §9 schedule as people see it: each task's last and next run, and "Run now".

The scheduler itself (``adapters.db.scheduler``) decides when a task runs and makes sure a due
time runs once across every station; these use cases are the read side for the Schedule tab
and ``mesdesk schedule list``, and the manual run of ``mesdesk schedule run`` and the tab's
"Run now".
"""

from __future__ import annotations

from .dto import ScheduledRunDTO, ScheduledTaskDTO
from .ports import ScheduleControl


def schedule_overview(scheduler: ScheduleControl) -> tuple[ScheduledTaskDTO, ...]:
    """Every scheduled task: its schedule, its last run (on any station) and its next due
    time, in the order the tasks are declared."""
    return scheduler.overview()


def run_scheduled_task(scheduler: ScheduleControl, name: str) -> ScheduledRunDTO:
    """Run the task ``name`` now, in this process, and wait for it: a ``manual`` run, recorded
    like the scheduled ones and shown as a job. Returns the finished run (its status says
    whether the work succeeded). Refused: an unknown name (``schedule.unknown_task``), a task
    running already anywhere (``schedule.busy``).

    For supervisors: once there is a sign-in, the role check belongs here, before the run."""
    return scheduler.run_now(name)
