"""The Qt half of ``mesdesk --selftest`` (``mesdesk/selftest.py``): Qt's GUI starts (on the
platform ``QT_QPA_PLATFORM`` names; the self-test sets ``offscreen``) and the app's
translators for a language are installed the way the app installs them (``i18n.install``).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from mesdesk.ui import i18n

_app: list[QCoreApplication] = []    # the application must outlive the translators


def translate(language: str, context: str, source: str) -> tuple[str, str]:
    """``source`` of ``context`` as the app shows it in ``language``, and the platform Qt
    started on. A missing .qm leaves the English ``source``."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    _app.append(app)
    i18n.install(app, language)
    return QCoreApplication.translate(context, source), QApplication.platformName()


def qm_file(language: str) -> str:
    """Where the app looks for the language's compiled translation."""
    return str(i18n.translations_dir() / f"mesdesk_{language}.qm")
