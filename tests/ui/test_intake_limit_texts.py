"""The intake limits' refusals as the Batches page shows them in Russian (issue 9, point 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mesdesk.domain import problems as P
from mesdesk.services.input_files import InputFileError
from mesdesk.ui.errors import describe
from tests.support.factories import batch_item
from tests.support.screens import shown_in

FILE = Path("/home/master/Загрузки/смены.json")


@pytest.fixture
def russian(qapp):
    with shown_in(qapp, "ru"):      # the suite's own locale comes back afterwards
        yield


def test_too_many_items_names_the_file_and_the_grouped_limit(russian):
    error = InputFileError(P.FILE_TOO_MANY_ITEMS, FILE, limit=100_000)
    assert describe(error) == ("В смены.json больше 100\u00a0000 записей; разделите его на "
                               "несколько файлов или увеличьте настройку intake_max_items.")


def test_too_deep_and_too_long_say_where(russian):
    deep = InputFileError(P.FILE_TOO_DEEP, FILE, limit=64, line=1, col=2)
    assert describe(deep) == ("В смены.json массивы и объекты вложены глубже 64 уровней "
                              "(строка 1, позиция 2).")
    long = InputFileError(P.FILE_ITEM_TOO_BIG, FILE, char_limit=1_048_576, line=3, col=5)
    assert describe(long) == ("В смены.json есть значение длиннее 1\u00a0048\u00a0576 символов "
                              "(строка 3, позиция 5); запись из 1С намного меньше.")


@pytest.fixture
def two_items_at_most(monkeypatch):
    monkeypatch.setenv("MESDESK_INTAKE_MAX_ITEMS", "2")


def test_the_batches_page_imports_within_the_intake_settings(two_items_at_most, desktop, qtbot,
                                                             tmp_path, engine):
    page = desktop.window.page("batches")
    desktop.window.show_area("batches")
    qtbot.waitUntil(lambda: page.options is not None, timeout=10000)
    path = tmp_path / "смена.json"
    path.write_text(json.dumps([batch_item(n) for n in (1, 2, 3)], ensure_ascii=False),
                    encoding="utf-8")

    page.import_files([path])

    qtbot.waitUntil(lambda: any(d.objectName() == "importError" for d in page._dialogs),
                    timeout=10000)
    box = next(d for d in page._dialogs if d.objectName() == "importError")
    assert box.text() == ("смена.json holds more than 2 items; split it into smaller files or "
                          "raise the intake_max_items setting.")
    box.close()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM batches").scalar() == 0
