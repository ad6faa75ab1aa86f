"""Importing batches from spreadsheets and CSV files (SPEC §7) on a real PostgreSQL and real
files: what is stored, what each bad row says and where, duplicates, the event and the copy."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from mesdesk.domain.errors import CancelledError
from mesdesk.jobs import JobContext
from tests.support.db import audit, outbox, scalar
from tests.support.factories import create_batch
from tests.support.sheets import HEADERS, batch_row, batches_csv, batches_xlsx, write_xlsx


def batches(engine):
    from sqlalchemy import text
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT b.*, w.identifier, w.name AS wc_name FROM batches b "
            "JOIN work_centers w ON w.id = b.work_center_id ORDER BY batch_number")).all()
    return [dict(row._mapping) for row in rows]


def test_an_xlsx_of_batches_is_stored_with_its_events_and_a_copy_of_the_file(run, engine, tz,
                                                                           tmp_path, store):
    path = batches_xlsx(tmp_path / "Смена на январь.xlsx",
                        [batch_row(1), batch_row(2, Бригада="Бригада №2"), batch_row(3)])
    result = run(path)
    assert (result.total_rows, result.created, result.updated, result.skipped,
            result.rejected, result.errors) == (3, 3, 0, 0, 0, ())
    assert (result.kind, result.format, result.file) == ("batches", "xlsx", path.name)
    stored = batches(engine)
    assert [b["batch_number"] for b in stored] == [1, 2, 3]
    first = stored[0]
    assert first["batch_date"] == date(2024, 1, 30)
    assert first["shift_start"] == datetime(2024, 1, 30, 8, tzinfo=tz)   # naive: production tz
    assert first["shift_end"] - first["shift_start"] == timedelta(hours=12)
    assert (first["identifier"], first["wc_name"], first["nomenclature"]) == \
        ("RC-001", "Цех №1", "Болт М10х50")
    assert stored[1]["team"] == "Бригада №2" and first["is_closed"] is False

    assert [e["batch_number"] for e in outbox(engine, "batch_created")] == [1, 2, 3]
    [completed] = outbox(engine, "import_completed")
    assert {k: completed[k] for k in ("total_rows", "created", "updated", "skipped",
                                      "errors")} == {"total_rows": 3, "created": 3,
                                                     "updated": 0, "skipped": 0, "errors": []}
    assert completed["object"] == result.stored.name and completed["bucket"] == "imports"
    assert [row["action"] for row in audit(engine)] == ["create_from_import"] * 3

    kept = result.stored
    assert kept.bucket == "imports" and kept.name.startswith("import_")
    assert kept.name.endswith("_Смена_на_январь.xlsx")     # when, then what it was called
    assert kept.path.read_bytes() == path.read_bytes()
    assert [f.name for f in store.list("imports")] == [kept.name]
    assert result.as_dict()["object"] == kept.name and result.as_dict()["file_url"] == kept.url


def test_each_bad_row_is_said_at_its_row_column_and_header_and_the_good_ones_are_stored(
        run, engine, tmp_path, tz):
    headers = ["Batch_Number", "BATCH_DATE", "work_center", "РабочийЦентр", "shift_start",
               "ДатаВремяОкончанияСмены", "ПредставлениеЗаданияНаСмену", "Смена", "Бригада",
               "Номенклатура", "КодЕКН", "Комментарий", "ID"]
    rows = [batch_row(10), batch_row(11, НомерПартии="два"), batch_row(12, НомерПартии=12.5),
            batch_row(13, НомерПартии="13"), batch_row(14, ИдентификаторРЦ=None),
            batch_row(15, Бригада="Бри\x07гада"),
            batch_row(16, ДатаВремяОкончанияСмены=datetime(2024, 1, 30, 7)),
            batch_row(17, ДатаПартии="31.02.2024"), batch_row(18, ДатаПартии=date(1999, 1, 1)),
            batch_row(19, Смена=2.0, ДатаВремяНачалаСмены=date(2024, 1, 30))]
    keyed = [{**row, "Batch_Number": row["НомерПартии"], "BATCH_DATE": row["ДатаПартии"],
              "work_center": row["ИдентификаторРЦ"], "shift_start": row["ДатаВремяНачалаСмены"],
              "Комментарий": "заметка", "ID": 999} for row in rows]
    result = run(batches_xlsx(tmp_path / "mixed.xlsx", keyed, headers=headers))
    assert (result.total_rows, result.created, result.rejected) == (10, 3, 7)
    assert result.ignored_columns == ("Комментарий",)        # ID: an export's, passed over
    said = [(e.row, e.field, e.problem.params.get("column"), e.problem.code)
            for e in result.errors]
    assert said == [(3, "Batch_Number", "A", "value.not_integer"),
                    (4, "Batch_Number", "A", "value.not_integer"),
                    (6, "work_center", "C", "value.required"),
                    (7, "Бригада", "I", "value.control_character"),
                    (8, "ДатаВремяОкончанияСмены", "F", "batch.shift_end_not_after_start"),
                    (9, "BATCH_DATE", "B", "value.not_date"),
                    (10, "BATCH_DATE", "B", "value.year_out_of_range")]
    assert result.errors[1].problem.params["value"] == "12.5"
    assert result.errors[3].as_dict()["error"] == "remove the control character U+0007 at " \
                                                  "position 4"
    stored = {b["batch_number"]: b for b in batches(engine)}
    assert sorted(stored) == [10, 13, 19]
    assert stored[19]["shift"] == "2"                   # 2.0 in a text column is "2"
    assert stored[19]["shift_start"] == datetime(2024, 1, 30, tzinfo=tz)  # a date: midnight


def test_a_batch_that_exists_is_skipped_as_a_duplicate_unless_update_existing(
        run, engine, uow_factory, tz, tmp_path):
    existing = create_batch(uow_factory, tz, 5, date(2024, 1, 30))
    rows = [batch_row(5), batch_row(6)]
    path = batches_xlsx(tmp_path / "b.xlsx", rows)
    result = run(path)
    assert (result.created, result.updated, result.skipped, result.rejected) == (1, 0, 1, 0)
    [error] = result.errors
    assert error.as_dict() == {
        "row": 2, "field": "НомерПартии", "column": "F", "code": "import.duplicate_batch",
        "error": "Duplicate batch number and date",
        "params": {"number": 5, "date": "2024-01-30", "id": existing, "row": 2,
                   "column": "F", "field": "НомерПартии"}}
    assert outbox(engine, "batch_updated") == []

    again = run(path)
    assert (again.created, again.skipped) == (0, 2)
    changed = batches_xlsx(tmp_path / "c.xlsx", [batch_row(5, Бригада="Новая"), batch_row(6)])
    updated = run(changed, update_existing=True)
    assert (updated.created, updated.updated, updated.skipped, updated.errors) == (0, 2, 0, ())
    [event] = outbox(engine, "batch_updated")           # only the batch that changed
    assert event["id"] == existing and event["changes"] == {"team": "Новая"}
    assert [e["updated"] for e in outbox(engine, "import_completed")] == [0, 0, 2]


def test_two_rows_with_one_number_and_date_refuse_the_second_naming_the_first(run, engine,
                                                                             tmp_path):
    path = batches_xlsx(tmp_path / "d.xlsx", [batch_row(7), batch_row(8), batch_row(7, Бригада="X")])
    result = run(path)
    assert (result.created, result.rejected) == (2, 1)
    [error] = result.errors
    assert (error.row, error.problem.code, error.problem.params["first_row"]) == \
        (4, "import.duplicate_in_file", 2)
    assert error.as_dict()["error"] == "the same batch number and date as row 2"
    assert scalar(engine, "SELECT team FROM batches WHERE batch_number = 7") == \
        "Бригада Иванова"


@pytest.mark.parametrize("encoding, delimiter", [("utf-8", ","), ("utf-8-sig", ";"),
                                                 ("cp1251", ";"), ("utf-16", "\t")])
def test_csv_as_excel_saves_it_in_each_encoding_and_delimiter(run, engine, tmp_path, encoding,
                                                              delimiter):
    rows = [batch_row(20, Номенклатура="Гайка М8, оцинкованная"),
            batch_row(21, СтатусЗакрытия=True, Бригада="Бригада «Север»")]
    path = batches_csv(tmp_path / "b.csv", rows, encoding=encoding, delimiter=delimiter)
    result = run(path)
    assert (result.format, result.created, result.errors) == ("csv", 2, ())
    stored = {b["batch_number"]: b for b in batches(engine)}
    assert stored[20]["nomenclature"] == "Гайка М8, оцинкованная"
    assert stored[21]["team"] == "Бригада «Север»" and stored[21]["is_closed"] is True
    assert stored[21]["closed_at"] is not None


def test_a_formula_an_export_neutralised_in_csv_comes_back_as_it_was(run, engine, tmp_path):
    from mesdesk.domain.export_sheets import neutralised

    formula = '=HYPERLINK("http://x","y")'
    rows = [batch_row(30, Номенклатура=neutralised(formula), Бригада=neutralised("-3 смена")),
            batch_row(31, Номенклатура="'обычный текст")]      # a quote of its own stays
    result = run(batches_csv(tmp_path / "export.csv", rows))
    assert result.created == 2
    stored = {b["batch_number"]: b for b in batches(engine)}
    assert stored[30]["nomenclature"] == formula and stored[30]["team"] == "-3 смена"
    assert stored[31]["nomenclature"] == "'обычный текст"


def test_row_numbers_are_excel_s_when_the_sheet_starts_lower_and_blank_rows_are_passed(
        run, tmp_path):
    rows = [[None], [None], HEADERS, [batch_row(30).get(h) for h in HEADERS], [None] * 12,
            [batch_row(31, НомерПартии="x").get(h) for h in HEADERS]]
    result = run(write_xlsx(tmp_path / "low.xlsx", rows))
    assert (result.total_rows, result.created) == (2, 1)
    assert [(e.row, e.problem.code) for e in result.errors] == [(6, "value.not_integer")]


def test_the_first_visible_worksheet_is_read(run, tmp_path):
    rows = [HEADERS, [batch_row(40).get(h) for h in HEADERS]]
    result = run(write_xlsx(tmp_path / "h.xlsx", rows, first_sheets=["Скрытый"]))
    assert result.created == 1


def test_a_1c_json_file_goes_through_the_same_import(run, engine, fixtures_dir):
    path = fixtures_dir / "1c_batches_sample.json"
    result = run(path)
    assert (result.format, result.created, result.total_rows) == ("json", 2, 2)
    again = run(path)
    assert again.skipped == 2
    assert [(e.problem.params.get("index"), e.problem.code) for e in again.errors] == \
        [(0, "import.duplicate_batch"), (1, "import.duplicate_batch")]
    assert again.errors[0].as_dict()["index"] == 0 and again.errors[0].row is None


def test_a_cancelled_import_stores_nothing_and_keeps_no_copy(run, engine, tmp_path, store):
    path = batches_xlsx(tmp_path / "b.xlsx", [batch_row(50), batch_row(51)])

    def writer(done, total, message):       # the cancel comes with the "storing" progress
        return getattr(message, "code", "") == "job.step_storing_items"

    with pytest.raises(CancelledError):
        run(path, job=JobContext(1, "import", writer, interval=0))
    assert scalar(engine, "SELECT count(*) FROM batches") == 0
    assert outbox(engine) == [] and store.list("imports") == []
    assert list((tmp_path / "files" / ".staging").iterdir()) == []


def test_the_server_stopped_mid_import_stores_nothing_and_says_so(server_to_stop, store,
                                                                   tmp_path, tz):
    """Rows are checked while the first ones are stored; the server goes away between the
    two: the import is refused as the database being unreachable, and keeps no copy."""
    from mesdesk.adapters.sheets import SheetFileReader
    from mesdesk.domain import problems as P
    from mesdesk.domain.errors import DomainError
    from mesdesk.services.imports import import_file

    server, factory = server_to_stop
    path = batches_xlsx(tmp_path / "b.xlsx", [batch_row(n) for n in range(1, 5001)])

    class StopTheServer:
        done_count, total = 0, None

        def progress(self, done, total=None, message=None):
            if done == 4000:
                server.stop()

        def check_cancelled(self):
            pass

    with pytest.raises(DomainError) as failed:
        import_file(factory, store, SheetFileReader(), path, tz, job=StopTheServer())
    assert failed.value.code == P.DATABASE_UNREACHABLE.code, failed.value
    assert store.list("imports") == []
    assert list((tmp_path / "files" / ".staging").iterdir()) == []
