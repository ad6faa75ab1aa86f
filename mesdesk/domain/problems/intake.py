"""Problems of intake: 1C files and their items."""

from __future__ import annotations

from . import Kind, define

__all__ = [
    "ITEM_NOT_AN_OBJECT", "ITEM_KEY_MISSING", "ITEM_KEY_UNKNOWN", "ITEM_DUPLICATE_IN_FILE",
    "FILE_TOO_BIG", "FILE_IS_FOLDER", "FILE_UNREADABLE", "FILE_EMPTY", "FILE_ENCODING",
    "FILE_JSON", "FILE_SHAPE", "FILE_NO_ITEMS",
    "FILE_TOO_MANY_ITEMS", "FILE_TOO_DEEP", "FILE_ITEM_TOO_BIG", "FILE_CHANGED",
]

# A file given to intake (the CLI's FILE, the GUI's chosen or dropped file): {file} is its path.
FILE_TOO_BIG = define("file.too_big", Kind.VALIDATION,
                      "{file} is {size_mb} MB; files over {limit_mb} MB are refused")
FILE_IS_FOLDER = define("file.is_folder", Kind.VALIDATION, "{file} is a folder, not a file")
FILE_UNREADABLE = define("file.unreadable", Kind.VALIDATION, "cannot read {file}: {reason}")
FILE_EMPTY = define("file.empty", Kind.VALIDATION, "{file} is empty")
FILE_ENCODING = define("file.encoding", Kind.VALIDATION,
                       "{file} is not UTF-8 text (invalid byte at offset {offset}); save it as "
                       "UTF-8 and try again")
FILE_JSON = define("file.json_invalid", Kind.VALIDATION,
                   "{file} is not valid JSON: {reason} at line {line}, column {col}")
FILE_SHAPE = define("file.not_an_array", Kind.VALIDATION,
                    "{file} does not hold a JSON array of 1C items")
FILE_NO_ITEMS = define("file.no_items", Kind.VALIDATION,
                       "{file} holds an empty array: nothing to store")

# One item of a 1C file: its ``index`` (from 0) and the ``field`` are the location facts.
ITEM_NOT_AN_OBJECT = define("intake.not_an_object", Kind.VALIDATION,
                            "expected an object with the 1C keys, got a JSON {kind}")
ITEM_KEY_MISSING = define("intake.key_missing", Kind.VALIDATION, "the key {key} is missing")
#: A warning, not a refusal: a misspelt key must not pass unnoticed.
ITEM_KEY_UNKNOWN = define("intake.key_unknown", Kind.VALIDATION,
                          "the key {key} is not a 1C key of a shift task; it was ignored")
ITEM_DUPLICATE_IN_FILE = define("intake.duplicate_in_file", Kind.CONFLICT,
                                "the same batch number and date as item {first} in this file")

# Limits of reading a 1C file (the reader keeps memory bounded; README "Intake limits").
FILE_TOO_MANY_ITEMS = define("file.too_many_items", Kind.VALIDATION,
                             "{file} holds more than {limit} items; split it into smaller "
                             "files or raise the intake_max_items setting")
FILE_TOO_DEEP = define("file.too_deep", Kind.VALIDATION,
                       "{file} nests arrays and objects deeper than {limit} levels "
                       "(at line {line}, column {col})")
FILE_ITEM_TOO_BIG = define("file.item_too_big", Kind.VALIDATION,
                           "{file} has a value longer than {char_limit} characters "
                           "(at line {line}, column {col}); a 1C item is far smaller")
FILE_CHANGED = define("file.changed", Kind.VALIDATION,
                      "{file} changed while it was being read; try again")
