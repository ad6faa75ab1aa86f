"""`mesdesk analytics …` as a user runs it: real processes over a real database."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.support.cli import cli_runner
from tests.support.db import scalar
from tests.support.factories import create_batch, marking_code
from mesdesk.services.aggregation import aggregate_scan


@pytest.fixture
def cli(engine, migrated_url, tmp_path):
    return cli_runner(migrated_url, tmp_path / "config", tmp_path / "data",
                      MESDESK_STATION="cli-station", MESDESK_LANGUAGE="en")


@pytest.fixture
def two_batches(uow_factory, tz):
    first = create_batch(uow_factory, tz, number=1, day=date(2026, 11, 2),
                         codes=[marking_code(i) for i in range(4)])
    second = create_batch(uow_factory, tz, number=2, day=date(2026, 11, 3),
                          codes=[marking_code(10 + i) for i in range(6)],
                          **{"ИдентификаторРЦ": "RC-002", "Смена": "2 смена"})
    for i in range(3):
        aggregate_scan(uow_factory, first, marking_code(i), by="cli-test")
    return first, second


def test_dashboard_json_has_the_names_of_the_spec(cli, two_batches):
    document = json.loads(cli("analytics", "dashboard", "--json").stdout)
    assert set(document) >= {"summary", "today", "by_shift", "top_work_centers", "per_hour"}
    assert document["summary"] == {"total_batches": 2, "active_batches": 2,
                                   "closed_batches": 0, "total_products": 10,
                                   "aggregated_products": 3, "aggregation_rate": 30.0}
    assert document["today"]["products_aggregated"] == 3
    assert sum(h["products_aggregated"] for h in document["per_hour"]) == 3
    assert [w["work_center"] for w in document["top_work_centers"]] == ["RC-001", "RC-002"]

    narrowed = json.loads(cli("analytics", "dashboard", "--date-from", "2026-11-03",
                              "--work-center", "RC-002", "--json").stdout)
    assert narrowed["summary"]["total_batches"] == 1
    assert [s["shift"] for s in narrowed["by_shift"]] == ["2 смена"]


def test_dashboard_as_text_and_its_refusals(cli, two_batches):
    text = cli("analytics", "dashboard").stdout
    assert "batches 2 (open 2, closed 0)" in text and "RC-001" in text
    refused = cli("analytics", "dashboard", "--work-center", "NOPE", expect=1)
    assert refused.stderr.strip() == "mesdesk: work center NOPE does not exist"
    reversed_range = cli("analytics", "dashboard", "--date-from", "2026-12-02",
                         "--date-to", "2026-12-01", expect=1)
    assert "ends (2026-12-01) before it starts (2026-12-02)" in reversed_range.stderr
    cli("analytics", "dashboard", "--date-from", "2026-13-01", expect=2)


def test_batch_and_compare(cli, two_batches, engine):
    first, second = two_batches
    batch = json.loads(cli("analytics", "batch", str(first), "--json").stdout)
    assert batch["statistics"]["aggregated"] == 3 and batch["statistics"]["total_products"] == 4
    assert batch["team_performance"]["teams"][0]["products_aggregated"] == 3
    compared = json.loads(cli("analytics", "compare", str(first), str(second), "--json").stdout)
    assert [b["id"] for b in compared["batches"]] == [first, second]
    assert compared["average"]["total_products"] == 5.0
    assert compared["average"]["overall_aggregation_rate"] == 30.0
    text = cli("analytics", "compare", str(first), str(second)).stdout
    assert text.splitlines()[-1].lstrip().startswith("average")
    one = cli("analytics", "compare", str(first), expect=1)
    assert "choose 2 to 50 batches to compare, not 1" in one.stderr
    missing = cli("analytics", "batch", "999999", "--json", expect=1)
    assert json.loads(missing.stdout)["error"]["code"] == "batch.not_found"
    assert scalar(engine, "SELECT count(*) FROM batches") == 2     # reading changed nothing


def test_each_view_to_an_excel_workbook(cli, two_batches, engine, tmp_path):
    import openpyxl

    first, second = two_batches
    out = tmp_path / "dashboard.xlsx"
    done = json.loads(cli("analytics", "dashboard", "--work-center", "RC-001", "-o", str(out),
                          "--json").stdout)
    assert done["path"] == str(out) and done["object"].startswith("dashboard_export_")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "By shift", "Work centers", "Per hour", "Per day",
                               "Parameters"]
    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Total batches"] == 1 and summary["Aggregated"] == 3
    parameters = dict(book["Parameters"].iter_rows(min_row=2, values_only=True))
    assert parameters["Станция (station)"] == "cli-station"
    assert parameters["ИдентификаторРЦ (work_center)"] == "RC-001"
    assert scalar(engine, "SELECT kind || ' ' || status FROM jobs ORDER BY id DESC LIMIT 1") \
        == "export_dashboard succeeded"

    text = cli("analytics", "batch", str(first), "-o", str(tmp_path / "batch.xlsx")).stdout
    assert "rows written to" in text
    assert openpyxl.load_workbook(tmp_path / "batch.xlsx").sheetnames[0] == "Statistics"
    cli("analytics", "compare", str(first), str(second), "-o", str(tmp_path / "cmp.xlsx"))
    rows = list(openpyxl.load_workbook(tmp_path / "cmp.xlsx")["Batches"].iter_rows(
        min_row=2, values_only=True))
    assert [row[0] for row in rows] == [first, second, "Average", "Total"]

    refused = cli("analytics", "compare", str(first), "-o", str(tmp_path / "one.xlsx"),
                  expect=1)
    assert "not 1" in refused.stderr and not (tmp_path / "one.xlsx").exists()
    csv = cli("analytics", "dashboard", "-o", str(tmp_path / "d.csv"), expect=1)
    assert csv.stderr.strip() == "mesdesk: field 'output': a report is made as xlsx, not as csv"
