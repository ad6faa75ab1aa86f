"""Batch reports in tests: batches with aggregations at known hours, big batches seeded
set-based, and reading the files back as a user's tools would (Excel cells, PDF text, pages
as images)."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import text

from mesdesk.adapters.storage import LocalFileStore
from tests.support.factories import create_batch, gtin, identity_of, marking_code

MILK = "Молоко 3,2 % 1 л"
FORMULA = '=HYPERLINK("http://x","y")'
DAY = date(2024, 1, 30)
OPERATOR = "Линия 1 / Иванов"

#: When the milk batch's products were aggregated, on the production clock of its day (the
#: shift is 08:00–20:00): one before the shift, two at 8, one at 10, one at 19, one after.
AGGREGATED_AT = ((7, 30), (8, 15), (8, 45), (10, 5), (19, 59), (21, 10))


def milk_batch(uow_factory, tz, *, products: int = 10, number: int = 1001) -> int:
    """A batch of ``products`` marking codes (with GS), nomenclature ``MILK``, formula-looking
    text in its task and team, the first six aggregated at ``AGGREGATED_AT``."""
    codes = [marking_code(i) for i in range(products)]
    batch_id = create_batch(uow_factory, tz, number=number, day=DAY, codes=codes,
                            Номенклатура=MILK, ПредставлениеЗаданияНаСмену=FORMULA,
                            Бригада="@бригада", КодЕКН="+7-EKN")
    aggregate_at(uow_factory, batch_id, [
        (identity_of(code), datetime(2024, 1, 30, hour, minute, tzinfo=tz))
        for code, (hour, minute) in zip(codes, AGGREGATED_AT)])
    return batch_id


def aggregate_at(uow_factory, batch_id: int, moments: list[tuple[str, datetime]]) -> None:
    with uow_factory() as uow:
        uow.products.backfill_aggregated([(identity, batch_id, at) for identity, at in moments],
                                         by=OPERATOR)
        uow.commit()


def seed_products(engine, batch_id: int, count: int, *, first: int = 0,
                  aggregated_from: datetime | None = None, every: int = 2) -> None:
    """``count`` GS1 codes (with a GS tail) in one statement; with ``aggregated_from`` every
    ``every``-th is aggregated, a minute apart from it. Counters follow."""
    with engine.begin() as connection:
        connection.execute(text("""
            INSERT INTO products (unique_code, identity, batch_id, is_aggregated,
                                  aggregated_at, aggregated_by)
            SELECT c || chr(29) || '91EE10' || chr(29) || '92' || repeat('A', 44), c, :batch_id,
                   agg, CASE WHEN agg THEN CAST(:start AS timestamptz)
                                           + (n - CAST(:first AS bigint)) * interval '1 minute' END,
                   CASE WHEN agg THEN 'bench / оператор' END
              FROM (SELECT n, '01' || :gtin || '21' || lpad(n::text, 13, '0') AS c,
                           (CAST(:start AS timestamptz) IS NOT NULL
                            AND (n - CAST(:first AS bigint)) % :every = 0) AS agg
                      FROM generate_series(CAST(:first AS bigint),
                                           CAST(:first AS bigint) + :count - 1) AS n) codes
        """), {"batch_id": batch_id, "gtin": gtin(7), "first": first, "count": count,
               "start": aggregated_from, "every": every})
        connection.execute(text("""
            UPDATE batches SET products_total = counted.total,
                               products_aggregated = counted.aggregated
              FROM (SELECT count(*) AS total, count(*) FILTER (WHERE is_aggregated) AS aggregated
                      FROM products WHERE batch_id = :batch_id) counted
             WHERE id = :batch_id"""), {"batch_id": batch_id})


def empty_batch(uow_factory, tz, number: int = 2002) -> int:
    return create_batch(uow_factory, tz, number=number, day=DAY)


def store(tmp_path: Path) -> LocalFileStore:
    return LocalFileStore(tmp_path / "files")


# -- reading the files back --------------------------------------------------------------------

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def excel_text(value: str) -> str:
    """A cell's text as Excel shows it: OOXML's ``_xHHHH_`` escapes decoded (openpyxl leaves
    them as they are in the file)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def render_page(pdf: Path, png: Path, *, page: int = 0, scale: float = 2.0):
    """A page of ``pdf`` as an image (pypdfium2: PDFium, Chrome's renderer), saved as ``png``;
    returns the PIL image."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[page].render(scale=scale).to_pil()
    finally:
        document.close()
    png.parent.mkdir(parents=True, exist_ok=True)
    image.save(png)
    return image


def ink_outside(image, margin_mm: float, scale: float = 2.0) -> int:
    """How many non-white pixels lie within ``margin_mm`` of the page's edges (text that ran
    off its block would)."""
    edge = round(margin_mm / 25.4 * 72 * scale)
    gray = image.convert("L")
    width, height = gray.size
    boxes = [(0, 0, width, edge), (0, height - edge, width, height),
             (0, 0, edge, height), (width - edge, 0, width, height)]
    return sum(sum(gray.crop(box).histogram()[:200]) for box in boxes)


def inked(image, darker_than: int = 128) -> int:
    """How many pixels of the page are drawn (darker than ``darker_than`` of 255)."""
    return sum(image.convert("L").histogram()[:darker_than])




def make(uow_factory, tmp_path: Path, batch_id: int, fmt: str, tz, *, language: str = "ru",
         renderers=None, job=None):
    """``make_report`` with the real renderers and a local store under ``tmp_path``."""
    from mesdesk.adapters.reports import report_renderers
    from mesdesk.services.reports import make_report

    return make_report(uow_factory, store(tmp_path), renderers or report_renderers(),
                       batch_id, fmt, tz, language=language, job=job)
