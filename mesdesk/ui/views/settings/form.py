"""What the Settings form holds, apart from its widgets (Qt-free, tested without Qt): the
values in Settings' terms, what changed, and which changes wait for a restart."""

from __future__ import annotations

from dataclasses import dataclass, fields

from mesdesk.config import Settings
from mesdesk.domain.database_urls import database_changed
from mesdesk.domain.scanner_input import TERMINATOR_NAMES, CaptureThresholds
from mesdesk.services import settings as settings_rules

#: The scanner settings (§5) the page edits. The station reads them once, when it is built:
#: a change takes effect when MESDesk is restarted.
SCANNER_KEYS = ("scanner_mode", "scan_max_gap_ms", "scan_min_length", "scan_terminators",
                "serial_port", "serial_baud", "gs_token", "repeat_window_s", "sounds_muted")
RESTART_KEYS = settings_rules.RESTART + tuple(
    key for key in SCANNER_KEYS
    if key not in settings_rules.RESTART and key not in settings_rules.LIVE)
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
    scanner_mode: str = "wedge"
    scan_max_gap_ms: int = 40
    scan_min_length: int = 8
    scan_terminators: str = "enter,tab"
    serial_port: str = ""
    serial_baud: int = 9600
    gs_token: str = ""
    repeat_window_s: float = 0.75
    sounds_muted: bool = False

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


def pending_restart(values: FormValues, running: Settings, password_stored: bool) -> list[str]:
    """The saved settings that take effect only when MESDesk is restarted: those that differ
    from what this process runs with (a new password counts as a database change)."""
    now = FormValues.of(running)
    pending = []
    for key in RESTART_KEYS:
        new = getattr(values, key)
        if key == "database_url":
            changed = database_changed(running.database_url, new) or password_stored
        else:
            changed = new != getattr(now, key)
        if changed:
            pending.append(key)
    return pending
