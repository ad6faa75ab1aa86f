"""The mail queue (``mail_outbox``, §10): enqueue in a unit of work, and the worker's steps.

``SqlMailQueue`` is ``uow.mail``: a mail is queued in the caller's transaction with a NOTIFY on
``mesdesk_mail`` that wakes an idle worker once it commits. The worker's steps are functions
on the engine, each its own short transaction, like the webhook outbox's:

- ``claim``: one due mail (queued and due, or ``sending`` with its lease run out: its worker
  died) leased with ``FOR UPDATE SKIP LOCKED``, so any number of workers may run at once and
  none sends what another has claimed;
- ``record_sent`` / ``record_failure`` / ``record_skipped``: the outcome, only while the lease
  is still this worker's (a mail whose lease ran out belongs to whoever claimed it since).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, text

from mesdesk.domain.events import to_json_value
from mesdesk.domain.problems import Problem
from mesdesk.services.mail import QueuedMail

from .channels import MAIL_CHANNEL, notify

INSERT = text("""
    INSERT INTO mail_outbox (kind, facts, recipients, station)
    VALUES (:kind, CAST(:facts AS jsonb), :recipients, :station)
    RETURNING id
""")

RECENT = text("""
    SELECT id, kind, recipients, state, attempts, next_attempt_at, last_error, station,
           created_at, sent_at
      FROM mail_outbox
     WHERE CAST(:state AS text) IS NULL OR state = :state
     ORDER BY id DESC
     LIMIT :limit
""")

CLAIM = text("""
    WITH due AS (
        SELECT id FROM mail_outbox
         WHERE ((state = 'queued' AND next_attempt_at <= :now)
                OR (state = 'sending' AND lease_until < :now))
           AND (CAST(:ids AS bigint[]) IS NULL OR id = ANY(CAST(:ids AS bigint[])))
         ORDER BY next_attempt_at, id
         LIMIT 1
         FOR UPDATE SKIP LOCKED
    )
    UPDATE mail_outbox m SET state = 'sending', lease_until = :until
      FROM due WHERE m.id = due.id
    RETURNING m.id, m.kind, m.facts, m.recipients, m.attempts, m.created_at, m.lease_until
""")

SENT = text("""
    UPDATE mail_outbox
       SET state = 'sent', attempts = attempts + 1, sent_at = :now, lease_until = NULL,
           last_error = NULL, recipients = :recipients
     WHERE id = :id AND state = 'sending' AND lease_until = :lease
""")

FAILED = text("""
    UPDATE mail_outbox
       SET state = :state, attempts = attempts + :counted, lease_until = NULL,
           next_attempt_at = COALESCE(:next, next_attempt_at),
           last_error = CAST(:problem AS jsonb)
     WHERE id = :id AND state = 'sending' AND lease_until = :lease
""")

NOW = text("SELECT now()")


class SqlMailQueue:
    """``uow.mail``. ``configured`` are the kinds this station's settings name recipients
    for (and only with an SMTP server): a mail without explicit recipients is queued only
    for those."""

    def __init__(self, connection: Connection, station: str,
                 configured: frozenset[str] = frozenset()) -> None:
        self._connection = connection
        self._station = station
        self._configured = configured

    def enqueue(self, kind: str, facts: Mapping[str, Any],
                recipients: Sequence[str] | None = None) -> int | None:
        if recipients is not None:
            recipients = list(recipients) or None
        if recipients is None and kind not in self._configured:
            return None
        return enqueue(self._connection, kind, facts, recipients, self._station)

    def recent(self, *, state: str | None = None, limit: int = 50) -> list[QueuedMail]:
        rows = self._connection.execute(RECENT, {"state": state, "limit": limit}).all()
        return [QueuedMail(id=r.id, kind=r.kind,
                           recipients=None if r.recipients is None else tuple(r.recipients),
                           state=r.state, attempts=r.attempts, next_attempt_at=r.next_attempt_at,
                           last_error=Problem.from_json(r.last_error), station=r.station,
                           created_at=r.created_at, sent_at=r.sent_at) for r in rows]


def enqueue(connection: Connection, kind: str, facts: Mapping[str, Any],
            recipients: Sequence[str] | None, station: str) -> int:
    """Insert a mail in ``connection``'s transaction and wake the workers when it commits
    (also for statements outside a unit of work: the webhook recorder)."""
    mail_id = connection.execute(INSERT, {
        "kind": kind, "facts": json.dumps(to_json_value(dict(facts)), ensure_ascii=False),
        "recipients": None if recipients is None else list(recipients),
        "station": station}).scalar_one()
    notify(connection, MAIL_CHANNEL, str(mail_id))
    return mail_id


@dataclass(frozen=True, slots=True)
class ClaimedMail:
    id: int
    kind: str
    facts: dict[str, Any]
    recipients: tuple[str, ...] | None
    attempts: int                   # before this one
    created_at: datetime
    lease: datetime                 # the lease's end: the token of this claim


def claim(engine: Engine, *, lease: timedelta, now: datetime | None = None,
          ids: Sequence[int] | None = None) -> ClaimedMail | None:
    """Lease the first due mail (of ``ids`` only, when given); None when none is due."""
    with engine.begin() as connection:
        at = now or connection.execute(NOW).scalar_one()
        row = connection.execute(CLAIM, {"now": at, "until": at + lease,
                                         "ids": None if ids is None else list(ids)}).first()
    if row is None:
        return None
    return ClaimedMail(row.id, row.kind, dict(row.facts or {}),
                       None if row.recipients is None else tuple(row.recipients),
                       row.attempts, row.created_at, row.lease_until)


def database_now(engine: Engine) -> datetime:
    with engine.connect() as connection:
        return connection.execute(NOW).scalar_one()


def record_sent(engine: Engine, mail: ClaimedMail, recipients: Sequence[str],
                now: datetime | None = None) -> bool:
    with engine.begin() as connection:
        at = now or connection.execute(NOW).scalar_one()
        done = connection.execute(SENT, {"id": mail.id, "lease": mail.lease, "now": at,
                                         "recipients": list(recipients)})
    return done.rowcount == 1


def record_failure(engine: Engine, mail: ClaimedMail, *, state: str, problem: Problem,
                   next_attempt_at: datetime | None, attempted: bool = True) -> bool:
    """``state`` ``queued`` (tried again at ``next_attempt_at``), ``failed`` or ``skipped``
    (``attempted`` False: no attempt was made, none is counted)."""
    with engine.begin() as connection:
        done = connection.execute(FAILED, {
            "id": mail.id, "lease": mail.lease, "state": state, "next": next_attempt_at,
            "counted": 1 if attempted else 0,
            "problem": json.dumps({"code": problem.code, "params": dict(problem.params)},
                                  ensure_ascii=False)})
    return done.rowcount == 1
