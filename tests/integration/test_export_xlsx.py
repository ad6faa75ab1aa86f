"""Exports to .xlsx (SPEC §7), read back as a supervisor's Excel would: openpyxl for the cell
facts (types, styles, pane, filter, widths, the Parameters sheet), python-calamine for the
values an import reads (GS in codes)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from mesdesk.adapters.sheets.write_export import ExportWriter
from mesdesk.domain.codes import GS
from mesdesk.domain.sheet_columns import BATCH_EXPORT_COLUMNS, PRODUCT_EXPORT_COLUMNS
from mesdesk.services import batches as batch_service
from mesdesk.services.aggregation import bulk_aggregate
from mesdesk.services.dto import BatchFilter
from mesdesk.services.exports import export_batches, export_products
from tests.support.factories import create_batch, marking_code

FORMULA = '=HYPERLINK("http://x","y")'
WHO = {"station": "Линия-1", "user": "Иванова А. А.", "app_version": "0.1.0"}


def headers(sheet) -> list:
    return [cell.value for cell in sheet[1]]


def column(sheet, header: str) -> list:
    index = headers(sheet).index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def parameters_of(book) -> dict:
    sheet = book["Parameters"]
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_batches_export_keeps_types_styles_and_the_view_filter(uow_factory, store, writer, tz):
    closed = create_batch(uow_factory, tz, 1001, date(2024, 1, 30), **{"Номенклатура": FORMULA},
                          codes=[marking_code(i) for i in range(3)])
    bulk_aggregate(uow_factory, closed, [marking_code(0)], by="Линия-1 / Иванова")
    batch_service.close_batch(uow_factory, closed, tz)
    create_batch(uow_factory, tz, 1002, date(2024, 1, 31), **{
        "ПредставлениеЗаданияНаСмену": "-5 % брака: +проверка @ОТК", "Бригада": "Бригада №2"})
    create_batch(uow_factory, tz, 2001, date(2024, 2, 1), **{"ИдентификаторРЦ": "RC-XYZ"})

    result = export_batches(uow_factory, store, writer,
                            BatchFilter(work_center="RC-001", sort="batch_number",
                                        descending=False),
                            "xlsx", tz, parameters=WHO)

    assert result.rows == 2 and result.bucket == "exports"
    assert result.object.startswith("batches_export_") and result.object.endswith(".xlsx")
    assert result.path == store.root / "exports" / result.object
    assert result.bytes == result.path.stat().st_size
    assert result.file_url == result.path.resolve().as_uri()
    assert list((store.root / ".staging").iterdir()) == []

    book = openpyxl.load_workbook(result.path)
    assert book.sheetnames == ["Batches", "Parameters"]
    sheet = book["Batches"]
    assert headers(sheet) == list(BATCH_EXPORT_COLUMNS.values())
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:S3"
    for letter in "ABCDEFGHIJKLMNOPQRS":
        assert 8 <= sheet.column_dimensions[letter].width <= 62, letter

    first, second = (dict(zip(headers(sheet), row))
                     for row in sheet.iter_rows(min_row=2, values_only=True))
    assert first["НомерПартии"] == 1001 and second["НомерПартии"] == 1002
    assert first["СтатусЗакрытия"] is True and second["СтатусЗакрытия"] is False
    assert first["ДатаПартии"] == datetime(2024, 1, 30)
    # 1C's naive times are production time; the file shows them as they were given.
    assert first["ДатаВремяНачалаСмены"] == datetime(2024, 1, 30, 8, 0)
    assert first["ДатаВремяОкончанияСмены"] == datetime(2024, 1, 30, 20, 0)
    assert first["ВсегоПродуктов"] == 3 and first["Агрегировано"] == 1
    assert first["ПроцентАгрегации"] == pytest.approx(33.3)
    assert isinstance(first["ДатаВремяЗакрытия"], datetime)
    assert second["ДатаВремяЗакрытия"] is None
    assert first["Номенклатура"] == FORMULA
    assert second["ПредставлениеЗаданияНаСмену"] == "-5 % брака: +проверка @ОТК"
    assert first["РабочийЦентр"] == "Цех №1" and second["Бригада"] == "Бригада №2"
    assert first["ИдентификаторРЦ"] == "RC-001"

    row = 2
    cells = {header: sheet.cell(row, index + 1) for index, header in enumerate(headers(sheet))}
    assert cells["Номенклатура"].data_type == "s"         # a string, never a formula
    assert cells["КодЕКН"].data_type == "s" and cells["НомерПартии"].data_type == "n"
    assert cells["ДатаПартии"].is_date and cells["ДатаПартии"].number_format == "dd.mm.yyyy"
    assert cells["ДатаВремяНачалаСмены"].number_format == "dd.mm.yyyy hh:mm:ss"
    assert cells["СтатусЗакрытия"].data_type == "b"

    shown = parameters_of(book)
    assert shown["Выгрузка (export)"] == "batches" and shown["Формат (format)"] == "xlsx"
    assert shown["ИдентификаторРЦ (work_center)"] == "RC-001"
    assert shown["Сортировка (sort)"] == "batch_number asc"
    assert shown["Станция (station)"] == "Линия-1"
    assert shown["Пользователь (user)"] == "Иванова А. А."
    assert shown["Версия MESDesk (app_version)"] == "0.1.0"
    assert shown["Часовой пояс (timezone)"] == "Asia/Yekaterinburg"
    assert shown["Строк (rows)"] == 2
    exported_at = shown["Время выгрузки (exported_at)"]
    assert isinstance(exported_at, datetime)
    assert abs(exported_at - datetime.now(tz).replace(tzinfo=None)) < timedelta(minutes=5)


def test_times_are_those_of_the_production_zone(uow_factory, store, writer, tz):
    create_batch(uow_factory, tz, 1001, date(2024, 1, 30))
    moscow = ZoneInfo("Europe/Moscow")          # two hours behind Yekaterinburg
    result = export_batches(uow_factory, store, writer, BatchFilter(), "xlsx", moscow)
    sheet = openpyxl.load_workbook(result.path)["Batches"]
    assert column(sheet, "ДатаВремяНачалаСмены") == [datetime(2024, 1, 30, 6, 0)]
    assert parameters_of(openpyxl.load_workbook(result.path))[
        "Часовой пояс (timezone)"] == "Europe/Moscow"


def test_product_codes_are_text_and_gs_comes_back_exactly(uow_factory, store, writer, tz):
    codes = [marking_code(i) for i in range(4)] + [FORMULA, "-00123", "ABC_x0041_DEF",
                                                   "4601234567890"]
    batch_id = create_batch(uow_factory, tz, codes=codes)
    bulk_aggregate(uow_factory, batch_id, codes[:2], by="Линия-1 / Иванова")

    result = export_products(uow_factory, store, writer, "xlsx", tz, batch_ids=[batch_id],
                             parameters=WHO)

    assert result.rows == len(codes) and result.object.startswith("products_export_")
    sheet = openpyxl.load_workbook(result.path)["Products"]
    assert headers(sheet) == list(PRODUCT_EXPORT_COLUMNS.values())
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:F{len(codes) + 1}"
    for row in range(2, len(codes) + 2):
        assert sheet.cell(row, 1).data_type == "s"
    assert sheet.cell(9, 1).value == "4601234567890"       # digits stay text, all 13
    assert sheet.cell(6, 1).value == FORMULA and sheet.cell(6, 1).data_type == "s"
    # openpyxl shows Excel's escape as it is stored; an import reads with calamine.
    assert sheet.cell(2, 1).value == codes[0].replace(GS, "_x001D_")
    assert column(sheet, "Агрегирован") == [True, True] + [False] * 6
    assert column(sheet, "КемАгрегирован")[:2] == ["Линия-1 / Иванова"] * 2
    assert isinstance(column(sheet, "ДатаВремяАгрегации")[0], datetime)
    assert column(sheet, "ДатаВремяАгрегации")[2:] == [None] * 6
    assert column(sheet, "НомерПартии") == [1001] * 8
    assert column(sheet, "ДатаПартии") == [datetime(2024, 1, 30)] * 8

    rows = CalamineWorkbook.from_path(str(result.path)).get_sheet_by_name("Products").to_python()
    assert [row[0] for row in rows[1:]] == codes
    assert rows[1][0].count(GS) == 2


def test_a_full_sheet_goes_on_in_the_next_with_the_same_header(uow_factory, store, tz):
    for number in range(1, 8):
        create_batch(uow_factory, tz, number, date(2024, 1, 30))
    writer = ExportWriter(row_limit=4)          # the header and three rows a sheet

    result = export_batches(uow_factory, store, writer,
                            BatchFilter(sort="batch_number", descending=False), "xlsx", tz)

    assert result.rows == 7
    book = openpyxl.load_workbook(result.path)
    assert book.sheetnames == ["Batches", "Batches (2)", "Batches (3)", "Parameters"]
    numbers = []
    for name, count in (("Batches", 3), ("Batches (2)", 3), ("Batches (3)", 1)):
        sheet = book[name]
        assert headers(sheet) == list(BATCH_EXPORT_COLUMNS.values())
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:S{count + 1}"
        assert sheet.column_dimensions["K"].width >= 8
        numbers += column(sheet, "НомерПартии")
    assert numbers == list(range(1, 8))
    assert parameters_of(book)["Строк (rows)"] == 7


def test_a_sheet_filled_exactly_has_no_empty_follower(uow_factory, store, tz):
    for number in range(1, 7):
        create_batch(uow_factory, tz, number, date(2024, 1, 30))
    result = export_batches(uow_factory, store, ExportWriter(row_limit=4), BatchFilter(),
                            "xlsx", tz)
    assert openpyxl.load_workbook(result.path).sheetnames == ["Batches", "Batches (2)",
                                                              "Parameters"]


def test_nothing_listed_is_a_header_only_workbook(uow_factory, store, writer, tz):
    create_batch(uow_factory, tz)
    result = export_batches(uow_factory, store, writer, BatchFilter(team="Нет такой"), "xlsx",
                            tz)
    assert result.rows == 0
    book = openpyxl.load_workbook(result.path)
    sheet = book["Batches"]
    assert sheet.max_row == 1 and headers(sheet) == list(BATCH_EXPORT_COLUMNS.values())
    assert sheet.auto_filter.ref == "A1:S1" and sheet.freeze_panes == "A2"
    assert parameters_of(book)["Строк (rows)"] == 0
    assert parameters_of(book)["Бригада (team)"] == "Нет такой"


def test_markup_and_escapes_in_text_stay_text(uow_factory, store, writer, tz):
    tricky = {"Номенклатура": "<r><t>жирный</t></r>",
              "ПредставлениеЗаданияНаСмену": "  пробелы & <теги> _x0041_ ",
              "Бригада": "@SUM(A1:A9)"}
    create_batch(uow_factory, tz, **tricky)
    result = export_batches(uow_factory, store, writer, BatchFilter(), "xlsx", tz)
    sheet = openpyxl.load_workbook(result.path)["Batches"]
    row = dict(zip(headers(sheet), next(sheet.iter_rows(min_row=2, values_only=True))))
    assert row["Номенклатура"] == "<r><t>жирный</t></r>"
    assert row["Бригада"] == "@SUM(A1:A9)"
    calamine = CalamineWorkbook.from_path(str(result.path)).get_sheet_by_name("Batches")
    header, values = calamine.to_python()[:2]
    read = dict(zip(header, values))
    # The intake strips the ends of texts; the file keeps them as stored.
    assert read["ПредставлениеЗаданияНаСмену"] == "пробелы & <теги> _x0041_"
    assert read["Номенклатура"] == "<r><t>жирный</t></r>"
