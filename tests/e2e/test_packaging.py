"""Every build of the package compiles the translations (setup.py): a wheel made without
`make` carries the .qm files and the run-time folders (mesdesk/_data, mesdesk.installation)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_wheel_carries_the_compiled_translation_and_the_migrations(tmp_path: Path) -> None:
    # --no-build-isolation: the build requirements (setuptools, PySide6's lrelease) are the
    # test venv's, so nothing is downloaded.
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                           "--no-build-isolation", "--quiet", "-w", str(tmp_path)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("mesdesk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mesdesk/_data/resources/translations/mesdesk_ru.qm" in names
    qm = zipfile.ZipFile(wheel).read("mesdesk/_data/resources/translations/mesdesk_ru.qm")
    assert qm[:16] == bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")   # Qt's .qm magic
    assert "Партии".encode("utf-16-be") in qm
    assert "mesdesk/_data/migrations/env.py" in names
    assert any(name.startswith("mesdesk/_data/migrations/versions/") for name in names)
    assert "mesdesk/_data/resources/fonts/DejaVuSans.ttf" in names
    assert not any(name.endswith(".ts") for name in names)
