"""How an import stores what it read: big files in chunks behind the reading, events written
by SQL that read exactly like those written through the unit of work, one transaction."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mesdesk.domain import events
from mesdesk.services.imports import ImportLimits
from tests.support.db import audit, outbox, scalar
from tests.support.sheets import batch_row, batches_csv


def many(count: int, first: int = 1) -> list[dict]:
    day = date(2024, 1, 1)
    return [batch_row(first + i, day + timedelta(days=i % 300), ИдентификаторРЦ=f"RC-{i % 7}")
            for i in range(count)]


@pytest.mark.parametrize("count", [3, 1500])     # arrays of a few rows; COPY of many
def test_batch_created_written_by_sql_reads_as_the_unit_of_work_writes_it(run, engine,
                                                                         uow_factory, tmp_path,
                                                                         count):
    result = run(batches_csv(tmp_path / "b.csv", many(count)))
    assert result.created == count
    written = outbox(engine, "batch_created")
    assert [event["batch_number"] for event in written] == list(range(1, count + 1))
    with uow_factory() as uow:
        for event in (written[0], written[-1]):
            batch = uow.batches.get(event["id"])
            expected = {"type": "batch_created",
                        **events.batch_created(batch.as_dict()).payload()}
            assert event == expected
    rows = audit(engine)
    assert len(rows) == count and rows[0]["action"] == "create_from_import"
    assert rows[0]["changes"] == {"batch_number": 1, "batch_date": "2024-01-01"}
    assert (rows[0]["actor"], rows[0]["station"]) == ("tester", "test-station")


def test_a_file_refused_after_some_rows_were_stored_behind_stores_none_of_them(run, engine,
                                                                              tmp_path, store):
    path = batches_csv(tmp_path / "big.csv", many(25_001))
    with pytest.raises(Exception) as refused:
        run(path, limits=ImportLimits(max_rows=25_000))
    assert refused.value.code == "import.too_many_rows"
    assert refused.value.params["limit"] == 25_000
    assert scalar(engine, "SELECT count(*) FROM batches") == 0
    assert outbox(engine) == [] and audit(engine) == [] and store.list("imports") == []


def test_more_rows_than_a_chunk_are_all_stored_once_with_duplicates_across_chunks(run, engine,
                                                                                 tmp_path):
    rows = many(12_000) + [batch_row(5, date(2024, 1, 5), ИдентификаторРЦ="RC-4")]
    result = run(batches_csv(tmp_path / "b.csv", rows))
    assert (result.total_rows, result.created, result.rejected) == (12_001, 12_000, 1)
    [error] = result.errors
    assert (error.row, error.problem.params["first_row"]) == (12_002, 6)
    assert scalar(engine, "SELECT count(*) FROM batches") == 12_000
    again = run(batches_csv(tmp_path / "c.csv", many(12_000)))
    assert (again.created, again.skipped, again.errors_total, len(again.errors)) == \
        (0, 12_000, 12_000, 1000)
