"""Problems of no one area: where a problem is, services that cannot be reached, paging."""

from __future__ import annotations

from . import Kind, define

__all__ = [
    "LOCATION_INDEX", "LOCATION_ROW", "LOCATION_COLUMN", "LOCATION_FIELD", "UNKNOWN",
    "DATABASE_UNREACHABLE", "EMBEDDED_DATABASE_FAILED", "CURSOR_INVALID", "PAGE_LIMIT",
    "NOTHING_TO_CHANGE", "TIMEZONE_UNKNOWN", "INTERNAL", "CLI_USAGE",
    "CLI_INTERRUPTED", "DATABASE_REFUSED_VALUE", "DATABASE_URL_INVALID",
    "DATABASE_URL_NOT_POSTGRESQL", "LOCAL_FILE_FAILED", "DEMO_SIZE",
]

# Where a problem is: said before its sentence where the surface has no better place.
LOCATION_INDEX = define("location.index", Kind.VALIDATION, "item {index}")
LOCATION_ROW = define("location.row", Kind.VALIDATION, "row {row}")
LOCATION_COLUMN = define("location.column", Kind.VALIDATION, "column {column}")
LOCATION_FIELD = define("location.field", Kind.VALIDATION, "field '{field}'")

#: A stored problem whose code this version does not know (written by a newer version).
UNKNOWN = define("problem.unknown", Kind.FAILED, "a problem this version cannot describe "
                 "({code})")

DATABASE_UNREACHABLE = define("service.database_unreachable", Kind.UNAVAILABLE,
                              "the database is unreachable ({reason})")
EMBEDDED_DATABASE_FAILED = define("service.embedded_database_failed", Kind.UNAVAILABLE,
                                  "the embedded database could not start: {reason}")
CURSOR_INVALID = define("page.cursor_invalid", Kind.VALIDATION,
                        "the page cursor is not valid: start again from the first page")
PAGE_LIMIT = define("page.limit_out_of_range", Kind.VALIDATION,
                    "must be between {minimum} and {maximum}, got {value}")
NOTHING_TO_CHANGE = define("edit.nothing_to_change", Kind.VALIDATION,
                           "nothing to change: give at least one field")
TIMEZONE_UNKNOWN = define("settings.timezone_unknown", Kind.VALIDATION,
                          "unknown time zone {timezone}: choose one such as Europe/Moscow")
#: Something broke that is no fault of the input; the details are in the log.
INTERNAL = define("problem.internal", Kind.FAILED,
                  "something went wrong ({kind}); the details were written to the log")


CLI_USAGE = define("cli.usage", Kind.VALIDATION, "{reason}")
CLI_INTERRUPTED = define("cli.interrupted", Kind.CANCELLED, "interrupted")

#: The safety net behind the boundary checks: a value the database cannot hold.
DATABASE_REFUSED_VALUE = define("database.value_refused", Kind.VALIDATION,
                                "the database refused a value: {reason}")
DATABASE_URL_INVALID = define("database.url_invalid", Kind.VALIDATION,
                              "the database URL is not a URL like "
                              "postgresql://user@host:5432/database")
DATABASE_URL_NOT_POSTGRESQL = define("database.url_not_postgresql", Kind.VALIDATION,
                                     "the database URL names a {kind} database; MESDesk works "
                                     "with PostgreSQL (postgresql://…)")
#: A file or folder of this computer that could not be used (the system's reason).
LOCAL_FILE_FAILED = define("file.local_failed", Kind.FAILED,
                           "the file or folder could not be used: {reason}")
DEMO_SIZE = define("demo.size_out_of_range", Kind.VALIDATION,
                  "a demo data set has between {minimum} and {maximum} batches, not {value}")
