"""The PDF report's font: DejaVu Sans (regular and bold), shipped in ``resources/fonts`` with
its licence. reportlab's own base fonts have no Cyrillic: Russian would print as boxes.

The folder is found the way the other resources are (``mesdesk.installation``): inside a
frozen bundle (``sys._MEIPASS``, ``mesdesk.spec`` lists ``resources/``), a wheel's
``mesdesk/_data`` or beside the package. Fonts are registered with reportlab once per process, on the first PDF.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from mesdesk.domain import problems as P
from mesdesk.installation import find

REGULAR = "MESDesk-DejaVuSans"
BOLD = "MESDesk-DejaVuSans-Bold"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}

_lock = threading.Lock()
_registered = False


def fonts_dir() -> Path:
    return find("resources/fonts")


def register_fonts(folder: Path | None = None) -> tuple[str, str]:
    """Register the regular and bold faces (once); returns their names. A missing or broken
    font file is ``report.font_missing``."""
    global _registered
    with _lock:
        if not _registered:
            folder = folder or fonts_dir()
            for name, file in FILES.items():
                path = folder / file
                try:
                    pdfmetrics.registerFont(TTFont(name, str(path)))
                except (OSError, TTFError) as exc:
                    raise P.REPORT_FONT_MISSING(font_file=str(path)) from exc
            # <b> in a paragraph picks the bold face.
            addMapping(REGULAR, 0, 0, REGULAR)
            addMapping(REGULAR, 1, 0, BOLD)
            addMapping(REGULAR, 0, 1, REGULAR)
            addMapping(REGULAR, 1, 1, BOLD)
            _registered = True
    return REGULAR, BOLD
