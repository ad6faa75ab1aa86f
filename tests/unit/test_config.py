"""Settings: file, then environment, then explicit values; bad files named."""

from __future__ import annotations

from pathlib import Path

import pytest

from mesdesk.config import Settings, load_settings, save_settings
from mesdesk.domain.errors import ValidationError


def test_defaults_mean_the_embedded_database(tmp_path: Path):
    settings = load_settings({"MESDESK_CONFIG_DIR": str(tmp_path)})
    assert settings.embedded and settings.database_url is None
    assert settings.timezone  # the system's zone, never empty


def test_file_then_environment_then_overrides(tmp_path: Path):
    (tmp_path / "settings.toml").write_text(
        'database_url = "postgresql://file/db"\ntimezone = "Europe/Moscow"\n'
        'repeat_window_s = 1.5\n', encoding="utf-8")
    env = {"MESDESK_CONFIG_DIR": str(tmp_path), "MESDESK_TIMEZONE": "Asia/Omsk"}
    settings = load_settings(env)
    assert settings.database_url == "postgresql://file/db"
    assert settings.timezone == "Asia/Omsk" and settings.repeat_window_s == 1.5
    assert load_settings(env, database_url="postgresql://cli/db").database_url == \
        "postgresql://cli/db"


def test_a_broken_settings_file_is_named(tmp_path: Path):
    (tmp_path / "settings.toml").write_text("database_url = ", encoding="utf-8")
    with pytest.raises(ValidationError, match="settings.toml is not valid TOML") as caught:
        load_settings({"MESDESK_CONFIG_DIR": str(tmp_path)})
    assert caught.value.code == "settings.file_invalid"


def test_an_unusable_value_names_the_setting(tmp_path: Path):
    (tmp_path / "settings.toml").write_text('scan_min_length = "many"', encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_settings({"MESDESK_CONFIG_DIR": str(tmp_path)})
    assert caught.value.code == "settings.value_invalid"
    assert str(caught.value) == "the setting scan_min_length cannot be many"


def test_saved_settings_read_back(tmp_path: Path):
    settings = Settings(config_dir=tmp_path, timezone="Asia/Yekaterinburg",
                        operator='Иванов "ночная"')
    save_settings(settings, ("timezone", "operator"))
    again = load_settings({"MESDESK_CONFIG_DIR": str(tmp_path)})
    assert again.timezone == "Asia/Yekaterinburg" and again.operator == 'Иванов "ночная"'
