"""`mesdesk import` as a user runs it: a real process, a real database, real files."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest

from tests.support.cli import cli_runner
from tests.support.db import scalar
from tests.support.factories import marking_code
from tests.support.sheets import batch_row, batches_csv, batches_xlsx, write_xlsx


@pytest.fixture
def cli(engine, migrated_url, tmp_path):
    return cli_runner(migrated_url, tmp_path / "config", tmp_path / "data",
                      MESDESK_STATION="cli-station")


def as_json(done: subprocess.CompletedProcess):
    return json.loads(done.stdout)


def test_import_json_then_skipped_then_updated(cli, engine, tmp_path):
    path = batches_xlsx(tmp_path / "batches.xlsx",
                        [batch_row(1), batch_row(2, НомерПартии="два"), batch_row(3)])
    first = as_json(cli("import", str(path), "--json"))
    assert {k: first[k] for k in ("kind", "format", "total_rows", "created", "updated",
                                  "skipped", "rejected", "errors_total", "bucket")} == {
        "kind": "batches", "format": "xlsx", "total_rows": 3, "created": 2, "updated": 0,
        "skipped": 0, "rejected": 1, "errors_total": 1, "bucket": "imports"}
    assert first["errors"] == [{
        "row": 3, "field": "НомерПартии", "column": "F", "code": "value.not_integer",
        "error": "enter a whole number (got 'два')",
        "params": {"value": "'два'", "row": 3, "column": "F", "field": "НомерПартии"}}]
    kept = tmp_path / "data" / "files" / "imports" / first["object"]
    assert kept.read_bytes() == path.read_bytes()
    assert first["file_url"] == kept.resolve().as_uri()
    assert scalar(engine, "SELECT count(*) FROM jobs WHERE kind = 'import' AND status = "
                          "'succeeded' AND station = 'cli-station'") == 1

    again = as_json(cli("import", str(path), "--json"))
    assert (again["created"], again["skipped"], again["rejected"]) == (0, 2, 1)
    assert {e["error"] for e in again["errors"] if e["code"] == "import.duplicate_batch"} == \
        {"Duplicate batch number and date"}
    csv = batches_csv(tmp_path / "b.csv", [batch_row(1, Бригада="Ночная"), batch_row(3)],
                      encoding="cp1251")
    updated = as_json(cli("import", str(csv), "--update-existing", "--json"))
    assert (updated["created"], updated["updated"], updated["skipped"]) == (0, 2, 0)
    assert scalar(engine, "SELECT team FROM batches WHERE batch_number = 1") == "Ночная"


def test_import_text_output_says_the_counts_and_each_refused_row(cli, tmp_path):
    path = batches_xlsx(tmp_path / "b.xlsx", [batch_row(5), batch_row(6, ДатаПартии="вчера")])
    done = cli("import", str(path))
    lines = done.stdout.splitlines()
    assert lines[0] == "b.xlsx: 2 rows: 1 batches created, 0 updated, 0 skipped, 1 rejected"
    assert lines[1] == ("  row 3, column G, field 'ДатаПартии': enter a date, for example "
                        "2024-01-30 (got 'вчера')")
    assert lines[-1].startswith("  kept as imports/import_")
    assert done.stderr == ""                     # progress only on a terminal


def test_import_codes_into_a_batch(cli, tmp_path):
    cli("import", str(batches_xlsx(tmp_path / "b.xlsx", [batch_row(7, date(2024, 2, 1))])))
    batch_id = as_json(cli("batches", "list", "--json"))["items"][0]["id"]
    codes = write_xlsx(tmp_path / "codes.xlsx", [[marking_code(1)], [marking_code(2)]])
    result = as_json(cli("import", str(codes), "--batch", str(batch_id), "--json"))
    assert (result["kind"], result["created"], result["batch_id"]) == ("products", 2, batch_id)
    shown = as_json(cli("batches", "show", str(batch_id), "--json"))
    assert sorted(p["unique_code"] for p in shown["products"]) == \
        sorted([marking_code(1), marking_code(2)])


def test_a_refused_file_is_one_line_and_exit_1_and_a_json_error(cli, tmp_path):
    picture = tmp_path / "photo.xlsx"
    picture.write_bytes(bytes.fromhex("89504E470D0A1A0A") + bytes(100))
    done = cli("import", str(picture), expect=1)
    assert done.stderr.count("\n") == 1 and "photo.xlsx is not a spreadsheet" in done.stderr
    error = as_json(cli("import", str(picture), "--json", expect=1))["error"]
    assert error["code"] == "import.not_a_table" and error["params"]["file"] == str(picture)
    missing = as_json(cli("import", str(tmp_path / "nope.csv"), "--json", expect=1))
    assert missing["error"]["code"] == "file.unreadable"
    unknown = as_json(cli("import", str(picture), "--batch", "999999", "--json", expect=1))
    assert unknown["error"]["code"] == "batch.not_found"
    cli("import", expect=2)


def test_help_says_how_import_and_intake_differ(cli):
    intake = cli("intake", "--help", use_db=False).stdout
    assert "overwritten" in intake and "import" in intake
    text = " ".join(cli("import", "--help", use_db=False).stdout.split())
    assert "--update-existing" in text and "skipped unless --update-existing" in text
