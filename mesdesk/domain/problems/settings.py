"""Problems of a station's settings: the database URL, the connection test, the time zone,
the station's name, the scanner's end of a scan, serial port and GS token."""

from __future__ import annotations

from . import Kind, define

__all__ = [
    "DATABASE_URL_EMPTY", "DATABASE_URL_BAD_PORT", "DATABASE_URL_NO_DATABASE",
    "PROBE_TIMEOUT", "PROBE_NO_SERVER", "PROBE_UNKNOWN_HOST", "PROBE_AUTH",
    "PROBE_NO_DATABASE", "PROBE_FAILED", "TIMEZONE_EMPTY", "GS_TOKEN_CONTROL",
    "GS_TOKEN_ALPHANUMERIC", "SETTINGS_FILE_INVALID", "SETTINGS_VALUE_INVALID",
    "STATION_NAME_EMPTY", "SCAN_TERMINATOR_NONE", "SERIAL_PORT_EMPTY",
]

DATABASE_URL_EMPTY = define("database.url_empty", Kind.VALIDATION,
                            "enter the server's URL, or choose the embedded database")
DATABASE_URL_BAD_PORT = define("database.url_bad_port", Kind.VALIDATION,
                               "the port after the server name must be a number, e.g. :5432")
DATABASE_URL_NO_DATABASE = define("database.url_no_database", Kind.VALIDATION,
                                  "the URL names no database: add it at the end, e.g. "
                                  "/mesdesk")

# What a connection test found ({where}: the host and port, or the database's name).
PROBE_TIMEOUT = define("database.probe_timeout", Kind.UNAVAILABLE,
                       "no answer from {where} within {seconds} seconds")
PROBE_NO_SERVER = define("database.probe_no_server", Kind.UNAVAILABLE,
                         "no PostgreSQL server answers at {where}")
PROBE_UNKNOWN_HOST = define("database.probe_unknown_host", Kind.UNAVAILABLE,
                            "the server name in {where} is unknown")
PROBE_AUTH = define("database.probe_auth", Kind.UNAVAILABLE,
                    "the server at {where} refused the user name or password")
PROBE_NO_DATABASE = define("database.probe_no_database", Kind.UNAVAILABLE,
                           "the database {where} does not exist on that server")
PROBE_FAILED = define("database.probe_failed", Kind.UNAVAILABLE, "the server said: {reason}")

TIMEZONE_EMPTY = define("settings.timezone_empty", Kind.VALIDATION,
                        "choose the time zone the shifts are planned in")
STATION_NAME_EMPTY = define("settings.station_empty", Kind.VALIDATION,
                            "the station needs a name: it is recorded with every scan and "
                            "change made here")
SCAN_TERMINATOR_NONE = define("scanner.terminator_none", Kind.VALIDATION,
                              "tick at least one: MESDesk needs to know where a scan ends")
SERIAL_PORT_EMPTY = define("scanner.serial_port_empty", Kind.VALIDATION,
                           "choose the port the scanner is connected to")
GS_TOKEN_CONTROL = define("scanner.gs_token_control", Kind.VALIDATION,
                          "type the token as the scanner sends it, without control characters")
GS_TOKEN_ALPHANUMERIC = define("scanner.gs_token_alphanumeric", Kind.VALIDATION,
                               "letters and digits alone also occur inside ordinary codes, "
                               "which this token would break: set the scanner to send GS, or "
                               "a text with punctuation such as <GS>")

SETTINGS_FILE_INVALID = define("settings.file_invalid", Kind.VALIDATION,
                               "the settings file {file} is not valid TOML: {reason}")
SETTINGS_VALUE_INVALID = define("settings.value_invalid", Kind.VALIDATION,
                                "the setting {name} cannot be {value}")
