"""Problems of the §9 scheduled tasks: asking for a task that does not exist, or one that is
running already. (What a task's own run meets is the work's problem, stored with the run.)"""

from __future__ import annotations

from . import Kind, define

__all__ = ["SCHEDULE_UNKNOWN_TASK", "SCHEDULE_BUSY"]

#: ``known``: the names of the tasks there are, comma-separated.
SCHEDULE_UNKNOWN_TASK = define("schedule.unknown_task", Kind.NOT_FOUND,
                               "there is no scheduled task {task}; the tasks are {known}")
#: The task's advisory lock is held: a run of it is going on in this or another process.
SCHEDULE_BUSY = define("schedule.busy", Kind.CONFLICT,
                       "the scheduled task {task} is running already, on this or another "
                       "station: try again when that run has finished")
