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
from mesdesk.services.probe_result import NEWER, UP_TO_DATE, ProbeResult
from tests.support.fakes import (AnsweringProbe, MemorySecrets, MemorySettingsFile,
                                 offline_settings_service, runtime_without_database)


@dataclass
class Alone:
    page: SettingsPage
    settings: Settings


@pytest.fixture
def open_page(qtbot, tmp_path):
    """``open_page(secrets=..., probe=..., file=...)``: the page on fakes of the service's
    ports (by default no keyring, no server and the real file in the test's folder)."""
    opened = []

    def open_with(secrets: MemorySecrets | None = None, probe: AnsweringProbe | None = None,
                  file: MemorySettingsFile | None = None) -> Alone:
        settings = Settings(config_dir=tmp_path / "config", data_dir=tmp_path / "data",
                            station="line-1", timezone="Asia/Yekaterinburg",
                            database_url="postgresql://postgres@db.example/mesdesk")
        service = offline_settings_service(secrets or MemorySecrets(available=False), probe,
                                           file)
        runtime = runtime_without_database(settings, settings_service=service)
        backend = Backend.build(runtime)
        opened.append((backend, runtime))
        page = SettingsPage(backend)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: page.region.timezone_combo.count() > 100, timeout=10000)
        return Alone(page, settings)

    yield open_with
    for backend, runtime in opened:
        backend.close()
        runtime.close()


@pytest.fixture
def alone(open_page):
    return open_page()


def saved(alone: Alone) -> dict:
    path = alone.settings.settings_path
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def wait_for_status(qtbot, page, *words: str) -> str:
    qtbot.waitUntil(lambda: all(w in page.status.text() for w in words), timeout=15000)
    return page.status.text()


def test_an_unknown_time_zone_is_refused_next_to_the_field(alone, qtbot):
    page = alone.page
    page.region.timezone_combo.setEditText("Europe/Atlantis")
    page.save_button.click()
    assert page.region.timezone_error.isVisibleTo(page)
    assert "Europe/Atlantis" in page.region.timezone_error.text()
    assert "Nothing was saved" in page.status.text()
    assert saved(alone) == {}
    page.region.timezone_combo.setEditText("Asia/Tokyo")
    assert not page.region.timezone_error.isVisibleTo(page)


def test_a_bad_url_and_an_empty_station_are_refused_next_to_their_fields(alone, qtbot):
    page = alone.page
    page.database.url_edit.setText("mysql://server/mesdesk")
    page.station.station_edit.setText("  ")
    page.save_button.click()
    assert "works with PostgreSQL" in page.database.url_error.text()
    assert page.database.url_error.isVisibleTo(page)
    assert page.station.station_error.isVisibleTo(page)
    assert saved(alone) == {}
    page.database.embedded_radio.setChecked(True)    # the URL does not matter for the embedded one
    page.station.station_edit.setText("line-2")
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert "database" in text and "station name" in text      # both wait for a restart
    assert saved(alone) == {"station": "line-2"}             # embedded: no URL in the file


def test_a_scan_needs_at_least_one_way_to_end(alone, qtbot):
    page = alone.page
    for check in page.scanner.terminator_checks.values():
        check.setChecked(False)
    page.save_button.click()
    assert page.scanner.terminators_error.isVisibleTo(page)
    assert "at least one" in page.scanner.terminators_error.text()
    assert "Nothing was saved" in page.status.text()
    assert saved(alone) == {}
    page.scanner.terminator_checks["enter"].setChecked(True)
    assert not page.scanner.terminators_error.isVisibleTo(page)


def test_serial_fields_are_off_for_a_keyboard_scanner(alone, qtbot):
    page = alone.page
    assert page.scanner.wedge_radio.isChecked()
    assert not page.scanner.serial_port_combo.isEnabled()
    assert not page.scanner.baud_combo.isEnabled()
    page.scanner.serial_radio.setChecked(True)
    assert page.scanner.serial_port_combo.isEnabled() and page.scanner.baud_combo.isEnabled()
    # a serial scanner needs its port
    page.scanner.serial_port_combo.setEditText("")
    page.save_button.click()
    assert page.scanner.serial_port_error.isVisibleTo(page)
    assert saved(alone) == {}
    page.scanner.wedge_radio.setChecked(True)
    assert not page.scanner.serial_port_combo.isEnabled()
    assert not page.scanner.baud_combo.isEnabled()
    assert not page.scanner.serial_port_error.isVisibleTo(page)


def test_a_gs_token_that_would_occur_inside_codes_is_refused(alone, qtbot):
    page = alone.page
    page.scanner.gs_token_edit.setText("GS")
    page.save_button.click()
    assert page.scanner.gs_token_error.isVisibleTo(page)
    assert "inside ordinary codes" in page.scanner.gs_token_error.text()
    assert saved(alone) == {}
    page.scanner.gs_token_edit.setText("[GS]")
    assert not page.scanner.gs_token_error.isVisibleTo(page)
    page.save_button.click()
    wait_for_status(qtbot, page, "Saved")
    assert saved(alone) == {"gs_token": "[GS]"}


def test_without_a_keyring_a_password_needs_consent_to_go_in_clear_text(alone, qtbot):
    page = alone.page
    with_password = "postgresql://postgres:s3cret@db.example/mesdesk"
    page.database.url_edit.setText(with_password)
    qtbot.waitUntil(lambda: page.database.clear_text_check.isVisibleTo(page), timeout=10000)
    assert page.database.password_note.text().startswith("No system keyring")
    assert str(alone.settings.settings_path) in page.database.password_note.text()
    page.save_button.click()
    assert "no system keyring" in page.database.url_error.text()
    assert saved(alone) == {}
    page.database.clear_text_check.setChecked(True)
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert "clear text" in text
    assert saved(alone)["database_url"] == with_password


def test_a_connection_test_says_what_it_found(open_page, qtbot):
    probe = AnsweringProbe(ProbeResult(True, server_version="16.2", schema=UP_TO_DATE))
    page = open_page(probe=probe).page
    page.database.test_button.click()
    qtbot.waitUntil(lambda: page.database.probe_result.text().startswith("Connected"),
                    timeout=10000)
    assert page.database.probe_result.text() == "Connected: PostgreSQL 16.2, schema up to date."
    assert page.database.probe_result.isVisibleTo(page) and page.database.test_button.isEnabled()
    assert probe.asked == ["postgresql://postgres@db.example/mesdesk"]
    page.database.url_edit.setText("postgresql://postgres@db2.example/mesdesk")
    assert not page.database.probe_result.isVisibleTo(page)      # it was about another URL


def test_a_connection_test_warns_of_a_newer_schema_and_names_a_missing_server(open_page,
                                                                              qtbot):
    probe = AnsweringProbe(ProbeResult(True, server_version="17.0", schema=NEWER))
    page = open_page(probe=probe).page
    page.database.test_button.click()
    qtbot.waitUntil(lambda: "newer than this version" in page.database.probe_result.text(),
                    timeout=10000)
    probe.answer = AnsweringProbe().answer                 # no server at db.example
    page.database.test_button.click()
    qtbot.waitUntil(lambda: page.database.probe_result.text().startswith("Not connected"),
                    timeout=10000)
    assert "db.example:5432" in page.database.probe_result.text()


def test_a_bad_url_is_not_tested(open_page, qtbot):
    probe = AnsweringProbe()
    page = open_page(probe=probe).page
    page.database.url_edit.setText("mysql://server/mesdesk")
    page.database.test_button.click()
    assert "works with PostgreSQL" in page.database.url_error.text()
    assert not page.database.probe_result.isVisibleTo(page) and probe.asked == []


def test_with_a_keyring_the_password_goes_there_and_the_file_gets_the_url_without_it(
        open_page, qtbot):
    secrets = MemorySecrets()
    alone = open_page(secrets=secrets)
    page = alone.page
    page.database.url_edit.setText("postgresql://postgres:s3cret@db.example/mesdesk")
    qtbot.waitUntil(lambda: page.database.password_note.isVisibleTo(page), timeout=10000)
    assert page.database.password_note.text() == ("The password will be kept in the system keyring "
                                         "(memory keyring), not in the settings file.")
    assert not page.database.clear_text_check.isVisibleTo(page)
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert "Passwords and secret keys are kept in the system keyring, not in the file." in text
    assert "Takes effect when MESDesk is restarted: database." in text
    assert saved(alone) == {"database_url": "postgresql://postgres@db.example/mesdesk"}
    assert secrets.passwords == {"postgresql://postgres@db.example/mesdesk": "s3cret"}
    assert page.database.url_edit.text() == "postgresql://postgres@db.example/mesdesk"
    assert page.database.password_note.text() == ("The password for this URL is kept in the system "
                                         "keyring.")


def test_a_save_says_what_applies_now_and_what_waits_for_a_restart(alone, qtbot):
    page = alone.page
    page.region.timezone_combo.setEditText("Asia/Tokyo")
    page.station.operator_edit.setText("Ivanova")
    page.scanner.max_gap_spin.setValue(60)
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert "Applied now: production time zone." in text
    assert ("Takes effect when MESDesk is restarted: operator, longest pause between keys."
            in text)
    assert saved(alone) == {"timezone": "Asia/Tokyo", "operator": "Ivanova",
                            "scan_max_gap_ms": 60}
    page.save_button.click()
    assert page.status.text() == "Nothing to save: the settings are as they were."


def test_undo_brings_back_what_was_last_saved(alone, qtbot):
    page = alone.page
    page.station.station_edit.setText("line-9")
    page.scanner.serial_radio.setChecked(True)
    page.revert_button.click()
    assert page.station.station_edit.text() == "line-1" and page.scanner.wedge_radio.isChecked()
    assert saved(alone) == {}


def test_the_keyring_the_connection_test_and_the_file_are_used_off_the_gui_thread(
        open_page, qtbot):
    """A keyring waiting on D-Bus, a server that does not answer or a slow disk never freeze
    the window: the page asks the service's ports only from an op."""
    secrets, probe, file = MemorySecrets(), AnsweringProbe(), MemorySettingsFile()
    page = open_page(secrets=secrets, probe=probe, file=file).page
    qtbot.waitUntil(lambda: bool(secrets.on_gui_thread), timeout=10000)   # asked when shown
    page.database.test_button.click()
    qtbot.waitUntil(lambda: page.database.probe_result.text().startswith("Not connected"),
                    timeout=10000)
    page.database.url_edit.setText("postgresql://postgres:s3cret@db.example/mesdesk")
    page.save_button.click()
    wait_for_status(qtbot, page, "Saved")
    assert file.written == {"database_url": "postgresql://postgres@db.example/mesdesk"}
    assert secrets.passwords == {"postgresql://postgres@db.example/mesdesk": "s3cret"}
    assert probe.on_gui_thread == [False] and file.on_gui_thread == [False]
    assert len(secrets.on_gui_thread) >= 3 and not any(secrets.on_gui_thread)
