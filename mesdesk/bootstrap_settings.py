"""The settings page's way to the outside world: the keyring, the connection test, saving.

Beside the composition root (``mesdesk.bootstrap``) and at its level: the UI imports this
module, never the adapters. ``effective_database_url`` is what the composition root calls to
get the password back from the keyring before it connects.

Everything here that touches the keyring or the network blocks: the UI calls it through
``backend.run`` (off the GUI thread). ``validate_database_url`` and ``timezone_problem`` are
pure and cheap and meant for the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import zoneinfo
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

from mesdesk.adapters.db.probe import DEFAULT_TIMEOUT, ProbeResult, probe_database, where
from mesdesk.adapters.secrets import KeyringSecrets, SecretsUnavailable, split_password, \
    with_password
from mesdesk.config import Settings, save_settings
from mesdesk.domain import problems as P
from mesdesk.domain.problems import Problem
from mesdesk.runtime import LIVE_SETTINGS

log = logging.getLogger(__name__)

__all__ = [
    "EDITABLE", "LIVE", "RESTART", "KeyringStatus", "ProbeResult", "SaveResult",
    "available_timezones", "database_changed", "effective_database_url",
    "has_password", "where",
    "keyring_status", "save_page_settings", "secrets", "test_connection", "timezone_problem",
    "use_secrets", "validate_database_url",
]

# What the settings page edits, and when a change takes effect.
SCANNER = ("scanner_mode", "scan_max_gap_ms", "scan_min_length", "scan_terminators",
           "serial_port", "serial_baud", "gs_token", "repeat_window_s", "sounds_muted")
EDITABLE = ("database_url", "timezone", "language", "station", "operator",
            "work_center") + SCANNER
# Read once at start (the scanning station is built with its scanner settings).
RESTART = ("database_url", "language", "station", "operator") + SCANNER
LIVE = LIVE_SETTINGS                                               # read at each use

POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2")

_secrets: KeyringSecrets | None = None
_secrets_lock = threading.Lock()


def secrets() -> KeyringSecrets:
    """The process's secret store: the OS keyring when there is one (found on first use)."""
    global _secrets
    with _secrets_lock:
        if _secrets is None:
            _secrets = KeyringSecrets()
        return _secrets


def use_secrets(store: KeyringSecrets | None) -> None:
    """Use ``store`` from now on (tests; ``None``: look for the OS keyring again)."""
    global _secrets
    with _secrets_lock:
        _secrets = store


# -- checks for the GUI thread (no I/O) ----------------------------------------------------


def validate_database_url(url: str) -> Problem | None:
    """Why ``url`` is not a usable PostgreSQL URL, or None when it looks like one (no I/O:
    the settings page checks as the user types, the composition root before it connects)."""
    url = url.strip()
    if not url:
        return P.DATABASE_URL_EMPTY.problem()
    if "://" not in url or any(c.isspace() for c in url):
        return P.DATABASE_URL_INVALID.problem()
    try:
        parts = urlsplit(url)
    except ValueError:
        return P.DATABASE_URL_INVALID.problem()
    if not parts.scheme:
        return P.DATABASE_URL_INVALID.problem()
    if parts.scheme.lower() not in POSTGRES_SCHEMES:
        return P.DATABASE_URL_NOT_POSTGRESQL.problem(kind=parts.scheme.split("+")[0])
    try:
        parts.port
    except ValueError:
        return P.DATABASE_URL_BAD_PORT.problem()
    if not parts.path.strip("/"):
        return P.DATABASE_URL_NO_DATABASE.problem()
    return None


def has_password(url: str) -> bool:
    try:
        return split_password(url).password is not None
    except ValueError:
        return False


def database_changed(old: str | None, new: str | None) -> bool:
    """Whether ``new`` points at another database than ``old`` (passwords aside)."""
    def bare(url: str | None) -> str:
        if not url:
            return ""
        try:
            return split_password(url.strip()).url
        except ValueError:
            return url.strip()
    return bare(old) != bare(new)


def timezone_problem(name: str) -> Problem | None:
    """Why ``name`` is not a usable time zone (empty, or not an IANA zone), or None."""
    name = name.strip()
    if not name:
        return P.TIMEZONE_EMPTY.problem()
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return P.TIMEZONE_UNKNOWN.problem(timezone=name)
    return None


def available_timezones() -> list[str]:
    """Every IANA zone name, sorted (reads the zone database: off the GUI thread)."""
    return sorted(zoneinfo.available_timezones())


def effective_database_url(settings: Settings, store: KeyringSecrets | None = None
                           ) -> str | None:
    """The database URL to connect with: the password put back from the keyring when the
    settings hold the URL without one. ``None`` for the embedded database.

    The composition root calls this before it connects (it may block on the keyring).
    """
    url = settings.database_url
    if not url or has_password(url):
        return url
    password = (store or secrets()).get(url)
    return with_password(url, password) if password else url


@dataclass(frozen=True)
class KeyringStatus:
    available: bool
    name: str = ""
    stored: bool = False       # a password for the URL asked about is in the keyring


def keyring_status(url: str | None = None) -> KeyringStatus:
    store = secrets()
    stored = bool(url) and not has_password(url or "") and store.get(url or "") is not None
    return KeyringStatus(store.available, store.name, stored)


def test_connection(url: str, timeout: float = DEFAULT_TIMEOUT) -> ProbeResult:
    """One real connection attempt (the keyring's password used when the URL has none)."""
    url = url.strip()
    if not has_password(url):
        password = secrets().get(url)
        if password:
            url = with_password(url, password)
    return probe_database(url, timeout)


@dataclass(frozen=True)
class SaveResult:
    path: Path
    saved: tuple[str, ...]        # the keys written
    password: str = "none"        # none | keyring | clear_text | needs_confirmation
    keyring_name: str = ""
    settings: Settings | None = None   # the settings with the changes (URL as stored)

    @property
    def written(self) -> bool:
        return self.password != "needs_confirmation"


def save_page_settings(settings: Settings, changes: Mapping[str, Any], *,
                       allow_clear_text_password: bool = False,
                       store: KeyringSecrets | None = None) -> SaveResult:
    """Write the changed settings to settings.toml; a password in a new database URL goes
    to the keyring (the file gets the URL without it), or into the file only when
    ``allow_clear_text_password`` (there is no keyring). Nothing is written when the
    password could be stored neither way (``password == "needs_confirmation"``)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not a settings page field: {sorted(unknown)}")
    values = dict(changes)
    password_state = "none"
    keyring_name = ""
    url = values.get("database_url")
    if "database_url" in values and url:
        split = split_password(url.strip())
        if split.password is not None:
            store = store or secrets()
            try:
                store.set(split.url, split.password)
            except SecretsUnavailable as exc:
                log.info("password not stored in a keyring: %s", exc)
                if not allow_clear_text_password:
                    return SaveResult(settings.settings_path, (), "needs_confirmation")
                values["database_url"] = url.strip()
                password_state = "clear_text"
            else:
                values["database_url"] = split.url
                password_state = "keyring"
                keyring_name = store.name
        else:
            values["database_url"] = split.url
    elif "database_url" in values:
        values["database_url"] = None
    updated = replace(settings, **values)
    path = save_settings(updated, tuple(values))
    return SaveResult(path, tuple(values), password_state, keyring_name, updated)
