"""Wakes the dispatcher when events are committed: ``LISTEN mesdesk_outbox``.

Every unit of work that writes outbox events notifies ``mesdesk_outbox`` in its commit, so an
idle dispatcher can send within milliseconds instead of at its next poll. This thread holds
one psycopg connection of its own in autocommit and calls ``on_notify()`` for each
notification, and once after every (re)connection because notifications sent while it was not
listening are lost. When the server goes away it reconnects with a capped backoff; it never
ends by itself, and the dispatcher's poll keeps working meanwhile.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from mesdesk.adapters.db.channels import OUTBOX_CHANNEL
from mesdesk.adapters.db.listener import BACKOFF

log = logging.getLogger(__name__)

# Bounds how long the thread waits on the socket between looks at the stop event.
_SLICE = 0.2

# libpq options so a dead peer is noticed within seconds (ignored on unix sockets); the same
# as the live-updates listener's.
_LIVENESS = {"keepalives": "1", "keepalives_idle": "10", "keepalives_interval": "3",
             "keepalives_count": "3", "tcp_user_timeout": "15000"}


class OutboxWakeup:
    """See the module docstring. ``start()`` once; ``stop()`` from any thread, idempotent."""

    def __init__(self, conninfo: str, on_notify: Callable[[], None], *,
                 channel: str = OUTBOX_CHANNEL, backoff: Sequence[float] = BACKOFF,
                 connect_timeout: int = 5, application_name: str = "mesdesk-outbox") -> None:
        params = conninfo_to_dict(conninfo)
        for key, value in _LIVENESS.items():
            params.setdefault(key, value)
        params.setdefault("connect_timeout", str(connect_timeout))
        params["application_name"] = application_name
        self._conninfo = make_conninfo("", **params)
        self._where = f"{params.get('dbname', '?')} on {params.get('host', 'localhost')}"
        self._on_notify = on_notify
        self._channel = channel
        self._backoff = tuple(backoff) or BACKOFF
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        #: Set while LISTEN is in effect (tests and the benchmark wait on it).
        self.listening = threading.Event()

    def start(self) -> None:
        """Start listening; again after ``stop`` too (a dispatcher may be restarted)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="outbox-listen", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                connection = psycopg.connect(self._conninfo, autocommit=True)
            except Exception as exc:  # noqa: BLE001 - any failure: wait and try again
                if failures == 0:
                    log.warning("outbox wake-up: cannot connect to %s (polling meanwhile): %s",
                                self._where, _first_line(exc))
                delay = self._backoff[min(failures, len(self._backoff) - 1)]
                failures += 1
                self._stop.wait(delay)
                continue
            try:
                connection.execute(f"LISTEN {self._channel}")
                if failures:
                    log.info("outbox wake-up: listening again on %s", self._where)
                failures = 0
                self.listening.set()
                self._notify()  # whatever was committed while nobody listened
                while not self._stop.is_set():
                    for _note in connection.notifies(timeout=_SLICE, stop_after=1):
                        self._notify()
            except Exception as exc:  # noqa: BLE001 - the server went away, or a bug
                if not self._stop.is_set():
                    log.warning("outbox wake-up: lost the connection to %s: %s",
                                self._where, _first_line(exc))
                    failures = max(failures, 1)
                    self._stop.wait(self._backoff[0])
            finally:
                self.listening.clear()
                try:
                    connection.close()
                except Exception:  # noqa: BLE001 - closing a broken connection may complain
                    log.debug("closing the outbox wake-up connection failed", exc_info=True)

    def _notify(self) -> None:
        try:
            self._on_notify()
        except Exception:  # noqa: BLE001
            log.exception("outbox wake-up: the callback failed")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
