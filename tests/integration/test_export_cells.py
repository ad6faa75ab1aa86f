"""The cell rules of exports, no database needed: formula neutralising in CSV is exact and
reversible, the format comes from the file name, and hostile text and values become cells a
spreadsheet reads back as they were (read with openpyxl and python-calamine)."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from mesdesk.adapters.sheets.write_csv import line_encoder
from mesdesk.adapters.sheets.write_xlsx import write_xlsx
from mesdesk.adapters.sheets.write_xlsx_rows import MAX_TEXT, escaped, text_element
from mesdesk.domain.export_sheets import (ColumnKind, SheetColumn, format_of, neutralised,
                                          restored)

TRIGGERS = "=+-@\t\r"


@given(st.text(alphabet=st.sampled_from(list(TRIGGERS + "'ab1 ")), max_size=8) | st.text())
def test_neutralising_is_reversible_and_leaves_no_trigger_first(text):
    cell = neutralised(text)
    assert restored(cell) == text
    assert cell[:1] not in set(TRIGGERS)


def test_only_formula_looking_text_gets_the_quote():
    assert neutralised('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert neutralised("-5") == "'-5" and neutralised("\tx") == "'\tx"
    assert neutralised("'=x") == "''=x" and neutralised("'quoted'") == "'quoted'"
    assert neutralised("Болт М10") == "Болт М10" and neutralised("") == ""


def test_the_format_is_the_extension_in_any_case():
    assert format_of("партии.XLSX") == "xlsx" and format_of("out.csv") == "csv"
    assert format_of("out.xls") is None and format_of("xlsx") is None
    assert format_of(".csv") is None and format_of("out.csv.txt") is None


def test_xml_text_escapes_as_excel_does():
    assert escaped("a\x1db") == "a_x001D_b"
    assert escaped("R&D <1>") == "R&amp;D &lt;1&gt;"
    assert escaped("_x0041_") == "_x005F_x0041_"
    assert escaped("\x00\x0b\ufffe") == "_x0000__x000B__xFFFE_"
    assert escaped("строка\tс\nпереносом") == "строка\tс\nпереносом"
    assert text_element(" a ") == '<t xml:space="preserve"> a </t>'
    assert text_element(42) == "<t>42</t>"


def test_csv_lines_quote_only_what_must_be_quoted():
    encode = line_encoder([ColumnKind.TEXT, ColumnKind.INTEGER, ColumnKind.DECIMAL,
                           ColumnKind.DATE, ColumnKind.DATETIME, ColumnKind.BOOLEAN])
    assert encode(("a\x1db", 7, 33.3, date(2024, 1, 30), datetime(2024, 1, 30, 8, 0, 5),
                   True, "ignored keyset id")) == \
        "a\x1db;7;33,3;2024-01-30;2024-01-30 08:00:05;true\r\n"
    assert encode(('x;"y"\n', None, None, None, None, False)) == '"x;""y""\n";;;;;false\r\n'
    assert encode(("=1+2", 0, 0.0, None, None, None)) == "'=1+2;0;0,0;;;\r\n"


def test_hostile_values_are_read_back_as_they_were(tmp_path):
    columns = [SheetColumn("text", "Текст", ColumnKind.TEXT),
               SheetColumn("day", "День", ColumnKind.DATE),
               SheetColumn("rate", "Процент", ColumnKind.DECIMAL),
               SheetColumn("at", "Время", ColumnKind.DATETIME)]
    long_text = "Я" * (MAX_TEXT + 10)
    rows = [("<r><t>x</t></r>", date(1899, 12, 31), float("nan"), datetime(1850, 1, 1, 12)),
            ("_x001D_ & \x01\x1d", date(9999, 12, 31), 1e300, datetime(9999, 12, 31, 23, 59)),
            (long_text, None, None, None)]
    path = tmp_path / "hostile.xlsx"
    assert write_xlsx(path, "Лист", columns, rows, {"search": "=cmd|' /C calc'!A0"}) == 3

    read = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Лист").to_python()
    assert read[1][0] == "<r><t>x</t></r>"
    assert read[2][0] == "_x001D_ & \x01\x1d"
    assert read[3][0] == "Я" * MAX_TEXT                       # cut where Excel cuts
    assert read[1][1] == "1899-12-31" and read[1][3] == "1850-01-01 12:00:00"   # as text
    assert read[2][1] == date(9999, 12, 31) and read[2][2] == 1e300
    assert read[1][2] == ""                                    # NaN: no number to show
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Лист", "Parameters"]
    parameters = book["Parameters"]
    assert parameters["B2"].value == "=cmd|' /C calc'!A0"
    assert parameters["B2"].data_type == "s"
