"""A MESDesk-like process that uses the embedded PostgreSQL server (driven by
test_embedded_postgres.py).

    python _embedded_child.py DATA_DIR

Starts (or joins) the server, prints one JSON line ``{"url": ..., "pid": ...}`` (or
``{"error": ...}`` and exits 1), then obeys commands read from stdin, one per line:
``stop`` leaves the server, prints ``{"stopped": true}`` and exits; ``exit`` exits without calling
stop() (the atexit hook leaves). End of input behaves like ``exit``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from mesdesk.adapters.db.embedded import EmbeddedPostgres, EmbeddedPostgresError


def say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main() -> int:
    server = EmbeddedPostgres(Path(sys.argv[1]))
    try:
        url = server.start()
    except EmbeddedPostgresError as exc:
        say({"error": str(exc)})
        return 1
    say({"url": url, "pid": os.getpid()})
    for line in sys.stdin:
        command = line.strip()
        if command == "stop":
            server.stop()
            say({"stopped": True})
            return 0
        if command == "exit":
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
