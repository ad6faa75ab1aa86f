"""When a queued e-mail is tried again, and when it is given up (§10, §11). Pure.

An SMTP server that is down, refuses the login or times out is an expected condition: the
mail stays queued and is tried after 1 min, 5 min, 15 min, 1 h, then every hour, until
``GIVE_UP_AFTER`` from when it was queued; then it ends ``failed`` with the last error. A
refusal that no retry can mend (the server refused the recipients or the sender, an address
that is not one) ends it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .problems import Problem

DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15),
          timedelta(hours=1))
GIVE_UP_AFTER = timedelta(hours=24)
#: Problems that fail a mail at once: sending it again would be refused again.
FINAL = frozenset({"mail.recipients_refused", "mail.sender_refused", "mail.address_invalid",
                   "mail.no_recipients"})


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt (1 = the first)."""
    return DELAYS[min(max(attempts, 1), len(DELAYS)) - 1]


@dataclass(frozen=True, slots=True)
class MailOutcome:
    """What a failed attempt leaves: ``queued`` with ``next_attempt_at``, or ``failed``."""

    state: str                          # "queued" | "failed"
    next_attempt_at: datetime | None
    problem: Problem


def after_failure(problem: Problem, *, attempts: int, queued_at: datetime,
                  now: datetime) -> MailOutcome:
    """The outcome of the ``attempts``-th failed attempt (counting this one) of a mail queued
    at ``queued_at``: retried while the next try is within ``GIVE_UP_AFTER``, else failed."""
    if problem.code in FINAL:
        return MailOutcome("failed", None, problem)
    at = now + retry_delay(attempts)
    if at - queued_at > GIVE_UP_AFTER:
        return MailOutcome("failed", None, problem)
    return MailOutcome("queued", at, problem)
