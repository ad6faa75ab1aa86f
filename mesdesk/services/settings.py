"""The settings page's work, behind ports: what it edits and when a change takes effect, the
keyring's state, a test connection, and saving (a password in a database URL goes to the
keyring, never silently into the file).

``SettingsService`` is built by the composition root with the real keyring, probe and settings
file; tests give it fakes. Everything it does may block (D-Bus, the network, the disk): the UI
calls it as an op. The checks (``timezone_problem``, the URL checks in
``mesdesk.domain.database_urls``) are pure and meant for the GUI thread.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from mesdesk.config import LIVE_SETTINGS, Settings
from mesdesk.domain import problems as P
from mesdesk.domain.database_urls import has_password, split_password, with_password
from mesdesk.domain.problems import Problem

from .identity import Identity
from .ports import DatabaseProbe, SecretStore, SecretsUnavailable, SettingsFile
from .probe_result import ProbeResult

log = logging.getLogger(__name__)

# What the settings page edits, and when a change takes effect: each field either now (LIVE)
# or when MESDesk is restarted (RESTART); the page's save sentence names both.
SCANNER = ("scanner_mode", "scan_max_gap_ms", "scan_min_length", "scan_terminators",
           "serial_port", "serial_baud", "gs_token", "repeat_window_s", "sounds_muted")
STORAGE = ("s3_endpoint", "s3_access_key", "s3_secret_key", "s3_secure", "s3_prefix",
           "exchange_dir")
MAIL = ("smtp_host", "smtp_port", "smtp_security", "smtp_user", "smtp_password", "smtp_from",
        "mail_report_ready_to", "mail_import_completed_to", "mail_webhook_disabled_to")
EDITABLE = ("database_url", "timezone", "language", "station", "operator",
            "work_center", "lock_after_minutes") + SCANNER + STORAGE + MAIL
# Read once at start (the scanning station is built with its scanner settings, the file
# sync and the mail queue with theirs).
RESTART = ("database_url", "language", "station", "operator") + SCANNER + STORAGE + MAIL
LIVE = LIVE_SETTINGS                                               # read at each use

PROBE_TIMEOUT = 5.0


def secret_account(field: str, settings: Settings) -> str:
    """The keyring account a secret setting is kept under: what it opens, so a changed
    endpoint or user does not pick up another server's secret."""
    if field == "s3_secret_key":
        return f"s3:{settings.s3_access_key.strip()}@{settings.s3_endpoint.strip()}"
    if field == "smtp_password":
        return f"smtp:{settings.smtp_user.strip()}@{settings.smtp_host.strip()}"
    raise ValueError(f"not a secret setting: {field!r}")


#: Settings that are secrets: the settings page puts them in the OS keyring, never silently
#: into the file (as the password of a database URL).
SECRET_FIELDS = ("s3_secret_key", "smtp_password")


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


@dataclass(frozen=True)
class KeyringStatus:
    available: bool
    name: str = ""
    stored: bool = False       # a password for the URL asked about is in the keyring


class PasswordPlace(StrEnum):
    """Where a save put the password of a new database URL."""

    NONE = "none"                               # the URL has none (or did not change)
    KEYRING = "keyring"                         # in the keyring; the file has the URL without it
    CLEAR_TEXT = "clear_text"                   # in the file, with the user's consent
    NEEDS_CONSENT = "needs_confirmation"        # no keyring, no consent: nothing was written


@dataclass(frozen=True)
class SaveResult:
    path: Path
    saved: tuple[str, ...]        # the keys written
    password: PasswordPlace = PasswordPlace.NONE
    keyring_name: str = ""
    settings: Settings | None = None   # the settings with the changes (URL as stored)

    @property
    def written(self) -> bool:
        return self.password != PasswordPlace.NEEDS_CONSENT


#: ``storage_probe(settings)``: a real round trip to the object storage the settings name;
#: None when it works, else the problem that says what failed (``storage.*``).
StorageProbe = Callable[[Settings], "Problem | None"]
#: ``mail_probe(settings, to)``: connect and log in to the SMTP server the settings name, and
#: with ``to`` send a test message there; None when it works, else the problem (``mail.*``).
MailProbe = Callable[[Settings, "str | None"], "Problem | None"]


class SettingsService:
    """With ``identity``, saving is an administrator's (``change_settings`` in
    ``domain/roles``); without, anyone's (the tests' fakes, a tool)."""

    def __init__(self, secrets: SecretStore, probe: DatabaseProbe, write: SettingsFile, *,
                 storage_probe: StorageProbe | None = None,
                 mail_probe: MailProbe | None = None,
                 identity: Identity | None = None) -> None:
        self._secrets = secrets
        self._probe = probe
        self._write = write
        self._storage_probe = storage_probe
        self._mail_probe = mail_probe
        self._identity = identity

    def test_storage(self, settings: Settings) -> Problem | None:
        """The "Test connection" of the storage settings, on the values typed (the secret
        key from the keyring when the field is left empty)."""
        if not settings.object_storage:
            return P.STORAGE_NOT_CONFIGURED.problem()
        if self._storage_probe is None:
            raise RuntimeError("no storage probe was given to the settings service")
        return self._storage_probe(self.effective_settings(settings))

    def test_mail(self, settings: Settings, to: str | None = None) -> Problem | None:
        """The mail settings' test: log in, and with ``to`` send a test message."""
        if not settings.mail:
            return P.MAIL_NOT_CONFIGURED.problem()
        if self._mail_probe is None:
            raise RuntimeError("no mail probe was given to the settings service")
        return self._mail_probe(self.effective_settings(settings), to)

    @staticmethod
    def available_timezones() -> list[str]:
        """Every IANA zone name, sorted (reads the zone database)."""
        return sorted(zoneinfo.available_timezones())

    def effective_database_url(self, settings: Settings) -> str | None:
        """The database URL to connect with: the password put back from the keyring when the
        settings hold the URL without one. ``None`` for the embedded database."""
        url = settings.database_url
        if not url or has_password(url):
            return url
        password = self._secrets.get(url)
        return with_password(url, password) if password else url

    def effective_settings(self, settings: Settings) -> Settings:
        """``settings`` with the secrets the file leaves empty put back from the keyring (the
        S3 secret key, the SMTP password); what is given (the file, the environment) wins."""
        found = {}
        for name in SECRET_FIELDS:
            if not getattr(settings, name):
                secret = self._secrets.get(secret_account(name, settings))
                if secret:
                    found[name] = secret
        return replace(settings, **found) if found else settings

    def keyring_status(self, url: str | None = None) -> KeyringStatus:
        store = self._secrets
        stored = bool(url) and not has_password(url or "") and store.get(url or "") is not None
        return KeyringStatus(store.available, store.name, stored)

    def test_connection(self, url: str, timeout: float = PROBE_TIMEOUT) -> ProbeResult:
        """One real connection attempt (the keyring's password used when the URL has none)."""
        url = url.strip()
        if not has_password(url):
            password = self._secrets.get(url)
            if password:
                url = with_password(url, password)
        return self._probe(url, timeout)

    def save(self, settings: Settings, changes: Mapping[str, Any], *,
             allow_clear_text_password: bool = False) -> SaveResult:
        """Write the changed settings; a password in a new database URL goes to the keyring
        (the file gets the URL without it), or into the file only when
        ``allow_clear_text_password`` (there is no keyring). Nothing is written when the
        password could be stored neither way (``PasswordPlace.NEEDS_CONSENT``)."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValueError(f"not a settings page field: {sorted(unknown)}")
        if self._identity is not None:
            self._identity.require("change_settings")
        values = dict(changes)
        password_state, keyring_name = PasswordPlace.NONE, ""
        url = values.get("database_url")
        if "database_url" in values and url:
            split = split_password(url.strip())
            if split.password is not None:
                try:
                    self._secrets.set(split.url, split.password)
                except SecretsUnavailable as exc:
                    log.info("password not stored in a keyring: %s", exc)
                    if not allow_clear_text_password:
                        return SaveResult(settings.settings_path, (),
                                          PasswordPlace.NEEDS_CONSENT)
                    values["database_url"] = url.strip()
                    password_state = PasswordPlace.CLEAR_TEXT
                else:
                    values["database_url"] = split.url
                    password_state, keyring_name = PasswordPlace.KEYRING, self._secrets.name
            else:
                values["database_url"] = split.url
        elif "database_url" in values:
            values["database_url"] = None
        for name in SECRET_FIELDS:
            secret = values.get(name)
            if not secret:
                continue
            try:
                self._secrets.set(secret_account(name, replace(settings, **values)), secret)
            except SecretsUnavailable as exc:
                log.info("%s not stored in a keyring: %s", name, exc)
                if not allow_clear_text_password:
                    return SaveResult(settings.settings_path, (), PasswordPlace.NEEDS_CONSENT)
                password_state = PasswordPlace.CLEAR_TEXT
            else:
                values[name] = ""           # the file keeps no secret
                if password_state == PasswordPlace.NONE:
                    password_state, keyring_name = PasswordPlace.KEYRING, self._secrets.name
        updated = replace(settings, **values)
        path = self._write(updated, tuple(values))
        return SaveResult(path, tuple(values), password_state, keyring_name, updated)
