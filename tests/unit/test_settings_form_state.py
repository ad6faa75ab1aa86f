"""The Settings form's decisions without Qt: which fields are refused, when a password needs
consent to go into the file, which note goes under the URL, and what a save leaves behind."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from mesdesk.config import Settings
from mesdesk.services.settings import KeyringStatus, PasswordPlace, SaveResult
from mesdesk.ui.views.settings import form as F
from mesdesk.ui.views.settings.form import FormValues, SettingsForm, problems

BARE = "postgresql://mes@db/mesdesk"
WITH_PASSWORD = "postgresql://mes:pw@db/mesdesk"


@pytest.fixture
def running(tmp_path) -> Settings:
    return Settings(config_dir=tmp_path, data_dir=tmp_path, station="line-1",
                    timezone="Asia/Yekaterinburg", database_url=BARE)


def codes(values: FormValues) -> dict[str, str]:
    return {key: problem.code for key, problem in problems(values).items()}


def test_a_form_as_loaded_is_refused_nowhere(running):
    assert problems(FormValues.of(running)) == {}


def test_each_refused_field_says_why(running):
    values = replace(FormValues.of(running), database_url="mysql://db/mesdesk",
                     timezone="Europe/Atlantis", station=" ", scan_terminators="",
                     scanner_mode="serial", serial_port="", gs_token="GS")
    assert codes(values) == {
        "database_url": "database.url_not_postgresql", "timezone": "settings.timezone_unknown",
        "station": "settings.station_empty", "scan_terminators": "scanner.terminator_none",
        "serial_port": "scanner.serial_port_empty",
        "gs_token": "scanner.gs_token_alphanumeric"}


def test_the_embedded_database_and_a_keyboard_scanner_need_no_url_and_no_port(running):
    values = replace(FormValues.of(running), database_url=None, serial_port="")
    assert codes(values) == {}
    assert codes(replace(values, gs_token="a\tb")) == {"gs_token": "scanner.gs_token_control"}


def test_a_password_needs_consent_only_when_there_is_no_keyring(running):
    form = SettingsForm(running)
    changes = {"database_url": WITH_PASSWORD}
    assert not form.needs_consent(changes, consent=False)        # not asked yet
    form.keyring = KeyringStatus(available=True, name="memory")
    assert not form.needs_consent(changes, consent=False)
    form.keyring = KeyringStatus(available=False)
    assert form.needs_consent(changes, consent=False)
    assert not form.needs_consent(changes, consent=True)
    assert not form.needs_consent({"database_url": BARE}, consent=False)


def test_the_note_under_the_url_says_where_the_password_goes(running):
    form = SettingsForm(running)
    assert form.password_note(WITH_PASSWORD) == F.NOTE_NONE       # keyring not known yet
    form.keyring = KeyringStatus(available=True, name="memory", stored=True)
    assert form.password_note(WITH_PASSWORD) == F.NOTE_TO_KEYRING
    assert form.password_note(BARE) == F.NOTE_IN_KEYRING          # the saved URL's password
    assert form.password_note("postgresql://mes@other/mesdesk") == F.NOTE_NONE
    assert form.password_note(None) == F.NOTE_NONE                # embedded
    form.keyring = KeyringStatus(available=False)
    assert form.password_note(WITH_PASSWORD) == F.NOTE_CLEAR_TEXT


def test_after_a_save_the_form_holds_the_url_as_written_and_what_waits(running):
    form = SettingsForm(running)
    values = replace(form.saved, database_url=WITH_PASSWORD, timezone="Asia/Tokyo")
    assert form.changes(values) == {"database_url": WITH_PASSWORD, "timezone": "Asia/Tokyo"}
    result = SaveResult(Path("settings.toml"), ("database_url", "timezone"), PasswordPlace.KEYRING,
                        "memory", replace(running, database_url=BARE, timezone="Asia/Tokyo"))
    assert form.record_save(values, result) == ["database_url"]   # a new password: restart
    assert form.saved.database_url == BARE and form.saved.timezone == "Asia/Tokyo"
    assert form.keyring == KeyringStatus(True, "memory", True)
    assert form.changes(replace(values, database_url=BARE)) == {}
