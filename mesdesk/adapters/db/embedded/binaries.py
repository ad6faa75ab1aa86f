"""Where the PostgreSQL binaries are: pgserver's bundled ones, else the system's."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path


from .common import EmbeddedPostgresError, _INSTALL_HINT, _REQUIRED_BINARIES

_log = logging.getLogger(__name__)


def _has_binaries(bin_dir: Path) -> bool:
    return all(os.access(bin_dir / name, os.X_OK) and (bin_dir / name).is_file()
               for name in _REQUIRED_BINARIES)


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


def _candidate_bin_dirs() -> Iterator[Path]:
    """Every PostgreSQL bin dir worth trying, best first (may yield duplicates or invalid dirs)."""
    try:
        with warnings.catch_warnings():
            # pgserver computes platformdirs.user_runtime_path at import time, which warns when
            # XDG_RUNTIME_DIR is unset (root, CI); we never use that path.
            warnings.simplefilter("ignore")
            from pgserver._commands import POSTGRES_BIN_PATH
    except Exception as exc:  # noqa: BLE001 - any import failure means "no pgserver"
        _log.debug("pgserver is not usable: %r", exc)
    else:
        yield Path(POSTGRES_BIN_PATH)

    system_root = Path("/usr/lib/postgresql")
    if system_root.is_dir():
        versions = [p for p in system_root.iterdir() if _version_key(p.name)]
        for version_dir in sorted(versions, key=lambda p: _version_key(p.name), reverse=True):
            yield version_dir / "bin"

    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                                 timeout=10, check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out:
            yield Path(out)

    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        yield Path(pg_ctl).resolve().parent


def find_postgres_binaries() -> Path:
    """The PostgreSQL bin dir to use: pgserver's bundled binaries, else the system's.

    Raises EmbeddedPostgresError naming what to install when there is none.
    """
    for bin_dir in _candidate_bin_dirs():
        if _has_binaries(bin_dir):
            return bin_dir
    raise EmbeddedPostgresError(
        f"No PostgreSQL server binaries ({', '.join(_REQUIRED_BINARIES)}) were found: "
        f"{_INSTALL_HINT}.")


# ---------------------------------------------------------------------------------------------
# the running server, as postmaster.pid tells it
