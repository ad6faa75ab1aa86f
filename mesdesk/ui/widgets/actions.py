"""Page actions with their keyboard shortcut named in the tooltip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


def page_action(page: QWidget, name: str, text: str, tip: str, slot: Callable[[], object],
                shortcut: QKeySequence | None = None, *, widget: QWidget | None = None
                ) -> QAction:
    """An action owned by ``page``, added to ``widget`` (the page itself by default); its
    shortcut works while the focus is inside that widget and is shown in the tooltip."""
    action = QAction(text, page)
    action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        tip = tr("{tip} ({shortcut})").format(
            tip=tip, shortcut=shortcut.toString(QKeySequence.SequenceFormat.NativeText))
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    (widget or page).addAction(action)
    return action
