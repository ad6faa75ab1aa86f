"""The connection probe against the real test PostgreSQL and against nothing, and the secrets
adapter with keyring's fail backend and with a real file backend (keyrings.alt)."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from keyring.backends import fail

from mesdesk.adapters.db import probe
from mesdesk.adapters.secrets import KeyringSecrets, SecretsUnavailable, system_backend
from mesdesk.config import load_settings, save_settings
from mesdesk.domain.database_urls import split_password, with_password
from mesdesk.services.settings import SettingsService


# -- the probe -----------------------------------------------------------------------------


def test_the_probe_finds_the_migrated_test_database(migrated_url):
    result = probe.probe_database(migrated_url)
    assert result.ok and result.schema == probe.UP_TO_DATE
    major = result.server_version.split(".")[0]
    assert major.isdigit() and int(major) >= 12


def test_the_probe_tells_an_empty_database_and_one_that_needs_an_upgrade(postgres,
                                                                         monkeypatch):
    from alembic.script import ScriptDirectory

    from mesdesk.adapters.db.engine import make_engine
    from mesdesk.adapters.db.migrate import downgrade

    url = postgres.create_database("mesdesk_probe_empty")
    assert probe.probe_database(url).schema == probe.EMPTY

    url = postgres.migrated_database("mesdesk_probe_old")
    # a newer MESDesk ships a later head: the stored revision is known, and behind
    monkeypatch.setattr(ScriptDirectory, "get_current_head", lambda self: "a-later-revision")
    assert probe.probe_database(url).schema == probe.NEEDS_UPGRADE
    monkeypatch.undo()
    engine = make_engine(url)
    try:
        downgrade(engine, "base")   # only the empty version table is left
        assert probe.probe_database(url).schema == probe.EMPTY
    finally:
        engine.dispose()


def test_the_probe_tells_a_foreign_database_and_an_unknown_revision(postgres):
    from sqlalchemy import create_engine, text

    url = postgres.create_database("mesdesk_probe_foreign")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id int)"))
    assert probe.probe_database(url).schema == probe.FOREIGN
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num varchar(32))"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('ffffffffffff')"))
    engine.dispose()
    assert probe.probe_database(url).schema == probe.NEWER


def test_the_probe_says_a_database_is_missing(postgres):
    url = postgres.url_for("no_such_database_here")
    result = probe.probe_database(url)
    assert not result.ok
    assert result.failure == probe.NO_DATABASE and result.detail == "no_such_database_here"


def test_the_probe_against_nothing_says_no_server(tmp_path):
    result = probe.probe_database(f"postgresql://postgres@/mesdesk?host={tmp_path}")
    assert not result.ok and result.failure == probe.NO_SERVER
    assert result.detail == str(tmp_path)


def test_the_probe_against_a_closed_port_says_no_server():
    with socket.socket() as sock:       # a port nobody listens on (bound, not listening)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        result = probe.probe_database(f"postgresql://u:p@127.0.0.1:{port}/mesdesk")
    assert result.failure == probe.NO_SERVER and result.detail == f"127.0.0.1:{port}"


def test_the_probe_gives_up_on_a_server_that_never_answers():
    """A listener that accepts and stays silent: the probe stops at its time limit."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        port = server.getsockname()[1]
        started = time.monotonic()
        result = probe.probe_database(f"postgresql://u@127.0.0.1:{port}/mesdesk", timeout=1.0)
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        thread.join(5)
        for conn in accepted:
            conn.close()
        server.close()
    assert not result.ok and result.failure == probe.TIMEOUT
    assert elapsed < 5


def test_the_probe_refuses_what_is_not_a_url():
    assert probe.probe_database("mysql://server/db").failure in (probe.BAD_URL, probe.OTHER)
    assert probe.probe_database("::::").failure in (probe.BAD_URL, probe.OTHER)


# -- secrets -------------------------------------------------------------------------------


def test_the_fail_backend_means_no_keyring():
    store = KeyringSecrets(fail.Keyring())
    assert not store.available and store.name == ""
    assert store.get("postgresql://u@h/db") is None
    assert store.delete("postgresql://u@h/db") is False
    with pytest.raises(SecretsUnavailable):
        store.set("postgresql://u@h/db", "pw")


def test_the_os_keyring_is_looked_for_on_first_use_once_not_when_the_app_starts(monkeypatch):
    """The search may wait on D-Bus: the composition root builds the store at every start,
    and with the embedded database nothing ever asks it."""
    from mesdesk.adapters import secrets

    searches: list[str] = []

    def search():
        searches.append(threading.current_thread().name)
        return None

    monkeypatch.setattr(secrets, "system_backend", search)
    store = KeyringSecrets()
    assert searches == []
    asked = threading.Thread(target=lambda: store.get("postgresql://u@h/db"), name="op")
    asked.start()
    asked.join()
    assert not store.available and store.name == ""
    assert searches == ["op"]


def test_file_backends_do_not_count_as_a_system_keyring(monkeypatch):
    """keyrings.alt's plain-text and encrypted file backends are not recommended (priority
    below 1), alone or chained: MESDesk must ask before writing clear text."""
    import keyring
    from keyring.backends import chainer
    from keyrings.alt.file import EncryptedKeyring, PlaintextKeyring

    monkeypatch.setattr(keyring, "get_keyring", lambda: PlaintextKeyring())
    assert system_backend() is None
    monkeypatch.setattr(chainer.ChainerBackend, "backends",
                        [EncryptedKeyring(), PlaintextKeyring()])
    monkeypatch.setattr(keyring, "get_keyring", lambda: chainer.ChainerBackend())
    assert system_backend() is None
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    assert system_backend() is None
    assert not KeyringSecrets().available


@pytest.fixture
def file_store(tmp_path) -> KeyringSecrets:
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    return KeyringSecrets(backend)


def test_a_real_file_backend_keeps_and_forgets_a_password(file_store, tmp_path):
    account = "postgresql://mes@db.factory.local:5432/mesdesk"
    assert file_store.available and file_store.get(account) is None
    file_store.set(account, "p@ss:wörd")
    assert file_store.get(account) == "p@ss:wörd"
    assert "MESDesk" in (tmp_path / "keyring.cfg").read_text(encoding="utf-8")
    assert file_store.delete(account) is True
    assert file_store.get(account) is None
    assert file_store.delete(account) is False


@pytest.mark.parametrize(("url", "bare", "password"), [
    ("postgresql://mes:p%40ss@db:5432/mesdesk", "postgresql://mes@db:5432/mesdesk", "p@ss"),
    ("postgresql://mes@db/mesdesk", "postgresql://mes@db/mesdesk", None),
    ("postgresql:///mesdesk?host=/run/pg&password=x%20y", "postgresql:///mesdesk?host=/run/pg",
     "x y"),
    ("postgresql+psycopg://postgres:pw@/mesdesk?host=/tmp/s",
     "postgresql+psycopg://postgres@/mesdesk?host=/tmp/s", "pw"),
])
def test_a_password_comes_out_of_a_url_and_goes_back_in(url, bare, password):
    split = split_password(url)
    assert (split.url, split.password) == (bare, password)
    if password is not None:
        assert split_password(with_password(bare, password)) == split


def service(store: KeyringSecrets) -> SettingsService:
    """The settings page's service on real adapters: this keyring, the probe, the file."""
    return SettingsService(store, probe.probe_database, save_settings)


def test_saving_moves_the_password_to_the_keyring_and_the_root_gets_it_back(
        file_store, tmp_path, migrated_url):
    settings = load_settings(env={"MESDESK_CONFIG_DIR": str(tmp_path / "config")})
    url = migrated_url.replace("postgres@", "postgres:s3cret@", 1)
    result = service(file_store).save(settings, {"database_url": url})
    assert result.password == "keyring" and result.written
    text = settings.settings_path.read_text(encoding="utf-8")
    assert "s3cret" not in text and migrated_url in text
    reloaded = load_settings(env={"MESDESK_CONFIG_DIR": str(tmp_path / "config")})
    assert reloaded.database_url == migrated_url
    effective = service(file_store).effective_database_url(reloaded)
    assert effective == url
    assert probe.probe_database(effective).ok        # trust auth: any password connects


def test_without_a_keyring_saving_a_password_needs_consent(tmp_path):
    settings = load_settings(env={"MESDESK_CONFIG_DIR": str(tmp_path / "config")})
    store = KeyringSecrets(fail.Keyring())
    url = "postgresql://mes:pw@db/mesdesk"
    refused = service(store).save(settings, {"database_url": url})
    assert refused.password == "needs_confirmation" and not refused.written
    assert not settings.settings_path.exists()
    done = service(store).save(settings, {"database_url": url},
                               allow_clear_text_password=True)
    assert done.password == "clear_text"
    assert 'database_url = "postgresql://mes:pw@db/mesdesk"' in \
        settings.settings_path.read_text(encoding="utf-8")
    assert service(store).effective_database_url(done.settings) == url


def test_the_embedded_database_has_no_url_to_complete(tmp_path):
    from mesdesk.config import Settings

    settings = Settings(database_url=None, config_dir=tmp_path, data_dir=tmp_path)
    assert service(KeyringSecrets(fail.Keyring())).effective_database_url(settings) is None
