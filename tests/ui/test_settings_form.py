"""The Settings form alone: what it checks next to each field and what it writes, on
``runtime_without_database`` (no PostgreSQL, no dispatcher; a keyring in memory that is
absent, a probe that finds no server, the real settings file in the test's folder)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

import pytest

from mesdesk.config import Settings
from mesdesk.ui.backend import Backend
from mesdesk.ui.views.settings.page import SettingsPage
from tests.support.fakes import MemorySecrets, offline_settings_service, runtime_without_database


@dataclass
class Alone:
    page: SettingsPage
    settings: Settings


@pytest.fixture
def alone(qtbot, tmp_path):
    settings = Settings(config_dir=tmp_path / "config", data_dir=tmp_path / "data",
                        station="line-1", timezone="Asia/Yekaterinburg",
                        database_url="postgresql://postgres@db.example/mesdesk")
    runtime = runtime_without_database(
        settings, settings_service=offline_settings_service(MemorySecrets(available=False)))
    backend = Backend.build(runtime)
    page = SettingsPage(backend)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.timezone_combo.count() > 100, timeout=10000)
    yield Alone(page, settings)
    backend.close()
    runtime.close()


def saved(alone: Alone) -> dict:
    path = alone.settings.settings_path
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def wait_for_status(qtbot, page, *words: str) -> str:
    qtbot.waitUntil(lambda: all(w in page.status.text() for w in words), timeout=15000)
    return page.status.text()


def test_an_unknown_time_zone_is_refused_next_to_the_field(alone, qtbot):
    page = alone.page
    page.timezone_combo.setEditText("Europe/Atlantis")
    page.save_button.click()
    assert page.timezone_error.isVisibleTo(page)
    assert "Europe/Atlantis" in page.timezone_error.text()
    assert "Nothing was saved" in page.status.text()
    assert saved(alone) == {}
    page.timezone_combo.setEditText("Asia/Tokyo")
    assert not page.timezone_error.isVisibleTo(page)


def test_a_bad_url_and_an_empty_station_are_refused_next_to_their_fields(alone, qtbot):
    page = alone.page
    page.url_edit.setText("mysql://server/mesdesk")
    page.station_edit.setText("  ")
    page.save_button.click()
    assert "works with PostgreSQL" in page.url_error.text() and page.url_error.isVisibleTo(page)
    assert page.station_error.isVisibleTo(page)
    assert saved(alone) == {}
    page.embedded_radio.setChecked(True)    # the URL does not matter for the embedded one
    page.station_edit.setText("line-2")
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert "database" in text and "station name" in text      # both wait for a restart
    assert saved(alone) == {"station": "line-2"}             # embedded: no URL in the file


def test_a_scan_needs_at_least_one_way_to_end(alone, qtbot):
    page = alone.page
    for check in page.terminator_checks.values():
        check.setChecked(False)
    page.save_button.click()
    assert page.terminators_error.isVisibleTo(page)
    assert "at least one" in page.terminators_error.text()
    assert "Nothing was saved" in page.status.text()
    assert saved(alone) == {}
    page.terminator_checks["enter"].setChecked(True)
    assert not page.terminators_error.isVisibleTo(page)


def test_serial_fields_are_off_for_a_keyboard_scanner(alone, qtbot):
    page = alone.page
    assert page.wedge_radio.isChecked()
    assert not page.serial_port_combo.isEnabled() and not page.baud_combo.isEnabled()
    page.serial_radio.setChecked(True)
    assert page.serial_port_combo.isEnabled() and page.baud_combo.isEnabled()
    # a serial scanner needs its port
    page.serial_port_combo.setEditText("")
    page.save_button.click()
    assert page.serial_port_error.isVisibleTo(page)
    assert saved(alone) == {}
    page.wedge_radio.setChecked(True)
    assert not page.serial_port_combo.isEnabled() and not page.baud_combo.isEnabled()
    assert not page.serial_port_error.isVisibleTo(page)


def test_a_gs_token_that_would_occur_inside_codes_is_refused(alone, qtbot):
    page = alone.page
    page.gs_token_edit.setText("GS")
    page.save_button.click()
    assert page.gs_token_error.isVisibleTo(page)
    assert "inside ordinary codes" in page.gs_token_error.text()
    assert saved(alone) == {}
    page.gs_token_edit.setText("[GS]")
    assert not page.gs_token_error.isVisibleTo(page)
    page.save_button.click()
    wait_for_status(qtbot, page, "Saved")
    assert saved(alone) == {"gs_token": "[GS]"}


def test_without_a_keyring_a_password_needs_consent_to_go_in_clear_text(alone, qtbot):
    page = alone.page
    with_password = "postgresql://postgres:s3cret@db.example/mesdesk"
    page.url_edit.setText(with_password)
    qtbot.waitUntil(lambda: page.clear_text_check.isVisibleTo(page), timeout=10000)
    assert page.password_note.text().startswith("No system keyring")
    assert str(alone.settings.settings_path) in page.password_note.text()
    page.save_button.click()
    assert "no system keyring" in page.url_error.text()
    assert saved(alone) == {}
    page.clear_text_check.setChecked(True)
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert "clear text" in text
    assert saved(alone)["database_url"] == with_password
