"""Domain error messages in the user's language.

Domain errors carry an English message with values in it; here each known message shape is
matched and rebuilt from a translatable template, so Russian users read Russian. A message
with no known shape keeps its English text behind a translated lead for its error code.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from mesdesk.domain.errors import DomainError


def tr(text: str) -> str:
    return QCoreApplication.translate("ErrorText", text)


# (pattern over the English message, template through tr with the named groups)
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^batch (?P<id>\d+) does not exist$"), QT_TRANSLATE_NOOP("ErrorText", "Batch {id} does not exist.")),
    (re.compile(r"^the batch is closed; reopen it before editing$"),
     QT_TRANSLATE_NOOP("ErrorText", "The batch is closed: reopen it before editing.")),
    (re.compile(r"^batch (?P<number>\d+) is closed; reopen it to add codes$"),
     QT_TRANSLATE_NOOP("ErrorText", "Batch {number} is closed: reopen it to add codes.")),
    (re.compile(r"^batch (?P<number>\d+) is closed; reopen it to aggregate$"),
     QT_TRANSLATE_NOOP("ErrorText", "Batch {number} is closed: reopen it to aggregate.")),
    (re.compile(r"^batch (?P<number>\d+) of (?P<date>[\d-]+) exists already \(id (?P<id>\d+)\)$"),
     QT_TRANSLATE_NOOP("ErrorText", "Batch {number} of {date} exists already.")),
    (re.compile(r"^work center '(?P<ident>.*)' does not exist$"),
     QT_TRANSLATE_NOOP("ErrorText", "Work center {ident} does not exist.")),
    (re.compile(r"^the database is unreachable \((?P<reason>.*)\)$"),
     QT_TRANSLATE_NOOP("ErrorText", "The database is unreachable ({reason}).")),
    (re.compile(r"^nothing to change: give at least one field$"), QT_TRANSLATE_NOOP("ErrorText", "Nothing was changed.")),
    (re.compile(r"^no codes given$"), QT_TRANSLATE_NOOP("ErrorText", "No codes were given.")),
]

LEADS = {
    "validation": QT_TRANSLATE_NOOP("ErrorText", "The input is not valid"),
    "not_found": QT_TRANSLATE_NOOP("ErrorText", "Not found"),
    "batch_closed": QT_TRANSLATE_NOOP("ErrorText", "The batch is closed"),
    "conflict": QT_TRANSLATE_NOOP("ErrorText", "This conflicts with stored data"),
    "bad_format": QT_TRANSLATE_NOOP("ErrorText", "The code is not valid"),
    "layout": QT_TRANSLATE_NOOP("ErrorText", "Switch the keyboard layout"),
    "unavailable": QT_TRANSLATE_NOOP("ErrorText", "A service is unavailable"),
    "cancelled": QT_TRANSLATE_NOOP("ErrorText", "Cancelled"),
}


def translated_match(message: str, patterns: list[tuple[re.Pattern[str], str]],
                     context: str) -> str | None:
    """The first pattern ``message`` matches, as its translated template filled with the
    named groups; None when none matches. The pattern tables of the views use it too."""
    for pattern, template in patterns:
        match = pattern.match(message)
        if match:
            return QCoreApplication.translate(context, template).format(**match.groupdict())
    return None


def translate_domain_error(error: DomainError) -> str:
    known = translated_match(error.message, PATTERNS, "ErrorText")
    if known is not None:
        return known
    lead = tr(LEADS.get(error.code, QT_TRANSLATE_NOOP("ErrorText", "The action was refused")))
    where = f" ({error.field})" if error.field else ""
    return f"{lead}{where}: {error.message}"
