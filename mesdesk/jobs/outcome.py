"""How a job's outcome is stored: its error as a problem, and a fallback that always ends it.

Every job ends (SPEC §7). The first write records the outcome as it is. When the database
refuses it (PostgreSQL accepts no NUL character in ``text`` or ``jsonb``; a value may be too
big), the job is stored as *failed* with a problem saying why (``job.outcome_has_nul`` or
``job.outcome_unstorable``, the real status in the fact ``outcome``): the row ends, and the
caller's ``JobHandle`` still resolves with the real outcome. Only when even that write fails
(the database is away) does the row stay active; its heartbeat then stops, and the next start
or a worker fails it as ``job.abandoned``.

Error texts and progress messages are not data: a NUL in them is replaced by U+FFFD before
they are written. A result is data: it is never changed silently.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.domain.events import to_json_value
from mesdesk.domain.problems import Problem
from mesdesk.services.ports import JobStore

log = logging.getLogger(__name__)

FAILED = "failed"
NUL = "\x00"
REPLACEMENT = "\ufffd"
REASON_LENGTH = 200


def json_result(value: Any) -> Any:
    """The JSON form stored for a result: ``as_dict()`` when it has one, dates as ISO 8601.

    A value JSON cannot carry (a programming error) is stored with ``str()`` for the odd parts
    and logged, rather than failing work that has already done its job.
    """
    if value is None:
        return None
    as_dict = getattr(value, "as_dict", None)
    if callable(as_dict):
        value = as_dict()
    value = to_json_value(value)
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        log.error("Job result %r is not JSON-serialisable; storing its text form", value)
        try:
            return json.loads(json.dumps(value, default=str))
        except (TypeError, ValueError):
            return repr(value)


def stored(problem: Problem | None) -> dict[str, Any] | None:
    """The stored form of a problem: ``{"code", "params"}`` with no NUL; None for none."""
    if problem is None:
        return None
    return {"code": problem.code, "params": without_nul(dict(problem.params))}


def error_problem(exc: BaseException) -> Problem:
    """A job's error as a problem: a refusal's own, or ``problem.internal`` with the exception's
    class name for anything unexpected (the traceback goes to the log only)."""
    if isinstance(exc, DomainError):
        return exc.problem
    return P.INTERNAL.problem(kind=type(exc).__name__)


def message_parts(message: Problem | str | None) -> tuple[str | None, dict[str, Any] | None]:
    """A progress message as stored: the English text and the problem (when it is one)."""
    if isinstance(message, Problem):
        return without_nul(message.message), stored(message)
    return without_nul(message), None


def without_nul(value: Any) -> Any:
    """``value`` with every NUL in its strings (and dict keys) replaced by U+FFFD."""
    if isinstance(value, str):
        return value.replace(NUL, REPLACEMENT) if NUL in value else value
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [without_nul(item) for item in value]
    return value


def contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(contains_nul(item) for item in value)
    return False


def reason(exc: BaseException) -> str:
    """The first line of the database's refusal: short, NUL-free, never the statement or its
    parameters (SQLAlchemy adds those on the following lines)."""
    cause = getattr(exc, "orig", None) or exc
    text = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
    return without_nul(text)[:REASON_LENGTH]


def record(store: JobStore, job_id: int, status: str, *, result: Any = None,
           error: str | None = None, problem: Problem | None = None) -> bool:
    """Store the outcome, or failing that a failure saying why; never raises. False when
    nothing could be written (the row stays active until it is failed as abandoned)."""
    if contains_nul(result):
        fallback = P.JOB_OUTCOME_HAS_NUL.problem(outcome=status)
    else:
        try:
            if not store.finish(job_id, status, result=result, error=without_nul(error),
                                error_problem=stored(problem)):
                log.warning("Job %s ended (%s) after its row was already final (failed as "
                            "abandoned while its heartbeat could not be written?)", job_id,
                            status)
            return True
        except Exception as exc:
            log.error("Could not record the outcome (%s) of job %s", status, job_id,
                      exc_info=True)
            fallback = P.JOB_OUTCOME_UNSTORABLE.problem(outcome=status, reason=reason(exc))
    try:
        store.finish(job_id, FAILED, error=without_nul(fallback.message),
                     error_problem=stored(fallback))
        return True
    except Exception:
        log.error("Could not record even the failure of job %s; it is failed as abandoned "
                  "once its heartbeat is stale", job_id, exc_info=True)
        return False
