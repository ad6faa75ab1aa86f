"""`mesdesk --selftest` from the source install (the bundle's own run is tests/bundle)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STEPS = ("embedded PostgreSQL starts", "schema migrates", "demo batch made",
         "code scanned (station)", "Excel export written", "PDF report written",
         "Russian translation loads")


def selftest(*args: str, cwd: Path, env: dict[str, str] | None = None
             ) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MESDESK_")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "mesdesk.cli", "--selftest", *args],
                          capture_output=True, text=True, env=environment, cwd=cwd,
                          timeout=240)


def test_selftest_passes_from_source_on_a_fresh_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # A station's settings pointing elsewhere are not used: the self-test is embedded.
    done = selftest("--data-dir", str(data), cwd=tmp_path,
                    env={"MESDESK_DATABASE_URL": "postgresql://nobody@192.0.2.1/none"})
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("MESDesk self-test of the installation")
    for step in STEPS:
        [line] = [line for line in lines if line.startswith(step)]
        assert line[len(step):].split()[0] == "OK", line
        assert line.split()[len(step.split()) + 1] != "", line   # its time
    assert "'Batches' -> 'Партии'" in done.stdout
    assert "verdict accepted" in done.stdout
    assert lines[-1] == "self-test passed"
    assert (data / "postgres").is_dir()                  # the folder it was given
    assert list((data / "files").rglob("*.pdf")) and list((data / "files").rglob("*.xlsx"))


def test_selftest_reports_a_failed_step_with_its_reason_and_exits_non_zero(tmp_path: Path
                                                                           ) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "postgres").write_text("not a folder")      # the cluster cannot be made here
    done = selftest("--data-dir", str(data), cwd=tmp_path)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    [started] = [line for line in lines if line.startswith("embedded PostgreSQL starts")]
    assert " FAILED " in started and len(started.split("FAILED", 1)[1].strip()) > 10
    assert all(" SKIPPED " in line for line in lines
               if line.startswith(STEPS[1:-1]))
    assert lines[-1] == "self-test FAILED"


def test_data_dir_belongs_to_the_selftest(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mesdesk.cli", "--data-dir", str(tmp_path),
                           "codes", "check", "x"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--data-dir is for --selftest" in done.stderr
