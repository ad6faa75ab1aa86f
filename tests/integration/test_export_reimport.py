"""The re-import contract (SPEC §7): the 1C columns of an export hold values the 1C intake
takes as they are, so the same batches read back from the file change nothing.

The file is read as a spreadsheet reader gives it (python-calamine: date and datetime cells as
such, numbers as floats; CSV as text with the formula quote undone) and its 1C columns go to
the one intake; the import's own reader (another part of issue 11) sits in front of the same
intake."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import text

from mesdesk.adapters.sheets.write_export import ExportWriter
from mesdesk.adapters.storage import LocalFileStore
from mesdesk.domain.batches import ONE_C_KEYS
from mesdesk.domain.export_sheets import restored
from mesdesk.services import batches as batch_service
from mesdesk.services.dto import BatchFilter
from mesdesk.services.exports import export_batches
from mesdesk.services.intake import intake_batches
from tests.support.factories import create_batch, marking_code


def rows_of(path, fmt: str) -> list[dict]:
    if fmt == "xlsx":
        table = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Batches").to_python()
        header, rows = table[0], table[1:]
    else:
        table = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""),
                                delimiter=";"))
        header, rows = table[0], [[restored(value) for value in row] for row in table[1:]]
    return [dict(zip(header, row)) for row in rows]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_read_back_through_the_intake_changes_nothing(uow_factory, engine, tz,
                                                                tmp_path, fmt):
    night = create_batch(uow_factory, tz, 1001, date(2024, 1, 30), **{
        "ДатаВремяНачалаСмены": "2024-01-30T20:00:00",
        "ДатаВремяОкончанияСмены": "2024-01-31T08:00:00",
        "Номенклатура": '=HYPERLINK("http://x","y")', "Бригада": "-"})
    create_batch(uow_factory, tz, 1002, date(2024, 12, 31), codes=[marking_code(1)], **{
        "ПредставлениеЗаданияНаСмену": "Розлив; «Родник» 0,5 л\nвторая строка",
        "КодЕКН": "000123", "ИдентификаторРЦ": "RC-007", "РабочийЦентр": "Цех №7"})
    batch_service.close_batch(uow_factory, night, tz)
    with engine.connect() as connection:
        before = connection.execute(text(
            "SELECT id, updated_at FROM batches ORDER BY id")).all()

    result = export_batches(uow_factory, LocalFileStore(tmp_path / "files"), ExportWriter(),
                            BatchFilter(), fmt, tz)
    items = [{key: row[key] for key in ONE_C_KEYS.values()}
             for row in rows_of(result.path, fmt)]
    again = intake_batches(uow_factory, items, tz)

    assert (again.created, again.updated, again.skipped) == (0, 0, 2), again.rejected
    assert again.outcomes == ("unchanged", "unchanged")
    with engine.connect() as connection:
        assert connection.execute(text(
            "SELECT id, updated_at FROM batches ORDER BY id")).all() == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_imported_again_skips_every_batch_or_updates_them_changing_nothing(
        uow_factory, engine, tz, tmp_path, fmt):
    """Export → the supervisor's Import (``import_file``, the reader in front of the intake)."""
    from mesdesk.adapters.sheets import SheetFileReader
    from mesdesk.services.imports import import_file

    create_batch(uow_factory, tz, 1001, date(2024, 1, 30),
                 **{"Номенклатура": '=HYPERLINK("http://x","y")', "Бригада": "+7 смена"})
    create_batch(uow_factory, tz, 1002, date(2024, 12, 31), codes=[marking_code(1)])
    store = LocalFileStore(tmp_path / "files")
    with engine.connect() as connection:
        before = connection.execute(text("SELECT * FROM batches ORDER BY id")).all()
    exported = export_batches(uow_factory, store, ExportWriter(), BatchFilter(), fmt, tz)

    skipped = import_file(uow_factory, store, SheetFileReader(), exported.path, tz)
    assert (skipped.total_rows, skipped.created, skipped.skipped, skipped.rejected) == \
        (2, 0, 2, 0), skipped.errors
    assert {error.problem.code for error in skipped.errors} == {"import.duplicate_batch"}
    assert skipped.ignored_columns == ()            # the export's own columns are known
    updated = import_file(uow_factory, store, SheetFileReader(), exported.path, tz,
                          update_existing=True)
    assert (updated.created, updated.updated, updated.rejected) == (0, 2, 0), updated.errors
    with engine.connect() as connection:
        assert connection.execute(text("SELECT * FROM batches ORDER BY id")).all() == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_codes_exported_and_imported_into_another_batch_are_identical_gs_and_all(
        uow_factory, engine, tz, tmp_path, fmt):
    from mesdesk.adapters.sheets import SheetFileReader
    from mesdesk.services.exports import export_products
    from mesdesk.services.imports import import_file

    codes = [marking_code(n) for n in range(5)]
    assert all("\x1d" in code for code in codes)
    source = create_batch(uow_factory, tz, 1001, date(2024, 1, 30), codes=codes)
    store = LocalFileStore(tmp_path / "files")
    exported = export_products(uow_factory, store, ExportWriter(), fmt, tz, batch_ids=[source])
    with engine.begin() as connection:             # the codes move: the source is emptied
        connection.execute(text("DELETE FROM products"))
    target = create_batch(uow_factory, tz, 2002, date(2024, 1, 30))
    # The export names the source batch in its 1C columns: into another batch it is refused
    # row by row; into the source batch again it is taken.
    refused = import_file(uow_factory, store, SheetFileReader(), exported.path, tz,
                          batch_id=target)
    assert refused.created == 0 and refused.rejected == 5
    again = import_file(uow_factory, store, SheetFileReader(), exported.path, tz,
                        batch_id=source)
    assert (again.created, again.rejected) == (5, 0), again.errors
    with engine.connect() as connection:
        stored = connection.execute(text(
            "SELECT unique_code FROM products ORDER BY id")).scalars().all()
    assert stored == codes
