"""The Settings page on the real app: shows, validates, saves, tests connections, and keeps
passwords out of the settings file unless told otherwise."""

from __future__ import annotations

import tomllib

import pytest
from PySide6.QtCore import Qt


def settings_page(desktop, qtbot):
    from mesdesk.ui.views.settings.page import SettingsPage

    desktop.window.show_area("settings")
    page = desktop.window.page("settings")
    assert isinstance(page, SettingsPage)
    # the zone list arrives from a worker thread
    qtbot.waitUntil(lambda: page.region.timezone_combo.count() > 100, timeout=10000)
    return page


def saved(desktop) -> dict:
    path = desktop.backend.settings.settings_path
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def wait_for_status(qtbot, page, *words: str) -> str:
    qtbot.waitUntil(lambda: all(w in page.status.text() for w in words), timeout=15000)
    return page.status.text()


def test_the_page_shows_the_settings_the_app_runs_with(desktop, qtbot, migrated_url):
    page = settings_page(desktop, qtbot)
    settings = desktop.backend.settings
    assert page.database.shared_radio.isChecked() and not page.database.embedded_radio.isChecked()
    assert page.database.url_edit.text() == migrated_url
    assert page.region.timezone_combo.currentText() == "Asia/Yekaterinburg"
    assert page.region.language_combo.currentData() == ""
    assert page.station.station_edit.text() == settings.station
    assert str(settings.settings_path) in page.file_note.text()
    # the test environment sets the zone: the page says the environment wins at every start
    assert "MESDESK_TIMEZONE" in page.environment_note.text()


def test_saving_a_time_zone_and_a_language_writes_the_settings_file(desktop, qtbot):
    page = settings_page(desktop, qtbot)
    page.region.timezone_combo.setEditText("Europe/Moscow")
    page.region.language_combo.setCurrentIndex(page.region.language_combo.findData("ru"))
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert saved(desktop) == {"timezone": "Europe/Moscow", "language": "ru"}
    assert "restarted: language" in text
    assert "Applied now: production time zone" in text
    assert desktop.backend.settings.timezone == "Europe/Moscow"
    assert str(desktop.backend.timezone) == "Europe/Moscow"
    # nothing changed since: nothing to save
    page.save_button.click()
    wait_for_status(qtbot, page, "Nothing to save")


def test_test_connection_says_connected_to_the_test_database(desktop, qtbot):
    page = settings_page(desktop, qtbot)
    page.database.test_button.click()
    qtbot.waitUntil(lambda: page.database.probe_result.text().startswith("Connected"),
                    timeout=15000)
    assert "PostgreSQL " in page.database.probe_result.text()
    assert "schema up to date" in page.database.probe_result.text()
    assert page.database.test_button.isEnabled()


def test_test_connection_to_no_server_says_why(desktop, qtbot, tmp_path):
    page = settings_page(desktop, qtbot)
    nowhere = tmp_path / "no-server-here"
    nowhere.mkdir()
    page.database.url_edit.setText(f"postgresql://postgres@/mesdesk?host={nowhere}")
    page.database.test_button.click()
    qtbot.waitUntil(lambda: page.database.probe_result.text().startswith("Not connected"),
                    timeout=15000)
    text = page.database.probe_result.text()
    assert f"No PostgreSQL server answers at {nowhere}" in text
    assert "Traceback" not in text and "psycopg" not in text
    assert desktop.errors.shown == []


@pytest.mark.parametrize("desktop_keyring", ["file"], indirect=True)
def test_with_a_keyring_the_password_goes_there_and_not_in_the_file(desktop, qtbot,
                                                                    migrated_url,
                                                                    desktop_keyring):
    page = settings_page(desktop, qtbot)
    with_password = migrated_url.replace("postgres@", "postgres:s3cret@", 1)
    page.database.url_edit.setText(with_password)
    qtbot.waitUntil(lambda: "system keyring" in page.database.password_note.text(), timeout=10000)
    assert not page.database.clear_text_check.isVisibleTo(page)
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert "kept in the system keyring" in text
    assert "database" in text                       # another URL: after a restart
    stored = saved(desktop)["database_url"]
    assert "s3cret" not in stored and stored == migrated_url
    assert page.database.url_edit.text() == migrated_url      # the field no longer shows it
    assert desktop_keyring.get(migrated_url) == "s3cret"
    # the composition root gets it back
    from mesdesk.config import load_settings

    settings = load_settings(database_url=None)
    assert desktop.backend.settings_service.effective_database_url(settings) == with_password


# -- the scanner group ---------------------------------------------------------------------


@pytest.fixture
def scanner_file(tmp_path):
    """A settings file with a serial scanner, written before the app starts."""
    path = tmp_path / "config" / "settings.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('scanner_mode = "serial"\nserial_port = "/dev/ttyUSB7"\n'
                    'serial_baud = 115200\nscan_max_gap_ms = 25\nscan_min_length = 20\n'
                    'scan_terminators = "Tab, silence"\ngs_token = "~"\n'
                    'repeat_window_s = 1.5\nsounds_muted = true\n', encoding="utf-8")
    return path


@pytest.fixture
def serial_desktop(scanner_file, desktop):
    return desktop


def test_the_scanner_group_shows_the_settings_the_app_runs_with(serial_desktop, qtbot):
    page = settings_page(serial_desktop, qtbot)
    assert page.scanner.serial_radio.isChecked() and not page.scanner.wedge_radio.isChecked()
    assert page.scanner.serial_port_combo.currentText() == "/dev/ttyUSB7"
    assert page.scanner.baud_combo.currentData() == 115200
    assert page.scanner.max_gap_spin.value() == 25 and page.scanner.min_length_spin.value() == 20
    assert {name for name, check in page.scanner.terminator_checks.items()
            if check.isChecked()} == {"tab", "silence"}
    assert page.scanner.gs_token_edit.text() == "~"
    assert page.scanner.repeat_window_spin.value() == 1.5
    assert page.scanner.mute_check.isChecked()
    assert page.scanner.serial_port_combo.isEnabled() and page.scanner.baud_combo.isEnabled()
    # "Tab, silence" is shown as it is meant, not taken for a change
    page.save_button.click()
    wait_for_status(qtbot, page, "Nothing to save")


def test_saving_scanner_settings_writes_them_for_the_next_start(desktop, qtbot):
    from mesdesk.config import load_settings

    page = settings_page(desktop, qtbot)
    page.scanner.serial_radio.setChecked(True)
    page.scanner.serial_port_combo.setEditText("COM7")
    page.scanner.baud_combo.setCurrentIndex(page.scanner.baud_combo.findData(19200))
    page.scanner.max_gap_spin.setValue(30)
    page.scanner.min_length_spin.setValue(12)
    page.scanner.terminator_checks["tab"].setChecked(False)
    page.scanner.terminator_checks["silence"].setChecked(True)
    page.scanner.gs_token_edit.setText("<FNC1>")
    page.scanner.repeat_window_spin.setValue(0.5)
    page.scanner.mute_check.setChecked(True)
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert saved(desktop) == {
        "scanner_mode": "serial", "serial_port": "COM7", "serial_baud": 19200,
        "scan_max_gap_ms": 30, "scan_min_length": 12, "scan_terminators": "enter,silence",
        "gs_token": "<FNC1>", "repeat_window_s": 0.5, "sounds_muted": True,
    }
    assert "restarted: scanner connection" in text and "scan sounds" in text
    assert "Applied now" not in text
    settings = load_settings(database_url=None)
    assert (settings.scanner_mode, settings.serial_port, settings.serial_baud) == (
        "serial", "COM7", 19200)
    assert (settings.scan_max_gap_ms, settings.scan_min_length) == (30, 12)
    assert settings.scan_terminators == "enter,silence"
    assert settings.gs_token == "<FNC1>" and settings.repeat_window_s == 0.5
    assert settings.sounds_muted is True
    # the station runs on with what it started with until MESDesk is restarted
    assert desktop.backend.settings.scanner_mode == "wedge"
    page.save_button.click()
    wait_for_status(qtbot, page, "Nothing to save")


def test_a_scanner_setting_and_a_station_setting_are_saved_together(desktop, qtbot):
    page = settings_page(desktop, qtbot)
    page.station.station_edit.setText("line-3")
    page.scanner.max_gap_spin.setValue(60)
    page.region.timezone_combo.setEditText("Europe/Moscow")
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert saved(desktop) == {"station": "line-3", "scan_max_gap_ms": 60,
                              "timezone": "Europe/Moscow"}
    assert "Applied now: production time zone" in text
    assert "station name" in text and "longest pause between keys" in text


def test_the_serial_port_list_is_read_off_the_gui_thread(desktop, qtbot, monkeypatch):
    import threading

    from mesdesk.ui.views.settings import scanner_box as page_module

    threads: list[str] = []

    def ports():
        threads.append(threading.current_thread().name)
        return [("/dev/ttyACM0", "Barcode scanner — Honeywell"), ("/dev/ttyS0", "")]

    monkeypatch.setattr(page_module, "available_ports", ports)
    page = settings_page(desktop, qtbot)
    qtbot.waitUntil(lambda: page.scanner.serial_port_combo.count() == 2, timeout=10000)
    assert threads and threads[0] != threading.main_thread().name
    combo = page.scanner.serial_port_combo
    assert combo.itemText(0) == "/dev/ttyACM0"
    assert "Honeywell" in combo.itemData(0, Qt.ItemDataRole.ToolTipRole)
    assert combo.currentText() == ""          # the list offers; it does not choose


def test_locking_when_idle_is_saved_and_applies_to_the_gate_at_once(desktop, qtbot):
    page, gate = settings_page(desktop, qtbot), desktop.gate
    assert page.station.lock_after_spin.value() == 15
    assert gate._idle.isActive() and gate._idle.interval() == 15 * 60_000
    page.station.lock_after_spin.setValue(5)
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert "Applied now: locking when idle" in text and "restarted" not in text
    assert saved(desktop) == {"lock_after_minutes": 5}
    assert desktop.backend.settings.lock_after_minutes == 5
    assert gate._idle.isActive() and gate._idle.interval() == 5 * 60_000
    # 0 is never: the spin box says so, and the gate's timer stops
    page.station.lock_after_spin.setValue(0)
    assert page.station.lock_after_spin.text() == "Never"
    page.save_button.click()
    qtbot.waitUntil(lambda: saved(desktop) == {"lock_after_minutes": 0}, timeout=15000)
    assert not gate._idle.isActive()
