"""Qt settings for tests: every test or benchmark keeps QSettings in a folder of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings


def isolate_qsettings(folder: Path, application: str) -> None:
    QCoreApplication.setOrganizationName(application)
    QCoreApplication.setApplicationName(application)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
