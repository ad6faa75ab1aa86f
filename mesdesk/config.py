"""Settings: a TOML file in the user config dir, overridden by the environment.

Stdlib only (platformdirs is imported lazily to find the default folders). Nothing here
connects to anything: ``bootstrap`` turns settings into running services.
"""

from __future__ import annotations

import os
import socket
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Mapping

from mesdesk.domain import problems as P

APP_NAME = "MESDesk"
SETTINGS_FILE = "settings.toml"
#: Settings read at each use, or handed on when saved, so a change applies without a restart.
LIVE_SETTINGS = ("timezone", "work_center", "lock_after_minutes")


def default_config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def system_timezone_name() -> str:
    """The system's IANA zone name, e.g. ``Europe/Moscow``; ``UTC`` when it cannot be told."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and "/" in tz and not tz.startswith("/"):
        return tz
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if name:
            return name
    except OSError:
        pass
    try:
        target = os.path.realpath("/etc/localtime")
        marker = "zoneinfo/"
        if marker in target:
            return target.split(marker, 1)[1]
    except OSError:
        pass
    return "UTC"


@dataclass(frozen=True)
class Settings:
    """Everything a MESDesk process needs to know before it connects."""

    database_url: str | None = None          # None: the embedded PostgreSQL in data_dir
    data_dir: Path = field(default_factory=default_data_dir)
    config_dir: Path = field(default_factory=default_config_dir)
    timezone: str = field(default_factory=system_timezone_name)  # production time zone
    station: str = field(default_factory=socket.gethostname)
    operator: str = ""
    language: str = ""                       # "" : from the system locale
    work_center: str = ""                    # the station's work center identifier
    gs_token: str = ""                       # extra scanner token that stands for GS
    repeat_window_s: float = 0.75            # same identity again within this: ignored
    # Scanner input (§5). A keyboard-wedge scan is a burst of keys no more than
    # scan_max_gap_ms apart, at least scan_min_length characters, ended by a terminator.
    scanner_mode: str = "wedge"              # "wedge" | "serial"
    scan_max_gap_ms: int = 40
    scan_min_length: int = 8
    scan_terminators: str = "enter,tab"      # any of: enter, tab, silence
    serial_port: str = ""                    # e.g. /dev/ttyACM0 or COM3 (serial mode)
    serial_baud: int = 9600
    sounds_muted: bool = False
    run_scheduled_jobs: bool = True          # §9 scheduled tasks in this process
    lock_after_minutes: int = 15             # the station locks after this long idle; 0: never
    file_max_age_days: int = 30              # §8/§9: cleanup_old_files deletes older files
    # Intake of a 1C file (README "Intake limits"): larger files are refused before reading.
    intake_max_file_mb: int = 50
    intake_max_items: int = 100_000
    # Object storage (§8): MinIO or any S3. No endpoint: the local folder store only.
    s3_endpoint: str = ""                    # host:port, or a URL (https:// means TLS)
    s3_access_key: str = ""
    s3_secret_key: str = ""                  # kept in the OS keyring by the settings page
    s3_secure: bool = False                  # TLS
    s3_prefix: str = ""                      # bucket names are <prefix>reports etc.
    #: A folder 1C drops files to import into ("" : none); processed/ and failed/ beside.
    exchange_dir: str = ""
    # E-mail (§10). No host: no mail is sent (and none is queued for the settings' recipients).
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"          # "starttls" | "ssl" | "none"
    smtp_user: str = ""
    smtp_password: str = ""                  # kept in the OS keyring by the settings page
    smtp_from: str = ""
    # Recipients per notification, comma-separated addresses.
    mail_report_ready_to: str = ""
    mail_import_completed_to: str = ""
    mail_webhook_disabled_to: str = ""

    @property
    def embedded(self) -> bool:
        return not self.database_url

    @property
    def journal_path(self) -> Path:
        return self.data_dir / "scan-journal.sqlite3"

    @property
    def files_dir(self) -> Path:
        """The local file store's root: a folder per bucket (§8)."""
        return self.data_dir / "files"

    @property
    def object_storage(self) -> bool:
        """Files go to MinIO/S3 too (else they stay in the local folder store only)."""
        return bool(self.s3_endpoint.strip())

    @property
    def mail(self) -> bool:
        """E-mail can be sent: an SMTP server is configured."""
        return bool(self.smtp_host.strip())

    @property
    def settings_path(self) -> Path:
        return self.config_dir / SETTINGS_FILE


ENVIRONMENT = {
    "MESDESK_DATABASE_URL": "database_url",
    "MESDESK_DATA_DIR": "data_dir",
    "MESDESK_CONFIG_DIR": "config_dir",
    "MESDESK_TIMEZONE": "timezone",
    "MESDESK_STATION": "station",
    "MESDESK_OPERATOR": "operator",
    "MESDESK_LANGUAGE": "language",
    "MESDESK_WORK_CENTER": "work_center",
    "MESDESK_SCANNER_MODE": "scanner_mode",
    "MESDESK_SERIAL_PORT": "serial_port",
    "MESDESK_RUN_SCHEDULED_JOBS": "run_scheduled_jobs",
    "MESDESK_LOCK_AFTER_MINUTES": "lock_after_minutes",
    "MESDESK_FILE_MAX_AGE_DAYS": "file_max_age_days",
    "MESDESK_INTAKE_MAX_FILE_MB": "intake_max_file_mb",
    "MESDESK_INTAKE_MAX_ITEMS": "intake_max_items",
    "MESDESK_S3_ENDPOINT": "s3_endpoint",
    "MESDESK_S3_ACCESS_KEY": "s3_access_key",
    "MESDESK_S3_SECRET_KEY": "s3_secret_key",
    "MESDESK_S3_SECURE": "s3_secure",
    "MESDESK_S3_PREFIX": "s3_prefix",
    "MESDESK_EXCHANGE_DIR": "exchange_dir",
    "MESDESK_SMTP_HOST": "smtp_host",
    "MESDESK_SMTP_PORT": "smtp_port",
    "MESDESK_SMTP_SECURITY": "smtp_security",
    "MESDESK_SMTP_USER": "smtp_user",
    "MESDESK_SMTP_PASSWORD": "smtp_password",
    "MESDESK_SMTP_FROM": "smtp_from",
}


def _coerce(name: str, value: object) -> object:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if name in ("data_dir", "config_dir"):
        return Path(str(value)).expanduser()
    if kind == "float":
        return float(value)  # type: ignore[arg-type]
    if kind == "int":
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(value)
        return int(value)  # type: ignore[arg-type]
    if kind == "bool":
        return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
    if value is None:
        return None
    return str(value)


def load_settings(env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Defaults, then the settings file, then the environment, then explicit overrides."""
    env = os.environ if env is None else env
    config_dir = Path(env["MESDESK_CONFIG_DIR"]) if env.get("MESDESK_CONFIG_DIR") else None
    settings = Settings(config_dir=config_dir) if config_dir else Settings()
    values: dict[str, object] = {}
    path = settings.settings_path
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise P.SETTINGS_FILE_INVALID(file=path, reason=str(exc)) from exc
        known = {f.name for f in fields(Settings)}
        values.update({k: v for k, v in data.items() if k in known})
    for variable, name in ENVIRONMENT.items():
        if env.get(variable):
            values[name] = env[variable]
    values.update({k: v for k, v in overrides.items() if v is not None})
    coerced: dict[str, object] = {}
    for name, value in values.items():
        try:
            coerced[name] = _coerce(name, value)
        except (TypeError, ValueError):
            raise P.SETTINGS_VALUE_INVALID(name=name, value=str(value)[:80]) from None
    return replace(settings, **coerced)


def save_settings(settings: Settings, keys: tuple[str, ...]) -> Path:
    """Write the named settings to the settings file (simple TOML: strings, numbers, bools)."""
    path = settings.settings_path
    existing: dict[str, object] = {}
    if path.is_file():
        existing = tomllib.loads(path.read_text(encoding="utf-8"))
    for key in keys:
        existing[key] = getattr(settings, key)
    lines = []
    for key, value in existing.items():
        if value is None:
            continue
        if isinstance(value, bool):
            rendered = "true" if value else "false"
        elif isinstance(value, (int, float)):
            rendered = repr(value)
        else:
            text = str(value).replace("\\", "\\\\").replace('"', '\\"')
            rendered = f'"{text}"'
        lines.append(f"{key} = {rendered}")
    from mesdesk.owner_only import private_file, private_folder

    private_folder(path.parent)
    private_file(path)          # 0600 before a line is written: it may hold a database URL
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
