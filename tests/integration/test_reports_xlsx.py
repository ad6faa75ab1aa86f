"""The Excel batch report read back as Excel users meet it: three sheets, typed cells on the
production clock, a frozen and filtered products sheet, formula-looking text kept as text,
GS kept in codes."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from mesdesk.adapters.reports.xlsx import XlsxReportRenderer
from mesdesk.adapters.reports import report_renderers
from mesdesk.domain.codes import GS
from tests.support.factories import create_batch, marking_code
from tests.support.reports import (DAY, FORMULA, MILK, OPERATOR, aggregate_at, empty_batch,
                                   excel_text, make, milk_batch)


def _values(sheet) -> dict[str, object]:
    """Column A's labels -> column B's values."""
    return {row[0].value: row[1].value for row in sheet.iter_rows(max_col=2) if row[0].value}


def _cell(sheet, label: str):
    return next(row[1] for row in sheet.iter_rows(max_col=2) if row[0].value == label)


def test_three_sheets_with_typed_cells_in_the_production_time(uow_factory, tz, tmp_path):
    batch_id = milk_batch(uow_factory, tz)
    result = make(uow_factory, tmp_path, batch_id, "xlsx", tz, language="ru")
    assert result.rows == 10 and result.bucket == "reports"
    assert result.object.startswith(f"batch_{batch_id}_report_") and result.object.endswith(
        ".xlsx")
    assert result.path.is_file() and result.bytes == result.path.stat().st_size
    assert result.file_url == result.path.resolve().as_uri()

    book = openpyxl.load_workbook(result.path)
    assert book.sheetnames == ["Партия", "Статистика", "Продукты"]
    info = _values(book["Партия"])
    assert info["Номер партии"] == 1001 and info["ID партии"] == batch_id
    assert info["Дата партии"] == datetime(2024, 1, 30)
    assert _cell(book["Партия"], "Дата партии").number_format == "dd.mm.yyyy"
    assert info["Номенклатура"] == MILK
    assert info["Начало смены"] == datetime(2024, 1, 30, 8, 0)     # local, not UTC
    assert info["Окончание смены"] == datetime(2024, 1, 30, 20, 0)
    assert info["Состояние"] == "открыта" and info["Часовой пояс"] == "Asia/Yekaterinburg"
    # Formula-looking text is text: a string cell holding the characters as typed.
    task = _cell(book["Партия"], "Задание на смену")
    assert task.value == FORMULA and task.data_type == "s"
    assert info["Бригада"] == "@бригада" and info["Код ЕКН"] == "+7-EKN"

    stats = _values(book["Статистика"])
    assert stats["Всего продуктов"] == 10 and stats["Агрегировано"] == 6
    assert stats["Осталось"] == 4 and stats["Процент агрегации, %"] == 60.0
    assert stats["Длительность смены, ч"] == 12.0
    assert stats["Ожидаемое завершение"] == "не рассчитывается"   # the shift is over


def test_the_statistics_sheet_counts_every_hour_of_the_shift(uow_factory, tz, tmp_path):
    batch_id = milk_batch(uow_factory, tz)
    book = openpyxl.load_workbook(make(uow_factory, tmp_path, batch_id, "xlsx", tz).path)
    rows = [(a.value, b.value, c.value) for a, b, c in
            book["Статистика"].iter_rows(min_row=1, max_col=3)]
    header = rows.index(("Час", "Агрегировано", "Нарастающим итогом"))
    table = rows[header + 1:]
    assert table[0] == ("Агрегировано до 30.01.2024 08:00", 1, 1)
    hours = {when.hour: count for when, count, _ in table[1:-1]}
    assert list(hours) == list(range(8, 20))          # 08:00 … 19:00, zero hours included
    assert hours[8] == 2 and hours[9] == 0 and hours[10] == 1 and hours[19] == 1
    assert sum(hours.values()) == 4
    assert table[-1] == ("Агрегировано после 30.01.2024 20:00", 1, 6)


def test_products_sheet_is_frozen_filtered_and_keeps_gs(uow_factory, tz, tmp_path):
    batch_id = milk_batch(uow_factory, tz)
    result = make(uow_factory, tmp_path, batch_id, "xlsx", tz)
    sheet = openpyxl.load_workbook(result.path)["Продукты"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E11"
    header = [cell.value for cell in sheet[1]]
    assert header == ["№", "Уникальный код", "Состояние", "Время агрегации", "Кем агрегирован"]
    first = [cell.value for cell in sheet[2]]
    assert first[0] == 1
    assert "_x001D_" in first[1]                       # XML cannot hold GS: Excel's escape
    assert excel_text(first[1]) == marking_code(0)
    assert first[2:] == ["агрегирован", datetime(2024, 1, 30, 7, 30), OPERATOR]
    assert sheet.cell(2, 4).number_format == "dd.mm.yyyy hh:mm:ss"
    last = [cell.value for cell in sheet[11]]
    assert last[0] == 10 and last[2:] == ["не агрегирован", None, None]
    assert all(sheet.cell(row, 2).data_type == "s" for row in range(2, 12))
    # What the import reads (python-calamine) gets the codes back with their GS.
    codes = [row[1] for row in CalamineWorkbook.from_path(str(result.path))
             .get_sheet_by_name("Продукты").to_python()[1:]]
    assert codes == [marking_code(i) for i in range(10)] and GS in codes[0]


def test_english_report_with_a_formula_for_a_nomenclature(uow_factory, tz, tmp_path):
    batch_id = create_batch(uow_factory, tz, number=3003, day=DAY, Номенклатура=FORMULA,
                            codes=["=1+1", "@SUM(A1)", "-cmd|'/C'!A0"])
    book = openpyxl.load_workbook(make(uow_factory, tmp_path, batch_id, "xlsx", tz,
                                       language="en").path)
    assert book.sheetnames == ["Batch", "Statistics", "Products"]
    nomenclature = _cell(book["Batch"], "Nomenclature")
    assert nomenclature.value == FORMULA and nomenclature.data_type == "s"
    assert _cell(book["Batch"], "Batch date").number_format == "yyyy-mm-dd"
    products = book["Products"]
    assert [products.cell(row, 2).value for row in (2, 3, 4)] == [
        "=1+1", "@SUM(A1)", "-cmd|'/C'!A0"]
    assert {products.cell(row, 2).data_type for row in (2, 3, 4)} == {"s"}
    assert products.cell(2, 3).value == "not aggregated"


def test_a_batch_without_products(uow_factory, tz, tmp_path):
    batch_id = empty_batch(uow_factory, tz)
    result = make(uow_factory, tmp_path, batch_id, "xlsx", tz, language="en")
    assert result.rows == 0
    book = openpyxl.load_workbook(result.path)
    assert book["Products"].max_row == 1 and book["Products"].auto_filter.ref == "A1:E1"
    stats = _values(book["Statistics"])
    assert stats["Total products"] == 0 and stats["Aggregation rate, %"] == 0.0
    assert stats["Products per hour"] == 0          # the shift is over, nothing aggregated
    assert stats["Estimated completion"] == "cannot be estimated"


def test_an_open_batch_gets_its_estimated_completion(uow_factory, tz, tmp_path):
    now = datetime.now(tz).replace(microsecond=0)
    start = (now - timedelta(hours=2)).replace(tzinfo=None)
    day = now.date()
    codes = [marking_code(100 + i) for i in range(30)]
    batch_id = create_batch(uow_factory, tz, number=4004, day=day, codes=codes,
                            ДатаВремяНачалаСмены=start.isoformat(),
                            ДатаВремяОкончанияСмены=(start + timedelta(hours=12)).isoformat())
    aggregate_at(uow_factory, batch_id, [(code.split(GS)[0], now - timedelta(minutes=m))
                                         for m, code in zip(range(5, 115, 11), codes)])
    stats = _values(openpyxl.load_workbook(
        make(uow_factory, tmp_path, batch_id, "xlsx", tz, language="en").path)["Statistics"])
    assert stats["Aggregated"] == 10 and stats["Remaining"] == 20
    assert 4.9 <= stats["Products per hour"] <= 5.1
    completion = stats["Estimated completion"]
    assert isinstance(completion, datetime)
    # 20 more at 5 an hour: about four hours from now, on the production clock.
    expected = (now + timedelta(hours=4)).replace(tzinfo=None)
    assert abs(completion - expected) < timedelta(minutes=10)


def test_a_products_sheet_past_its_rows_continues_on_the_next(uow_factory, tz, tmp_path):
    batch_id = milk_batch(uow_factory, tz)
    renderers = report_renderers()
    renderers["xlsx"] = XlsxReportRenderer(sheet_rows=5)     # a header and four products
    result = make(uow_factory, tmp_path, batch_id, "xlsx", tz, language="en",
                  renderers=renderers)
    book = openpyxl.load_workbook(result.path)
    assert book.sheetnames == ["Batch", "Statistics", "Products", "Products (2)",
                               "Products (3)"]
    numbers = [cell.value for name in book.sheetnames[2:] for cell in book[name]["A"][1:]]
    assert numbers == list(range(1, 11))
    assert book["Products (2)"].freeze_panes == "A2"
    assert book["Products (3)"].auto_filter.ref == "A1:E3"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_report_date_cells_are_dates(uow_factory, tz, tmp_path, language):
    batch_id = milk_batch(uow_factory, tz)
    book = openpyxl.load_workbook(make(uow_factory, tmp_path, batch_id, "xlsx", tz,
                                       language=language).path)
    sheet = book.worksheets[0]
    dated = [row[1] for row in sheet.iter_rows(max_col=2) if row[1].is_date]
    assert len(dated) == 4          # batch date, shift start and end, generated at
    assert isinstance(dated[0].value, (date, datetime))


def test_texts_that_look_like_markup_or_excel_escapes_read_back_as_written(
        uow_factory, tz, tmp_path):
    """XlsxWriter alone would write "<r>…</r>" as raw XML (here: a broken file); a literal
    "_x0041_" is kept by Excel's own escape, not turned into "A"."""
    markup, escape = "<r>a & b</r>", "партия _x0041_ как есть"
    batch_id = create_batch(uow_factory, tz, number=3004, day=DAY, Номенклатура=markup,
                            ПредставлениеЗаданияНаСмену=escape, codes=[marking_code(7)])
    path = make(uow_factory, tmp_path, batch_id, "xlsx", tz, language="en").path
    book = openpyxl.load_workbook(path)                 # a valid file
    assert _cell(book["Batch"], "Nomenclature").value == markup
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Batch").to_python()
    assert {row[0]: row[1] for row in rows if row and row[0]}["Nomenclature"] == markup
    with zipfile.ZipFile(path) as archive:
        assert "партия _x005F_x0041_ как есть" in archive.read(
            "xl/worksheets/sheet1.xml").decode()
