"""Exports to .csv (SPEC §7): the bytes Russian Excel opens right (BOM, ``;``), formulas
neutralised, codes with their GS, and the file read back as the import reads it."""

from __future__ import annotations

import csv
import io
from datetime import date


from mesdesk.domain.codes import GS
from mesdesk.domain.export_sheets import restored
from mesdesk.domain.sheet_columns import BATCH_EXPORT_COLUMNS, PRODUCT_EXPORT_COLUMNS
from mesdesk.services import batches as batch_service
from mesdesk.services.aggregation import bulk_aggregate
from mesdesk.services.dto import BatchFilter
from mesdesk.services.exports import export_batches, export_products
from tests.support.factories import create_batch, marking_code

FORMULA = '=HYPERLINK("http://x","y")'
BOM = b"\xef\xbb\xbf"


def read_back(path) -> list[dict[str, str]]:
    """The file as the import reads a CSV: UTF-8 with its BOM, ``;``, quotes undone."""
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return [dict(zip(rows[0], (restored(value) for value in row))) for row in rows[1:]]


def test_batches_csv_is_what_russian_excel_opens_and_no_formula(uow_factory, store, writer,
                                                                tz):
    closed = create_batch(uow_factory, tz, 1001, date(2024, 1, 30),
                          codes=[marking_code(i) for i in range(3)],
                          **{"Номенклатура": FORMULA, "Бригада": "+79991234567",
                             "ПредставлениеЗаданияНаСмену": "строка 1\nстрока 2; «кавычки»"})
    bulk_aggregate(uow_factory, closed, [marking_code(0)], by="Линия-1")
    batch_service.close_batch(uow_factory, closed, tz)
    create_batch(uow_factory, tz, 1002, date(2024, 1, 31), **{"Бригада": "-"})

    result = export_batches(uow_factory, store, writer,
                            BatchFilter(sort="batch_number", descending=False), "csv", tz)

    assert result.rows == 2 and result.object.endswith(".csv")
    raw = result.path.read_bytes()
    assert raw.startswith(BOM)
    header_line = raw[len(BOM):].split(b"\r\n")[0].decode("utf-8")
    assert header_line == ";".join(BATCH_EXPORT_COLUMNS.values())
    text = raw.decode("utf-8-sig")
    # Neutralised: the quote goes first, then CSV's own quoting of the inner quotes.
    assert '\'=HYPERLINK(""http://x"",""y"")' in text
    assert ";'+79991234567;" in text and ";'-;" in text
    assert "=HYPERLINK" not in text.replace("'=HYPERLINK", "")

    first, second = read_back(result.path)
    assert first["Номенклатура"] == FORMULA
    assert first["Бригада"] == "+79991234567" and second["Бригада"] == "-"
    assert first["ПредставлениеЗаданияНаСмену"] == "строка 1\nстрока 2; «кавычки»"
    assert first["НомерПартии"] == "1001" and first["ДатаПартии"] == "2024-01-30"
    assert first["ДатаВремяНачалаСмены"] == "2024-01-30 08:00:00"
    assert first["ДатаВремяОкончанияСмены"] == "2024-01-30 20:00:00"
    assert first["СтатусЗакрытия"] == "true" and second["СтатусЗакрытия"] == "false"
    assert first["ПроцентАгрегации"] == "33,3" and second["ПроцентАгрегации"] == "0,0"
    assert len(first["ДатаВремяЗакрытия"]) == 19 and second["ДатаВремяЗакрытия"] == ""
    assert first["РабочийЦентр"] == "Цех №1"


def test_product_codes_keep_their_raw_gs_in_csv(uow_factory, store, writer, tz):
    codes = [marking_code(i) for i in range(3)] + [FORMULA, "'=quoted", "@cmd"]
    batch_id = create_batch(uow_factory, tz, codes=codes)
    bulk_aggregate(uow_factory, batch_id, codes[:1], by="Линия-1 / Иванова")

    result = export_products(uow_factory, store, writer, "csv", tz, batch_ids=[batch_id])

    raw = result.path.read_bytes()
    assert raw.count(GS.encode()) == 6 and b"_x001D_" not in raw
    header = raw[len(BOM):].split(b"\r\n")[0].decode()
    assert header == ";".join(PRODUCT_EXPORT_COLUMNS.values())
    rows = read_back(result.path)
    assert [row["УникальныйКодПродукта"] for row in rows] == codes
    assert "''=quoted" in raw.decode("utf-8-sig")          # one more quote: reversible
    assert rows[0]["Агрегирован"] == "true" and rows[1]["Агрегирован"] == "false"
    assert rows[0]["КемАгрегирован"] == "Линия-1 / Иванова" and rows[1]["КемАгрегирован"] == ""
    assert rows[1]["ДатаВремяАгрегации"] == ""
    assert {row["НомерПартии"] for row in rows} == {"1001"}


def test_nothing_listed_is_a_header_only_csv(uow_factory, store, writer, tz):
    result = export_batches(uow_factory, store, writer, BatchFilter(), "csv", tz)
    assert result.rows == 0
    assert result.path.read_bytes() == BOM + (";".join(BATCH_EXPORT_COLUMNS.values())
                                              + "\r\n").encode()
