"""The SMTP server behind the ``Mailer`` port (§10), with the standard library's smtplib.

``SmtpMailer(host, port, security, user, password)`` sends one ``MailMessage`` per connection
(mail is rare: a report, an import, a disabled subscription) over STARTTLS, implicit TLS
(``ssl``) or a plain connection (``none``), logging in when a user is set. Every failure is a
catalogued ``mail.*`` problem (``SMTP_PROBLEMS`` below says which); no raw exception leaves
this module, and neither does the password (it is kept out of ``repr`` and of every message).
"""

from __future__ import annotations

import base64
import logging
import smtplib
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.domain.problems import Problem
from mesdesk.services.ports import MailMessage

log = logging.getLogger(__name__)

SECURITY = ("starttls", "ssl", "none")
TIMEOUT_S = 10.0
#: How much of a server's reply a problem quotes.
REPLY_LIMIT = 200


class SmtpMailer:
    """See the module docstring. Blocks on the network: run it off the GUI thread."""

    def __init__(self, host: str, port: int, security: str = "starttls", user: str = "",
                 password: str = "", timeout: float = TIMEOUT_S) -> None:
        if security not in SECURITY:
            raise ValueError(f"smtp security must be one of {SECURITY}, not {security!r}")
        self.host = host.strip()
        self.port = int(port)
        self.security = security
        self.user = user.strip()
        self._password = password
        self.timeout = timeout

    def __repr__(self) -> str:
        return (f"SmtpMailer({self.host!r}, {self.port}, {self.security!r}, "
                f"user={self.user!r}, password={'***' if self._password else ''!r})")

    def send(self, message: MailMessage) -> None:
        """Send ``message``; a failure is raised as its ``mail.*`` problem."""
        mime = mime_message(message, self.host)
        with self._session() as smtp:
            try:
                refused = smtp.send_message(mime, from_addr=message.sender,
                                            to_addrs=list(message.recipients))
            except smtplib.SMTPException as exc:
                raise self._error(exc) from None
        if refused:     # some recipients took it, some not: it is sent (retrying would repeat)
            log.warning("the mail server refused %d of %d recipients: %s", len(refused),
                        len(message.recipients), ", ".join(sorted(refused)))

    def probe(self) -> Problem | None:
        """Connect, say hello, start TLS and log in as configured; send nothing."""
        try:
            with self._session():
                return None
        except DomainError as exc:
            return exc.problem

    @contextmanager
    def _session(self) -> Iterator[smtplib.SMTP]:
        """A connected, secured, logged-in session, closed on the way out."""
        smtp: smtplib.SMTP | None = None
        try:
            if self.security == "ssl":
                smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                        context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            smtp.ehlo()
            if self.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise P.MAIL_TLS(reason="the server does not offer STARTTLS")
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if self.user:
                self._login(smtp)
        except DomainError:
            _close(smtp)
            raise
        except (OSError, smtplib.SMTPException) as exc:
            _close(smtp)
            raise self._error(exc) from None
        try:
            yield smtp
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                _close(smtp)

    def _login(self, smtp: smtplib.SMTP) -> None:
        """smtplib logs in with ASCII only; a user name or password with other characters
        goes as AUTH PLAIN in UTF-8 (RFC 4616)."""
        try:
            smtp.login(self.user, self._password)
            return
        except UnicodeEncodeError:
            pass
        token = base64.b64encode(f"\0{self.user}\0{self._password}".encode()).decode()
        code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
        if code in (535, 534):
            raise smtplib.SMTPAuthenticationError(code, reply)
        if code != 235:
            raise smtplib.SMTPResponseException(code, reply)

    def _error(self, exc: BaseException) -> DomainError:
        problem = smtp_problem(exc, self.host, self.port, self.timeout)
        log.info("smtp %s:%s: %s (%s)", self.host, self.port, problem.code,
                 type(exc).__name__)
        return problem.type(**problem.params)


def smtp_problem(exc: BaseException, host: str, port: int, timeout: float) -> Problem:
    """The catalogued problem for what smtplib, ssl or the socket raised."""
    if isinstance(exc, socket.gaierror):
        return P.MAIL_UNKNOWN_HOST.problem(host=host)
    if isinstance(exc, ConnectionRefusedError):
        return P.MAIL_REFUSED.problem(host=host, port=port)
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return P.MAIL_TIMEOUT.problem(host=host, port=port, seconds=f"{timeout:g}")
    if isinstance(exc, ssl.SSLError):
        return P.MAIL_TLS.problem(reason=_short(getattr(exc, "reason", None) or exc))
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return P.MAIL_AUTH.problem()
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return P.MAIL_RECIPIENTS_REFUSED.problem(
            recipients=", ".join(sorted(exc.recipients)))
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return P.MAIL_SENDER_REFUSED.problem(sender=_short(exc.sender))
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return P.MAIL_FAILED.problem(reason=_short(exc) or "a command is not supported")
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error.decode("utf-8", "replace") if isinstance(
            exc.smtp_error, bytes) else str(exc.smtp_error)
        return P.MAIL_FAILED.problem(reason=_short(f"{exc.smtp_code} {reply}"))
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        if isinstance(exc.__cause__ or exc.__context__, (TimeoutError, socket.timeout)):
            return P.MAIL_TIMEOUT.problem(host=host, port=port, seconds=f"{timeout:g}")
        return P.MAIL_FAILED.problem(reason="the server closed the connection")
    if isinstance(exc, OSError) and exc.strerror:
        return P.MAIL_FAILED.problem(reason=_short(exc.strerror))
    return P.MAIL_FAILED.problem(reason=_short(exc) or type(exc).__name__)


def mime_message(message: MailMessage, host: str = "") -> EmailMessage:
    """The message as MIME: UTF-8 subject and plain-text body, Date and Message-ID."""
    mime = EmailMessage()
    mime["From"] = message.sender
    mime["To"] = ", ".join(message.recipients)
    mime["Subject"] = message.subject
    mime["Date"] = formatdate(localtime=True)
    domain = message.sender.rpartition("@")[2] or host or None
    mime["Message-ID"] = make_msgid(domain=domain)
    mime.set_content(message.body, charset="utf-8")
    return mime


def _short(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= REPLY_LIMIT else text[:REPLY_LIMIT - 1] + "…"


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        try:
            smtp.close()
        except OSError:
            pass
