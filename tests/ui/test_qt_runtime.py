"""The Qt runtime this suite runs on, and the placeholder main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer


def test_void_qt_calls_do_not_over_release_none(qtbot):
    """PySide6 6.12.0 on Python 3.11 drops a reference to None per void call and aborts the
    interpreter after a few thousand; the pinned versions must not."""
    timer = QTimer()
    before = sys.getrefcount(None)
    for interval in range(1000):
        timer.setInterval(interval)
    assert sys.getrefcount(None) >= before - 10


def test_the_main_window_connects_off_the_gui_thread_and_says_to_what(qtbot, engine,
                                                                      migrated_url):
    from mesdesk.ui.app import Connector, MainWindow

    connector = Connector(migrated_url)
    window = MainWindow(connector)
    qtbot.addWidget(window)
    window.show()
    assert "Connecting" in window.status.text()
    connector.start()
    qtbot.waitUntil(lambda: "Connected to the shared database" in window.status.text(),
                    timeout=30000)
    assert "0 batches" in window.status.text()
    connector.close()


def test_an_unreachable_database_is_said_plainly(qtbot, tmp_path):
    from mesdesk.ui.app import Connector, MainWindow

    connector = Connector(f"postgresql://postgres@/x?host={tmp_path}")
    window = MainWindow(connector)
    qtbot.addWidget(window)
    connector.start()
    qtbot.waitUntil(lambda: "unavailable" in window.status.text(), timeout=30000)
    assert "Traceback" not in window.status.text()
