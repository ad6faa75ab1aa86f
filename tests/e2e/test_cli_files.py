"""`mesdesk files …` as a user runs it in local mode (no object storage): real processes on
the test database; an export listed, fetched, copied, linked; a file handed in for import,
listed waiting and deleted; sync refused; an unknown bucket refused before any work."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import cli_runner
from tests.support.db import scalar


@pytest.fixture
def cli(engine, migrated_url, tmp_path):
    return cli_runner(migrated_url, tmp_path / "config", tmp_path / "data",
                      MESDESK_STATION="Линия-7", MESDESK_OPERATOR="Петров",
                      MESDESK_S3_ENDPOINT="")


def as_json(done: subprocess.CompletedProcess):
    return json.loads(done.stdout)


def test_an_export_is_listed_fetched_copied_and_linked(cli, fixtures_dir, tmp_path):
    cli("intake", str(fixtures_dir / "1c_batches_sample.json"))
    out = tmp_path / "out.xlsx"
    made = as_json(cli("export", "batches", "-o", str(out), "--json"))

    listed = as_json(cli("files", "list", "exports", "--json"))
    assert [entry["object"] for entry in listed] == [made["object"]]
    entry = listed[0]
    assert entry["sync_state"] == "local" and entry["bytes"] == out.stat().st_size
    assert entry["bucket"] == "exports" and entry["station"] == "Линия-7"
    assert entry["created_by"] == "Петров"
    text = cli("files", "list", "exports").stdout.splitlines()
    assert text[0].split()[:2] == ["NAME", "SIZE"]
    assert text[1].startswith(made["object"]) and "local only" in text[1]

    got = as_json(cli("files", "get", "exports", made["object"], "--json"))
    assert Path(got["path"]).read_bytes() == out.read_bytes()
    assert cli("files", "get", "exports", made["object"]).stdout.strip() == got["path"]

    copy = tmp_path / "copy.xlsx"
    done = as_json(cli("files", "get", "exports", made["object"], "-o", str(copy), "--json"))
    assert done == {"path": str(copy)} and copy.read_bytes() == out.read_bytes()
    folder = tmp_path / "folder"
    folder.mkdir()
    cli("files", "get", "exports", made["object"], "-o", str(folder))
    assert (folder / made["object"]).read_bytes() == out.read_bytes()

    link = as_json(cli("files", "link", "exports", made["object"], "--json"))
    assert link["url"].startswith("file://") and link["expires_at"] is None
    assert link["url"] == Path(got["path"]).resolve().as_uri()
    assert as_json(cli("files", "list", "reports", "--json")) == []
    assert cli("files", "list", "reports").stdout.strip() == "No files in reports."


def test_a_file_put_into_imports_waits_and_is_deleted(cli, tmp_path, engine):
    source = tmp_path / "партии из 1С.csv"
    source.write_text("НомерПартии;ДатаПартии\n1;2024-01-30\n", encoding="utf-8")

    put = as_json(cli("files", "put", "imports", str(source), "--json"))
    assert put["bucket"] == "imports" and put["import_state"] == "waiting"
    assert put["origin"] == "uploaded" and put["bytes"] == source.stat().st_size
    assert scalar(engine, "SELECT count(*) FROM jobs WHERE kind = 'file_upload' "
                          "AND status = 'succeeded'") == 1

    listed = as_json(cli("files", "list", "imports", "--json"))
    assert [(entry["object"], entry["import_state"]) for entry in listed] == \
        [(put["object"], "waiting")]

    assert as_json(cli("files", "delete", "imports", put["object"], "--json")) == \
        {"deleted": True}
    assert as_json(cli("files", "list", "imports", "--json")) == []
    again = cli("files", "delete", "imports", put["object"])
    assert again.stdout.startswith("There was no ")


def test_sync_without_object_storage_is_refused(cli):
    done = cli("files", "sync", "--json", expect=1)
    assert as_json(done)["error"]["code"] == "storage.not_configured"
    assert "no object storage is configured" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_unknown_bucket_and_uploads_outside_imports_are_refused(cli, tmp_path):
    source = tmp_path / "a.csv"
    source.write_text("x\n", encoding="utf-8")
    for args in (("list", "invoices"), ("get", "invoices", "a.csv"),
                 ("link", "invoices", "a.csv"), ("delete", "invoices", "a.csv"),
                 ("put", "invoices", str(source))):
        done = cli("files", *args, "--json", expect=1)
        assert as_json(done)["error"]["code"] == "file.bucket_unknown", args
        assert "invoices is not a bucket" in done.stderr
    done = cli("files", "put", "reports", str(source), "--json", expect=1)
    assert as_json(done)["error"]["code"] == "file.upload_bucket"
    assert as_json(cli("files", "list", "reports", "--json")) == []
    missing = cli("files", "get", "exports", "nothing.xlsx", "--json", expect=1)
    assert as_json(missing)["error"]["code"] == "file.not_found"
