"""Import benchmark (issue 11): a 100,000-row batches .xlsx imported in <= 10 s.

The file is written by XlsxWriter as an export would write it (dates as date cells, the 1C
keys as headers); the timed part is the whole use case as a job runs it: size check, copy,
reading with python-calamine, every row checked, the batches with their events and audit
rows stored in one transaction, the copy kept in the imports bucket.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest
import xlsxwriter

from mesdesk.adapters.db.engine import make_engine
from mesdesk.adapters.db.uow import SqlUnitOfWorkFactory
from mesdesk.adapters.sheets import SheetFileReader
from mesdesk.adapters.storage import LocalFileStore
from mesdesk.services.imports import ImportLimits, import_file
from tests.support.sheets import HEADERS

ROWS = 100_000
GOAL_S = 10


@pytest.fixture(scope="module")
def bench_db(postgres):
    from mesdesk.adapters.db.migrate import upgrade

    url = postgres.create_database("mesdesk_bench_import")
    engine = make_engine(url, pool_size=4)
    upgrade(engine)
    yield engine
    engine.dispose()


def write_batches(path, rows: int):
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Batches")
    day_format = book.add_format({"num_format": "dd.mm.yyyy"})
    time_format = book.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    sheet.write_row(0, 0, HEADERS)
    first = date(2020, 1, 1)
    for i in range(rows):
        r = i + 1
        day = first + timedelta(days=i % 3000)
        start = datetime.combine(day, datetime.min.time()).replace(hour=8)
        sheet.write_boolean(r, 0, False)
        sheet.write_string(r, 1, f"Задание на смену {i}")
        sheet.write_string(r, 2, f"Цех №{i % 40}")
        sheet.write_string(r, 3, "1 смена")
        sheet.write_string(r, 4, "Бригада Иванова")
        sheet.write_number(r, 5, 100_000 + i)
        sheet.write_datetime(r, 6, day, day_format)
        sheet.write_string(r, 7, "Болт М10х50 оцинкованный")
        sheet.write_string(r, 8, f"EKN-{i % 997:05d}")
        sheet.write_string(r, 9, f"RC-{i % 40:03d}")
        sheet.write_datetime(r, 10, start, time_format)
        sheet.write_datetime(r, 11, start + timedelta(hours=12), time_format)
    book.close()
    return path


def test_import_of_a_100000_row_xlsx(bench_db, tmp_path, record):
    from zoneinfo import ZoneInfo

    path = write_batches(tmp_path / "batches.xlsx", ROWS)
    factory = SqlUnitOfWorkFactory(bench_db, station="bench")
    store = LocalFileStore(tmp_path / "files")
    started = time.perf_counter()
    result = import_file(factory, store, SheetFileReader(), path, ZoneInfo("Europe/Moscow"),
                         limits=ImportLimits(max_file_mb=50, max_rows=ROWS))
    elapsed = time.perf_counter() - started
    assert (result.total_rows, result.created, result.errors_total) == (ROWS, ROWS, 0)
    assert result.stored is not None and result.stored.size == path.stat().st_size
    record("import_100000_rows_xlsx", import_s=round(elapsed, 2), rows=ROWS,
           file_mb=round(path.stat().st_size / 2**20, 1), goal_s=GOAL_S)
    assert elapsed <= GOAL_S
