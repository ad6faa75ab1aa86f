"""Bad files handed to the import (SPEC §11): each gets one catalogued refusal naming the file
(and where in it), never a traceback or a hang; nothing is stored and no copy is kept. Cells
whose value cannot be trusted (formulas without a value, errors, merged cells) refuse their
row only."""

from __future__ import annotations

import os
import random
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from mesdesk.domain.errors import DomainError
from mesdesk.services.imports import ImportLimits
from tests.support.db import outbox, scalar
from tests.support.sheets import (HEADERS, batch_row, batches_csv, batches_xlsx,
                                  encrypted_workbook, tall_xlsx, write_ods, write_openpyxl,
                                  write_xlsx)

DATA = Path(__file__).resolve().parents[1] / "data" / "sheets"
PNG = bytes.fromhex("89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C489")


@pytest.fixture
def refused(run, engine, store, tmp_path):
    """The refusal of a file: a catalogued problem naming it; nothing stored, no copy."""
    def refused(path, code, **options):
        with pytest.raises(DomainError) as caught:
            run(path, **options)
        problem = caught.value.problem
        assert problem.code == code, problem
        if "{file}" in caught.value.type.template:
            assert problem.params["file"] == str(path)
        assert scalar(engine, "SELECT count(*) FROM batches") == 0
        assert outbox(engine) == [] and store.list("imports") == []
        staging = tmp_path / "files" / ".staging"
        assert not staging.exists() or list(staging.iterdir()) == []
        return problem
    return refused


def rows_of(*numbers: int) -> list[list]:
    return [HEADERS] + [[batch_row(n).get(h) for h in HEADERS] for n in numbers]


def test_a_picture_or_random_bytes_named_xlsx_is_not_a_spreadsheet(refused, tmp_path):
    picture = tmp_path / "batches.xlsx"
    picture.write_bytes(PNG + bytes(2000))
    refused(picture, "import.not_a_table")
    noise = tmp_path / "noise.xlsx"
    noise.write_bytes(random.Random(7).randbytes(100_000))
    problem = refused(noise, "import.not_a_table")
    assert problem.message.endswith("noise.xlsx is not a spreadsheet (.xlsx, .xls, .ods), a CSV "
                                    "file or a 1C JSON file")


def test_a_damaged_workbook_and_a_zip_that_is_no_workbook(refused, tmp_path):
    whole = batches_xlsx(tmp_path / "whole.xlsx", [batch_row(1)]).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[:len(whole) // 2])
    problem = refused(cut, "import.damaged")
    assert problem.params["format"] == "XLSX"
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")
    assert refused(broken, "import.damaged").params["format"] == "Excel (.xlsx)"
    document = tmp_path / "letter.docx"
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    refused(document, "import.zip_not_a_workbook")


def test_a_password_protected_workbook_is_refused_as_such(refused, tmp_path):
    problem = refused(encrypted_workbook(tmp_path / "secret.xlsx"), "import.password_protected")
    assert "password" in problem.message


def test_empty_files_and_a_header_without_rows(refused, tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    refused(empty, "file.empty")
    blank = tmp_path / "blank.csv"
    blank.write_text("\ufeff \r\n\r\n", encoding="utf-8")
    refused(blank, "file.empty")
    refused(batches_xlsx(tmp_path / "header.xlsx", []), "import.no_rows")
    refused(batches_csv(tmp_path / "header.csv", []), "import.no_rows")
    cells = tmp_path / "no-cells.xlsx"
    write_xlsx(cells, [])
    refused(cells, "file.empty")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(refused, tmp_path):
    big = tmp_path / "huge.xlsx"
    with big.open("wb") as handle:          # 51 MB of nothing: reading it would say so
        handle.truncate(51 * 1024 * 1024)
    problem = refused(big, "file.too_big")
    assert (problem.params["size_mb"], problem.params["limit_mb"]) == (51, 50)
    small = batches_xlsx(tmp_path / "small.xlsx", [batch_row(1)])
    assert refused(small, "file.too_big", limits=ImportLimits(max_file_mb=0)).params[
        "limit_mb"] == 0


def test_a_sheet_of_a_million_rows_is_refused_by_the_row_limit(refused, tmp_path):
    tall = tall_xlsx(tmp_path / "tall.xlsx", "НомерПартии", 1_048_575)
    problem = refused(tall, "import.too_many_rows")
    assert problem.params["limit"] == 100_000
    assert "intake_max_items" in problem.message
    csv = batches_csv(tmp_path / "rows.csv", [batch_row(n) for n in range(1, 12)])
    assert refused(csv, "import.too_many_rows", limits=ImportLimits(max_rows=10)).params[
        "limit"] == 10


@pytest.mark.parametrize("encoding", ["koi8_r", "cp866"])
def test_csv_in_an_encoding_other_than_utf8_or_windows_1251_is_refused(refused, tmp_path,
                                                                      encoding):
    rows = [batch_row(n, РабочийЦентр="Цех один") for n in (1, 2)]   # no "№" in KOI8-R
    path = batches_csv(tmp_path / f"{encoding}.csv", rows, encoding=encoding)
    problem = refused(path, "import.csv_encoding")
    assert "UTF-8" in problem.message


def test_a_csv_value_too_long_to_be_a_cell(refused, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(";".join(HEADERS) + "\n" + '"' + "x" * 200_000 + '"\n', encoding="utf-8")
    problem = refused(path, "import.csv_unreadable")
    assert problem.params["row"] == 2


def test_a_folder_or_a_file_that_is_not_there(refused, tmp_path):
    refused(tmp_path, "file.is_folder")
    refused(tmp_path / "gone.xlsx", "file.unreadable")


def test_a_missing_column_is_one_refusal_naming_it(refused, tmp_path):
    headers = [h for h in HEADERS if h not in ("ИдентификаторРЦ", "Смена")]
    path = batches_xlsx(tmp_path / "short.xlsx", [batch_row(1), batch_row(2)], headers=headers)
    problem = refused(path, "import.columns_missing")
    assert problem.params["headers"] == "Смена, ИдентификаторРЦ" and problem.params["row"] == 1
    assert problem.message.startswith("row 1: ")
    foreign = write_xlsx(tmp_path / "foreign.xlsx", [["Name", "Qty"], ["Bolt", 3]])
    refused(foreign, "import.no_header")


def test_a_header_with_a_duplicate_or_an_empty_name(refused, tmp_path):
    twice = [*HEADERS, "batch_number"]
    path = batches_xlsx(tmp_path / "twice.xlsx", [batch_row(1)], headers=twice)
    problem = refused(path, "import.header_duplicate")
    assert (problem.params["header"], problem.params["first_column"],
            problem.params["column"]) == ("batch_number", "F", "M")
    gap = HEADERS[:3] + [""] + HEADERS[3:]
    rows = [gap] + [[batch_row(1).get(h) for h in gap]]
    problem = refused(write_xlsx(tmp_path / "gap.xlsx", rows), "import.header_empty")
    assert (problem.params["row"], problem.params["column"]) == (1, "D")


def test_a_codes_file_without_a_batch_and_merged_header_cells(refused, tmp_path):
    codes = write_xlsx(tmp_path / "codes.xlsx", [["УникальныйКодПродукта"], ["CODE-1"]])
    refused(codes, "import.codes_need_batch")
    merged = write_xlsx(tmp_path / "m.xlsx", rows_of(1), merge="A1:B1")
    problem = refused(merged, "import.merged_cells")
    assert problem.params["cells"] == "A1:B1"


def test_formulas_give_their_saved_values_and_rows_without_one_are_refused(run, engine,
                                                                          tmp_path):
    import xlsxwriter

    path = tmp_path / "formulas.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    for r, number in enumerate((1, 2, 3), start=1):
        for c, name in enumerate(HEADERS):
            value = batch_row(number).get(name)
            if hasattr(value, "year"):
                sheet.write_datetime(r, c, value, book.add_format({"num_format": "dd.mm.yyyy"}))
            else:
                sheet.write(r, c, value)
    sheet.write_formula(1, 8, '="EKN-"&"77"', None, "EKN-77")        # a saved value: used
    sheet.write_formula(2, 5, "=1/0", None, "#DIV/0!")                # an error: refused
    book.close()
    result = run(path)
    assert (result.created, result.rejected) == (2, 1)
    [error] = result.errors
    assert (error.row, error.problem.code, error.problem.params["cell"],
            error.problem.params["value"]) == (3, "import.cell_error", "F3", "#DIV/0!")
    assert scalar(engine, "SELECT ekn_code FROM batches WHERE batch_number = 1") == "EKN-77"

    unsaved = write_openpyxl(tmp_path / "openpyxl.xlsx",
                             rows_of(4, 5)[:2] + [[*rows_of(5)[1][:8], "=A1&A2",
                                                   *rows_of(5)[1][9:]]])
    result = run(unsaved)
    assert (result.created, result.rejected) == (1, 1)
    [error] = result.errors
    assert (error.row, error.problem.code, error.problem.params["cell"]) == \
        (3, "import.formula_without_value", "I3")
    assert "never calculated" in error.as_dict()["error"]


def test_rows_touching_merged_cells_are_refused_naming_the_range(run, tmp_path):
    path = write_xlsx(tmp_path / "merged.xlsx", rows_of(1, 2, 3, 4), merge="E3:E4")
    result = run(path)
    assert result.created == 2
    assert [(e.row, e.problem.code, e.problem.params["cells"]) for e in result.errors] == \
        [(3, "import.merged_cells", "E3:E4"), (4, "import.merged_cells", "E3:E4")]


def test_a_value_in_a_column_without_a_header(run, tmp_path):
    rows = rows_of(1, 2)
    rows[2] = [*rows[2], None, "лишнее"]
    result = run(write_xlsx(tmp_path / "extra.xlsx", rows))
    assert result.created == 1
    [error] = result.errors
    assert (error.row, error.problem.params["column"], error.problem.code) == \
        (3, "N", "import.value_without_header")


def test_control_characters_in_csv_cells_refuse_their_rows(run, tmp_path):
    path = batches_csv(tmp_path / "ctl.csv", [batch_row(1, Номенклатура="Болт\x00М10"),
                                              batch_row(2, КодЕКН="EKN\x1b1"), batch_row(3)])
    result = run(path)
    assert result.created == 1
    assert [(e.row, e.field, e.problem.params["char"]) for e in result.errors] == \
        [(2, "Номенклатура", "U+0000"), (3, "КодЕКН", "U+001B")]


def test_old_excel_and_opendocument_workbooks(run, engine, tmp_path):
    legacy = tmp_path / "batches.xls"
    shutil.copyfile(DATA / "batches.xls", legacy)
    result = run(legacy)
    assert (result.format, result.created, result.rejected) == ("xls", 2, 1)
    assert (result.errors[0].row, result.errors[0].field) == (4, "НомерПартии")
    assert scalar(engine, "SELECT team FROM batches WHERE batch_number = 902") == "Бригада №2"
    assert scalar(engine, "SELECT batch_date FROM batches WHERE batch_number = 901") == \
        date(2024, 1, 30)
    ods = write_ods(tmp_path / "batches.ods", rows_of(950, 951))
    result = run(ods)
    assert (result.format, result.created) == ("ods", 2)


def test_a_file_named_csv_holding_a_workbook_is_read_as_the_workbook(run, tmp_path):
    path = batches_xlsx(tmp_path / "really.xlsx", [batch_row(60)])
    renamed = tmp_path / "batches.csv"
    os.replace(path, renamed)
    assert run(renamed).format == "xlsx"
