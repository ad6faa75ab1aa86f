"""The cluster on disk: binaries that match it, initdb, a dead server's leftovers, socket, log."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import stat
import time
from pathlib import Path

import psutil

from .common import (EmbeddedPostgresError, LOG_ROTATE_BYTES, SUPERUSER, _SOCKET_NAME,
                     _SOCKET_PATH_MAX, explained)
from .binaries import _candidate_bin_dirs, _has_binaries
from .processes import _Postmaster, _postmaster_process, _same_path, _wait_gone
from .service_user import _RunAs, _open_up_install, _run

_log = logging.getLogger(__name__)


def server_major(bin_dir: Path, run_as: _RunAs | None) -> tuple[int | None, str]:
    """(major version, output) of the server binary run as `run_as`; None: it did not run."""
    code, output = _run([str(bin_dir / "postgres"), "--version"], run_as, 30)
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", output)
    return (int(match.group(1)) if code == 0 and match else None), output


def matching_binaries(bin_dir: Path, pgdata: Path, log_path: Path, run_as: _RunAs | None
                      ) -> Path:
    """Make sure the server user can run the binaries and they match the cluster's version;
    switch to other installed binaries of the cluster's version when they do not."""
    major, output = server_major(bin_dir, run_as)
    if major is None and run_as is not None:
        _open_up_install(bin_dir, run_as)
        major, output = server_major(bin_dir, run_as)
    if major is None:
        who = f" as the system user {run_as.name}" if run_as is not None else ""
        raise explained(log_path, f"The PostgreSQL binaries in {bin_dir} do not run{who}.", output)
    version_file = pgdata / "PG_VERSION"
    if not version_file.exists():
        return bin_dir
    cluster_major = int(version_file.read_text().strip().split(".")[0])
    if cluster_major == major:
        return bin_dir
    for candidate in _candidate_bin_dirs():
        if candidate == bin_dir or not _has_binaries(candidate) \
                or server_major(candidate, None)[0] != cluster_major:
            continue
        _log.warning("the cluster in %s is PostgreSQL %d: using %s instead of %s",
                     pgdata, cluster_major, candidate, bin_dir)
        if run_as is not None and server_major(candidate, run_as)[0] is None:
            _open_up_install(candidate, run_as)
        return candidate
    raise EmbeddedPostgresError(
        f"The database in {pgdata} was made by PostgreSQL {cluster_major} but the "
        f"binaries in {bin_dir} are PostgreSQL {major}: install PostgreSQL {cluster_major} "
        f"(or the pgserver version that bundles it), or move {pgdata} away to start "
        f"with an empty database.")


def ensure_cluster(bin_dir: Path, data_dir: Path, pgdata: Path, run_as: _RunAs | None) -> None:
    """Create the cluster if there is none: initdb into a staging dir, then rename it into
    place, so an interrupted initdb never leaves a half-made cluster behind."""
    if (pgdata / "PG_VERSION").exists():
        return
    if pgdata.exists() and any(pgdata.iterdir()):
        raise EmbeddedPostgresError(
            f"{pgdata} exists but is not a PostgreSQL data directory: move it away so "
            f"that MESDesk can create its database there.")
    staging = data_dir / "postgres.initdb"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o700)
    if run_as is not None:
        os.chown(staging, run_as.uid, run_as.gid)
    base = [str(bin_dir / "initdb"), "-D", str(staging), "--auth=trust",
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
            f"Creating the PostgreSQL database cluster in {pgdata} failed (initdb exit "
            f"code {code}).\n{output}")
    if pgdata.exists():
        pgdata.rmdir()  # empty (checked above)
    os.rename(staging, pgdata)
    dir_fd = os.open(data_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    _log.info("created the PostgreSQL cluster %s in %.2f s", pgdata,
              time.monotonic() - t0)


def reap_orphans(pgdata: Path) -> None:
    """Wait for (then kill) server processes of a dead postmaster still running in PGDATA:
    while they hold its shared memory a new server refuses to start."""
    orphans = []
    for proc in psutil.process_iter(["name"]):
        try:
            if (proc.info["name"] or "").startswith("postgres") \
                    and _same_path(proc.cwd(), pgdata):
                orphans.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    if not orphans:
        return
    _log.warning("waiting for %d leftover server process(es) in %s", len(orphans),
                 pgdata)
    for proc in _wait_gone(orphans, 5.0):
        with contextlib.suppress(psutil.Error):
            proc.kill()
    _wait_gone(orphans, 5.0)


def remove_stale_lock(pgdata: Path, lock_file: Path, *also: Path) -> None:
    postmaster = _Postmaster.read_lock(lock_file)
    if postmaster is None or _postmaster_process(postmaster.pid, pgdata) is not None:
        return
    _log.info("removing the stale %s (pid %d)", lock_file, postmaster.pid)
    for path in (lock_file, *also):
        path.unlink(missing_ok=True)


def socket_dir_for(pgdata: Path, run_as: _RunAs | None) -> Path:
    """PGDATA when the socket path fits in a socket address, else /tmp/mesdesk-<hash>."""
    if len(os.fsencode(pgdata / _SOCKET_NAME)) <= _SOCKET_PATH_MAX:
        return pgdata
    digest = hashlib.sha256(os.fsencode(pgdata)).hexdigest()[:16]
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


def rotate_log(log_path: Path) -> None:
    try:
        if log_path.stat().st_size > LOG_ROTATE_BYTES:
            os.replace(log_path, log_path.with_name(log_path.name + ".1"))
    except FileNotFoundError:
        pass
