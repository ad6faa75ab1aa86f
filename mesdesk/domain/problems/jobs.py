"""Problems of jobs, and the stored sentences of jobs (progress messages, result summaries).

A job's error, its progress message and its result summary are stored as ``{"code",
"params"}`` (``jobs.error_problem``, ``jobs.message_problem``) and rendered when read, so a
station in Russian reads the row another station wrote in English.
"""

from __future__ import annotations

from . import Kind, define

__all__ = [
    "JOB_CANCELLED_BY_USER", "JOB_CANCELLED_BEFORE_START", "JOB_CANCELLED_AT_SHUTDOWN",
    "JOB_RUNNER_CLOSED", "JOB_ABANDONED", "JOB_OUTCOME_UNSTORABLE", "JOB_OUTCOME_HAS_NUL", "JOB_WEBHOOKS_REQUEUED",
    "JOB_EXPIRED_BATCHES_CLOSED", "JOB_OLD_FILES_DELETED", "JOB_STATISTICS_FOLDED",
    "JOB_STEP_READING_FILE", "JOB_STEP_STORING_ITEMS", "JOB_STEP_DONE",
]

JOB_CANCELLED_BY_USER = define("job.cancelled_by_user", Kind.CANCELLED, "the job was cancelled")
JOB_CANCELLED_BEFORE_START = define("job.cancelled_before_start", Kind.CANCELLED,
                                    "the job was cancelled before it started")
JOB_CANCELLED_AT_SHUTDOWN = define("job.cancelled_at_shutdown", Kind.CANCELLED,
                                   "the job was cancelled because MESDesk was shutting down")
#: A job submitted while this MESDesk process is shutting down.
JOB_RUNNER_CLOSED = define("job.runner_closed", Kind.UNAVAILABLE,
                           "MESDesk is shutting down: no new job can start")
#: A job whose process stopped (a crash, a killed process, a lost machine): its heartbeat went
#: stale, and the next start of MESDesk or a worker's periodic pass failed it.
JOB_ABANDONED = define("job.abandoned", Kind.FAILED,
                       "the job was interrupted: MESDesk on {station} stopped working on it "
                       "(last sign of life {last_seen_at})")
#: The outcome could not be written to the database: ``reason`` is the database's word, and
#: the fact ``outcome`` (not in the sentence) the status the job really ended with.
JOB_OUTCOME_UNSTORABLE = define("job.outcome_unstorable", Kind.FAILED,
                                "the job ended, but its outcome could not be stored: {reason}")
#: The result holds a NUL character, which PostgreSQL refuses in text and JSON.
JOB_OUTCOME_HAS_NUL = define("job.outcome_has_nul", Kind.FAILED,
                             "the job ended, but its result could not be stored: it contains "
                             "a NUL character, which the database does not accept")
# Progress messages are stored the same way (``jobs.message_problem``); their kind is unused.

#: The progress message of the scheduled ``retry_failed_webhooks`` job.
JOB_WEBHOOKS_REQUEUED = define("job.webhooks_requeued", Kind.FAILED,
                               "{count} failed webhook deliveries queued again")
#: The progress message of the scheduled ``auto_close_expired_batches`` job.
JOB_EXPIRED_BATCHES_CLOSED = define("job.expired_batches_closed", Kind.FAILED,
                                    "batches closed because their shift had ended: {count}")
#: The progress message of the scheduled ``cleanup_old_files`` job.
JOB_OLD_FILES_DELETED = define("job.old_files_deleted", Kind.FAILED,
                               "files older than {days} days deleted: {count}")
#: The progress message of the scheduled ``refresh_statistics`` job.
JOB_STATISTICS_FOLDED = define("job.statistics_folded", Kind.FAILED,
                               "changes counted into the analytics totals: {count}")

# The steps an import job reports as its progress message.
JOB_STEP_READING_FILE = define("job.step_reading_file", Kind.FAILED, "reading the file")
JOB_STEP_STORING_ITEMS = define("job.step_storing_items", Kind.FAILED, "storing the items")
JOB_STEP_DONE = define("job.step_done", Kind.FAILED, "done")
