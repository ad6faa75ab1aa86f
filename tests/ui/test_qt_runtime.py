"""The Qt runtime this suite runs on."""

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
