"""Problems of batches (§3) and their work centers."""

from __future__ import annotations

from . import Kind, define

__all__ = [
    "BATCH_NOT_FOUND", "BATCH_NUMBER_DATE_TAKEN", "WORK_CENTER_NOT_FOUND", "SORT_UNKNOWN",
    "FILTER_CHARACTER_UNUSABLE", "ASSIGNMENT_MALFORMED",
]

BATCH_NOT_FOUND = define("batch.not_found", Kind.NOT_FOUND, "batch {id} does not exist")
BATCH_NUMBER_DATE_TAKEN = define("batch.number_date_taken", Kind.CONFLICT,
                                 "batch {number} of {date} exists already (id {id})")
WORK_CENTER_NOT_FOUND = define("work_center.not_found", Kind.NOT_FOUND,
                               "work center {work_center} does not exist")
SORT_UNKNOWN = define("batch.sort_unknown", Kind.VALIDATION,
                      "cannot sort by {sort}; sortable columns are {columns}")
FILTER_CHARACTER_UNUSABLE = define("batch.filter_character_unusable", Kind.VALIDATION,
                                   "the character {char} at position {position} cannot be "
                                   "searched for")
ASSIGNMENT_MALFORMED = define("batch.assignment_malformed", Kind.VALIDATION,
                              "expected FIELD=VALUE, got {assignment}")
