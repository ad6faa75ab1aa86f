"""The embedded ("standalone") PostgreSQL server, with real processes: no mocks.

Other processes are `_embedded_child.py` run with this interpreter. Every server a test starts is
stopped at its end, also when it fails (the `harness` fixture).
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from mesdesk.adapters.db.embedded import (
    EmbeddedPostgres,
    EmbeddedPostgresError,
    find_postgres_binaries,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX only")

CHILD_SCRIPT = Path(__file__).with_name("_embedded_child.py")
REPO = Path(__file__).resolve().parents[2]
DEADLINE = 30.0  # s: generous upper bound of every wait; the waits themselves end on events


# --- helpers ------------------------------------------------------------------------------------


def wait_for(predicate: Callable[[], object], what: str, timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.02)


def process_alive(pid: int | None) -> bool:
    """Alive and not a zombie (an exited server may stay a zombie where pid 1 does not reap)."""
    if not pid:
        return False
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def postmaster_pid(pgdata: Path) -> int | None:
    try:
        return int((pgdata / "postmaster.pid").read_text().splitlines()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None


def pg_ctl_status(server: EmbeddedPostgres) -> int:
    """`pg_ctl status` exit code: 0 running, 3 no server running. pg_ctl refuses root, so as
    root it runs as the cluster's owner."""
    kwargs: dict = {}
    if os.geteuid() == 0:
        st = server.pgdata.stat()
        kwargs.update(user=st.st_uid, group=st.st_gid, extra_groups=[])
    proc = subprocess.run([str(server.binaries / "pg_ctl"), "status", "-D", str(server.pgdata)],
                          capture_output=True, text=True, cwd="/", timeout=DEADLINE, **kwargs)
    return proc.returncode


def connect(url: str) -> psycopg.Connection:
    """psycopg connection to the SQLAlchemy URL that start() returned."""
    parsed = make_url(url)
    assert parsed.drivername == "postgresql+psycopg"
    return psycopg.connect(host=parsed.query["host"], port=int(parsed.query.get("port", 5432)),
                           user=parsed.username, dbname=parsed.database, autocommit=True,
                           connect_timeout=10)


def scalar(url: str, query: str) -> object:
    with connect(url) as conn:
        return conn.execute(query).fetchone()[0]


def assert_stopped(server: EmbeddedPostgres, pid: int | None) -> None:
    assert pid is not None
    wait_for(lambda: not process_alive(pid), f"the postmaster {pid} to exit")
    assert not (server.pgdata / "postmaster.pid").exists()
    assert pg_ctl_status(server) == 3  # "no server running"


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def users_in(data_dir: Path) -> list[int]:
    return [u["pid"] for u in json.loads((data_dir / "postgres.users.json").read_text())]


class Child:
    """Another MESDesk process using the server (see _embedded_child.py)."""

    def __init__(self, data_dir: Path, stderr_path: Path) -> None:
        self._stderr = stderr_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD_SCRIPT), str(data_dir)], cwd=REPO,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, bufsize=0)
        self.stderr_path = stderr_path
        self._buffer = b""

    @property
    def pid(self) -> int:
        return self.proc.pid

    def message(self, timeout: float = DEADLINE) -> dict:
        """The next JSON line the child prints, waiting at most `timeout`."""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail(f"child {self.pid} said nothing for {timeout:.0f} s; stderr:\n"
                            + self.stderr_path.read_text(errors="replace"))
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    self.proc.wait(timeout=DEADLINE)
                    pytest.fail(f"child {self.pid} exited ({self.proc.returncode}); stderr:\n"
                                + self.stderr_path.read_text(errors="replace"))
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)

    def started(self) -> str:
        message = self.message()
        assert "url" in message, message
        return message["url"]

    def send(self, command: str) -> None:
        self.proc.stdin.write(command.encode() + b"\n")
        self.proc.stdin.flush()

    def stop(self) -> None:
        self.send("stop")
        assert self.message() == {"stopped": True}
        assert self.proc.wait(timeout=DEADLINE) == 0

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=DEADLINE)

    def close(self) -> None:
        self.kill()
        for stream in (self.proc.stdin, self.proc.stdout):
            stream.close()
        self._stderr.close()


class Harness:
    """Hands out data dirs, servers and child processes, and cleans all of them up: every
    server stopped, every child killed, every fresh data dir removed (~40 MB each)."""

    def __init__(self, tmp_path: Path, shared_data_dir: Path) -> None:
        self.tmp_path = tmp_path
        self._shared = shared_data_dir
        self.data_dirs: list[Path] = []
        self.servers: list[EmbeddedPostgres] = []
        self.children: list[Child] = []

    def data_dir(self, name: str = "data") -> Path:
        """A data dir of its own, without a cluster yet."""
        path = self.tmp_path / name
        self.data_dirs.append(path)
        return path

    def shared_data_dir(self) -> Path:
        """The module's data dir, whose cluster earlier tests may have made already (initdb is
        the slow part of a start, so the tests that do not test it reuse one cluster). No
        server runs in it when a test begins."""
        self.data_dirs.append(self._shared)
        return self._shared

    def server(self, data_dir: Path, **kwargs) -> EmbeddedPostgres:
        server = EmbeddedPostgres(data_dir, **kwargs)
        self.servers.append(server)
        return server

    def child(self, data_dir: Path) -> Child:
        child = Child(data_dir, self.tmp_path / f"child-{len(self.children)}.stderr")
        self.children.append(child)
        return child

    def cleanup(self) -> None:
        for child in self.children:
            child.close()
        for server in self.servers:
            try:
                server.stop()
            except EmbeddedPostgresError:
                pass
        for data_dir in self.data_dirs:
            force_stop(data_dir)
            if data_dir == self._shared:
                (data_dir / "postgres.users.json").unlink(missing_ok=True)
            else:
                shutil.rmtree(data_dir, ignore_errors=True)


def force_stop(data_dir: Path) -> None:
    """Stop a server a failed test left running (immediate shutdown) and remove its socket dir
    if it is one of the /tmp fallbacks."""
    pgdata = data_dir / "postgres"
    try:
        lines = (pgdata / "postmaster.pid").read_text().splitlines()
    except FileNotFoundError:
        return
    pid = postmaster_pid(pgdata)
    if process_alive(pid):
        os.kill(pid, signal.SIGQUIT)
        deadline = time.monotonic() + 10
        while process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        if process_alive(pid):
            os.kill(pid, signal.SIGKILL)
    if len(lines) > 4 and lines[4].startswith("/tmp/mesdesk-"):
        shutil.rmtree(lines[4], ignore_errors=True)


@pytest.fixture(scope="module")
def shared_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("shared") / "data"
    try:
        yield path
    finally:
        force_stop(path)
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def harness(tmp_path: Path, shared_data_dir: Path) -> Iterator[Harness]:
    h = Harness(tmp_path, shared_data_dir)
    try:
        yield h
    finally:
        h.cleanup()


# --- tests --------------------------------------------------------------------------------------


def test_find_postgres_binaries_gives_a_dir_with_pg_ctl() -> None:
    bin_dir = find_postgres_binaries()
    for name in ("pg_ctl", "initdb", "postgres"):
        assert os.access(bin_dir / name, os.X_OK), name


def test_start_gives_a_url_that_connects_to_the_database(harness: Harness) -> None:
    data_dir = harness.shared_data_dir()  # the first test to use it: this start runs initdb
    server = harness.server(data_dir)

    url = server.start()

    assert url == server.url
    assert url.startswith("postgresql+psycopg://postgres@/mesdesk?host=")
    assert make_url(url).query["host"] == str(data_dir.resolve() / "postgres")  # short: PGDATA
    assert server.start() == url  # idempotent
    assert users_in(data_dir) == [os.getpid()]
    assert scalar(url, "SELECT 1") == 1
    assert scalar(url, "SELECT current_database()") == "mesdesk"
    with connect(url) as conn:
        settings = dict(conn.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN "
            "('fsync', 'listen_addresses', 'max_connections', 'shared_buffers')").fetchall())
        assert settings == {"fsync": "on", "listen_addresses": "", "max_connections": "100",
                            "shared_buffers": "16384"}  # 8 kB pages: 128 MB
        ctype = conn.execute("SELECT datctype FROM pg_database "
                             "WHERE datname = current_database()").fetchone()[0]
        assert ctype in ("C.UTF-8", "C")  # no dependence on the system's locales
        if ctype == "C.UTF-8":  # Unicode character classes: Cyrillic case-insensitive search
            assert conn.execute("SELECT upper('партия')").fetchone()[0] == "ПАРТИЯ"
    engine = sa.create_engine(url)  # the URL is for SQLAlchemy
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()


def test_a_long_data_dir_gets_a_short_socket_dir(harness: Harness) -> None:
    data_dir = harness.data_dir("d" * 60 + "/" + "e" * 60)
    assert len(str(data_dir / "postgres" / ".s.PGSQL.5432")) > 107
    server = harness.server(data_dir)

    url = server.start()

    socket_dir = Path(make_url(url).query["host"])
    assert socket_dir.parent == Path("/tmp") and socket_dir.name.startswith("mesdesk-")
    assert scalar(url, "SELECT current_database()") == "mesdesk"
    assert stat_mode(socket_dir) == 0o700  # trust auth: only the server's user may connect

    server.stop()
    assert not socket_dir.exists()  # tidied up with the server


def test_a_second_process_joins_and_the_server_outlives_it(harness: Harness) -> None:
    data_dir = harness.shared_data_dir()
    server = harness.server(data_dir)
    url = server.start()
    pid = postmaster_pid(server.pgdata)

    child = harness.child(data_dir)
    assert child.started() == url
    assert postmaster_pid(server.pgdata) == pid  # joined, not restarted
    assert sorted(users_in(data_dir)) == sorted([os.getpid(), child.pid])
    child.stop()

    assert process_alive(pid)
    assert users_in(data_dir) == [os.getpid()]
    assert scalar(url, "SELECT 1") == 1
    server.stop()
    assert_stopped(server, pid)


def test_the_server_stops_when_the_last_user_leaves(harness: Harness) -> None:
    server = harness.server(harness.shared_data_dir())
    server.start()
    pid = postmaster_pid(server.pgdata)
    assert process_alive(pid)
    assert pg_ctl_status(server) == 0

    server.stop()

    assert_stopped(server, pid)
    server.stop()  # idempotent
    with pytest.raises(EmbeddedPostgresError):
        server.url


def test_a_killed_user_is_pruned_and_the_last_stop_stops_the_server(harness: Harness) -> None:
    data_dir = harness.shared_data_dir()
    server = harness.server(data_dir)
    server.start()
    pid = postmaster_pid(server.pgdata)
    child = harness.child(data_dir)
    child.started()
    assert len(users_in(data_dir)) == 2

    child.kill()  # SIGKILL: no atexit, its pid stays in the users file
    assert child.pid in users_in(data_dir)
    server.stop()

    assert_stopped(server, pid)


def test_a_server_left_by_a_killed_process_is_joined_then_stopped(harness: Harness) -> None:
    data_dir = harness.shared_data_dir()
    child = harness.child(data_dir)
    url = child.started()
    pgdata = data_dir.resolve() / "postgres"
    pid = postmaster_pid(pgdata)
    child.kill()
    assert process_alive(pid)  # the server survives its starter

    server = harness.server(data_dir)
    assert server.start() == url
    assert postmaster_pid(pgdata) == pid  # joined, not killed and restarted
    assert users_in(data_dir) == [os.getpid()]  # the dead starter is pruned
    server.stop()

    assert_stopped(server, pid)


def test_a_process_that_exits_without_stop_leaves_at_exit(harness: Harness) -> None:
    data_dir = harness.shared_data_dir()
    child = harness.child(data_dir)
    child.started()
    pgdata = data_dir.resolve() / "postgres"
    pid = postmaster_pid(pgdata)

    child.send("exit")
    assert child.proc.wait(timeout=DEADLINE) == 0

    assert_stopped(harness.server(data_dir), pid)
    assert users_in(data_dir) == []


def test_restart_reuses_the_cluster_and_the_data_survives(harness: Harness) -> None:
    data_dir = harness.shared_data_dir()
    server = harness.server(data_dir)
    url = server.start()
    with connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS restart_survivor")
        conn.execute("CREATE TABLE restart_survivor (name text)")
        conn.execute("INSERT INTO restart_survivor VALUES ('партия 1')")
    first_pid = postmaster_pid(server.pgdata)
    cluster_id = (server.pgdata / "global" / "pg_control").stat().st_ino
    server.stop()
    assert_stopped(server, first_pid)

    again = harness.server(data_dir)
    url = again.start()

    assert postmaster_pid(again.pgdata) != first_pid
    assert (again.pgdata / "global" / "pg_control").stat().st_ino == cluster_id  # no new initdb
    assert scalar(url, "SELECT name FROM restart_survivor") == "партия 1"
    again.stop()


def test_a_stale_postmaster_pid_does_not_block_the_next_start(harness: Harness) -> None:
    data_dir = harness.shared_data_dir()
    server = harness.server(data_dir)
    with connect(server.start()) as conn:
        conn.execute("DROP TABLE IF EXISTS stale_survivor")
        conn.execute("CREATE TABLE stale_survivor AS SELECT 42 AS answer")
    pid = postmaster_pid(server.pgdata)
    os.kill(pid, signal.SIGKILL)  # a killed server: postmaster.pid stays behind
    wait_for(lambda: not process_alive(pid), "the killed postmaster to exit")
    pid_file = server.pgdata / "postmaster.pid"
    assert pid_file.exists()
    # after a reboot the pid in it may belong to an unrelated live process
    lines = pid_file.read_text().splitlines()
    pid_file.write_text("\n".join([str(os.getpid())] + lines[1:]) + "\n")
    server.stop()  # the last user leaves a server that is gone already: no error

    again = harness.server(data_dir)
    url = again.start()

    new_pid = postmaster_pid(again.pgdata)
    assert new_pid not in (pid, os.getpid()) and process_alive(new_pid)
    assert scalar(url, "SELECT answer FROM stale_survivor") == 42  # crash recovery kept the data
    again.stop()
    assert_stopped(again, new_pid)


def test_concurrent_first_starts_share_one_server(harness: Harness) -> None:
    data_dir = harness.data_dir()
    children = [harness.child(data_dir) for _ in range(3)]  # all race for a cluster not yet made

    urls = {child.started() for child in children}

    assert len(urls) == 1
    pgdata = data_dir.resolve() / "postgres"
    pid = postmaster_pid(pgdata)
    assert sorted(users_in(data_dir)) == sorted(child.pid for child in children)
    for child in children[:-1]:
        child.stop()
        assert process_alive(pid)
    children[-1].stop()
    assert_stopped(harness.server(data_dir), pid)


def test_a_server_that_fails_to_start_raises_with_the_log_tail(harness: Harness) -> None:
    data_dir = harness.shared_data_dir()
    server = harness.server(data_dir)
    server.start()  # makes sure the cluster exists
    server.stop()
    conf = server.pgdata / "postgresql.conf"
    good_conf = conf.read_bytes()
    try:
        with conf.open("a") as out:
            out.write("\nwork_mem = 'plenty'\n")

        with pytest.raises(EmbeddedPostgresError) as failure:
            server.start()

        message = str(failure.value)
        assert message.startswith("PostgreSQL did not start in")
        assert "Last lines of the server log" in message and "work_mem" in message
        assert postmaster_pid(server.pgdata) is None
        assert users_in(data_dir) == []
    finally:
        conf.write_bytes(good_conf)


def _other_system_bin_dir() -> Path | None:
    default = find_postgres_binaries()
    root = Path("/usr/lib/postgresql")
    dirs = sorted(root.glob("*/bin")) if root.is_dir() else []
    return next((d for d in dirs if d != default and (d / "pg_ctl").exists()), None)


def _major(bin_dir: Path) -> str:
    out = subprocess.run([str(bin_dir / "postgres"), "--version"], capture_output=True,
                         text=True, check=True).stdout
    return out.split()[-1].split(".")[0]


@pytest.mark.skipif(_other_system_bin_dir() is None,
                    reason="no system PostgreSQL besides the default binaries")
def test_system_binaries_work_and_a_cluster_keeps_its_version(harness: Harness) -> None:
    system_bin = _other_system_bin_dir()
    data_dir = harness.data_dir()
    server = harness.server(data_dir, bin_dir=system_bin)
    url = server.start()
    version = scalar(url, "SHOW server_version_num")
    server.stop()
    assert version.startswith(_major(system_bin))

    default = harness.server(data_dir)  # default binaries, maybe of another major version
    url = default.start()

    assert scalar(url, "SHOW server_version_num") == version
    assert _major(default.binaries) == _major(system_bin)
    default.stop()
