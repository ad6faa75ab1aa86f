"""The build steps pyproject.toml cannot declare (its metadata stays there).

Every build of the package compiles the translations, not only ``make``: ``build_py`` runs
``tools/translations.py``'s build (``pyside6-lrelease``; PySide6-Essentials is a build
requirement) so that a ``pip install .`` speaks Russian too.

- A wheel (``pip install .``, ``pip wheel .``) carries what the program reads at run time
  inside the package, as ``mesdesk/_data/``: ``migrations/`` and ``resources/`` with the
  ``.qm`` files compiled into it (``mesdesk.installation`` looks there).
- An editable install (``pip install -e .``, ``make venv``) reads the checkout's own
  folders, so the ``.qm`` files are compiled beside their ``.ts`` sources, as
  ``make translations`` does.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: Copied into the wheel's mesdesk/_data/ (sources and notes stay out).
DATA = ("migrations", "resources")
LEFT_OUT = ("__pycache__", "*.pyc", "*.ts", "*.qm", "README.md")


def _translations_tool():
    spec = importlib.util.spec_from_file_location("mesdesk_translations_tool",
                                                  ROOT / "tools" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


class BuildPyWithData(build_py):
    """build_py, then the run-time files and the compiled translations."""

    def run(self) -> None:
        super().run()
        tool = _translations_tool()
        if self.editable_mode:
            into = None                          # beside the .ts, as `make translations`
        else:
            data = Path(self.build_lib) / "mesdesk" / "_data"
            for name in DATA:
                shutil.rmtree(data / name, ignore_errors=True)
                shutil.copytree(ROOT / name, data / name,
                                ignore=shutil.ignore_patterns(*LEFT_OUT))
            into = data / "resources" / "translations"
        if tool.build(into=into) != 0:
            raise SystemExit("the translations could not be compiled (pyside6-lrelease)")


setup(cmdclass={"build_py": BuildPyWithData})
