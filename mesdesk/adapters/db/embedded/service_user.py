"""Running the server as another system user when we are root (PostgreSQL refuses root)."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


from .common import EmbeddedPostgresError, SERVICE_USER

_log = logging.getLogger(__name__)


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
