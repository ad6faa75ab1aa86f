"""The desktop app on a real database, with a guard that fails any test whose GUI thread
executes SQL."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from sqlalchemy import event

from tests.support.identity import signed_in

from tests.support.qt import isolate_qsettings


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path, qapp):
    """Window layout and other QSettings go to a folder of the test's own."""
    isolate_qsettings(tmp_path / "qsettings", "MESDesk-tests")
    yield


class SqlOnGuiThread:
    """Records every statement a watched engine executes on the GUI (main) thread."""

    def __init__(self) -> None:
        self.offences: list[str] = []
        self._engines: list = []

    def watch(self, engine) -> None:
        event.listen(engine, "before_cursor_execute", self._check)
        self._engines.append(engine)

    def _check(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if threading.current_thread() is threading.main_thread():
            self.offences.append(" ".join(statement.split())[:120])

    def close(self) -> None:
        for engine in self._engines:
            event.remove(engine, "before_cursor_execute", self._check)


@pytest.fixture
def desktop_keyring(request, tmp_path):
    """The keyring the ``desktop`` app's settings service uses: none, unless the test asks
    for ``"file"`` (indirect parametrisation): a keyring that keeps secrets (keyrings.alt's
    file backend, in the test's folder), standing in for the OS keyring."""
    from keyring.backends import fail

    from mesdesk.adapters.secrets import KeyringSecrets

    if getattr(request, "param", None) != "file":
        return KeyringSecrets(fail.Keyring())
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    return KeyringSecrets(backend)


@pytest.fixture
def desktop_overrides() -> dict:
    """More parts of the ``desktop`` app given instead of built (``Overrides`` fields); a
    test module overrides this fixture, e.g. to hold a job at a known point."""
    return {}


@pytest.fixture
def desktop(qtbot, engine, migrated_url, tmp_path, monkeypatch, desktop_keyring,
            desktop_overrides):
    """The whole desktop app, connected to the test database, its settings service on
    ``desktop_keyring``; fails the test if the GUI thread ran a query."""
    from mesdesk.adapters.db.probe import probe_database
    from mesdesk.bootstrap import Overrides
    from mesdesk.config import load_settings, save_settings
    from mesdesk.services.settings import SettingsService
    from mesdesk.ui.app import DesktopApp

    monkeypatch.setenv("MESDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MESDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MESDESK_TIMEZONE", "Asia/Yekaterinburg")
    # The §9 scheduler would add its own job rows to the Jobs panel ten seconds in; it has
    # tests of its own (integration, and the worker's e2e test).
    monkeypatch.setenv("MESDESK_RUN_SCHEDULED_JOBS", "0")
    settings = load_settings(database_url=migrated_url)
    from mesdesk.adapters.storage.s3 import probe_storage

    desktop_overrides = {"identity": signed_in(), **desktop_overrides}
    service = SettingsService(desktop_keyring, probe_database, save_settings,
                              storage_probe=probe_storage,
                              identity=desktop_overrides["identity"])
    app = DesktopApp(settings, Overrides(settings_service=service, **desktop_overrides))
    qtbot.addWidget(app.window)
    app.window.resize(1366, 768)
    app.start()
    qtbot.waitUntil(lambda: app.backend is not None, timeout=30000)
    guard = SqlOnGuiThread()
    guard.watch(app.backend.runtime.engine)
    app.sql_guard = guard
    yield app
    guard.close()
    app.shutdown()
    assert guard.offences == [], f"SQL ran on the GUI thread: {guard.offences}"


@pytest.fixture(params=["en", "ru"])
def language(request, qapp):
    """Run the test once in English and once in Russian."""
    from tests.support.screens import shown_in

    with shown_in(qapp, request.param) as language:
        yield language



class OpenedUrls(QObject):
    """Stands in for the desktop's file viewer (``QDesktopServices``): records the file URLs
    the app asked to open, and opens nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened():
    recorder = OpenedUrls()
    QDesktopServices.setUrlHandler("file", recorder, "open")
    yield recorder
    QDesktopServices.unsetUrlHandler("file")
