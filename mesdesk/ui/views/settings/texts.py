"""The Settings page's sentences about the settings themselves: each setting's name in a
sentence, which the environment overrides, and what a save did."""

from __future__ import annotations

from collections.abc import Mapping

from mesdesk.config import ENVIRONMENT
from mesdesk.services.settings import PasswordPlace, SaveResult

from .widgets import tr


def setting_names() -> dict[str, str]:
    """Each setting as the page names it in a sentence."""
    return {
        "database_url": tr("database"), "timezone": tr("production time zone"),
        "language": tr("language"), "station": tr("station name"),
        "operator": tr("operator"), "work_center": tr("work center"),
        "lock_after_minutes": tr("locking when idle"),
        "scanner_mode": tr("scanner connection"),
        "scan_max_gap_ms": tr("longest pause between keys"),
        "scan_min_length": tr("shortest scan"),
        "scan_terminators": tr("end of a scan"),
        "serial_port": tr("serial port"), "serial_baud": tr("baud rate"),
        "gs_token": tr("GS token"), "repeat_window_s": tr("repeat window"),
        "sounds_muted": tr("scan sounds"),
        "s3_endpoint": tr("file storage address"), "s3_access_key": tr("access key"),
        "s3_secret_key": tr("secret key"), "s3_secure": tr("TLS"),
        "s3_prefix": tr("bucket prefix"), "exchange_dir": tr("exchange folder"),
        "smtp_host": tr("mail server"), "smtp_port": tr("mail server port"),
        "smtp_security": tr("mail security"), "smtp_user": tr("mail user"),
        "smtp_password": tr("mail password"), "smtp_from": tr("sender address"),
        "mail_report_ready_to": tr("recipients of \"Report ready\""),
        "mail_import_completed_to": tr("recipients of \"Import completed\""),
        "mail_webhook_disabled_to": tr("recipients of \"Webhook subscription disabled\""),
    }


def environment_overrides(environ: Mapping[str, str]) -> str:
    """Which settings the environment overrides at every start, or "" when none."""
    names = setting_names()
    overridden = [f"{variable} ({names[key]})" for variable, key in ENVIRONMENT.items()
                  if key in names and environ.get(variable)]
    return tr("The environment overrides the settings file at every start: {variables}."
              ).format(variables=", ".join(overridden)) if overridden else ""


def save_sentence(result: SaveResult, applied: tuple[str, ...], pending: list[str]) -> str:
    """What a save did: where, what applies now, what waits for a restart, the password."""
    names = setting_names()
    parts = [tr("Saved in {path}.").format(path=result.path)]
    if applied:
        parts.append(tr("Applied now: {settings}.").format(
            settings=", ".join(names[key] for key in applied)))
    if pending:
        parts.append(tr("Takes effect when MESDesk is restarted: {settings}.").format(
            settings=", ".join(names[key] for key in pending)))
    if result.password == PasswordPlace.KEYRING:
        parts.append(tr("Passwords and secret keys are kept in the system keyring, not in the "
                        "file."))
    elif result.password == PasswordPlace.CLEAR_TEXT:
        parts.append(tr("Passwords and secret keys are saved in clear text in the file."))
    return "\n".join(parts)
