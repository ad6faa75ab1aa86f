"""Problems of plain values: what 1C sends and users type (numbers, yes/no, text, dates).

The field is a location fact (``field``), said before the sentence by the surface or shown
next to the field in a dialog, so the sentences do not repeat it.
"""

from __future__ import annotations

from . import Kind, define

__all__ = [
    "VALUE_NOT_INTEGER", "VALUE_OUT_OF_RANGE", "VALUE_NOT_BOOLEAN", "VALUE_NOT_TEXT",
    "VALUE_REQUIRED", "VALUE_TOO_LONG", "VALUE_CONTROL_CHARACTER", "VALUE_CHARACTER_UNUSABLE",
    "VALUE_NOT_DATE", "VALUE_NOT_DATETIME", "VALUE_YEAR_OUT_OF_RANGE",
]

VALUE_NOT_INTEGER = define("value.not_integer", Kind.VALIDATION,
                           "enter a whole number (got {value})")
VALUE_OUT_OF_RANGE = define("value.out_of_range", Kind.VALIDATION,
                            "enter a number from {minimum} to {maximum} (got {value})")
VALUE_NOT_BOOLEAN = define("value.not_boolean", Kind.VALIDATION,
                           "enter true or false (got {value})")
VALUE_NOT_TEXT = define("value.not_text", Kind.VALIDATION, "enter text (got {value})")
VALUE_REQUIRED = define("value.required", Kind.VALIDATION, "this field is required")
VALUE_TOO_LONG = define("value.too_long", Kind.VALIDATION,
                        "the text has {length} characters; at most {limit} are allowed")
VALUE_CONTROL_CHARACTER = define("value.control_character", Kind.VALIDATION,
                                 "remove the control character {char} at position {position}")
VALUE_CHARACTER_UNUSABLE = define("value.character_unusable", Kind.VALIDATION,
                                  "the character {char} at position {position} is not a "
                                  "letter of any alphabet (a broken encoding?)")
VALUE_NOT_DATE = define("value.not_date", Kind.VALIDATION,
                        "enter a date, for example 2024-01-30 (got {value})")
VALUE_NOT_DATETIME = define("value.not_datetime", Kind.VALIDATION,
                            "enter a date and time, for example 2024-01-30T08:00 (got {value})")
VALUE_YEAR_OUT_OF_RANGE = define("value.year_out_of_range", Kind.VALIDATION,
                                 "the year {year} is outside {first}–{last}, the years MESDesk "
                                 "plans shifts in")
