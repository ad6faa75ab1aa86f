"""The embedded server's constants and its one error, which explains itself with the server log."""

from __future__ import annotations

import os
from pathlib import Path


SERVICE_USER = "pgserver"   # the system user the server runs as when we are root
SUPERUSER = "postgres"      # the PostgreSQL superuser created by initdb
PORT = 5432                 # names the socket file (.s.PGSQL.5432); there is no TCP listener
SERVER_SETTINGS = {         # a workstation server; fsync stays on: this is real data
    "max_connections": "100",
    "shared_buffers": "128MB",
    "fsync": "on",
    "listen_addresses": "",
    "unix_socket_permissions": "0700",
}
START_TIMEOUT = 120.0       # s, pg_ctl -t (crash recovery of a big cluster may take a while)
STOP_TIMEOUT = 60.0         # s, fast shutdown before escalating to immediate, then SIGKILL
LOCK_TIMEOUT = 180.0        # s, waiting for another process to finish its start or stop
LOG_ROTATE_BYTES = 10 * 1024 * 1024
_LOG_TAIL_LINES = 25
_SOCKET_NAME = f".s.PGSQL.{PORT}"
_SOCKET_PATH_MAX = 107      # bytes: sizeof(sockaddr_un.sun_path) - 1 on Linux
_REQUIRED_BINARIES = ("initdb", "pg_ctl", "postgres")
_INSTALL_HINT = (
    "install the pgserver Python package (pip install pgserver), which bundles PostgreSQL, "
    "or the PostgreSQL server of your system (e.g. apt install postgresql)"
)


class EmbeddedPostgresError(Exception):
    """The embedded PostgreSQL server could not be started, joined or stopped.

    The message says what failed in one sentence, followed by the relevant command output and the
    last lines of the server log.
    """


def explained(log_path: Path, message: str, output: str = "") -> EmbeddedPostgresError:
    """The error with the command's output and the last lines of the server log."""
    parts = [message]
    if output.strip():
        parts.append(output.strip())
    try:
        with log_path.open("rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - 16384))
            lines = log.read().decode(errors="replace").splitlines()[-_LOG_TAIL_LINES:]
    except OSError:
        lines = []
    if lines:
        parts.append(f"Last lines of the server log ({log_path}):\n" + "\n".join(lines))
    return EmbeddedPostgresError("\n\n".join(parts))
