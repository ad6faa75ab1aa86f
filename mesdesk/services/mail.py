"""E-mail notifications (§10) as use cases: queued in the caller's transaction, sent later.

A mail is a row of ``mail_outbox``: a kind and its facts (rendered when sent, in the sending
station's language), and explicit recipients or none (``None``: those the sending station's
settings name for the kind). The helpers below are called inside the transaction that makes
the news (the report's, the import's), so a mail is queued exactly when the news is
committed; the worker (``adapters/mail/worker.py``) sends it, retrying while SMTP is down.

    mail_id = queue_report_mail(uow, batch_id=7, report_type="pdf", file_url=url,
                                expires_at=None, recipients=("qa@plant.ru",))

A mail for the configured recipients is queued only where the station has an SMTP server and
recipients for that kind (``uow.mail`` knows); explicit recipients are always queued.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from mesdesk.domain.mail_texts import IMPORT_COMPLETED, LISTED_ERRORS, REPORT_READY
from mesdesk.domain.problems import Problem

from .import_result import ImportResult
from .ports import UnitOfWork, UnitOfWorkFactory

#: The states of a queued mail (``mail_outbox.state``).
STATES = ("queued", "sending", "sent", "failed", "skipped")


@dataclass(frozen=True, slots=True)
class QueuedMail:
    """One row of the mail queue, for a status view and diagnostics."""

    id: int
    kind: str
    recipients: tuple[str, ...] | None      # None: the sending station's configured ones
    state: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: Problem | None
    station: str
    created_at: datetime
    sent_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind,
                "recipients": None if self.recipients is None else list(self.recipients),
                "state": self.state, "attempts": self.attempts,
                "next_attempt_at": _iso(self.next_attempt_at),
                "last_error": self.last_error.as_json() if self.last_error else None,
                "station": self.station, "created_at": _iso(self.created_at),
                "sent_at": _iso(self.sent_at)}


def queue_report_mail(uow: UnitOfWork, *, batch_id: int, report_type: str, file_url: str,
                      expires_at: datetime | None, recipients: Sequence[str] = (),
                      batch_number: str | None = None,
                      batch_date: date | None = None) -> int | None:
    """Queue "report ready" (with its link) in ``uow``'s transaction: to ``recipients``, or
    with none given to the configured ones. The mail's id, or None when none was queued."""
    facts = {"batch_id": batch_id, "batch_number": batch_number, "batch_date": batch_date,
             "report_type": report_type, "file_url": file_url, "expires_at": expires_at}
    return uow.mail.enqueue(REPORT_READY, facts, tuple(recipients) or None)


def queue_import_mail(uow: UnitOfWork, result: ImportResult,
                      recipients: Sequence[str] = ()) -> int | None:
    """Queue "import completed" with the import's summary and its first row errors."""
    summary = result.event_data()
    facts = {key: summary.get(key) for key in (
        "kind", "file", "total_rows", "created", "updated", "skipped", "rejected",
        "errors_total", "batch_id")}
    facts["errors"] = [{key: error.get(key) for key in ("row", "index", "field", "code",
                                                        "error")}
                       for error in summary.get("errors", [])[:LISTED_ERRORS]]
    return uow.mail.enqueue(IMPORT_COMPLETED, facts, tuple(recipients) or None)


def mail_queue(uow_factory: UnitOfWorkFactory, *, state: str | None = None,
               limit: int = 50) -> list[QueuedMail]:
    """The newest queued mails (of one ``state``, or all), newest first."""
    with uow_factory() as uow:
        return uow.mail.recent(state=state, limit=limit)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()
