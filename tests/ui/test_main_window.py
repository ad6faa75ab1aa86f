"""The main window: areas, the status bar, and no SQL on the GUI thread."""

from __future__ import annotations

from mesdesk.ui.main_window import AREAS


def test_every_area_is_reachable_and_shows_its_view(desktop, qtbot):
    from mesdesk.ui.views.files import FilesPage
    from mesdesk.ui.views.placeholder import PlaceholderPage

    window = desktop.window
    assert [window.navigation.item(i).text() for i in range(window.navigation.count())] == [
        window.titles()[key] for key in AREAS]
    window.show_area("files")
    assert window.current_area() == "files"
    assert isinstance(window.page("files"), FilesPage)
    assert not any(isinstance(window.page(key), PlaceholderPage) for key in AREAS)


def test_the_status_bar_says_what_the_app_is_connected_to(desktop, qtbot):
    assert desktop.window.database_status.text() == "Database: shared, connected"
    assert desktop.window.offline_status.text() == "Offline scans waiting: 0"
    # The webhook worker runs inside the app (SPEC §1), with its queue read off the GUI thread.
    qtbot.waitUntil(lambda: desktop.window.worker_status.text()
                    == "Webhooks: running, 0 queued", timeout=10000)


def test_the_sql_guard_notices_a_query_on_the_gui_thread(desktop):
    from mesdesk.services.batches import count_batches

    count_batches(desktop.backend.runtime.uow_factory)  # deliberately on the GUI thread
    assert desktop.sql_guard.offences
    desktop.sql_guard.offences.clear()


def test_a_failed_start_is_explained_on_the_window(qtbot, tmp_path, monkeypatch):
    from mesdesk.config import load_settings
    from mesdesk.ui.app import DesktopApp

    monkeypatch.setenv("MESDESK_CONFIG_DIR", str(tmp_path / "config"))
    app = DesktopApp(load_settings(database_url=f"postgresql://postgres@/x?host={tmp_path}"))
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.window.database_status.property("state") == "lost",
                    timeout=30000)
    text = " ".join(label.text() for label in app.window.page("batches").findChildren(
        type(app.window.database_status)))
    assert "unreachable" in text and "Traceback" not in text
