"""The intake limits' refusals as the Batches page shows them in Russian (issue 9, point 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mesdesk.domain import problems as P
from mesdesk.services.input_files import InputFileError
from mesdesk.ui import i18n
from mesdesk.ui.errors import describe

FILE = Path("/home/master/Загрузки/смены.json")


@pytest.fixture
def russian(qapp):
    i18n.install(qapp, "ru")
    yield
    i18n.install(qapp, "en")


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
