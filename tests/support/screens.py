"""Looking at screens in tests: the language a screen is shown in, and screenshots for a look
(`MESDESK_SCREENSHOTS=/tmp/shots make test` keeps the pictures of the screen tests)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QLocale

from mesdesk.ui import i18n


def keep_screenshot(widget, name: str) -> None:
    folder = os.environ.get("MESDESK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


@contextlib.contextmanager
def shown_in(app, language: str) -> Iterator[str]:
    """The app's texts in ``language`` for a while; then English and the suite's own locale
    (number and date formats) again, so no later test depends on the order."""
    previous = QLocale()
    i18n.install(app, language)
    try:
        yield language
    finally:
        i18n.install(app, "en")
        QLocale.setDefault(previous)


def cyrillic(text: str) -> bool:
    return any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in text)
