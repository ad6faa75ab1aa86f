"""The `mesdesk` command run as a user runs it: a real process on the test database."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., subprocess.CompletedProcess]


def cli_runner(database_url: str, config_dir: Path, data_dir: Path, **env: str) -> Run:
    """``run(*args, expect=0, use_db=True)``: the command's result, checked for its exit code
    and for the promise that no traceback ever reaches a user."""
    environment = {**os.environ, "MESDESK_CONFIG_DIR": str(config_dir),
                   "MESDESK_DATA_DIR": str(data_dir), "MESDESK_TIMEZONE": "Asia/Yekaterinburg",
                   # Commands run as the first administrator, made at the first command.
                   "MESDESK_USER": "admin", **env}

    def run(*args: str, expect: int = 0, use_db: bool = True) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "mesdesk.cli", *args]
        if use_db:
            command += ["--database-url", database_url]
        done = subprocess.run(command, capture_output=True, text=True, env=environment,
                              timeout=120)
        assert done.returncode == expect, (done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        return done

    return run
