"""Translations: MESDesk's own (.qm built from resources/translations/*.ts) and Qt's.

The language comes from the settings, else from the system locale; English needs no file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from mesdesk.installation import find

LANGUAGES = {"en": "English", "ru": "Русский"}
_installed: list[QTranslator] = []  # translators must outlive their installation


def translations_dir() -> Path:
    """The compiled .qm files: a bundle's, a wheel's or the checkout's
    (``mesdesk.installation``)."""
    return find("resources/translations")


def resolve_language(configured: str) -> str:
    if configured in LANGUAGES:
        return configured
    system = QLocale.system().name().split("_")[0]
    return system if system in LANGUAGES else "en"


def install(app: QCoreApplication, configured: str) -> str:
    """Install the translators for the language; returns the language used."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = resolve_language(configured)
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return language
    ours = QTranslator(app)
    if ours.load(str(translations_dir() / f"mesdesk_{language}.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{language}",
                   QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return language
