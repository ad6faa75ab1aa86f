"""Problems of batches (§3) and their work centers."""

from __future__ import annotations

from . import Kind, define

__all__ = [
    "BATCH_NOT_FOUND", "BATCH_NUMBER_DATE_TAKEN", "WORK_CENTER_NOT_FOUND", "SORT_UNKNOWN",
    "FILTER_CHARACTER_UNUSABLE", "ASSIGNMENT_MALFORMED", "BATCH_CLOSED_FOR_CODES",
    "CODES_NOTHING_TO_ADD", "SHIFT_END_NOT_AFTER_START", "FIELD_NOT_EDITABLE",
    "CLOSED_FOR_EDIT", "BATCH_NOT_STORED",
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
BATCH_CLOSED_FOR_CODES = define("batch.closed_for_codes", Kind.BATCH_CLOSED,
                                "batch {number} of {date} is closed; reopen it to add codes")
CODES_NOTHING_TO_ADD = define("batch.no_codes_given", Kind.VALIDATION,
                              "no codes were given: paste, scan or open a file of codes")
SHIFT_END_NOT_AFTER_START = define("batch.shift_end_not_after_start", Kind.VALIDATION,
                                   "the shift must end after it starts ({start_at} – {end_at})")
FIELD_NOT_EDITABLE = define("batch.field_not_editable", Kind.VALIDATION,
                            "{name} is not a field that can be edited; editable fields are "
                            "{fields}")
CLOSED_FOR_EDIT = define("batch.closed_for_edit", Kind.BATCH_CLOSED,
                         "the batch is closed: reopen it before editing")
BATCH_NOT_STORED = define("batch.not_stored", Kind.CONFLICT,
                          "batch {number} of {date} was changed by another station at the same "
                          "moment and not stored; try again")
