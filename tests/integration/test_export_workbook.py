"""Workbooks of several data sheets (the analytics exports): each sheet with its own header,
pane, filter and widths, continued past the row limit like a single export; label/value
sheets whose cells take the kind of their values; a library failure is export.write_failed."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from mesdesk.adapters.sheets.write_export import ExportWriter
from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.domain.export_sheets import ColumnKind, DataSheet, SheetColumn

FORMULA = '=HYPERLINK("http://x","y")'
FIGURES = (SheetColumn("label", "Показатель", ColumnKind.TEXT),
           SheetColumn("value", "Значение", ColumnKind.VALUE))
TEAMS = (SheetColumn("team", "Бригада", ColumnKind.TEXT),
         SheetColumn("batches", "Партий", ColumnKind.INTEGER),
         SheetColumn("rate", "Процент", ColumnKind.DECIMAL))


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_several_sheets_each_with_header_pane_filter_and_widths(tmp_path):
    path = tmp_path / "book.xlsx"
    sheets = [
        DataSheet("Сводка", FIGURES, [("Партий", 12), ("Процент", 45.3),
                                      ("Дата", date(2026, 12, 4)),
                                      ("Время", datetime(2026, 12, 4, 8, 30)),
                                      ("Текст", FORMULA), ("Пусто", None)]),
        DataSheet("Бригады", TEAMS, [(FORMULA, 3, 50.0), ("Бригада №2", 1, 0.0)]),
        DataSheet("Пустой", TEAMS, []),
    ]
    written = ExportWriter().tables(path, sheets, {"export": "dashboard", "user": FORMULA})

    assert written == 8
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Сводка", "Бригады", "Пустой", "Parameters"]
    summary = book["Сводка"]
    assert [c.value for c in summary[1]] == ["Показатель", "Значение"]
    assert all(cell.font.b for cell in summary[1])
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref == "A1:B7"
    values = dict(_rows(summary))
    assert values["Партий"] == 12 and isinstance(values["Партий"], int)
    assert values["Процент"] == 45.3 and summary["B3"].number_format == "0.0"
    assert values["Дата"] == datetime(2026, 12, 4) and summary["B4"].is_date
    assert values["Время"] == datetime(2026, 12, 4, 8, 30)
    assert values["Текст"] == FORMULA and summary["B6"].data_type == "s"
    assert values["Пусто"] is None
    teams = book["Бригады"]
    assert _rows(teams) == [(FORMULA, 3, 50.0), ("Бригада №2", 1, 0.0)]
    assert teams["A2"].data_type == "s" and teams.auto_filter.ref == "A1:C3"
    assert teams.column_dimensions["A"].width >= len(FORMULA)
    empty = book["Пустой"]
    assert empty.max_row == 1 and empty.auto_filter.ref == "A1:C1"
    parameters = dict(_rows(book["Parameters"]))
    assert parameters["Пользователь (user)"] == FORMULA
    assert parameters["Строк (rows)"] == 8


def test_a_long_sheet_goes_on_and_the_next_sheet_follows(tmp_path):
    path = tmp_path / "book.xlsx"
    long = DataSheet("По часам", TEAMS, [(f"T{n}", n, float(n)) for n in range(5)])
    after = DataSheet("Бригады", TEAMS, [("last", 9, 9.0)])
    assert ExportWriter(row_limit=3).tables(path, [long, after], {}) == 6
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["По часам", "По часам (2)", "По часам (3)", "Бригады",
                               "Parameters"]
    assert [row[1] for name in book.sheetnames[:3] for row in _rows(book[name])] \
        == [0, 1, 2, 3, 4]
    assert _rows(book["Бригады"]) == [("last", 9, 9.0)]


def test_a_folder_that_went_away_is_export_write_failed(tmp_path):
    with pytest.raises(DomainError) as failed:
        ExportWriter().tables(tmp_path / "gone" / "book.xlsx",
                              [DataSheet("A", TEAMS, [("x", 1, 1.0)])], {})
    assert failed.value.code == P.EXPORT_WRITE_FAILED.code
