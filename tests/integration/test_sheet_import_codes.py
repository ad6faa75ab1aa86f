"""Product codes from a sheet or a CSV file into one chosen batch: with or without a header,
GS (ASCII 29) kept whatever way the file carries it, the rules of "add codes"."""

from __future__ import annotations

import json
from datetime import date

import pytest

from mesdesk.domain.codes import GS
from mesdesk.domain.errors import DomainError
from sqlalchemy import text
from tests.support.db import audit, outbox, scalar
from tests.support.factories import create_batch, identity_of, marking_code
from tests.support.sheets import batch_row, batches_xlsx, write_openpyxl, write_xlsx


@pytest.fixture
def batch(uow_factory, tz):
    return create_batch(uow_factory, tz, 700, date(2024, 1, 30))


def codes_of(engine, batch_id):
    with engine.connect() as connection:
        return [row.unique_code for row in connection.execute(text(
            "SELECT unique_code FROM products WHERE batch_id = :b ORDER BY id"), {"b": batch_id})]


def test_a_sheet_of_codes_without_a_header_keeps_gs_and_reports_each_row(run, engine, batch,
                                                                        tmp_path):
    codes = [marking_code(i) for i in range(4)]
    assert GS in codes[0]
    rows = [[codes[0]], [codes[1]], ["bad\x07code"], [codes[0]], [None], [codes[2]]]
    result = run(write_xlsx(tmp_path / "codes.xlsx", rows, sheet="Коды"), batch_id=batch)
    assert (result.kind, result.batch_id, result.total_rows) == ("products", batch, 5)
    assert (result.created, result.skipped, result.rejected) == (3, 0, 2)
    assert [(e.row, e.problem.params.get("column"), e.problem.code) for e in result.errors] == \
        [(3, "A", "code.control_character"), (4, "A", "import.code_repeated")]
    assert result.errors[1].problem.params["first_row"] == 1
    assert codes_of(engine, batch) == codes[:3]            # GS kept: XlsxWriter's _x001D_
    assert scalar(engine, "SELECT products_total FROM batches WHERE id = :b", b=batch) == 3
    [event] = outbox(engine, "import_completed")
    assert (event["kind"], event["created"], event["batch_id"]) == ("products", 3, batch)
    assert audit(engine)[-1]["action"] == "import_products"


def test_codes_already_here_are_skipped_and_those_of_another_batch_refused(
        run, engine, batch, uow_factory, tz, tmp_path):
    other = create_batch(uow_factory, tz, 701, date(2024, 1, 30), codes=[marking_code(9)])
    path = write_xlsx(tmp_path / "c.xlsx", [["Код маркировки"], [marking_code(1)],
                                            [marking_code(9)]])
    first = run(path, batch_id=batch)
    assert (first.created, first.rejected) == (1, 1)
    [error] = first.errors
    assert (error.row, error.field, error.problem.code, error.problem.params["number"]) == \
        (3, "Код маркировки", "code.exists_in_batch", 701)
    again = run(path, batch_id=batch)
    assert (again.created, again.skipped, again.rejected) == (0, 1, 1)
    assert again.errors[0].problem.code == "code.exists_in_this_batch"
    assert codes_of(engine, other) == [marking_code(9)]


def test_the_1c_product_columns_must_name_the_chosen_batch(run, engine, batch, tmp_path):
    header = ["УникальныйКодПродукта", "НомерПартии", "ДатаПартии", "Агрегирован"]
    rows = [header, [marking_code(1), 700, date(2024, 1, 30), False],
            [marking_code(2), 999, date(2024, 1, 30), False],
            [marking_code(3), 700, "30.01.2024", True]]
    result = run(write_xlsx(tmp_path / "export.xlsx", rows), batch_id=batch)
    assert (result.created, result.rejected) == (2, 1)
    [error] = result.errors
    assert (error.row, error.field, error.problem.params["column"]) == (3, "НомерПартии", "B")
    assert error.as_dict()["error"] == ("the row is for batch 999 of 2024-01-30, not for the "
                                        "chosen batch 700 of 2024-01-30")


def test_csv_codes_with_raw_gs_with_a_scanner_token_and_as_excel_s_escape(run, engine, batch,
                                                                          tmp_path):
    codes = [marking_code(i) for i in range(5)]
    lines = [codes[0],                              # raw GS
             codes[1].replace(GS, "<GS>"),          # a built-in scanner token
             codes[2].replace(GS, "@@"),            # the station's own token
             codes[3].replace(GS, "_x001D_"),       # Excel's XML escape left as text
             '"' + codes[4] + '"']                  # quoted as Excel quotes
    path = tmp_path / "codes.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = run(path, batch_id=batch, gs_tokens=("@@",))
    assert (result.format, result.created, result.errors) == ("csv", 5, ())
    assert codes_of(engine, batch) == codes


def test_openpyxl_s_literal_escape_and_a_serial_with_a_semicolon(run, engine, batch, tmp_path):
    code = marking_code(5, serial="AB;CD,EF")
    path = write_openpyxl(tmp_path / "o.xlsx", [["unique_code"], [code.replace(GS, "_x001D_")]])
    assert run(path, batch_id=batch).created == 1
    assert codes_of(engine, batch) == [code]
    csv = tmp_path / "semi.csv"
    csv.write_text(f"{marking_code(6, serial='X;Y')}\n{marking_code(7)}\n", encoding="utf-8")
    assert run(csv, batch_id=batch).created == 2        # one column: ";" is in the serial


def test_a_1c_products_file_into_the_chosen_batch(run, engine, batch, tmp_path):
    items = [{"УникальныйКодПродукта": marking_code(1), "НомерПартии": 700,
              "ДатаПартии": "2024-01-30"},
             {"УникальныйКодПродукта": marking_code(2), "НомерПартии": 1,
              "ДатаПартии": "2024-01-30"}]
    path = tmp_path / "products.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    result = run(path, batch_id=batch)
    assert (result.format, result.created, result.rejected) == ("json", 1, 1)
    assert result.errors[0].as_dict()["index"] == 1


def test_a_closed_or_unknown_batch_and_a_batches_file_are_refused(run, batch, uow_factory, tz,
                                                                  tmp_path):
    from mesdesk.services.batches import close_batch

    path = write_xlsx(tmp_path / "c.xlsx", [[marking_code(1)]])
    with pytest.raises(DomainError) as unknown:
        run(path, batch_id=10**9)
    assert unknown.value.code == "batch.not_found"
    batches = batches_xlsx(tmp_path / "b.xlsx", [batch_row(1)])
    with pytest.raises(DomainError) as wrong:
        run(batches, batch_id=batch)
    assert wrong.value.code == "import.batches_not_codes"
    close_batch(uow_factory, batch, tz)
    with pytest.raises(DomainError) as closed:
        run(path, batch_id=batch)
    assert closed.value.code == "batch.closed_for_codes"


def test_identity_decides_a_repeat_not_the_raw_text(run, engine, batch, tmp_path):
    code = marking_code(3)
    path = write_xlsx(tmp_path / "c.xlsx", [[code], [identity_of(code)]])
    result = run(path, batch_id=batch)
    assert (result.created, result.rejected) == (1, 1)
    assert result.errors[0].problem.code == "import.code_repeated"
