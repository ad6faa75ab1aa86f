"""`mesdesk report` as a user runs it: real processes, real database, real files."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest

from mesdesk.adapters.db.job_store import SqlJobStore
from tests.support.cli import cli_runner
from tests.support.db import outbox
from tests.support.reports import MILK, milk_batch, pdf_text


@pytest.fixture
def cli(engine, migrated_url, tmp_path):
    return cli_runner(migrated_url, tmp_path / "config", tmp_path / "data",
                      MESDESK_STATION="cli-station", MESDESK_LANGUAGE="en")


def as_json(done: subprocess.CompletedProcess):
    return json.loads(done.stdout)


def test_report_is_kept_in_the_reports_bucket(cli, uow_factory, engine, tz, tmp_path):
    batch_id = milk_batch(uow_factory, tz)
    document = as_json(cli("report", str(batch_id), "--format", "xlsx", "--json"))
    assert set(document) == {"path", "rows", "bytes", "bucket", "object", "file_url"}
    path = Path(document["path"])
    assert path.parent == tmp_path / "data" / "files" / "reports"
    assert re.fullmatch(rf"batch_{batch_id}_report_\d{{8}}_\d{{6}}\.xlsx", document["object"])
    assert path.name == document["object"] and path.stat().st_size == document["bytes"]
    assert document["bucket"] == "reports" and document["rows"] == 10
    assert document["file_url"] == path.resolve().as_uri()
    assert openpyxl.load_workbook(path).sheetnames == ["Batch", "Statistics", "Products"]
    [event] = outbox(engine, "report_generated")
    assert event["file_url"] == document["file_url"] and event["report_type"] == "xlsx"
    # Made as a job: its row is there for every station's Jobs panel.
    [job] = [j for j in SqlJobStore(engine).recent() if j.kind == "report"]
    assert job.status == "succeeded" and job.station == "cli-station"
    assert job.parameters == {"batch_id": batch_id, "format": "xlsx", "language": "en"}

    printed = cli("report", str(batch_id), "--format", "pdf")
    [line] = printed.stdout.splitlines()
    assert line.endswith(".pdf") and Path(line).is_file()
    assert printed.stderr == ""                     # no progress when stderr is no terminal


def test_report_copied_to_a_file_or_into_a_folder(cli, uow_factory, tz, tmp_path):
    batch_id = milk_batch(uow_factory, tz)
    out = tmp_path / "out" / "молоко.pdf"
    out.parent.mkdir()
    document = as_json(cli("report", str(batch_id), "--format", "pdf", "-o", str(out),
                           "--json"))
    assert document["path"] == str(out) and out.read_bytes().startswith(b"%PDF")
    assert out.stat().st_size == document["bytes"]
    assert MILK in pdf_text(out)
    kept = tmp_path / "data" / "files" / "reports" / document["object"]
    assert kept.read_bytes() == out.read_bytes()     # the bucket keeps its copy
    folder = as_json(cli("report", str(batch_id), "--format", "xlsx", "-o",
                         str(out.parent), "--json"))
    assert folder["path"] == str(out.parent / folder["object"])
    assert list(out.parent.glob(".*")) == []         # no partial copy left behind


def test_refusals_are_one_line_and_catalogued(cli, uow_factory, tz, tmp_path):
    missing = cli("report", "999999", "--format", "pdf", "--json", expect=1)
    assert as_json(missing)["error"]["code"] == "batch.not_found"
    assert missing.stderr.strip() == "mesdesk: batch 999999 does not exist"

    batch_id = milk_batch(uow_factory, tz)
    nowhere = tmp_path / "no" / "such" / "folder" / "r.pdf"
    refused = cli("report", str(batch_id), "--format", "pdf", "-o", str(nowhere), expect=1)
    assert refused.stderr.count("\n") == 1 and "no folder to write" in refused.stderr
    assert not (tmp_path / "data" / "files" / "reports").exists()   # refused before work

    usage = cli("report", str(batch_id), "--format", "docx", expect=2)
    assert "invalid choice" in usage.stderr and usage.stderr.count("\n") == 1
    cli("report", str(batch_id), expect=2)          # --format is required
