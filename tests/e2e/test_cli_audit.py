"""`mesdesk audit list` as a user runs it: real processes on the test database; what a batch
edit recorded, listed and filtered, paged with the cursor, exported with -o, and refusals as
one line with their catalogued code."""

from __future__ import annotations

import json
import subprocess

import openpyxl
import pytest

from tests.support.cli import cli_runner


@pytest.fixture
def cli(engine, migrated_url, tmp_path):
    return cli_runner(migrated_url, tmp_path / "config", tmp_path / "data",
                      MESDESK_STATION="Линия-7", MESDESK_OPERATOR="Петров",
                      MESDESK_S3_ENDPOINT="")


def as_json(done: subprocess.CompletedProcess):
    return json.loads(done.stdout)


def test_edits_are_listed_filtered_paged_and_exported(cli, fixtures_dir, tmp_path):
    cli("intake", str(fixtures_dir / "1c_batches_sample.json"))
    listed = as_json(cli("batches", "list", "--json"))
    batch_id = (listed["items"] if isinstance(listed, dict) else listed)[0]["id"]
    cli("batches", "update", str(batch_id), "team=Бригада №99")
    cli("batches", "close", str(batch_id))

    everything = as_json(cli("audit", "list", "--json", "--limit", "1000"))["items"]
    assert everything and everything[0]["action"] == "close"
    assert [row["at"] for row in everything] == sorted((row["at"] for row in everything),
                                                       reverse=True)
    mine = as_json(cli("audit", "list", "--actor", "admin", "--entity", "batch",
                       "--entity-id", str(batch_id), "--json"))["items"]
    assert [row["action"] for row in mine] == ["close", "update", "create_from_1c"]
    assert mine[1]["changes"]["team"]["after"] == "Бригада №99"
    assert mine[1]["changes"]["team"]["before"] not in (None, "Бригада №99")
    assert all(row["station"] == "Линия-7" for row in mine)
    assert as_json(cli("audit", "list", "--action", "update", "--json"))["items"] == [mine[1]]
    assert as_json(cli("audit", "list", "--since", "1h", "--until", "2099-01-01",
                       "--json"))["items"] == everything[:50]
    assert as_json(cli("audit", "list", "--until", "2000-01-01", "--json"))["items"] == []

    first = as_json(cli("audit", "list", "--limit", "1", "--json"))
    second = as_json(cli("audit", "list", "--limit", "1", "--cursor", first["next_cursor"],
                         "--json"))
    assert [first["items"][0]["id"], second["items"][0]["id"]] == \
        [row["id"] for row in everything[:2]]

    text = cli("audit", "list", "--actor", "admin").stdout.splitlines()
    assert text[0].split()[:3] == ["TIME", "USER", "STATION"]
    assert any("team: " in line and " → Бригада №99" in line for line in text)
    assert "No audit entries match." in cli("audit", "list", "--actor", "nobody").stdout

    out = tmp_path / "audit.xlsx"
    made = as_json(cli("audit", "list", "--actor", "admin", "-o", str(out), "--json"))
    assert made["rows"] == len(as_json(cli("audit", "list", "--actor", "admin", "--json",
                                           "--limit", "1000"))["items"])
    assert made["object"].startswith("audit_export_")
    sheet = openpyxl.load_workbook(out)["Audit log"]
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[3] for row in body][:2] == ["close", "update"]
    assert body[1][6].startswith("team: ") and body[1][6].endswith(" → Бригада №99")


@pytest.mark.parametrize("args, code", [
    (("--entity-id", "3"), "audit.entity_id_without_entity"),
    (("--since", "2026-11-25", "--until", "2026-11-24"), "audit.until_before_since"),
    (("--since", "yesterday"), "webhook.time_unreadable"),
    (("--limit", "0"), "page.limit_out_of_range"),
    (("--cursor", "garbage"), "page.cursor_invalid"),
    (("-o", "out.pdf"), "export.format_unknown"),
])
def test_refusals_are_one_line_with_their_code(cli, args, code):
    done = cli("audit", "list", *args, expect=1)
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    refused = as_json(cli("audit", "list", *args, "--json", expect=1))
    assert refused["error"]["code"] == code if "error" in refused else refused["code"] == code
