"""Live updates (SPEC §1): LISTEN on a connection of its own, a polling fallback, reconnection.

``ChangeListener`` is a plain thread with a stop event (no Qt here: ``mesdesk.ui.bridge.changes``
re-emits its callbacks on the GUI thread). It holds one psycopg connection in autocommit,
``LISTEN mesdesk_changes``, and calls:

- ``on_change(payload)`` with ``{"entity": "batch", "ids": [..] | None, "station": ...}``.
  Notifications arriving within ``coalesce`` seconds of the first one become one call per entity
  with the union of their ids (``None``, "refresh everything", if any of them said so).
- ``on_state(state)`` with ``connected`` | ``lost`` | ``reconnecting``, on changes only.

Polling fallback: every ``poll_interval`` seconds it reads a change stamp of ``batches``; when the
stamp moved and no notification arrived since the previous read (a pooler that drops NOTIFY, a
change made by hand), it calls ``on_change`` with ``ids=None``. The stamp is the table's
cumulative insert/update/delete counters from the statistics system plus ``max(id)``: O(1) on a
table of a million batches, where ``max(updated_at), count(*)`` would scan it every few seconds
on every station. The counters reach other sessions when the writing session goes idle (at once
for an occasional writer, within ~10 s for a busy one), which is what a fallback needs.

Connection loss: ``lost``, then attempts with a capped backoff (``reconnecting``), ``connected``
when back, followed by one ``on_change(ids=None)`` since notifications were missed meanwhile.

Callbacks run on the listener thread; an exception in one is logged and never stops it.
``stop()`` returns within about a second whatever the connection is doing.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from sqlalchemy.engine import URL, make_url

from .channels import CHANGES_CHANNEL
from .engine import normalise_url

log = logging.getLogger(__name__)

CONNECTED, LOST, RECONNECTING = "connected", "lost", "reconnecting"

#: Reconnect delays in seconds; the last one repeats (the cap).
BACKOFF = (0.25, 0.5, 1.0, 2.0, 3.0)

# Bounds how long the thread waits on the socket between looks at the stop event.
_SLICE = 0.2

# Cheap on any table size: statistics counters and a primary-key index probe.
STAMP_SQL = """
    SELECT pg_stat_get_tuples_inserted(t.oid) + pg_stat_get_tuples_updated(t.oid)
           + pg_stat_get_tuples_deleted(t.oid),
           (SELECT max(id) FROM batches)
      FROM (SELECT 'batches'::regclass::oid AS oid) AS t
"""

# libpq options for a connection that must notice a dead peer (ignored on unix sockets).
_LIVENESS = {"keepalives": "1", "keepalives_idle": "10", "keepalives_interval": "3",
             "keepalives_count": "3", "tcp_user_timeout": "15000"}

Change = dict[str, Any]


def conninfo_from_url(url: str | URL, **extra: Any) -> str:
    """A libpq conninfo string for a SQLAlchemy URL (``postgresql+psycopg://…?host=/socket``).

    Query parameters (``host`` of a unix socket, ``sslmode`` …) become conninfo keywords; values
    in ``extra`` are added unless the URL sets them already.
    """
    if isinstance(url, str):
        url = make_url(normalise_url(url))
    dialect = url.get_dialect()()
    _args, params = dialect.create_connect_args(url)
    for key, value in extra.items():
        if value is not None:
            params.setdefault(key, value)
    return make_conninfo("", **params)


def _describe(conninfo: str) -> str:
    """Where the listener connects, without the password (for the log)."""
    params = conninfo_to_dict(conninfo)
    return f"{params.get('dbname', '?')} on {params.get('host', 'localhost')}"


class ChangeListener:
    """See the module docstring. ``start()`` once; ``stop()`` from any thread, idempotent."""

    def __init__(self, conninfo: str, *, on_change: Callable[[Change], None],
                 on_state: Callable[[str], None] | None = None,
                 channel: str = CHANGES_CHANNEL, poll_interval: float = 3.0,
                 coalesce: float = 0.1, backoff: Sequence[float] = BACKOFF,
                 connect_timeout: int = 5, application_name: str = "mesdesk-listen") -> None:
        params = conninfo_to_dict(conninfo)
        for key, value in _LIVENESS.items():
            params.setdefault(key, value)
        params.setdefault("connect_timeout", str(connect_timeout))
        params.setdefault("application_name", application_name)
        self._conninfo = make_conninfo("", **params)
        self._on_change = on_change
        self._on_state = on_state
        self._channel = channel
        self._poll_interval = poll_interval
        self._coalesce = coalesce
        self._backoff = tuple(backoff) or BACKOFF
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state: str | None = None

    # -- control ------------------------------------------------------------------------------

    @property
    def state(self) -> str | None:
        """``None`` until the first connection attempt has finished."""
        return self._state

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the change listener was started already")
        self._thread = threading.Thread(target=self._run, name="mesdesk-listener", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        """Ask the thread to end and wait up to ``timeout`` seconds. No callback is made once
        this returns, even if the thread is still finishing a connection attempt (it is a
        daemon, and closes its connection on its way out)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                log.warning("the change listener did not stop within %.1f s; leaving it", timeout)

    def __enter__(self) -> "ChangeListener":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        attempt = 0
        had_connection = False
        while not self._stop.is_set():
            try:
                connection = self._connect()
            except psycopg.Error as exc:
                if attempt == 0:
                    log.warning("live updates: cannot connect to %s: %s",
                                _describe(self._conninfo), _first_line(exc))
                self._set_state(LOST if self._state in (None, CONNECTED) else RECONNECTING)
                delay = self._backoff[min(attempt, len(self._backoff) - 1)]
                attempt += 1
                if self._stop.wait(delay):
                    break
                self._set_state(RECONNECTING)
                continue
            attempt = 0
            try:
                if self._stop.is_set():
                    break
                self._set_state(CONNECTED)
                if had_connection:
                    log.info("live updates: reconnected to %s", _describe(self._conninfo))
                    self._emit({"entity": "batch", "ids": None, "station": None})
                had_connection = True
                self._serve(connection)
            except psycopg.Error as exc:
                if self._stop.is_set():
                    break
                log.warning("live updates: lost the connection to %s: %s",
                            _describe(self._conninfo), _first_line(exc))
                self._set_state(LOST)
                # The first attempt waits a moment: a server that is restarting is not back yet.
                if self._stop.wait(self._backoff[0]):
                    break
                attempt = 1
                self._set_state(RECONNECTING)
            except Exception:  # noqa: BLE001 - a bug here must not end live updates for good
                log.exception("live updates: unexpected failure; reconnecting")
                if self._stop.wait(self._backoff[-1]):
                    break
            finally:
                self._close(connection)

    def _connect(self) -> psycopg.Connection:
        connection = psycopg.connect(self._conninfo, autocommit=True)
        try:
            connection.execute(f"LISTEN {self._channel}")
        except BaseException:
            self._close(connection)
            raise
        return connection

    @staticmethod
    def _close(connection: psycopg.Connection) -> None:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may complain
            log.debug("closing the listener connection failed", exc_info=True)

    def _serve(self, connection: psycopg.Connection) -> None:
        """Wait for notifications and poll the stamp until stopped; raises on connection loss."""
        stamp = self._stamp(connection)
        notified = False
        next_poll = time.monotonic() + self._poll_interval
        pending: dict[str, Change] = {}
        flush_at: float | None = None
        while not self._stop.is_set():
            now = time.monotonic()
            polled = now >= next_poll
            if polled:
                moved = self._stamp(connection)
                # What the server sent while the stamp was read counts as announced.
                timeout = 0.0
            else:
                timeout = min(_SLICE, next_poll - now)
                if flush_at is not None:
                    timeout = max(0.0, min(timeout, flush_at - now))
            for note in connection.notifies(timeout=timeout, stop_after=1):
                notified = True
                _merge(pending, _parse(note.payload))
                if flush_at is None:
                    flush_at = time.monotonic() + self._coalesce
            if polled:
                if moved != stamp and not notified and None not in (stamp, moved):
                    log.info("live updates: batches changed without a notification")
                    _merge(pending, {"entity": "batch", "ids": None, "station": None})
                    flush_at = flush_at or time.monotonic()
                stamp, notified = moved, False
                next_poll = time.monotonic() + self._poll_interval
            if flush_at is not None and time.monotonic() >= flush_at:
                for change in pending.values():
                    self._emit(change)
                pending.clear()
                flush_at = None

    def _stamp(self, connection: psycopg.Connection) -> tuple | None:
        try:
            row = connection.execute(STAMP_SQL).fetchone()
        except psycopg.OperationalError:
            raise
        except psycopg.Error as exc:
            if connection.broken or connection.closed:
                raise
            # e.g. the schema is not there yet: keep listening, try again at the next poll
            log.warning("live updates: the change stamp could not be read: %s", _first_line(exc))
            return None
        return tuple(row) if row is not None else None

    # -- callbacks ----------------------------------------------------------------------------

    def _set_state(self, state: str) -> None:
        if state == self._state:
            return
        self._state = state
        if self._on_state is not None and not self._stop.is_set():
            try:
                self._on_state(state)
            except Exception:  # noqa: BLE001
                log.exception("live updates: on_state(%r) failed", state)

    def _emit(self, change: Change) -> None:
        if self._stop.is_set():
            return
        try:
            self._on_change(change)
        except Exception:  # noqa: BLE001
            log.exception("live updates: on_change failed for %r", change)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _parse(payload: str) -> Change:
    """A notification's payload; anything unreadable means "refresh every batch"."""
    try:
        data = json.loads(payload)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        entity = str(data.get("entity") or "batch")
        ids = data.get("ids")
        if ids is not None:
            ids = [int(i) for i in ids]
        return {"entity": entity, "ids": ids, "station": data.get("station")}
    except (TypeError, ValueError) as exc:
        log.warning("live updates: unreadable notification %r (%s)", payload[:200], exc)
        return {"entity": "batch", "ids": None, "station": None}


def _merge(pending: dict[str, Change], change: Change) -> None:
    """Fold ``change`` into the pending change of its entity: ids united, None wins."""
    entity = change["entity"]
    current = pending.get(entity)
    if current is None:
        ids = change["ids"]
        pending[entity] = {"entity": entity, "ids": None if ids is None else sorted(set(ids)),
                           "station": change.get("station")}
        return
    if current["ids"] is None or change["ids"] is None:
        current["ids"] = None
    else:
        current["ids"] = sorted(set(current["ids"]).union(change["ids"]))
    if current.get("station") != change.get("station"):
        current["station"] = None
