"""Run something once a view has painted and gone quiet (the pager starts its next page query
then, so a worker turning rows into tuples does not compete with the paint for the GIL)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterPaint(QObject):
    """Calls ``callback`` once the watched viewport has been quiet for ``quiet_ms`` after a
    paint (a scroll often paints twice: the move, then the new layout)."""

    def __init__(self, viewport: QWidget, callback: Callable[[], None], quiet_ms: int) -> None:
        super().__init__(viewport)
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(quiet_ms)
        self._quiet.timeout.connect(callback)
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.Paint:
            self._quiet.start()
        return False
