from datetime import datetime

import pytest

from mesdesk.domain.files import (Bucket, export_name, import_name, numbered, report_name,
                                  valid_name)

MADE = datetime(2026, 12, 4, 8, 15, 0)


def test_names_say_what_a_file_is_and_when_it_was_made():
    assert report_name(17, MADE, "pdf") == "batch_17_report_20261204_081500.pdf"
    assert export_name("batches", MADE, "xlsx") == "batches_export_20261204_081500.xlsx"
    assert export_name("products", MADE, "csv") == "products_export_20261204_081500.csv"
    with pytest.raises(ValueError):
        export_name("../../etc", MADE, "csv")


def test_an_imported_file_keeps_its_name_without_a_path_or_odd_characters():
    assert import_name("C:\\Users\\мастер\\Задание 1.xlsx".replace("\\", "/"), MADE) == \
        "import_20261204_081500_Задание_1.xlsx"
    assert import_name("../../.bashrc", MADE) == "import_20261204_081500_bashrc"
    assert valid_name(import_name("\x00\x1d", MADE))


def test_a_taken_name_is_numbered_before_its_extension():
    assert numbered("batches_export_20261204_081500.xlsx", 2) == \
        "batches_export_20261204_081500_2.xlsx"
    assert numbered("plain", 3) == "plain_3"


@pytest.mark.parametrize("name", ["", ".staging", "a/b", "..", "a\\b", "x\x00", "a" * 256])
def test_names_a_store_refuses(name):
    assert not valid_name(name)


def test_the_three_buckets():
    assert [bucket.value for bucket in Bucket] == ["reports", "exports", "imports"]
