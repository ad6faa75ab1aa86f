"""What the Settings form holds and decides, apart from its widgets (Qt-free, tested without
Qt): the values in Settings' terms, which of them are refused and why, what changed, when a
password needs the user's consent to go into the file in clear text, and which saved changes
wait for a restart."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from mesdesk.config import Settings
from mesdesk.domain import problems as P
from mesdesk.domain.database_urls import database_changed, has_password, validate_database_url
from mesdesk.domain.mail_addresses import parse_addresses
from mesdesk.domain.problems import Problem
from mesdesk.domain.storage_endpoint import parse_endpoint, prefix_problem
from mesdesk.domain.scanner_input import TERMINATOR_NAMES, CaptureThresholds
from mesdesk.services.settings import (RESTART, SECRET_FIELDS, KeyringStatus, PasswordPlace, SaveResult,
                                       timezone_problem)

BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


def canonical_terminators(text: str) -> str:
    """``"Tab, enter"`` -> ``"enter,tab"``; text naming unknown terminators is kept as it is
    (the form shows the known ones, and saving writes what it shows)."""
    try:
        names = CaptureThresholds.parse_terminators(text)
    except ValueError:
        return text
    return ",".join(name for name in TERMINATOR_NAMES if name in names)


@dataclass(frozen=True)
class FormValues:
    """What the form holds, in Settings' terms (``database_url`` None: embedded)."""

    database_url: str | None
    timezone: str
    language: str
    station: str
    operator: str
    work_center: str
    lock_after_minutes: int = 15        # the sign-in gate locks after this long idle; 0: never
    scanner_mode: str = "wedge"
    scan_max_gap_ms: int = 40
    scan_min_length: int = 8
    scan_terminators: str = "enter,tab"
    serial_port: str = ""
    serial_baud: int = 9600
    gs_token: str = ""
    repeat_window_s: float = 0.75
    sounds_muted: bool = False
    # Object storage and e-mail (secrets: what was typed; "" leaves the stored one).
    s3_endpoint: str = ""
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_secure: bool = False
    s3_prefix: str = ""
    exchange_dir: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    mail_report_ready_to: str = ""
    mail_import_completed_to: str = ""
    mail_webhook_disabled_to: str = ""

    @classmethod
    def of(cls, settings: Settings) -> "FormValues":
        values: dict[str, object] = {}
        for f in fields(cls):
            value = getattr(settings, f.name)
            if f.name == "database_url":
                value = value or None
            elif value is None or isinstance(value, str):
                value = value or ""
            values[f.name] = value
        values["scan_terminators"] = canonical_terminators(str(values["scan_terminators"]))
        values["repeat_window_s"] = round(float(values["repeat_window_s"]), 2)  # as shown
        return cls(**values)  # type: ignore[arg-type]

    def changes_from(self, other: "FormValues") -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) != getattr(other, f.name)}


# -- the checks of what was typed, field by field (each: the problem, or None) ----------------

def url_problem(url: str | None) -> Problem | None:
    """None for the embedded database (no URL to check)."""
    return None if url is None else validate_database_url(url)


def station_problem(name: str) -> Problem | None:
    return None if name.strip() else P.STATION_NAME_EMPTY.problem()


def terminators_problem(text: str) -> Problem | None:
    try:
        CaptureThresholds.parse_terminators(text)
    except ValueError:
        return P.SCAN_TERMINATOR_NONE.problem()
    return None


def serial_port_problem(scanner_mode: str, port: str) -> Problem | None:
    """A serial scanner needs its port; a keyboard one none."""
    if scanner_mode != "serial" or port.strip():
        return None
    return P.SERIAL_PORT_EMPTY.problem()


def gs_token_problem(token: str) -> Problem | None:
    """Why a GS token cannot be used: a control character (it cannot be typed and would break
    the settings file), or letters and digits only (such text occurs inside ordinary codes);
    None when usable or empty."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in token):
        return P.GS_TOKEN_CONTROL.problem()
    if token and token.isalnum():
        return P.GS_TOKEN_ALPHANUMERIC.problem()
    return None


def endpoint_problem(endpoint: str) -> Problem | None:
    """None for an empty endpoint (files stay on this computer)."""
    if not endpoint.strip():
        return None
    parsed = parse_endpoint(endpoint)
    return parsed if isinstance(parsed, Problem) else None


#: The fields that hold e-mail addresses (comma-separated); ``smtp_from`` holds one.
ADDRESS_FIELDS = ("smtp_from", "mail_report_ready_to", "mail_import_completed_to",
                  "mail_webhook_disabled_to")


def addresses_problem(text: str) -> Problem | None:
    """Why comma-separated addresses are refused (naming the bad one), or None."""
    parsed = parse_addresses(text)
    return parsed if isinstance(parsed, Problem) else None


def problems(values: FormValues) -> dict[str, Problem]:
    """Every field refused, with why (empty: the form may be saved)."""
    found = {
        "s3_endpoint": endpoint_problem(values.s3_endpoint),
        "s3_prefix": prefix_problem(values.s3_prefix.strip()),
        "database_url": url_problem(values.database_url),
        "timezone": timezone_problem(values.timezone),
        "station": station_problem(values.station),
        "scan_terminators": terminators_problem(values.scan_terminators),
        "serial_port": serial_port_problem(values.scanner_mode, values.serial_port),
        "gs_token": gs_token_problem(values.gs_token),
        **{name: addresses_problem(getattr(values, name)) for name in ADDRESS_FIELDS},
    }
    return {key: problem for key, problem in found.items() if problem is not None}


def pending_restart(values: FormValues, running: Settings, password_stored: bool) -> list[str]:
    """The saved settings that take effect only when MESDesk is restarted: those that differ
    from what this process runs with (a new password counts as a database change)."""
    now = FormValues.of(running)
    pending = []
    for key in RESTART:          # the service's one list (the scanner settings among them)
        new = getattr(values, key)
        if key == "database_url":
            changed = database_changed(running.database_url, new) or password_stored
        else:
            changed = new != getattr(now, key)
        if changed:
            pending.append(key)
    return pending


# -- the form's state ---------------------------------------------------------------------------

# Which note the page shows under the URL (``SettingsForm.password_note``).
NOTE_NONE = ""
NOTE_TO_KEYRING = "keyring"          # a typed password will go to the keyring
NOTE_CLEAR_TEXT = "clear_text"       # no keyring: it would go into the file (needs consent)
NOTE_IN_KEYRING = "stored"           # the saved URL's password is in the keyring


class SettingsForm:
    """The form's state between edits: what it was last loaded or saved as (what Undo brings
    back and what a save compares with), what this process runs with, and the keyring as last
    heard of (None until asked)."""

    def __init__(self, running: Settings) -> None:
        self.running = running
        self.saved = FormValues.of(running)
        self.keyring: KeyringStatus | None = None

    def changes(self, values: FormValues) -> dict[str, object]:
        return values.changes_from(self.saved)

    def password_note(self, url: str | None) -> str:
        """Which note goes under the URL (``url`` None: the embedded database): where a typed
        password will go, or that the saved URL's password is in the keyring."""
        status = self.keyring
        if url is None or status is None:
            return NOTE_NONE
        if has_password(url):
            return NOTE_TO_KEYRING if status.available else NOTE_CLEAR_TEXT
        if status.stored and url == (self.saved.database_url or ""):
            return NOTE_IN_KEYRING
        return NOTE_NONE

    def needs_consent(self, changes: dict[str, object], consent: bool) -> bool:
        """A password in a new URL, no keyring known, and the user has not agreed to the
        clear text: nothing may be saved."""
        url = changes.get("database_url")
        return (isinstance(url, str) and has_password(url) and self.keyring is not None
                and not self.keyring.available and not consent)

    def record_save(self, values: FormValues, result: SaveResult) -> list[str]:
        """The form after a save went through: saved as written (a password that went to the
        keyring is not in the URL), the keyring known to hold it. Returns the settings that
        wait for a restart."""
        stored_url = result.settings.database_url if result.settings else values.database_url
        secrets = {name: getattr(result.settings, name) for name in SECRET_FIELDS} \
            if result.settings else {}
        self.saved = replace(values, database_url=stored_url, **secrets)   # as written
        if result.password == PasswordPlace.KEYRING:
            self.keyring = KeyringStatus(True, result.keyring_name, True)
        return pending_restart(self.saved, self.running, result.password != PasswordPlace.NONE)
