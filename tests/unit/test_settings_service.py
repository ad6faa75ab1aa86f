"""The settings page's service on fakes of its ports (a keyring in memory, a probe that gives
one answer, a settings file in memory): where a password goes, what a connection test is
asked, and which URL the composition root connects with. The real adapters are tested in
``tests/integration/test_secrets_and_probe.py``."""

from __future__ import annotations

import pytest

from mesdesk.config import Settings
from mesdesk.services.probe_result import UP_TO_DATE, ProbeResult
from mesdesk.services.settings import SettingsService, timezone_problem
from tests.support.fakes import AnsweringProbe, MemorySecrets, MemorySettingsFile

BARE = "postgresql://mes@db.example/mesdesk"
WITH_PASSWORD = "postgresql://mes:s3cret@db.example/mesdesk"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(config_dir=tmp_path / "config", data_dir=tmp_path / "data")


def service(secrets=None, probe=None, file=None) -> SettingsService:
    return SettingsService(secrets or MemorySecrets(), probe or AnsweringProbe(),
                           file if file is not None else MemorySettingsFile())


def test_a_password_goes_to_the_keyring_and_the_file_gets_the_url_without_it(settings):
    secrets, file = MemorySecrets(), MemorySettingsFile()
    result = service(secrets, file=file).save(settings, {"database_url": WITH_PASSWORD})
    assert result.written and result.password == "keyring"
    assert result.keyring_name == "memory keyring"
    assert file.written == {"database_url": BARE}
    assert secrets.passwords == {BARE: "s3cret"}
    assert service(secrets).effective_database_url(result.settings) == WITH_PASSWORD


def test_without_a_keyring_nothing_is_written_until_clear_text_is_allowed(settings):
    secrets, file = MemorySecrets(available=False), MemorySettingsFile()
    refused = service(secrets, file=file).save(settings, {"database_url": WITH_PASSWORD})
    assert not refused.written and refused.password == "needs_confirmation"
    assert file.saves == 0
    done = service(secrets, file=file).save(settings, {"database_url": WITH_PASSWORD},
                                            allow_clear_text_password=True)
    assert done.password == "clear_text"
    assert file.written == {"database_url": WITH_PASSWORD}


def test_choosing_the_embedded_database_writes_no_url(settings):
    file = MemorySettingsFile()
    result = service(file=file).save(settings, {"database_url": None, "station": "line-2"})
    assert file.written == {"database_url": None, "station": "line-2"}
    assert result.password == "none" and result.settings.station == "line-2"


def test_only_the_fields_of_the_page_can_be_saved(settings):
    with pytest.raises(ValueError, match="data_dir"):
        service().save(settings, {"data_dir": "/tmp"})


def test_a_connection_test_uses_the_password_kept_in_the_keyring(settings):
    secrets = MemorySecrets()
    secrets.set(BARE, "s3cret")
    probe = AnsweringProbe(ProbeResult(True, server_version="16.2", schema=UP_TO_DATE))
    result = service(secrets, probe).test_connection(f"  {BARE} ")
    assert result.ok and result.server_version == "16.2"
    assert probe.asked == [WITH_PASSWORD]
    service(secrets, probe).test_connection("postgresql://mes:typed@db.example/mesdesk")
    assert probe.asked[-1] == "postgresql://mes:typed@db.example/mesdesk"   # as typed


def test_the_keyring_status_says_whether_this_url_has_a_password_there(settings):
    secrets = MemorySecrets()
    secrets.set(BARE, "s3cret")
    assert service(secrets).keyring_status(BARE).stored
    assert not service(secrets).keyring_status("postgresql://other@db/mesdesk").stored
    assert not service(MemorySecrets(available=False)).keyring_status(BARE).available


def test_the_embedded_database_has_no_url_to_complete(settings):
    assert service().effective_database_url(settings) is None


@pytest.mark.parametrize("name, code", [("", "settings.timezone_empty"),
                                        ("Europe/Atlantis", "settings.timezone_unknown"),
                                        ("Asia/Yekaterinburg", None)])
def test_a_time_zone_is_an_iana_name(name, code):
    problem = timezone_problem(name)
    assert (problem.code if problem else None) == code


def test_with_an_identity_only_an_administrator_saves_the_settings(settings):
    from mesdesk.domain import problems as P
    from mesdesk.domain.errors import DomainError
    from mesdesk.services.identity import Identity
    from tests.support.identity import user

    file, identity = MemorySettingsFile(), Identity()
    guarded = SettingsService(MemorySecrets(), AnsweringProbe(), file, identity=identity)
    for who, code in ((None, P.AUTH_NOT_SIGNED_IN.code), (user("op", "operator"),
                                                          P.AUTH_FORBIDDEN.code),
                      (user("boss", "supervisor"), P.AUTH_FORBIDDEN.code)):
        if who is not None:
            identity.sign_in(who)
        with pytest.raises(DomainError) as caught:
            guarded.save(settings, {"station": "line-9"})
        assert caught.value.problem.code == code
    assert file.saves == 0
    assert caught.value.problem.params["action"] == "change_settings"
    assert caught.value.problem.params["ability"] == "change the station's settings"
    identity.sign_in(user("root", "administrator"))
    assert guarded.save(settings, {"station": "line-9"}).settings.station == "line-9"
