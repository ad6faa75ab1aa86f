"""EmbeddedPostgres: join, start, leave and stop the shared server under a file lock."""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import json
import logging
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psutil

try:  # POSIX only; the module still imports elsewhere and start() says why it cannot work
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from .common import (EmbeddedPostgresError, LOCK_TIMEOUT, PORT, SERVER_SETTINGS, START_TIMEOUT,
                     STOP_TIMEOUT, SUPERUSER, _INSTALL_HINT, _REQUIRED_BINARIES, _SOCKET_NAME,
                     explained)
from .binaries import _has_binaries, find_postgres_binaries
from .processes import _Postmaster, _User, _postmaster_process, _wait_gone
from .service_user import _RunAs, _ensure_service_user, _is_root, _make_traversable, _run
from .cluster import (ensure_cluster, matching_binaries, reap_orphans, remove_stale_lock,
                      rotate_log, socket_dir_for)

_log = logging.getLogger(__name__)


class EmbeddedPostgres:
    """A private PostgreSQL server in ``data_dir/postgres``, shared by this machine's processes.

    ``start()`` joins (or starts) the server and returns its SQLAlchemy URL; ``stop()`` leaves,
    and the server stops when its last user leaves. Thread-safe; one instance is one user.
    """

    def __init__(self, data_dir: Path, *, database: str = "mesdesk",
                 bin_dir: Path | None = None) -> None:
        self._data_dir = Path(data_dir).expanduser().resolve()
        self._pgdata = self._data_dir / "postgres"
        self._lock_path = self._data_dir / "postgres.lock"
        self._users_path = self._data_dir / "postgres.users.json"
        self._log_path = self._pgdata / "server.log"
        self._database = database
        self._bin_dir = Path(bin_dir) if bin_dir is not None else None
        self._mutex = threading.RLock()
        self._url: str | None = None
        self._token: str | None = None
        self._owner_pid: int | None = None

    def __repr__(self) -> str:
        state = "started" if self._token else "stopped"
        return f"EmbeddedPostgres({str(self._data_dir)!r}, database={self._database!r}, {state})"

    def __enter__(self) -> EmbeddedPostgres:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- public ---------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the server; only while started."""
        if self._url is None or self._token is None:
            raise EmbeddedPostgresError("The embedded PostgreSQL server is not started: "
                                        "call start() first.")
        return self._url

    @property
    def binaries(self) -> Path:
        """The PostgreSQL bin dir used to create and start the cluster."""
        with self._mutex:
            if self._bin_dir is None:
                self._bin_dir = find_postgres_binaries()
            elif not _has_binaries(self._bin_dir):
                raise EmbeddedPostgresError(
                    f"{self._bin_dir} does not hold the PostgreSQL server binaries "
                    f"({', '.join(_REQUIRED_BINARIES)}): {_INSTALL_HINT}.")
            return self._bin_dir

    @property
    def data_dir(self) -> Path:
        return self._data_dir

    @property
    def pgdata(self) -> Path:
        return self._pgdata

    @property
    def log_path(self) -> Path:
        return self._log_path

    def start(self) -> str:
        """Join the server, starting it (and creating the cluster) if needed; idempotent.

        Creates the database if it is missing. Returns
        ``postgresql+psycopg://postgres@/<database>?host=<socket dir>``.
        """
        with self._mutex:
            if self._token is not None and self._owner_pid == os.getpid():
                return self._url  # type: ignore[return-value]
            if fcntl is None:
                raise EmbeddedPostgresError("The embedded PostgreSQL server needs a POSIX system: "
                                            "configure a database URL instead.")
            with self._failures_explained("start"):
                self._data_dir.mkdir(parents=True, exist_ok=True)
                url, token, count = self._join()
            self._url, self._token, self._owner_pid = url, token, os.getpid()
            atexit.register(self._stop_at_exit)
            _log.info("joined the embedded PostgreSQL server in %s (%d user(s))",
                      self._pgdata, count)
            return url

    def stop(self) -> None:
        """Leave the server; stop it if this was its last user. Idempotent."""
        with self._mutex:
            token = self._token
            if token is None:
                return
            self._token = None
            atexit.unregister(self._stop_at_exit)
            if self._owner_pid != os.getpid():
                return  # a forked child inherited this object: it never joined, so never leaves
            with self._failures_explained("stop"):
                self._leave(token)

    def _join(self) -> tuple[str, str, int]:
        token = uuid.uuid4().hex
        with self._locked():
            others = self._live_users()
            started_here = False
            try:
                postmaster = self._running_postmaster()
                if postmaster is None:
                    self._start_server()
                    started_here = True
                    postmaster = self._running_postmaster()
                    if postmaster is None:
                        raise self._error("The PostgreSQL server exited right after it started.")
                url = self._url_for(postmaster)
                self._ensure_database(postmaster)
                me = psutil.Process()
                self._write_users([*others, _User(me.pid, me.create_time(), token)])
            except BaseException:
                if started_here and not others:  # do not leave a server nobody uses
                    with contextlib.suppress(Exception):
                        self._stop_server()
                raise
        return url, token, len(others) + 1

    def _leave(self, token: str) -> None:
        with self._locked():
            users = [u for u in self._live_users() if u.token != token]
            self._write_users(users)
            if not users:
                self._stop_server()
            else:
                _log.info("left the embedded PostgreSQL server; %d user(s) remain", len(users))

    @contextlib.contextmanager
    def _failures_explained(self, action: str) -> Iterator[None]:
        """Turn any failure into an EmbeddedPostgresError that says what failed."""
        try:
            yield
        except EmbeddedPostgresError:
            raise
        except (OSError, ValueError, psutil.Error, subprocess.SubprocessError) as exc:
            raise self._error(f"Could not {action} the embedded PostgreSQL server in "
                              f"{self._pgdata}: {exc}.") from exc

    # -- coordination ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise EmbeddedPostgresError(f"Cannot open the lock file {self._lock_path}: {exc}.") \
                from exc
        try:
            deadline = time.monotonic() + LOCK_TIMEOUT
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise EmbeddedPostgresError(
                            f"Another MESDesk process has been starting or stopping the embedded "
                            f"PostgreSQL server for {LOCK_TIMEOUT:.0f} s (it holds "
                            f"{self._lock_path}): close it and try again.") from None
                    time.sleep(0.02)
            yield
        finally:
            os.close(fd)  # releases the lock

    def _live_users(self) -> list[_User]:
        try:
            raw = json.loads(self._users_path.read_text())
            users = [_User(int(u["pid"]), float(u["create_time"]), str(u["token"])) for u in raw]
        except FileNotFoundError:
            return []
        except (ValueError, TypeError, KeyError) as exc:
            _log.warning("ignoring the unreadable %s: %r", self._users_path, exc)
            return []
        live = [u for u in users if u.is_alive()]
        if len(live) != len(users):
            _log.info("pruned %d dead user(s) of the embedded PostgreSQL server",
                      len(users) - len(live))
        return live

    def _write_users(self, users: list[_User]) -> None:
        tmp = self._users_path.with_name(self._users_path.name + ".tmp")
        tmp.write_text(json.dumps([dataclasses.asdict(u) for u in users]))
        os.replace(tmp, self._users_path)

    def _stop_at_exit(self) -> None:
        try:
            self.stop()
        except Exception:  # noqa: BLE001 - nothing better to do at exit than to say it
            _log.exception("could not stop the embedded PostgreSQL server")

    # -- the server -----------------------------------------------------------------------------

    def _running_postmaster(self) -> _Postmaster | None:
        """The running server's postmaster.pid, once it is ready; None if none is running."""
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            postmaster = _Postmaster.read(self._pgdata)
            if postmaster is None or _postmaster_process(postmaster.pid, self._pgdata) is None:
                return None
            if postmaster.status in ("ready", "standby"):
                return postmaster
            # "starting" (crash recovery of a server from an earlier session) or "stopping"
            if time.monotonic() >= deadline:
                raise self._error(f"The PostgreSQL server in {self._pgdata} (pid "
                                  f"{postmaster.pid}) stayed {postmaster.status or 'starting'!r} "
                                  f"for {START_TIMEOUT:.0f} s.")
            time.sleep(0.05)

    def _run_as(self) -> _RunAs | None:
        if not _is_root():
            return None
        if self._pgdata.exists():
            import pwd
            owner = self._pgdata.stat().st_uid
            if owner != 0:
                try:
                    entry = pwd.getpwuid(owner)
                    return _RunAs(entry.pw_name, entry.pw_uid, entry.pw_gid)
                except KeyError:
                    pass
            run_as = _ensure_service_user()
            _log.warning("giving %s to %s: PostgreSQL cannot run as root", self._pgdata,
                         run_as.name)
            for root, dirs, files in os.walk(self._pgdata):
                for name in dirs + files + [""]:
                    os.lchown(Path(root, name), run_as.uid, run_as.gid)
            return run_as
        return _ensure_service_user()

    def _start_server(self) -> None:
        """Start the server; the lock is held and no server runs for this PGDATA."""
        run_as = self._run_as()
        if run_as is not None:
            _make_traversable(self._pgdata, run_as)  # every ancestor, data_dir included
        self._bin_dir = matching_binaries(self.binaries, self._pgdata, self._log_path, run_as)
        ensure_cluster(self.binaries, self._data_dir, self._pgdata, run_as)
        reap_orphans(self._pgdata)
        socket_dir = socket_dir_for(self._pgdata, run_as)
        # Lock files of a server that is gone. PostgreSQL refuses to start while the pid in one
        # is alive (a reused pid after a reboot, or a zombie where nobody reaps the dead server).
        remove_stale_lock(self._pgdata, self._pgdata / "postmaster.pid")
        remove_stale_lock(self._pgdata, socket_dir / (_SOCKET_NAME + ".lock"),
                          socket_dir / _SOCKET_NAME)
        rotate_log(self._log_path)
        options = [f"-p {PORT}", f"-k {shlex.quote(str(socket_dir))}"]
        options += [f"-c {name}={shlex.quote(value)}" for name, value in SERVER_SETTINGS.items()]
        args = [str(self.binaries / "pg_ctl"), "start", "-w", "-t", str(int(START_TIMEOUT)),
                "-D", str(self._pgdata), "-l", str(self._log_path), "-o", " ".join(options)]
        t0 = time.monotonic()
        code, output = _run(args, run_as, START_TIMEOUT + 15)
        if code != 0:
            raise self._error(f"PostgreSQL did not start in {self._pgdata} (pg_ctl exit code "
                              f"{code}).", output)
        _log.info("started the embedded PostgreSQL server in %s in %.2f s", self._pgdata,
                  time.monotonic() - t0)

    def _stop_server(self) -> None:
        """Stop the server (fast shutdown; immediate, then SIGKILL if it hangs). Lock held."""
        postmaster = _Postmaster.read(self._pgdata)
        proc = _postmaster_process(postmaster.pid, self._pgdata) if postmaster else None
        if proc is not None:
            t0 = time.monotonic()
            for sig, timeout in ((signal.SIGINT, STOP_TIMEOUT), (signal.SIGQUIT, 10.0),
                                 (signal.SIGKILL, 10.0)):
                with contextlib.suppress(psutil.NoSuchProcess):
                    proc.send_signal(sig)
                if not _wait_gone([proc], timeout):
                    break
                _log.warning("the PostgreSQL server (pid %d) ignored %s", proc.pid, sig.name)
            else:
                raise self._error(f"The PostgreSQL server in {self._pgdata} (pid {proc.pid}) "
                                  f"could not be stopped.")
            _log.info("stopped the embedded PostgreSQL server in %s in %.2f s", self._pgdata,
                      time.monotonic() - t0)
        if postmaster is not None and postmaster.socket_dir is not None \
                and postmaster.socket_dir != self._pgdata \
                and postmaster.socket_dir.name.startswith("mesdesk-"):
            with contextlib.suppress(OSError):
                postmaster.socket_dir.rmdir()  # only when empty

    # -- the database ---------------------------------------------------------------------------

    def _url_for(self, postmaster: _Postmaster) -> str:
        if postmaster.socket_dir is None:
            raise self._error(f"The PostgreSQL server in {self._pgdata} has no unix socket.")
        url = (f"postgresql+psycopg://{SUPERUSER}@/{quote(self._database, safe='')}"
               f"?host={quote(str(postmaster.socket_dir), safe='/')}")
        if postmaster.port != PORT:
            url += f"&port={postmaster.port}"
        return url

    def _ensure_database(self, postmaster: _Postmaster) -> None:
        import psycopg
        from psycopg import sql
        try:
            with psycopg.connect(host=str(postmaster.socket_dir), port=postmaster.port,
                                 user=SUPERUSER, dbname="postgres", autocommit=True,
                                 connect_timeout=30) as conn:
                found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                     (self._database,)).fetchone()
                if found is None:
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(
                        sql.Identifier(self._database)))
                    _log.info("created the database %r", self._database)
        except psycopg.Error as exc:
            raise self._error(f"The PostgreSQL server in {self._pgdata} is running but the "
                              f"database {self._database!r} could not be opened or created.",
                              str(exc)) from exc

    def _error(self, message: str, output: str = "") -> EmbeddedPostgresError:
        return explained(self._log_path, message, output)


if __name__ == "__main__":  # pragma: no cover - manual check: python -m ... DATA_DIR
    logging.basicConfig(level=logging.INFO)
    with EmbeddedPostgres(Path(sys.argv[1])) as server:
        print(server.url)
