"""Problems of e-mail (§10, §11): the SMTP server unreachable or refusing, bad addresses."""

from __future__ import annotations

from . import Kind, define

__all__ = ["MAIL_NOT_CONFIGURED", "MAIL_ADDRESS_INVALID", "MAIL_UNKNOWN_HOST", "MAIL_REFUSED",
           "MAIL_TIMEOUT", "MAIL_TLS", "MAIL_AUTH", "MAIL_RECIPIENTS_REFUSED", "MAIL_FAILED",
           "MAIL_SENDER_REFUSED", "MAIL_NO_RECIPIENTS"]

MAIL_NOT_CONFIGURED = define("mail.not_configured", Kind.VALIDATION,
                             "no mail server is configured: set the SMTP host in Settings")
MAIL_ADDRESS_INVALID = define("mail.address_invalid", Kind.VALIDATION,
                              "{address} is not an e-mail address")
MAIL_UNKNOWN_HOST = define("mail.unknown_host", Kind.UNAVAILABLE,
                           "the mail server host {host} is not known (DNS)")
MAIL_REFUSED = define("mail.refused", Kind.UNAVAILABLE,
                      "the mail server at {host}:{port} refused the connection: is it "
                      "running?")
MAIL_TIMEOUT = define("mail.timeout", Kind.UNAVAILABLE,
                      "the mail server at {host}:{port} did not answer in {seconds} s")
MAIL_TLS = define("mail.tls", Kind.UNAVAILABLE,
                  "a secure (TLS) connection to the mail server failed: {reason}")
MAIL_AUTH = define("mail.auth", Kind.UNAVAILABLE,
                   "the mail server refused the user name or the password")
MAIL_RECIPIENTS_REFUSED = define("mail.recipients_refused", Kind.FAILED,
                                 "the mail server refused the recipients {recipients}")
MAIL_FAILED = define("mail.failed", Kind.FAILED, "the mail server failed: {reason}")
MAIL_SENDER_REFUSED = define("mail.sender_refused", Kind.FAILED,
                             "the mail server refused the sender address {sender}")
MAIL_NO_RECIPIENTS = define("mail.no_recipients", Kind.VALIDATION,
                            "no recipients: give an address, or set the recipients of this "
                            "notification in Settings")
