"""The Settings page on the real app: shows, validates, saves, tests connections, and keeps
passwords out of the settings file unless told otherwise."""

from __future__ import annotations

import tomllib

import pytest
from keyring.backends import fail

from mesdesk import bootstrap_settings
from mesdesk.adapters.secrets import KeyringSecrets


@pytest.fixture(autouse=True)
def no_keyring():
    """No test here may reach the user's real keyring: by default there is none."""
    bootstrap_settings.use_secrets(KeyringSecrets(fail.Keyring()))
    yield
    bootstrap_settings.use_secrets(None)


@pytest.fixture
def file_keyring(tmp_path):
    """A keyring that keeps secrets (keyrings.alt's file backend, in the test's folder),
    standing in for the OS keyring."""
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    store = KeyringSecrets(backend)
    bootstrap_settings.use_secrets(store)
    return store


def settings_page(desktop, qtbot):
    from mesdesk.ui.views.settings.page import SettingsPage

    desktop.window.show_area("settings")
    page = desktop.window.page("settings")
    assert isinstance(page, SettingsPage)
    # the zone list arrives from a worker thread
    qtbot.waitUntil(lambda: page.timezone_combo.count() > 100, timeout=10000)
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
    assert page.shared_radio.isChecked() and not page.embedded_radio.isChecked()
    assert page.url_edit.text() == migrated_url
    assert page.timezone_combo.currentText() == "Asia/Yekaterinburg"
    assert page.language_combo.currentData() == ""
    assert page.station_edit.text() == settings.station
    assert str(settings.settings_path) in page.file_note.text()
    # the test environment sets the zone: the page says the environment wins at every start
    assert "MESDESK_TIMEZONE" in page.environment_note.text()


def test_saving_a_time_zone_and_a_language_writes_the_settings_file(desktop, qtbot):
    page = settings_page(desktop, qtbot)
    page.timezone_combo.setEditText("Europe/Moscow")
    page.language_combo.setCurrentIndex(page.language_combo.findData("ru"))
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


def test_an_unknown_time_zone_is_refused_next_to_the_field(desktop, qtbot):
    page = settings_page(desktop, qtbot)
    page.timezone_combo.setEditText("Europe/Atlantis")
    page.save_button.click()
    assert page.timezone_error.isVisibleTo(page)
    assert "Europe/Atlantis" in page.timezone_error.text()
    assert "Nothing was saved" in page.status.text()
    assert saved(desktop) == {}
    page.timezone_combo.setEditText("Asia/Tokyo")
    assert not page.timezone_error.isVisibleTo(page)


def test_a_bad_url_and_an_empty_station_are_refused_next_to_their_fields(desktop, qtbot):
    page = settings_page(desktop, qtbot)
    page.url_edit.setText("mysql://server/mesdesk")
    page.station_edit.setText("  ")
    page.save_button.click()
    assert "PostgreSQL only" in page.url_error.text() and page.url_error.isVisibleTo(page)
    assert page.station_error.isVisibleTo(page)
    assert saved(desktop) == {}
    page.embedded_radio.setChecked(True)    # the URL does not matter for the embedded one
    page.station_edit.setText("line-2")
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert "database" in text and "station name" in text      # both wait for a restart
    assert saved(desktop) == {"station": "line-2"}             # embedded: no URL in the file


def test_test_connection_says_connected_to_the_test_database(desktop, qtbot):
    page = settings_page(desktop, qtbot)
    page.test_button.click()
    qtbot.waitUntil(lambda: page.probe_result.text().startswith("Connected"), timeout=15000)
    assert "PostgreSQL " in page.probe_result.text()
    assert "schema up to date" in page.probe_result.text()
    assert page.test_button.isEnabled()


def test_test_connection_to_no_server_says_why(desktop, qtbot, tmp_path):
    page = settings_page(desktop, qtbot)
    nowhere = tmp_path / "no-server-here"
    nowhere.mkdir()
    page.url_edit.setText(f"postgresql://postgres@/mesdesk?host={nowhere}")
    page.test_button.click()
    qtbot.waitUntil(lambda: page.probe_result.text().startswith("Not connected"),
                    timeout=15000)
    text = page.probe_result.text()
    assert f"no PostgreSQL server answers at {nowhere}" in text
    assert "Traceback" not in text and "psycopg" not in text
    assert desktop.errors.shown == []


def test_without_a_keyring_a_password_needs_consent_to_go_in_clear_text(desktop, qtbot,
                                                                        migrated_url):
    page = settings_page(desktop, qtbot)
    with_password = migrated_url.replace("postgres@", "postgres:s3cret@", 1)
    assert with_password != migrated_url
    page.url_edit.setText(with_password)
    qtbot.waitUntil(lambda: page.clear_text_check.isVisibleTo(page), timeout=10000)
    assert page.password_note.text().startswith("No system keyring")
    assert str(desktop.backend.settings.settings_path) in page.password_note.text()
    page.save_button.click()
    assert "no system keyring" in page.url_error.text()
    assert saved(desktop) == {}
    page.clear_text_check.setChecked(True)
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert "clear text" in text
    assert saved(desktop)["database_url"] == with_password


def test_with_a_keyring_the_password_goes_there_and_not_in_the_file(desktop, qtbot,
                                                                    migrated_url,
                                                                    file_keyring):
    page = settings_page(desktop, qtbot)
    with_password = migrated_url.replace("postgres@", "postgres:s3cret@", 1)
    page.url_edit.setText(with_password)
    qtbot.waitUntil(lambda: "system keyring" in page.password_note.text(), timeout=10000)
    assert not page.clear_text_check.isVisibleTo(page)
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert "kept in the system keyring" in text
    assert "database" in text                       # another URL: after a restart
    stored = saved(desktop)["database_url"]
    assert "s3cret" not in stored and stored == migrated_url
    assert page.url_edit.text() == migrated_url      # the field no longer shows it
    assert file_keyring.get(migrated_url) == "s3cret"
    # the composition root gets it back
    from mesdesk.config import load_settings

    settings = load_settings(database_url=None)
    assert bootstrap_settings.effective_database_url(settings) == with_password
