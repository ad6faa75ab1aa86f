"""The `mesdesk` command as a user runs it: real processes, real database, JSON and text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.factories import marking_code
from tests.support.cli import cli_runner


@pytest.fixture
def cli(engine, migrated_url, tmp_path):
    return cli_runner(migrated_url, tmp_path / "config", tmp_path / "data",
                      MESDESK_STATION="cli-station")


def as_json(done: subprocess.CompletedProcess):
    return json.loads(done.stdout)


def test_intake_list_show_update_close_reopen(cli, fixtures_dir):
    intake = as_json(cli("intake", str(fixtures_dir / "1c_batches_sample.json"), "--json"))
    assert intake == {"kind": "batches", "created": 2, "updated": 0, "skipped": 0,
                      "rejected": [], "rejected_total": 0, "warnings": [], "warnings_total": 0}
    products = as_json(cli("intake", str(fixtures_dir / "1c_products_sample.json"), "--json"))
    assert products["kind"] == "products" and products["created"] == 3

    listing = as_json(cli("batches", "list", "--json", "--work-center", "RC-001"))
    [batch] = listing["items"]
    assert batch["batch_number"] == 22222 and batch["products_total"] == 2
    text = cli("batches", "list").stdout
    assert "22222" in text and "22223" in text and "Number" in text

    shown = as_json(cli("batches", "show", str(batch["id"]), "--json"))
    assert {p["unique_code"] for p in shown["products"]} == {"12gRV60MMsn1", "12gRV60MMsn2"}
    assert shown["statistics"]["total_products"] == 2

    updated = as_json(cli("batches", "update", str(batch["id"]), "team=Бригада №4",
                          "shift=2 смена", "--json"))
    assert updated["team"] == "Бригада №4" and updated["shift"] == "2 смена"
    closed = as_json(cli("batches", "close", str(batch["id"]), "--json"))
    assert closed["is_closed"] is True and closed["closed_at"]
    refused = cli("batches", "update", str(batch["id"]), "team=X", expect=1)
    assert refused.stderr.count("\n") == 1 and "closed" in refused.stderr
    reopened = as_json(cli("batches", "reopen", str(batch["id"]), "--json"))
    assert reopened["is_closed"] is False and reopened["closed_at"] is None
    assert as_json(cli("batches", "list", "--closed", "--json"))["items"] == []


def test_products_add_and_aggregate_one_by_one_and_in_bulk(cli, fixtures_dir, tmp_path):
    cli("intake", str(fixtures_dir / "1c_batches_sample.json"))
    batch_id = str(as_json(cli("batches", "list", "--json", "--search", "болт"))["items"][0]["id"])
    codes = [marking_code(i) for i in range(6)]
    added = as_json(cli("products", "add", "--batch", batch_id, *codes[:4], "--json"))
    assert added == {"added": 4, "rejected": []}
    codes_file = tmp_path / "codes.txt"
    codes_file.write_text("\n".join(codes[4:]) + "\n", encoding="utf-8")
    assert as_json(cli("products", "add", "--batch", batch_id, "--file", str(codes_file),
                       "--json"))["added"] == 2
    refused = as_json(cli("products", "add", "--batch", batch_id, codes[0], "0146", "--json"))
    assert refused["rejected"] == [
        {"code": "0146", "reason": "bad format: the code ends inside the GTIN (AI 01): 2 of its "
                                   "14 digits arrived",
         "problem": {"code": "code.truncated_gtin",
                     "params": {"count": 2, "position": 3, "ai": "01"}}},
        {"code": codes[0], "reason": "already exists in this batch",
         "problem": {"code": "code.exists_in_this_batch", "params": {}}}]

    verdicts = as_json(cli("aggregate", "--batch", batch_id, codes[0], codes[0], "nonsense",
                           marking_code(77), "--json"))
    assert [v["verdict"] for v in verdicts] == ["accepted", "already_aggregated", "not_found",
                                               "not_found"]
    assert verdicts[0]["identity"] and verdicts[0]["aggregated_at"]
    assert set(verdicts[0]) == {"code", "verdict", "message", "identity", "aggregated_at",
                                "scan_id"}

    bulk_file = tmp_path / "bulk.txt"
    bulk_file.write_text("\n".join(codes[:5] + ["bad\x07"]), encoding="utf-8")
    summary = as_json(cli("aggregate", "--batch", batch_id, "--file", str(bulk_file), "--json"))
    assert summary["total"] == 6 and summary["aggregated"] == 4 and summary["failed"] == 2
    assert {e["reason"] for e in summary["errors"]} == {"already aggregated", "bad format"}
    assert {e["code"]: e["problem"] for e in summary["errors"]} == {
        codes[0]: {"code": "scan.already_aggregated", "params": {}},
        "bad\x07": {"code": "code.control_character",
                    "params": {"character": "U+0007", "position": 4}}}
    text = cli("aggregate", "--batch", batch_id, "--file", str(bulk_file)).stdout
    assert "0 of 6 codes aggregated, 6 failed" in text


def test_codes_check_needs_no_database(cli):
    checked = as_json(cli("codes", "check", marking_code(1), "12gRV60MMsn1", "bad\x07",
                          "--json", use_db=False))
    assert [c["ok"] for c in checked] == [True, True, False]
    assert checked[0]["gtin"] and checked[0]["serial"] == "S000000000001"
    assert checked[1]["identity"] == "12gRV60MMsn1" and checked[1]["gtin"] is None
    assert "U+0007" in checked[2]["error"]
    assert (checked[2]["error_code"], checked[2]["problem"]) == (
        "bad_format", {"code": "code.control_character",
                       "params": {"character": "U+0007", "position": 4}})


@pytest.mark.parametrize(("args", "expect", "fragment"), [
    (("batches", "show", "424242"), 1, "batch 424242 does not exist"),
    (("batches", "frobnicate"), 2, "invalid choice"),
    (("batches", "update", "1", "no-equals-sign"), 1, "FIELD=VALUE"),
    (("intake", "/nonexistent/file.json"), 1, "cannot read"),
    (("aggregate", "--batch", "1"), 1, "at least one code"),
])
def test_errors_are_one_line_with_a_reason(cli, args, expect, fragment):
    done = cli(*args, expect=expect)
    assert fragment in done.stderr
    assert done.stderr.count("\n") == 1 and done.stdout == ""


@pytest.mark.parametrize(("content", "fragment"), [
    (b"", "is empty"),
    (b"[{\"a\": 1,}]", "not valid JSON: Expecting property name"),
    ("[{\"НомерПартии\": 1}]".encode("cp1251"), "not UTF-8"),
    (b"{\"x\": 1}", "does not hold a JSON array"),
    (b"[]", "empty array"),
])
def test_bad_intake_files_are_refused_with_the_reason(cli, tmp_path, content, fragment):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    done = cli("intake", str(path), expect=1)
    assert fragment in done.stderr


def test_rejected_items_are_data_not_an_error(cli, tmp_path):
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([{"НомерПартии": "x"}]), encoding="utf-8")
    result = as_json(cli("intake", str(path), "--json"))
    assert result["created"] == 0 and result["rejected"][0]["index"] == 0


def test_the_database_being_unreachable_is_exit_3(cli, tmp_path):
    done = cli("batches", "list", "--database-url",
               f"postgresql://postgres@/nowhere?host={tmp_path}", expect=3, use_db=False)
    assert "unreachable" in done.stderr


def test_demo_then_list_on_the_embedded_default_with_no_settings(tmp_path: Path):
    """`mesdesk demo` then `mesdesk batches list --json` with nothing configured."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MESDESK_")}
    env.update(MESDESK_DATA_DIR=str(tmp_path / "data"),
               MESDESK_CONFIG_DIR=str(tmp_path / "config"))

    def run(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "mesdesk.cli", *args], capture_output=True,
                              text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        return done

    first = run("demo", "--batches", "40", "--json")      # the first start: run as admin
    demo = json.loads(first.stdout)
    assert demo["batches"] == 40 and demo["aggregated"] > 0
    assert "first start: made the administrator 'admin'" in first.stderr
    env["MESDESK_USER"] = "admin"
    listing = json.loads(run("batches", "list", "--json", "--limit", "100").stdout)
    assert len(listing["items"]) == 40
    assert any(item["is_closed"] for item in listing["items"])
    assert any(0 < item["products_aggregated"] for item in listing["items"])
    status = json.loads(run("db", "status", "--json").stdout)
    assert status["mode"] == "embedded" and status["up_to_date"] is True
