"""Problems of codes (§5) and of scans (§4): why a scan is not a valid marking code, and the
verdicts a scan or a bulk item can end with.

Positions are 1-based and count characters of the scan as received; ``ai`` is the GS1
application identifier a field problem is about.
"""

from __future__ import annotations

from . import Kind, define

__all__ = [
    "CODE_NOT_TEXT", "CODE_EMPTY", "CODE_TOO_LONG", "CODE_WHITESPACE", "CODE_CONTROL_CHARACTER",
    "CODE_TRUNCATED_GTIN", "CODE_GTIN_CHECK_DIGIT", "CODE_UNKNOWN_AI", "CODE_NO_AI",
    "CODE_FIELD_EMPTY", "CODE_FIELD_LENGTH", "CODE_FIELD_TOO_LONG", "CODE_NOT_A_DIGIT",
    "CODE_OUTSIDE_CHARSET", "CODE_BAD_DATE", "CODE_AI_REPEATED", "CODE_GS_MISSING",
    "CODE_LAYOUT", "CODE_LAYOUT_UNREPAIRABLE",
    "SCAN_NOT_FOUND", "SCAN_OTHER_BATCH", "SCAN_OTHER_BATCH_NAMED", "SCAN_ALREADY_AGGREGATED",
    "SCAN_ALREADY_USED", "SCAN_BATCH_CLOSED", "SCAN_REPEAT", "SCAN_PENDING",
    "SCAN_NOT_PROCESSED", "CODE_LISTED_TWICE", "CODE_EXISTS_IN_THIS_BATCH",
    "CODE_EXISTS_IN_BATCH", "CODES_BOTH_GIVEN", "CODES_NONE_GIVEN",
    "AGGREGATION_BATCH_CLOSED",
]

_BAD = Kind.BAD_FORMAT

CODE_NOT_TEXT = define("code.not_text", _BAD, "code must be text, not {type}")
CODE_EMPTY = define("code.empty", _BAD, "code is empty")
CODE_TOO_LONG = define("code.too_long", _BAD, "code is longer than {maximum} characters")
CODE_WHITESPACE = define("code.whitespace", _BAD,
                         "whitespace character {character} at position {position} is not "
                         "allowed")
CODE_CONTROL_CHARACTER = define("code.control_character", _BAD,
                                "character {character} at position {position} is not allowed")
#: ``01`` and digits only, fewer than the GTIN's 14: a scan cut short, not an opaque code.
CODE_TRUNCATED_GTIN = define("code.truncated_gtin", _BAD,
                             "the code ends inside the GTIN (AI 01): {count} of its 14 digits "
                             "arrived")
CODE_GTIN_CHECK_DIGIT = define("code.gtin_check_digit", _BAD,
                               "GTIN {gtin} has a wrong check digit (expected {expected})")
CODE_UNKNOWN_AI = define("code.unknown_ai", _BAD, "AI {ai} is not supported in a marking code")
CODE_NO_AI = define("code.no_ai", _BAD,
                    "no known AI at position {position} (the code continues '{preview}')")
CODE_FIELD_EMPTY = define("code.field_empty", _BAD, "AI {ai} is empty")
CODE_FIELD_LENGTH = define("code.field_length", _BAD,
                           "AI {ai} must be {expected} characters long, got {actual}")
CODE_FIELD_TOO_LONG = define("code.field_too_long", _BAD,
                             "AI {ai} is longer than {maximum} characters")
CODE_NOT_A_DIGIT = define("code.not_a_digit", _BAD,
                          "character {character} at position {position} is not allowed in "
                          "AI {ai}: digits only")
CODE_OUTSIDE_CHARSET = define("code.outside_charset", _BAD,
                              "character {character} at position {position} is not allowed in "
                              "AI {ai} (GS1 charset 82)")
CODE_BAD_DATE = define("code.bad_date", _BAD,
                       "expiry date (AI {ai}) {value} is not a valid YYMMDD date")
CODE_AI_REPEATED = define("code.ai_repeated", _BAD,
                          "AI {ai} appears more than once (again at position {position})")
CODE_GS_MISSING = define("code.gs_missing", _BAD,
                         "the GS separator after the serial (AI 21) is missing and the code "
                         "could not be split (serial starts at position {position})")
CODE_LAYOUT = define("code.layout", Kind.LAYOUT,
                     "the scan arrived in a Russian keyboard layout (character {character} at "
                     "position {position}): switch the keyboard layout or the scanner setting")
CODE_LAYOUT_UNREPAIRABLE = define("code.layout_unrepairable", Kind.LAYOUT,
                                  "the scan arrived in a Russian keyboard layout and could not "
                                  "be repaired: switch the keyboard layout or the scanner "
                                  "setting")

# Verdicts of a well-formed scan that did not aggregate (§4): a scan result's and a bulk
# error's problem (the station's screen words them its own way, by the verdict).
SCAN_NOT_FOUND = define("scan.not_found", Kind.NOT_FOUND, "unique code not found")
SCAN_OTHER_BATCH = define("scan.other_batch", Kind.CONFLICT,
                          "unique code is attached to another batch")
SCAN_OTHER_BATCH_NAMED = define("scan.other_batch_named", Kind.CONFLICT,
                                "unique code is attached to another batch (batch {number} of "
                                "{date})")
SCAN_ALREADY_AGGREGATED = define("scan.already_aggregated", Kind.CONFLICT,
                                 "unique code already aggregated")
SCAN_ALREADY_USED = define("scan.already_used", Kind.CONFLICT, "unique code already used at {at}")
SCAN_BATCH_CLOSED = define("scan.batch_closed", Kind.BATCH_CLOSED, "batch is closed")
SCAN_REPEAT = define("scan.repeat", Kind.VALIDATION, "repeated scan ignored")
SCAN_PENDING = define("scan.pending", Kind.UNAVAILABLE,
                      "database unreachable: the scan is kept and its verdict follows on "
                      "reconnect")
# Why ``products add`` did not add a code.
CODE_LISTED_TWICE = define("code.listed_twice", Kind.CONFLICT,
                           "the code is listed more than once")
CODE_EXISTS_IN_THIS_BATCH = define("code.exists_in_this_batch", Kind.CONFLICT,
                                   "the code is in this batch already")
CODE_EXISTS_IN_BATCH = define("code.exists_in_batch", Kind.CONFLICT,
                              "the code belongs to batch {number} of {date}")

# The codes of a command (``products add``, ``aggregate``): listed or in a file.
CODES_BOTH_GIVEN = define("codes.both_given", Kind.VALIDATION, "give codes or --file, not both")
CODES_NONE_GIVEN = define("codes.none_given", Kind.VALIDATION,
                          "give at least one code, or --file")

# Refusals of a whole aggregation (one scan or a bulk list).
AGGREGATION_BATCH_CLOSED = define("aggregation.batch_closed", Kind.BATCH_CLOSED,
                                  "batch {number} is closed; reopen it to aggregate")

#: A scan of a list that was never decided: the database was lost before its turn.
SCAN_NOT_PROCESSED = define("scan.not_processed", Kind.UNAVAILABLE,
                            "not processed: the database became unreachable before this scan")
