"""Analytics exports (§10 views to .xlsx) on a real PostgreSQL, read back with openpyxl: the
sheets of each view in Russian and English, the numbers of the view's DTO, dates and local
times as date cells, user text as text whatever it begins with, and the Parameters sheet."""

from __future__ import annotations

from datetime import date, datetime

from zoneinfo import ZoneInfo

import openpyxl
import pytest

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.services import analytics
from mesdesk.services.aggregation import bulk_aggregate
from mesdesk.services.analytics_dto import TOP_WORK_CENTERS, DashboardFilter
from mesdesk.services.analytics_export import (export_batch_analytics, export_comparison,
                                               export_dashboard)
from tests.support.factories import create_batch, marking_code

ZONE = "Asia/Yekaterinburg"
FORMULA = '=HYPERLINK("http://x","y")'
WHO = {"station": "Линия-1", "user": "Иванова А. А.", "app_version": "0.1.0"}
DAY = date(2026, 11, 20)


def rows_of(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def headers(sheet) -> list:
    return [cell.value for cell in sheet[1]]


def figures(sheet) -> dict:
    return dict(rows_of(sheet))


def parameters_of(book) -> dict:
    return figures(book["Parameters"])


def files_left(store) -> list[str]:
    return sorted(str(path.relative_to(store.root)) for path in store.root.rglob("*")
                  if path.is_file())


@pytest.fixture
def floor(uow_factory, tz):
    """Two batches with products (one half aggregated, its team and nomenclature formulas),
    and more work centers than the dashboard's top list."""
    first = create_batch(uow_factory, tz, 501, DAY, codes=[marking_code(i) for i in range(10)],
                         **{"Бригада": FORMULA, "Номенклатура": FORMULA,
                            "РабочийЦентр": FORMULA})
    bulk_aggregate(uow_factory, first, [marking_code(i) for i in range(5)], by="Линия-1")
    second = create_batch(uow_factory, tz, 502, DAY,
                          codes=[marking_code(100 + i) for i in range(4)],
                          **{"Смена": "2 смена", "РабочийЦентр": FORMULA})
    for n in range(TOP_WORK_CENTERS + 1):
        create_batch(uow_factory, tz, 600 + n, DAY, **{"ИдентификаторРЦ": f"RC-{n:02d}"})
    return first, second


def test_the_dashboard_in_russian_holds_every_table_of_the_view(uow_factory, store, writer,
                                                                 floor):
    made = export_dashboard(uow_factory, store, writer, DashboardFilter(), ZONE,
                            language="ru", parameters=WHO)
    board = analytics.dashboard(uow_factory, DashboardFilter(), ZONE, top=None)

    assert made.bucket == "exports" and made.object.startswith("dashboard_export_")
    assert made.object.endswith(".xlsx") and made.path.exists()
    assert list((store.root / ".staging").iterdir()) == []
    book = openpyxl.load_workbook(made.path)
    assert book.sheetnames == ["Сводка", "По сменам", "Рабочие центры", "По часам", "По дням",
                               "Parameters"]
    summary = figures(book["Сводка"])
    assert headers(book["Сводка"]) == ["Показатель", "Значение"]
    assert summary["Всего партий"] == board.summary.batches == TOP_WORK_CENTERS + 3
    assert summary["Всего продуктов"] == board.summary.products == 14
    assert summary["Агрегировано"] == board.summary.aggregated == 5
    assert summary["Процент агрегации, %"] == board.summary.rate
    assert summary["Сегодня"] == datetime.combine(board.today_date, datetime.min.time())
    assert summary["Агрегировано продуктов сегодня"] == board.today.products_aggregated
    # The time it was read, local (naive), is when the export was made.
    read_at = summary["Данные на"]
    assert abs((read_at - datetime.now(ZoneInfo(ZONE)).replace(tzinfo=None)).total_seconds()) \
        < 600
    assert parameters_of(book)["Время выгрузки (exported_at)"] == read_at

    shifts = book["По сменам"]
    assert headers(shifts) == ["Смена", "Всего партий", "Открытых партий", "Закрытых партий",
                               "Всего продуктов", "Агрегировано", "Процент агрегации, %"]
    assert [row[0] for row in rows_of(shifts)] == [s.shift for s in board.by_shift]
    centers = rows_of(book["Рабочие центры"])
    assert len(centers) == len(board.top_work_centers) == TOP_WORK_CENTERS + 2
    named = {row[0]: row for row in centers}
    assert named["RC-001"][1] == FORMULA and book["Рабочие центры"]["B2"].data_type == "s"
    assert named["RC-001"][2:] == (2, 2, 0, 14, 5, 35.7)

    hours = book["По часам"]
    assert [row[0] for row in rows_of(hours)] == [p.start.replace(tzinfo=None)
                                                   for p in board.per_hour]
    assert hours["A2"].is_date
    days = book["По дням"]
    assert headers(days)[0] == "Дата" and days["A2"].is_date
    assert [row[0].date() for row in rows_of(days)] == [p.day for p in board.per_day]
    assert [row[4] for row in rows_of(days)] == [p.activity.products_aggregated
                                                 for p in board.per_day]

    parameters = parameters_of(book)
    assert parameters["Выгрузка (export)"] == "dashboard"
    assert parameters["Станция (station)"] == "Линия-1"
    assert parameters["Пользователь (user)"] == "Иванова А. А."
    assert parameters["Версия MESDesk (app_version)"] == "0.1.0"
    assert parameters["Часовой пояс (timezone)"] == ZONE
    assert isinstance(parameters["Время выгрузки (exported_at)"], datetime)
    assert parameters["Язык (language)"] == "ru"
    assert parameters["Строк (rows)"] == made.rows


def test_the_dashboard_in_english_names_its_filter(uow_factory, store, writer, floor):
    flt = DashboardFilter(date_from=DAY, date_to=DAY, work_center="RC-001")
    made = export_dashboard(uow_factory, store, writer, flt, ZONE, language="en")
    book = openpyxl.load_workbook(made.path)
    assert book.sheetnames == ["Summary", "By shift", "Work centers", "Per hour", "Per day",
                               "Parameters"]
    assert headers(book["Work centers"]) == [
        "Work center identifier", "Work center", "Total batches", "Open batches",
        "Closed batches", "Total products", "Aggregated", "Aggregation rate, %"]
    assert figures(book["Summary"])["Total batches"] == 2
    assert [row[0] for row in rows_of(book["Work centers"])] == ["RC-001"]
    parameters = parameters_of(book)
    assert parameters["ДатаПартии с (date_from)"] == datetime(2026, 11, 20)
    assert parameters["ДатаПартии по (date_to)"] == datetime(2026, 11, 20)
    assert parameters["ИдентификаторРЦ (work_center)"] == "RC-001"


def test_a_batchs_statistics_per_hour_and_teams(uow_factory, store, writer, tz, floor):
    first, _ = floor
    made = export_batch_analytics(uow_factory, store, writer, first, ZONE, language="en",
                                  parameters=WHO)
    found = analytics.batch_analytics(uow_factory, first, ZONE)
    assert made.object.startswith("batch_statistics_export_")
    book = openpyxl.load_workbook(made.path)
    assert book.sheetnames == ["Statistics", "Per hour", "Teams", "Parameters"]
    stats = figures(book["Statistics"])
    assert stats["Batch ID"] == first and stats["Batch number"] == 501
    assert stats["Batch date"] == datetime(2026, 11, 20)
    assert stats["Nomenclature"] == FORMULA and stats["Team"] == FORMULA
    assert stats["Shift start"] == datetime(2026, 11, 20, 8, 0)
    assert stats["Total products"] == found.statistics.total_products == 10
    assert stats["Aggregated"] == 5 and stats["Remaining"] == 5
    assert stats["Aggregation rate, %"] == 50.0
    assert stats["Shift duration, h"] == 12
    assert stats["State"] == "open"
    hours = rows_of(book["Per hour"])
    assert len(hours) == len(found.per_hour.hours)
    assert hours[-1][2] == found.per_hour.earlier + sum(h.count for h in found.per_hour.hours)
    teams = book["Teams"]
    assert headers(teams) == ["Team", "Batches", "Products aggregated", "Hours worked",
                              "Products per hour"]
    assert [row[0] for row in rows_of(teams)] == [t.team for t in found.teams]
    assert FORMULA in [row[0] for row in rows_of(teams)]
    assert parameters_of(book)["Партия (ID) (batch_id)"] == first

    russian = openpyxl.load_workbook(export_batch_analytics(
        uow_factory, store, writer, first, ZONE, language="ru").path)
    assert russian.sheetnames == ["Статистика", "По часам", "Бригады", "Parameters"]
    assert figures(russian["Статистика"])["Состояние"] == "открыта"


def test_a_comparison_with_its_average_and_total(uow_factory, store, writer, floor):
    first, second = floor
    made = export_comparison(uow_factory, store, writer, [second, first], ZONE, language="ru",
                             parameters=WHO)
    comparison = analytics.compare_batches(uow_factory, [second, first])
    assert made.object.startswith("comparison_export_")
    book = openpyxl.load_workbook(made.path)
    assert book.sheetnames == ["Партии", "Parameters"]
    sheet = book["Партии"]
    assert headers(sheet)[:3] == ["ID партии", "Номер партии", "Дата партии"]
    rows = rows_of(sheet)
    assert [row[0] for row in rows] == [second, first, "Среднее", "Итого"]
    assert rows[1][6] == FORMULA and sheet["G3"].data_type == "s"
    assert sheet["C2"].is_date
    assert [row[7] for row in rows] == [4, 10, comparison.average["total_products"], 14]
    assert rows[2][9] == comparison.average["aggregation_rate"]
    assert rows[3][9] == comparison.average["overall_aggregation_rate"]
    assert parameters_of(book)["Партии (ID) (batch_ids)"] == f"{second}, {first}"


def test_refusals_leave_no_file(uow_factory, store, writer, floor):
    first, _ = floor
    with pytest.raises(DomainError) as one:
        export_comparison(uow_factory, store, writer, [first], ZONE, language="ru")
    assert one.value.code == P.ANALYTICS_COMPARE_COUNT.code
    with pytest.raises(DomainError) as language:
        export_dashboard(uow_factory, store, writer, DashboardFilter(), ZONE, language="de")
    assert language.value.code == P.REPORT_LANGUAGE_UNKNOWN.code
    with pytest.raises(DomainError) as reversed_dates:
        export_dashboard(uow_factory, store, writer,
                         DashboardFilter(date_from=DAY, date_to=date(2026, 1, 1)), ZONE,
                         language="en")
    assert reversed_dates.value.code == P.ANALYTICS_DATES_REVERSED.code
    assert files_left(store) == []


def test_a_cancelled_export_stores_nothing(uow_factory, store, writer, floor):
    class CancelOnWrite:
        def __init__(self):
            self.checks = 0

        def progress(self, done, total=None, message=None):
            pass

        def check_cancelled(self):
            self.checks += 1
            if self.checks > 2:         # asked after the file was written
                raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        export_dashboard(uow_factory, store, writer, DashboardFilter(), ZONE, language="en",
                         job=CancelOnWrite())
    assert files_left(store) == []
