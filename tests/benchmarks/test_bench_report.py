"""Batch reports of a 100,000-product batch (`make bench` only).

Goals (issue 11, "Benchmarks"): the Excel report <= 10 s, the PDF report <= 10 s, each made
the whole way a user's report is — read in short transactions, written, stored, announced.
The batch is seeded set-based with generate_series: GS1 codes with their GS tail, 70 %
aggregated, spread over the 12 hours of the shift.
"""

from __future__ import annotations

import resource
import time
from datetime import date
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import text

from mesdesk.adapters.db.engine import make_engine
from mesdesk.adapters.db.uow import SqlUnitOfWorkFactory
from mesdesk.adapters.reports import report_renderers
from mesdesk.adapters.storage import LocalFileStore
from mesdesk.services.intake import intake_batches
from mesdesk.services.reports import make_report
from tests.support.factories import batch_item, gtin
from tests.support.reports import pdf_pages, pdf_text

PRODUCTS = 100_000
TZ = ZoneInfo("Europe/Moscow")
DAY = date(2024, 3, 1)

SEED = text("""
    INSERT INTO products (unique_code, identity, batch_id, is_aggregated, aggregated_at,
                          aggregated_by)
    SELECT c || chr(29) || '91EE10' || chr(29) || '92' || md5(n::text) || 'abcdefghijkl',
           c, :batch_id, n % 10 < 7,
           CASE WHEN n % 10 < 7 THEN CAST(:start AS timestamptz) + (n % 43200) * interval '1 s'
           END,
           CASE WHEN n % 10 < 7 THEN 'Линия ' || (n % 4 + 1) || ' / оператор' END
      FROM (SELECT n, '01' || :gtin || '21' || lpad(n::text, 13, '0') AS c
              FROM generate_series(1, :count) AS n) codes;
    UPDATE batches SET products_total = :count,
                       products_aggregated = (SELECT count(*) FROM products
                                               WHERE batch_id = :batch_id AND is_aggregated)
     WHERE id = :batch_id;
""")


@pytest.fixture(scope="module")
def batch(postgres):
    from mesdesk.adapters.db.migrate import upgrade

    engine = make_engine(postgres.create_database("mesdesk_bench_report"), pool_size=4)
    upgrade(engine)
    factory = SqlUnitOfWorkFactory(engine, station="bench")
    intake_batches(factory, [batch_item(1, DAY, Номенклатура="Молоко 3,2 % 1 л")], TZ)
    with factory() as uow:
        batch_id = uow.batches.find_by_keys([(1, DAY)])[(1, DAY)].id
        start = uow.batches.get(batch_id).shift_start
    with engine.begin() as connection:
        for statement in str(SEED).split(";")[:-1]:
            connection.execute(text(statement), {"batch_id": batch_id, "start": start,
                                                 "gtin": gtin(3), "count": PRODUCTS})
        connection.execute(text("ANALYZE"))
    yield factory, batch_id
    engine.dispose()


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_report_of_a_100000_product_batch(batch, tmp_path, record, fmt):
    factory, batch_id = batch
    store = LocalFileStore(tmp_path / "files")
    renderers = report_renderers()
    renderers[fmt].products_wanted(0)           # the library imported, as after a first report
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = make_report(factory, store, renderers, batch_id, fmt, TZ, language="ru")
    elapsed = time.perf_counter() - started
    peak_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024

    if fmt == "xlsx":
        assert result.rows == PRODUCTS
        sheet = openpyxl.load_workbook(result.path, read_only=True)["Продукты"]
        assert sheet.max_row == PRODUCTS + 1
    else:
        assert result.rows == 200
        assert "первые 200 из 100 000 продуктов" in pdf_text(result.path).replace("\u00a0", " ")
    record(f"report_100000_products_{fmt}", seconds=round(elapsed, 2),
           rows=result.rows, megabytes=round(result.bytes / 1e6, 2),
           pages=pdf_pages(result.path) if fmt == "pdf" else None,
           peak_rss_growth_mb=round(peak_growth_mb, 1), goal_s=10)
    assert elapsed <= 10
