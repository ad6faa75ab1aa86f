"""E-mail (§10): the SMTP mailer, the mail settings' test, and the queue's worker."""

from .from_settings import mail_kinds, mailer_from, probe_mail, sender_of
from .smtp import SmtpMailer

__all__ = ["SmtpMailer", "mail_kinds", "mailer_from", "probe_mail", "sender_of"]
