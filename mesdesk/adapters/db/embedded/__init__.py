"""The embedded ("standalone") PostgreSQL server (SPEC §1, deployment mode 1).

With no database URL configured, MESDesk keeps a private PostgreSQL cluster in its data dir and
every MESDesk process on the machine (GUI, CLI command, worker) shares it: the first one starts the
server, later ones join it, and the server stops when the last one leaves. A process that died
without leaving is pruned the next time anybody joins or leaves, so a crashed GUI cannot keep the
server alive for ever, and a ``postmaster.pid`` left by a killed server does not block the next
start.

Layout of ``data_dir``::

    postgres/             the cluster (PGDATA); owned by the server's system user
    postgres/server.log   the server log (``pg_ctl -l``)
    postgres.lock         flock'ed (exclusively) around every join and leave
    postgres.users.json   the processes using the server: pid, process start time, token

The server listens on a unix socket only (no TCP), in PGDATA, or in ``/tmp/mesdesk-<hash>`` when
the PGDATA path is too long for a socket address. Authentication is ``trust``; the socket dir is
private to the server's user (and root), so no other local user can connect.

Running as root: PostgreSQL refuses to run as root, so the server runs as the owner of an existing
cluster, or else as the system user ``pgserver`` (the one the pgserver package uses; created if
missing). The lock and users files stay root's.

Binaries: the ones bundled by the ``pgserver`` package, else the system's PostgreSQL.
"""

from __future__ import annotations

from .binaries import find_postgres_binaries
from .common import EmbeddedPostgresError
from .server import EmbeddedPostgres

__all__ = ["EmbeddedPostgres", "EmbeddedPostgresError", "find_postgres_binaries"]
