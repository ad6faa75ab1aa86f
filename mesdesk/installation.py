"""Where this installation keeps the files the program reads at run time: ``migrations/``
(Alembic's scripts) and ``resources/`` (translations, sounds, fonts). Stdlib only.

MESDesk is installed one of three ways, and each has its files in one place:

- a PyInstaller bundle (``make bundle``): under ``sys._MEIPASS``, where ``mesdesk.spec`` puts
  them (ARCHITECTURE "Pitfalls": frozen builds lose what the spec does not list);
- a wheel (``pip install .``): inside the package as ``mesdesk/_data/``, copied there by the
  build (``setup.py``), the ``.qm`` translations compiled on the way;
- a source checkout (``make``, ``pip install -e .``): beside the package.

The first of these that holds the wanted folder is the answer.
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: The wheel's copy of migrations/ and resources/ (``setup.py`` writes it).
PACKAGED = PACKAGE / "_data"
CHECKOUT = PACKAGE.parent


def roots() -> list[Path]:
    """The places to look, in order."""
    bundle = getattr(sys, "_MEIPASS", None)
    return ([Path(bundle)] if bundle else []) + [PACKAGED, CHECKOUT]


def find(relative: str, marker: str = "") -> Path:
    """``relative`` (e.g. ``resources/fonts``) under the first root that has it (and, when
    given, ``marker`` inside it); the checkout's path when none has it, so that a message
    about the missing file names where it was expected."""
    for root in roots():
        candidate = root / relative
        if candidate.is_dir() and (not marker or (candidate / marker).exists()):
            return candidate
    return roots()[0] / relative
