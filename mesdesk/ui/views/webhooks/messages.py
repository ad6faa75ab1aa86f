"""Sentences for what the core says about one field of a subscription.

The domain speaks English with the values in it; next to a field its name is already there,
so these leave it out. A message of a shape not known here falls back to the app's general
error text (``errors.describe``).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP

from mesdesk.domain.errors import DomainError

from ...error_text import translated_match
from ...errors import describe

CONTEXT = "WebhookMessages"

#: The dialog's fields, by the name ``ValidationError.field`` gives.
FIELDS = ("url", "events", "retry_count", "timeout", "custom_headers", "rate_limit")

PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^'(?P<url>.*)' is not an http:// or https:// URL with a host$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Enter an address that starts with http:// or https:// and "
                                "names a host, for example https://erp.example.com/hooks.")),
    (re.compile(r"^\"(?P<url>.*)\" is not an http:// or https:// URL with a host$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Enter an address that starts with http:// or https:// and "
                                "names a host, for example https://erp.example.com/hooks.")),
    (re.compile(r"^the URL must not contain spaces$"),
     QT_TRANSLATE_NOOP(CONTEXT, "The address must not contain spaces.")),
    (re.compile(r"^choose at least one event type$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Tick at least one event.")),
    (re.compile(r"^unknown event type '(?P<event>[^']*)'.*$"),
     QT_TRANSLATE_NOOP(CONTEXT, "{event} is not an event MESDesk sends.")),
    (re.compile(r"^must be between (?P<low>\d+) and (?P<high>\d+) seconds$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Enter from {low} to {high} seconds.")),
    (re.compile(r"^must be between (?P<low>\d+) and (?P<high>\d+)$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Enter a number from {low} to {high}.")),
    (re.compile(r"^must be at least 1 request per second$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Enter at least 1 request per second, or 0 for no limit.")),
    (re.compile(r"^header '(?P<name>[^']*)' is not a valid HTTP header$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Header “{name}” is not a valid HTTP header: a name without "
                                "spaces or colons, a value on one line.")),
    (re.compile(r"^header '(?P<name>[^']*)' is set by MESDesk and cannot be replaced$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Header “{name}” is set by MESDesk (signature, event, "
                                "content type) and cannot be replaced.")),
]


def field_problem(error: BaseException) -> str:
    """The sentence to show next to the field ``error`` names."""
    if isinstance(error, DomainError):
        known = translated_match(error.message, PATTERNS, CONTEXT)
        if known is not None:
            return known
    return describe(error)
