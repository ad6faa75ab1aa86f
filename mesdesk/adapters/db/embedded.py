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

import atexit
import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import re
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psutil

try:  # POSIX only; the module still imports elsewhere and start() says why it cannot work
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["EmbeddedPostgres", "EmbeddedPostgresError", "find_postgres_binaries"]

_log = logging.getLogger(__name__)

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


# ---------------------------------------------------------------------------------------------
# binaries


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


@dataclass(frozen=True)
class _Postmaster:
    pid: int
    port: int
    socket_dir: Path | None
    status: str  # "starting", "ready", "stopping", "standby", or "" while still being written

    @classmethod
    def read(cls, pgdata: Path) -> _Postmaster | None:
        return cls.read_lock(pgdata / "postmaster.pid")

    @classmethod
    def read_lock(cls, lock_file: Path) -> _Postmaster | None:
        """postmaster.pid, or a socket lock file (.s.PGSQL.5432.lock: the same first lines)."""
        try:
            lines = lock_file.read_text(errors="replace").splitlines()
        except FileNotFoundError:
            return None
        # pid, datadir, start time, port, socket dir, listen address, shmem key, status
        lines += [""] * (8 - len(lines))
        try:
            pid = int(lines[0].strip())
        except ValueError:
            return cls(pid=0, port=PORT, socket_dir=None, status="")  # garbage: stale
        try:
            port = int(lines[3].strip() or PORT)
        except ValueError:
            port = PORT
        socket_dir = lines[4].strip()
        return cls(pid=pid, port=port, socket_dir=Path(socket_dir) if socket_dir else None,
                   status=lines[7].strip())


def _same_path(a: str | Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _postmaster_process(pid: int, pgdata: Path) -> psutil.Process | None:
    """The live postmaster of `pgdata` with this pid, or None (dead, zombie, pid reused)."""
    if pid <= 0:
        return None
    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return None
        if not proc.name().startswith(("postgres", "postmaster")):
            return None
        try:
            if _same_path(proc.cwd(), pgdata):  # the postmaster chdir()s into PGDATA
                return proc
        except psutil.AccessDenied:
            pass
        cmdline = proc.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None
    for i, arg in enumerate(cmdline):
        if arg == "-D" and i + 1 < len(cmdline) and _same_path(cmdline[i + 1], pgdata):
            return proc
    return None


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _wait_gone(procs: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Wait until every process has exited (a zombie counts as exited); return the survivors."""
    deadline = time.monotonic() + timeout
    while True:
        alive = [p for p in procs if _alive(p)]
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.02)


# ---------------------------------------------------------------------------------------------
# the users file


@dataclass(frozen=True)
class _User:
    pid: int
    create_time: float
    token: str

    def is_alive(self) -> bool:
        try:
            proc = psutil.Process(self.pid)
            if proc.status() == psutil.STATUS_ZOMBIE:
                return False
            # same pid but started at another time: the pid was reused by an unrelated process.
            # Generous tolerance: calling a live user dead would stop the server under it.
            return abs(proc.create_time() - self.create_time) < 1.0
        except psutil.NoSuchProcess:
            return False
        except psutil.AccessDenied:
            return True


# ---------------------------------------------------------------------------------------------
# running commands, possibly as another system user


@dataclass(frozen=True)
class _RunAs:
    name: str
    uid: int
    gid: int

    def groups(self) -> set[int]:
        import grp
        return {self.gid} | {g.gr_gid for g in grp.getgrall() if self.name in g.gr_mem}


def _clean_env() -> dict[str, str]:
    """Our environment without the PG* variables (PGPORT, PGDATA, ... would change behaviour)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _run(args: list[str], run_as: _RunAs | None, timeout: float) -> tuple[int, str]:
    """Run a command, return (exit code, stdout+stderr). Output goes to a temp file, never a
    pipe: a server started by pg_ctl could inherit a pipe and keep us waiting for EOF."""
    kwargs: dict = {}
    if run_as is not None:
        kwargs.update(user=run_as.uid, group=run_as.gid, extra_groups=[])
    with tempfile.TemporaryFile() as out:
        try:
            proc = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                  cwd="/", env=_clean_env(), timeout=timeout, check=False,
                                  **kwargs)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            code = -1
            out.seek(0, os.SEEK_END)
            out.write(f"\n(timed out after {timeout:.0f} s)\n".encode())
        except OSError as exc:
            return 127, f"{args[0]}: {exc}"
        out.seek(0)
        return code, out.read().decode(errors="replace").strip()


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _ensure_service_user() -> _RunAs:
    import pwd
    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        code, output = _run(["useradd", "--system", "--user-group", "--no-create-home",
                             "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin",
                             SERVICE_USER], None, 60)
        try:
            entry = pwd.getpwnam(SERVICE_USER)
        except KeyError:
            raise EmbeddedPostgresError(
                f"PostgreSQL cannot run as root and the system user {SERVICE_USER!r} could not "
                f"be created (useradd exit code {code}): create it, or run MESDesk as a normal "
                f"user.\n{output}") from None
    return _RunAs(entry.pw_name, entry.pw_uid, entry.pw_gid)


def _make_traversable(path: Path, run_as: _RunAs) -> None:
    """Let `run_as` traverse every ancestor of `path`: add o+x where nothing else allows it."""
    groups = run_as.groups()
    for parent in reversed(path.absolute().parents):
        st = parent.stat()
        if st.st_uid == run_as.uid:
            ok = st.st_mode & stat.S_IXUSR
        elif st.st_gid in groups:
            ok = st.st_mode & stat.S_IXGRP
        else:
            ok = st.st_mode & stat.S_IXOTH
        if not ok:
            _log.info("making %s traversable for %s", parent, run_as.name)
            parent.chmod(stat.S_IMODE(st.st_mode) | stat.S_IXOTH)


def _open_up_install(bin_dir: Path, run_as: _RunAs) -> None:
    """Let `run_as` read and run a PostgreSQL install (bin, lib, share) that root owns, like
    pgserver's ensure_folder_permissions (installs from some wheels lack the o+r bits)."""
    _make_traversable(bin_dir, run_as)
    for sub in ("bin", "lib", "share"):
        top = bin_dir.parent / sub
        if not top.is_dir():
            continue
        for root, _dirs, files in os.walk(top):
            here = Path(root)
            here.chmod(stat.S_IMODE(here.stat().st_mode) | 0o055)
            for name in files:
                f = Path(root, name)
                if f.is_symlink():
                    continue
                mode = stat.S_IMODE(f.stat().st_mode)
                f.chmod(mode | 0o044 | (0o011 if mode & stat.S_IXUSR else 0))


# ---------------------------------------------------------------------------------------------


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
        self._ensure_cluster(run_as)
        self._reap_orphans()
        socket_dir = self._socket_dir(run_as)
        # Lock files of a server that is gone. PostgreSQL refuses to start while the pid in one
        # is alive (a reused pid after a reboot, or a zombie where nobody reaps the dead server).
        self._remove_stale_lock(self._pgdata / "postmaster.pid")
        self._remove_stale_lock(socket_dir / (_SOCKET_NAME + ".lock"), socket_dir / _SOCKET_NAME)
        self._rotate_log()
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

    def _server_major(self, bin_dir: Path, run_as: _RunAs | None) -> tuple[int | None, str]:
        """(major version, output) of the server binary run as `run_as`; None: it did not run."""
        code, output = _run([str(bin_dir / "postgres"), "--version"], run_as, 30)
        match = re.search(r"\(PostgreSQL\)\s+(\d+)", output)
        return (int(match.group(1)) if code == 0 and match else None), output

    def _check_binaries(self, run_as: _RunAs | None) -> None:
        """Make sure the server user can run the binaries and they match the cluster's version;
        switch to other installed binaries of the cluster's version when they do not."""
        bin_dir = self.binaries
        major, output = self._server_major(bin_dir, run_as)
        if major is None and run_as is not None:
            _open_up_install(bin_dir, run_as)
            major, output = self._server_major(bin_dir, run_as)
        if major is None:
            who = f" as the system user {run_as.name}" if run_as is not None else ""
            raise self._error(f"The PostgreSQL binaries in {bin_dir} do not run{who}.", output)
        version_file = self._pgdata / "PG_VERSION"
        if not version_file.exists():
            return
        cluster_major = int(version_file.read_text().strip().split(".")[0])
        if cluster_major == major:
            return
        for candidate in _candidate_bin_dirs():
            if candidate == bin_dir or not _has_binaries(candidate) \
                    or self._server_major(candidate, None)[0] != cluster_major:
                continue
            _log.warning("the cluster in %s is PostgreSQL %d: using %s instead of %s",
                         self._pgdata, cluster_major, candidate, bin_dir)
            self._bin_dir = candidate
            if run_as is not None and self._server_major(candidate, run_as)[0] is None:
                _open_up_install(candidate, run_as)
            return
        raise EmbeddedPostgresError(
            f"The database in {self._pgdata} was made by PostgreSQL {cluster_major} but the "
            f"binaries in {bin_dir} are PostgreSQL {major}: install PostgreSQL {cluster_major} "
            f"(or the pgserver version that bundles it), or move {self._pgdata} away to start "
            f"with an empty database.")

    def _ensure_cluster(self, run_as: _RunAs | None) -> None:
        """Create the cluster if there is none: initdb into a staging dir, then rename it into
        place, so an interrupted initdb never leaves a half-made cluster behind."""
        self._check_binaries(run_as)
        if (self._pgdata / "PG_VERSION").exists():
            return
        if self._pgdata.exists() and any(self._pgdata.iterdir()):
            raise EmbeddedPostgresError(
                f"{self._pgdata} exists but is not a PostgreSQL data directory: move it away so "
                f"that MESDesk can create its database there.")
        staging = self._data_dir / "postgres.initdb"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(mode=0o700)
        if run_as is not None:
            os.chown(staging, run_as.uid, run_as.gid)
        base = [str(self.binaries / "initdb"), "-D", str(staging), "--auth=trust",
                "--encoding=UTF8", "-U", SUPERUSER]
        t0 = time.monotonic()
        # C.UTF-8: byte-order collation (no dependence on the system's locales) with Unicode
        # character classes, so upper()/ILIKE work on Cyrillic. Plain C where it does not exist.
        code, output = _run(base + ["--locale=C.UTF-8"], run_as, 300)
        if code != 0 and "locale" in output.lower():
            for child in list(staging.iterdir()):
                shutil.rmtree(child) if child.is_dir() else child.unlink()
            code, output = _run(base + ["--no-locale"], run_as, 300)
        if code != 0:
            shutil.rmtree(staging, ignore_errors=True)
            raise EmbeddedPostgresError(
                f"Creating the PostgreSQL database cluster in {self._pgdata} failed (initdb exit "
                f"code {code}).\n{output}")
        if self._pgdata.exists():
            self._pgdata.rmdir()  # empty (checked above)
        os.rename(staging, self._pgdata)
        dir_fd = os.open(self._data_dir, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        _log.info("created the PostgreSQL cluster %s in %.2f s", self._pgdata,
                  time.monotonic() - t0)

    def _reap_orphans(self) -> None:
        """Wait for (then kill) server processes of a dead postmaster still running in PGDATA:
        while they hold its shared memory a new server refuses to start."""
        orphans = []
        for proc in psutil.process_iter(["name"]):
            try:
                if (proc.info["name"] or "").startswith("postgres") \
                        and _same_path(proc.cwd(), self._pgdata):
                    orphans.append(proc)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        if not orphans:
            return
        _log.warning("waiting for %d leftover server process(es) in %s", len(orphans),
                     self._pgdata)
        for proc in _wait_gone(orphans, 5.0):
            with contextlib.suppress(psutil.Error):
                proc.kill()
        _wait_gone(orphans, 5.0)

    def _remove_stale_lock(self, lock_file: Path, *also: Path) -> None:
        postmaster = _Postmaster.read_lock(lock_file)
        if postmaster is None or _postmaster_process(postmaster.pid, self._pgdata) is not None:
            return
        _log.info("removing the stale %s (pid %d)", lock_file, postmaster.pid)
        for path in (lock_file, *also):
            path.unlink(missing_ok=True)

    def _socket_dir(self, run_as: _RunAs | None) -> Path:
        """PGDATA when the socket path fits in a socket address, else /tmp/mesdesk-<hash>."""
        if len(os.fsencode(self._pgdata / _SOCKET_NAME)) <= _SOCKET_PATH_MAX:
            return self._pgdata
        digest = hashlib.sha256(os.fsencode(self._pgdata)).hexdigest()[:16]
        socket_dir = Path("/tmp") / f"mesdesk-{digest}"
        uid = run_as.uid if run_as is not None else os.geteuid()
        try:
            socket_dir.mkdir(mode=0o700)
            if run_as is not None:
                os.chown(socket_dir, run_as.uid, run_as.gid)
        except FileExistsError:
            pass
        except OSError as exc:
            raise EmbeddedPostgresError(f"Cannot create the socket directory {socket_dir}: "
                                        f"{exc}.") from exc
        st = socket_dir.lstat()
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != uid:
            raise EmbeddedPostgresError(
                f"{socket_dir} (the socket directory of the embedded PostgreSQL server) is not a "
                f"directory owned by uid {uid}: remove it and try again.")
        socket_dir.chmod(0o700)
        return socket_dir

    def _rotate_log(self) -> None:
        try:
            if self._log_path.stat().st_size > LOG_ROTATE_BYTES:
                os.replace(self._log_path, self._log_path.with_name(self._log_path.name + ".1"))
        except FileNotFoundError:
            pass

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
        parts = [message]
        if output.strip():
            parts.append(output.strip())
        try:
            with self._log_path.open("rb") as log:
                log.seek(max(0, log.seek(0, os.SEEK_END) - 16384))
                lines = log.read().decode(errors="replace").splitlines()[-_LOG_TAIL_LINES:]
        except OSError:
            lines = []
        if lines:
            parts.append(f"Last lines of the server log ({self._log_path}):\n" + "\n".join(lines))
        return EmbeddedPostgresError("\n\n".join(parts))


if __name__ == "__main__":  # pragma: no cover - manual check: python -m ... DATA_DIR
    logging.basicConfig(level=logging.INFO)
    with EmbeddedPostgres(Path(sys.argv[1])) as server:
        print(server.url)
