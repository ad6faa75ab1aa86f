"""The mail worker (§10): sends the queued mail, and keeps it queued while SMTP is down.

A plain thread with a stop event. Each pass claims one due mail at a time (``FOR UPDATE SKIP
LOCKED`` with a lease: any number of workers on any number of stations, each mail sent once),
finds its recipients (the row's, else those this station's settings name for its kind; none:
the mail is ``skipped``), renders it in this station's language, sends it, and records the
outcome: ``sent``, or queued again after the back-off of ``domain/mail_retry`` with the
problem as ``last_error`` (an unreachable server, a refused login), or ``failed`` for good.
It wakes on ``NOTIFY mesdesk_mail`` (a mail was queued) and polls every ``poll_interval``.

``deliver(ids)`` sends given mails now, on the caller's thread (the CLI's bounded attempt
before it exits); what it cannot send stays queued for a running worker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sqlalchemy.engine import Engine

from mesdesk.config import Settings
from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.domain.mail_addresses import parse_addresses
from mesdesk.domain.mail_retry import after_failure
from mesdesk.domain.mail_texts import render_mail
from mesdesk.domain.problems import Problem
from mesdesk.services.ports import Mailer, MailMessage

from mesdesk.adapters.db import mail_queue
from mesdesk.adapters.db.channels import MAIL_CHANNEL
from mesdesk.adapters.db.mail_queue import ClaimedMail
from mesdesk.adapters.outbox.wakeup import OutboxWakeup

from .from_settings import configured_recipients, language_of, sender_of, zone_of

log = logging.getLogger(__name__)

POLL_SECONDS = 5.0
#: Mails sent per pass before the loop looks at its stop event again.
PASS_LIMIT = 20
Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Delivered:
    """What became of one mail: ``sent``, ``queued`` (to be tried again), ``failed`` or
    ``skipped``, with the problem when it was not sent."""

    id: int
    state: str
    recipients: tuple[str, ...] = ()
    problem: Problem | None = None


class MailWorker:
    """``MailWorker(engine, mailer, settings)``; ``start``/``stop`` like the dispatcher.

    ``settings`` give the configured recipients, the language, the time zone, the From
    address and the station's name; ``clock`` None means the database's time (tests move a
    clock of their own instead of waiting); ``listen`` a libpq conninfo for the wake-up."""

    def __init__(self, engine: Engine, mailer: Mailer, settings: Settings, *,
                 clock: Clock | None = None, poll_interval: float = POLL_SECONDS,
                 listen: str | None = None, lease: timedelta | None = None) -> None:
        self._engine = engine
        self._mailer = mailer
        self._settings = settings
        self._clock = clock
        self._poll = poll_interval
        self._lease = lease or timedelta(seconds=3 * float(getattr(mailer, "timeout", 10))
                                         + 30)
        self._language = language_of(settings)
        self._tz: tzinfo = zone_of(settings)
        self._sender = sender_of(settings)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._wakeup = (OutboxWakeup(listen, self._wake.set, channel=MAIL_CHANNEL,
                                     application_name=f"mesdesk-mail@{settings.station}")
                        if listen else None)

    @property
    def listening(self) -> threading.Event | None:
        return self._wakeup.listening if self._wakeup else None

    # -- one pass -----------------------------------------------------------------------

    def run_once(self, limit: int = PASS_LIMIT) -> list[Delivered]:
        """Send up to ``limit`` due mails, one at a time; what became of each."""
        done: list[Delivered] = []
        while len(done) < limit and not self._stop.is_set():
            mail = mail_queue.claim(self._engine, lease=self._lease, now=self._now())
            if mail is None:
                break
            done.append(self._deliver_one(mail))
        return done

    def deliver(self, ids: Sequence[int]) -> list[Delivered]:
        """Send the mails ``ids`` now if they are due (one attempt each)."""
        done: list[Delivered] = []
        for _ in ids:
            mail = mail_queue.claim(self._engine, lease=self._lease, now=self._now(), ids=ids)
            if mail is None:
                break
            done.append(self._deliver_one(mail))
        return done

    def _now(self) -> datetime | None:
        return self._clock() if self._clock is not None else None

    def _deliver_one(self, mail: ClaimedMail) -> Delivered:
        recipients = self._recipients(mail)
        if isinstance(recipients, Problem):
            final = recipients.code == P.MAIL_NO_RECIPIENTS.code
            state = "skipped" if final else "failed"
            mail_queue.record_failure(self._engine, mail, state=state, problem=recipients,
                                      next_attempt_at=None, attempted=False)
            log.info("mail %s (%s) %s: %s", mail.id, mail.kind, state, recipients.code)
            return Delivered(mail.id, state, (), recipients)
        try:
            text = render_mail(mail.kind, mail.facts, language=self._language, tz=self._tz,
                               station=self._settings.station)
            self._mailer.send(MailMessage(self._sender, recipients, text.subject, text.body))
        except DomainError as exc:
            return self._failed(mail, recipients, exc.problem)
        except Exception as exc:  # noqa: BLE001 - a bug in rendering: recorded, not lost
            log.exception("mail %s (%s) could not be sent", mail.id, mail.kind)
            return self._failed(mail, recipients, P.MAIL_FAILED.problem(
                reason=type(exc).__name__))
        mail_queue.record_sent(self._engine, mail, recipients, self._now())
        log.info("mail %s (%s) sent to %d recipient(s)", mail.id, mail.kind, len(recipients))
        return Delivered(mail.id, "sent", recipients)

    def _failed(self, mail: ClaimedMail, recipients: tuple[str, ...],
                problem: Problem) -> Delivered:
        now = self._now() or mail_queue.database_now(self._engine)
        outcome = after_failure(problem, attempts=mail.attempts + 1,
                                queued_at=mail.created_at, now=now)
        mail_queue.record_failure(self._engine, mail, state=outcome.state, problem=problem,
                                  next_attempt_at=outcome.next_attempt_at)
        log.warning("mail %s (%s) not sent (%s): %s", mail.id, mail.kind, outcome.state,
                    problem.message)
        return Delivered(mail.id, outcome.state, recipients, problem)

    def _recipients(self, mail: ClaimedMail) -> tuple[str, ...] | Problem:
        if mail.recipients:
            return mail.recipients
        parsed = parse_addresses(configured_recipients(self._settings, mail.kind))
        if isinstance(parsed, Problem):
            return parsed
        return parsed or P.MAIL_NO_RECIPIENTS.problem()

    # -- the thread ---------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, daemon=True,
                                        name=f"mail-{self._settings.station}")
        self._thread.start()
        if self._wakeup is not None:
            self._wakeup.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._wakeup is not None:
            self._wakeup.stop()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("the mail worker did not stop within %.1f s", timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            busy = False
            try:
                busy = len(self.run_once()) >= PASS_LIMIT
            except Exception:  # noqa: BLE001 - the database may be away: try again later
                log.warning("mail worker pass failed", exc_info=True)
            if not busy:
                self._wake.wait(self._poll)
