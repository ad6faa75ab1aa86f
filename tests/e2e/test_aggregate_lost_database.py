"""`mesdesk aggregate --batch ID CODE…` when the database is lost mid-way (issue 9, point 8):
the verdicts so far are printed, the rest are `not_processed`, exit 3; a rerun of the same
scans recognises the scans that committed as the same scans."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import psycopg
import pytest

from mesdesk.adapters.db.channels import CHANGES_CHANNEL
from tests.support.factories import create_batch, identity_of, marking_code

CODES = 40
STOP_AFTER = 15    # scans committed before the server stops


@pytest.fixture
def command(migrated_url, tmp_path):
    env = {**os.environ, "MESDESK_CONFIG_DIR": str(tmp_path / "config"),
           "MESDESK_DATA_DIR": str(tmp_path / "data"), "MESDESK_TIMEZONE": "Asia/Yekaterinburg",
           "MESDESK_STATION": "cli-station", "MESDESK_USER": "admin"}

    def make(*args: str) -> list[str]:
        return [sys.executable, "-m", "mesdesk.cli", *args, "--database-url", migrated_url]

    return make, env


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture
def batch(uow_factory, tz):
    codes = [marking_code(i, tail=False) for i in range(CODES)]
    return create_batch(uow_factory, tz, codes=codes), codes


def _run_and_lose_the_database(postgres, migrated_url, command, env, args):
    """Start the command; once STOP_AFTER scans have committed (their NOTIFYs), stop the
    server. The next product's row is held locked meanwhile, so the command cannot get further
    than STOP_AFTER scans before the server goes."""
    make, _ = command
    _, codes = args
    listener = psycopg.connect(_libpq(migrated_url), autocommit=True)
    blocker = psycopg.connect(_libpq(migrated_url))
    try:
        listener.execute(f"LISTEN {CHANGES_CHANNEL}")
        blocker.execute("SELECT id FROM products WHERE identity = %s FOR UPDATE",
                        (identity_of(codes[STOP_AFTER]),))
        process = subprocess.Popen(make(*args[0]), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, env=env)
        seen = sum(1 for _ in listener.notifies(timeout=120, stop_after=STOP_AFTER))
        assert seen == STOP_AFTER
        postgres.stop()
    finally:
        listener.close()   # closing a connection the server dropped says nothing
        blocker.close()
    try:
        stdout, stderr = process.communicate(timeout=120)
    finally:
        postgres.start()
    return process.returncode, stdout, stderr


def test_a_lost_database_keeps_the_verdicts_so_far_and_a_rerun_knows_its_scans(
        postgres, migrated_url, command, batch):
    batch_id, codes = batch
    make, env = command
    args = ["aggregate", "--batch", str(batch_id), *codes, "--json"]

    code, stdout, stderr = _run_and_lose_the_database(postgres, migrated_url, command, env,
                                                      (args, codes))
    assert code == 3, stderr
    assert "Traceback" not in stderr and stderr.startswith("mesdesk: the database is unreachable")
    answer = json.loads(stdout)
    verdicts = [result["verdict"] for result in answer["results"]]
    assert verdicts == ["accepted"] * STOP_AFTER + ["not_processed"] * (CODES - STOP_AFTER)
    assert [result["code"] for result in answer["results"]] == codes
    assert answer["error"]["code"] == "service.database_unreachable"
    assert answer["results"][-1]["problem"] == {"code": "scan.not_processed", "params": {}}
    first_times = [result["aggregated_at"] for result in answer["results"][:STOP_AFTER]]

    again = subprocess.run(make(*args), capture_output=True, text=True, env=env, timeout=120)
    assert again.returncode == 0, again.stderr
    rerun = json.loads(again.stdout)
    assert [result["verdict"] for result in rerun] == ["accepted"] * CODES
    assert [result["aggregated_at"] for result in rerun[:STOP_AFTER]] == first_times
    assert [result["scan_id"] for result in rerun] == [result["scan_id"]
                                                       for result in answer["results"]]

    # Another list (or the same list as new scans) is not the same scans.
    fresh = subprocess.run(make("aggregate", "--batch", str(batch_id), codes[0],
                                "--scan-id-prefix", "shift-2", "--json"),
                           capture_output=True, text=True, env=env, timeout=120)
    [repeat] = json.loads(fresh.stdout)
    assert (repeat["verdict"], repeat["scan_id"]) == ("already_aggregated", "shift-2-1")


def test_the_text_answer_lists_every_scan_before_the_error(postgres, migrated_url, command,
                                                           batch):
    batch_id, codes = batch
    args = ["aggregate", "--batch", str(batch_id), "--scan-id-prefix", "P", *codes]

    code, stdout, stderr = _run_and_lose_the_database(postgres, migrated_url, command,
                                                      command[1], (args, codes))
    assert code == 3
    lines = stdout.splitlines()
    assert len(lines) == CODES
    assert all(line.startswith("accepted ") for line in lines[:STOP_AFTER])
    assert all(line.startswith("not_processed ") and "not processed" in line
               for line in lines[STOP_AFTER:])
    assert stderr.count("\n") == 1 and "database is unreachable" in stderr
