"""The mailer a station's settings name, and the settings page's test (``mail_probe``)."""

from __future__ import annotations

import os
import socket
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mesdesk.config import Settings
from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.domain.mail_addresses import parse_addresses
from mesdesk.domain.mail_texts import (IMPORT_COMPLETED, REPORT_READY, SUBSCRIPTION_DISABLED,
                                       TEST, mail_language, render_mail)
from mesdesk.domain.problems import Problem
from mesdesk.services.ports import MailMessage

from .smtp import SmtpMailer


#: The setting that names each notification's recipients (comma-separated addresses).
RECIPIENT_SETTINGS = {REPORT_READY: "mail_report_ready_to",
                      IMPORT_COMPLETED: "mail_import_completed_to",
                      SUBSCRIPTION_DISABLED: "mail_webhook_disabled_to"}


def configured_recipients(settings: Settings, kind: str) -> str:
    """The recipients ``settings`` name for a kind of mail, as typed ("" : none)."""
    name = RECIPIENT_SETTINGS.get(kind)
    return str(getattr(settings, name)).strip() if name else ""


def mail_kinds(settings: Settings) -> frozenset[str]:
    """The kinds this station queues for its configured recipients: those it names
    recipients for, when it has an SMTP server at all."""
    if not settings.mail:
        return frozenset()
    return frozenset(kind for kind in RECIPIENT_SETTINGS
                     if configured_recipients(settings, kind))


def mailer_from(settings: Settings, *, timeout: float | None = None) -> SmtpMailer | None:
    """The SMTP server of ``settings`` (its password as given: ``effective_settings`` puts
    the keyring's back); None when no host is set."""
    if not settings.mail:
        return None
    extra = {} if timeout is None else {"timeout": timeout}
    return SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_security,
                      settings.smtp_user, settings.smtp_password, **extra)


def sender_of(settings: Settings) -> str:
    """The From address: ``smtp_from``, else the user when it is an address, else
    ``mesdesk@<host name>``."""
    if settings.smtp_from.strip():
        return settings.smtp_from.strip()
    if "@" in settings.smtp_user:
        return settings.smtp_user.strip()
    host = socket.getfqdn() or "localhost"
    return f"mesdesk@{host if '.' in host else host + '.local'}"


def language_of(settings: Settings) -> str:
    return mail_language(settings.language, os.environ)


def zone_of(settings: Settings) -> ZoneInfo:
    """The production time zone mail states times in (UTC when the setting names none)."""
    try:
        return ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def probe_mail(settings: Settings, to: str | None = None) -> Problem | None:
    """Log in to the SMTP server of ``settings``; with ``to``, send a test message there.
    None when it worked, else the problem (``mail.*``)."""
    mailer = mailer_from(settings)
    if mailer is None:
        return P.MAIL_NOT_CONFIGURED.problem()
    recipients: tuple[str, ...] = ()
    if to is not None and to.strip():
        parsed = parse_addresses(to)
        if isinstance(parsed, Problem):
            return parsed
        recipients = parsed
    if not recipients:
        return mailer.probe()
    text = render_mail(TEST, {"station": settings.station}, language=language_of(settings),
                       tz=zone_of(settings), station=settings.station)
    try:
        mailer.send(MailMessage(sender_of(settings), recipients, text.subject, text.body))
    except DomainError as exc:
        return exc.problem
    return None
