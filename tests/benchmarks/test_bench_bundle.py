"""The station bundle (mesdesk.spec) built and self-tested in a clean folder: `make bench`.

Not in `make test`: the build costs about a minute of one core (55 s user + 7 s system) but
1 to 2.5 minutes of wall time depending on the load, and the whole suite with it took
12 min 44 s of its 15-minute budget on the shared two cores (the test alone 149 s, six times
the next longest). README "Installing a station". Numbers: bench-results/bundle.json.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STEPS = ("embedded PostgreSQL starts", "schema migrates", "demo batch made",
         "code scanned (station)", "Excel export written", "PDF report written",
         "Russian translation loads")

pytestmark = pytest.mark.slow


def station_env(home: Path) -> dict[str, str]:
    """What a station's desktop session has: no venv, no PYTHONPATH, no MESDESK_*."""
    home.mkdir(parents=True, exist_ok=True)
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C"}


@pytest.mark.timeout(1200)     # a build on a loaded machine
def test_the_bundle_builds_and_passes_its_selftest_in_a_clean_folder(tmp_path: Path,
                                                                      record) -> None:
    pytest.importorskip("PyInstaller", reason="pip install -e '.[bundle]' (make bench does)")
    for ts in (ROOT / "resources" / "translations").glob("*.ts"):
        assert ts.with_suffix(".qm").is_file(), "make translations first (make bench does)"
    started = time.perf_counter()
    built = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm",
                            "--log-level", "WARN", "--distpath", str(tmp_path / "dist"),
                            "--workpath", str(tmp_path / "build"), str(ROOT / "mesdesk.spec")],
                           capture_output=True, text=True, cwd=ROOT, timeout=1200)
    build_s = time.perf_counter() - started
    assert built.returncode == 0, built.stderr[-4000:]

    # Installed as a station installs it: the folder copied somewhere else, alone.
    station = tmp_path / "station"
    shutil.copytree(tmp_path / "dist" / "mesdesk", station / "mesdesk", symlinks=True)
    shutil.rmtree(tmp_path / "dist")
    shutil.rmtree(tmp_path / "build")
    size = sum(f.stat().st_size for f in station.rglob("*") if f.is_file() and
               not f.is_symlink())
    program = station / "mesdesk" / "mesdesk"

    started = time.perf_counter()
    done = subprocess.run([str(program), "--selftest"], capture_output=True, text=True,
                          cwd=station, env=station_env(tmp_path / "home"), timeout=300)
    selftest_s = time.perf_counter() - started
    print("\n" + done.stdout + done.stderr)
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.strip() == ""                      # one line per step, nothing else
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"MESDesk self-test of the bundle {station / 'mesdesk'}")
    for step in STEPS:
        [line] = [line for line in lines if line.startswith(step)]
        assert line[len(step):].split()[0] == "OK", line
    assert f"binaries {station / 'mesdesk' / '_internal' / 'pgserver'}" in done.stdout
    assert "'Batches' -> 'Партии'" in done.stdout
    assert lines[-1] == "self-test passed"

    # A bundle without its translation fails that step by name, and exits non-zero.
    for qm in (station / "mesdesk" / "_internal" / "resources" / "translations").glob("*.qm"):
        qm.unlink()
    broken = subprocess.run([str(program), "--selftest", "--data-dir",
                             str(tmp_path / "data")], capture_output=True, text=True,
                            cwd=station, env=station_env(tmp_path / "home"), timeout=300)
    assert broken.returncode == 1, (broken.stdout, broken.stderr)
    assert "Traceback" not in broken.stdout + broken.stderr
    [line] = [line for line in broken.stdout.splitlines()
              if line.startswith("Russian translation loads")]
    assert " FAILED " in line and "mesdesk_ru.qm" in line
    assert (tmp_path / "data" / "postgres").is_dir()     # --data-dir was used and kept

    record("bundle", build_s=round(build_s, 1), selftest_s=round(selftest_s, 1),
           size_mib=round(size / 2**20))
    shutil.rmtree(station)        # ~380 MiB: pytest keeps the last runs' temporary folders
