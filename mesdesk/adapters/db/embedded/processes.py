"""The server's processes: the postmaster of a data dir and the MESDesk processes using it."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from .common import PORT

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
