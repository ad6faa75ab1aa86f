"""Sentences for what the core reports about one field, one code or one 1C item.

The core speaks English with the values in it (``must be between 1 and 2147483647, got 0``);
next to a field the field's name is already there, so these sentences leave it out. A message
of a shape not known here falls back to the app's general error text (``errors.describe``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from mesdesk.domain.batches import ONE_C_KEYS
from mesdesk.domain.errors import DomainError, ValidationError

from ...error_text import translated_match
from ...errors import describe
from ...text.problems import sentence

CONTEXT = "BatchMessages"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


DateText = Callable[[date], str]

# (pattern over the core's English message, template through tr with the named groups)
FIELD_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^expected a whole number, got (?P<value>.*)$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Enter a whole number.")),
    (re.compile(r"^must be between (?P<minimum>-?\d+) and (?P<maximum>-?\d+), got .*$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Enter a number from {minimum} to {maximum}.")),
    (re.compile(r"^must not be empty$"), QT_TRANSLATE_NOOP(CONTEXT, "This field is required.")),
    (re.compile(r"^is missing$"), QT_TRANSLATE_NOOP(CONTEXT, "This field is missing.")),
    (re.compile(r"^is longer than (?P<limit>\d+) characters \((?P<length>\d+)\)$"),
     QT_TRANSLATE_NOOP(CONTEXT, "The text has {length} characters; at most {limit} are "
                                "allowed.")),
    (re.compile(r"^contains the control character (?P<char>U\+[0-9A-F]+) at position "
                r"(?P<position>\d+)$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Remove the control character {char} at position {position}.")),
    (re.compile(r"^expected a date like .*$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Enter a date, for example 2024-01-30.")),
    (re.compile(r"^expected a date and time like .*$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Enter a date and time, for example 2024-01-30T08:00.")),
    (re.compile(r"^expected true or false, got .*$"),
     QT_TRANSLATE_NOOP(CONTEXT, "Enter true or false.")),
    (re.compile(r"^expected text, got .*$"), QT_TRANSLATE_NOOP(CONTEXT, "Enter text.")),
    (re.compile(r"^shift end .* is not after shift start .*$"),
     QT_TRANSLATE_NOOP(CONTEXT, "The shift must end after it starts.")),
    (re.compile(r"^work center '(?P<ident>.*)' does not exist$"),
     QT_TRANSLATE_NOOP(CONTEXT, "There is no work center {ident}. Pick one from the list.")),
    (re.compile(r"^work center \"(?P<ident>.*)\" does not exist$"),
     QT_TRANSLATE_NOOP(CONTEXT, "There is no work center {ident}. Pick one from the list.")),
    (re.compile(r"^the batch is closed; reopen it before editing$"),
     QT_TRANSLATE_NOOP(CONTEXT, "The batch is closed: reopen it before editing.")),
    (re.compile(r"^expected an object with the 1C keys, got (?P<kind>\w+)$"),
     QT_TRANSLATE_NOOP(CONTEXT, "The item is not an object with the 1C keys.")),
]

BATCH_EXISTS = re.compile(r"^batch (?P<number>\d+) of (?P<date>\d{4}-\d\d-\d\d) exists already")
SAME_IN_FILE = re.compile(r"^the same batch number and date as item (?P<other>\d+) in this file$")

# Reasons add_products gives for a code it did not add.
CODE_BAD_FORMAT = re.compile(r"^bad format: (?P<reason>.*)$", re.DOTALL)
CODE_IN_OTHER = re.compile(r"^already exists in batch (?P<number>\d+) of "
                           r"(?P<date>\d{4}-\d\d-\d\d)$")


def field_name(label: str | None) -> str | None:
    """The English field name of a core field label: ``НомерПартии (batch_number)``, the 1C
    key alone or the English name -> ``batch_number``."""
    if not label:
        return None
    for name, key in ONE_C_KEYS.items():
        if label in (name, key, f"{key} ({name})"):
            return name
    return label


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def field_problem(error: BaseException, date_text: DateText | None = None) -> str:
    """What is wrong with one field, for the label next to it: the problem's sentence without
    its location (the field is right there)."""
    if not isinstance(error, DomainError):
        return describe(error)
    return sentence(error.problem)


def _shown_date(iso_text: str, date_text: DateText | None) -> str:
    """An ISO date from a core message, in the user's format when it parses."""
    day = _iso(iso_text)
    return date_text(day) if (date_text and day) else iso_text


def message_problem(message: str, date_text: DateText | None = None) -> str | None:
    """The sentence for a core message about a field, or None when its shape is unknown."""
    exists = BATCH_EXISTS.match(message)
    if exists:
        return tr("Batch {number} of {date} exists already.").format(
            number=exists["number"], date=_shown_date(exists["date"], date_text))
    same = SAME_IN_FILE.match(message)
    if same:
        return tr("Item {other} of this file has the same batch number and date.").format(
            other=int(same["other"]) + 1)
    return translated_match(message, FIELD_PATTERNS, CONTEXT)


def rejection_problem(message: str, date_text: DateText | None = None) -> str:
    """A 1C item's rejection reason; unknown shapes keep the core's words behind a lead."""
    known = message_problem(message, date_text)
    if known is not None:
        return known
    return describe(ValidationError(message))


def code_problem(reason: str, date_text: DateText | None = None) -> str:
    """Why a code was not added to a batch."""
    if reason == "listed twice":
        return tr("The code is listed more than once.")
    if reason == "already exists in this batch":
        return tr("The code is in this batch already.")
    other = CODE_IN_OTHER.match(reason)
    if other:
        return tr("The code belongs to batch {number} of {date}.").format(
            number=other["number"], date=_shown_date(other["date"], date_text))
    bad = CODE_BAD_FORMAT.match(reason)
    if bad:
        return tr("The code is not valid: {reason}").format(reason=bad["reason"])
    return reason
