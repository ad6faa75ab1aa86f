"""Reading a 1C file: what the intake gets from a file, and each file it refuses by name."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from mesdesk.services.input_files import InputFileError, read_1c_items
from mesdesk.services.json_stream import CHUNK_BYTES, MAX_DEPTH, MAX_ITEM_CHARS
from tests.support.peak_memory import run_measured

ITEM = {"НомерПартии": 17, "ДатаПартии": "2026-12-01", "Смена": "1 смена"}


def write(tmp_path: Path, content: str | bytes, name: str = "items.json") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def refusal(path: Path, **limits: int) -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        read_1c_items(path, **limits)
    return caught.value


def test_items_of_an_array_and_of_a_wrapped_array_with_bom_and_cyrillic(tmp_path):
    items = [ITEM, {**ITEM, "НомерПартии": 18}]
    plain = read_1c_items(write(tmp_path, json.dumps(items, ensure_ascii=False, indent=2)))
    assert len(plain) == 2 and list(plain) == items and plain[0] == ITEM and plain[-1] == items[1]
    wrapped = json.dumps({"meta": {"from": "1С"}, "items": items}, ensure_ascii=False)
    bom = write(tmp_path, b"\xef\xbb\xbf" + wrapped.encode(), "wrapped.json")
    assert list(read_1c_items(bom)) == items
    # the same array as json.loads + the old rule would take: "items" before "data"
    both = write(tmp_path, json.dumps({"data": [1], "items": [2, 3]}), "both.json")
    assert list(read_1c_items(both)) == [2, 3]


def test_going_through_the_items_again_reads_the_same_items(tmp_path):
    items = read_1c_items(write(tmp_path, json.dumps([ITEM] * 3)))
    assert list(items) == list(items) == [ITEM] * 3
    assert items[1:] == [ITEM] * 2


@pytest.mark.parametrize(("content", "code"), [
    ("", "file.empty"),
    ("  \n\t", "file.empty"),
    ("[]", "file.no_items"),
    ('{"items": []}', "file.no_items"),
    ('"text"', "file.not_an_array"),
    ('{"rows": [1]}', "file.not_an_array"),
    ("[1, 2", "file.json_invalid"),
    ("[1, 2,]", "file.json_invalid"),
    ("[1] [2]", "file.json_invalid"),
    ('[{"a": "unterminated}]', "file.json_invalid"),
])
def test_files_that_are_not_1c_items_are_refused_by_name(tmp_path, content, code):
    assert refusal(write(tmp_path, content)).problem.code == code


def test_a_syntax_error_says_where_it_is(tmp_path):
    path = write(tmp_path, "[\n" + ",\n".join(json.dumps(ITEM) for _ in range(3)) + "\n  x]")
    problem = refusal(path).problem
    assert problem.code == "file.json_invalid"
    assert (problem.params["line"], problem.params["col"]) == (5, 3)


def test_windows_1251_text_is_refused_with_the_offset_of_the_first_bad_byte(tmp_path):
    path = write(tmp_path, '[{"Смена": "1"}]'.encode("cp1251"))
    problem = refusal(path).problem
    assert problem.code == "file.encoding" and problem.params["offset"] == 3


def test_json_nested_100000_deep_is_refused_as_too_deep_not_a_recursion_error(tmp_path):
    deep = write(tmp_path, "[" * 100_000 + "]" * 100_000)
    problem = refusal(deep).problem
    assert problem.code == "file.too_deep" and problem.params["limit"] == MAX_DEPTH
    within = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert len(read_1c_items(write(tmp_path, f"[{within}]", "ok.json"))) == 1
    just_over = write(tmp_path, f"[{within}, [{within}]]", "over.json")
    problem = refusal(just_over).problem
    assert problem.code == "file.too_deep" and problem.params["col"] == len(within) + 4


def test_an_integer_of_5000_digits_reaches_the_item_as_a_number_too_big_for_any_field(tmp_path):
    items = list(read_1c_items(write(tmp_path, f'[{{"НомерПартии": {"9" * 5000}}}, 7]')))
    assert items == [{"НомерПартии": float("inf")}, 7]


def test_more_items_than_the_limit_are_refused_naming_the_limit(tmp_path):
    path = write(tmp_path, json.dumps([ITEM] * 11))
    problem = refusal(path, max_items=10).problem
    assert problem.code == "file.too_many_items" and problem.params["limit"] == 10
    assert len(read_1c_items(path, max_items=11)) == 11


def test_a_file_over_the_size_limit_is_refused_by_its_size_before_it_is_read(tmp_path):
    path = tmp_path / "big.json"
    with path.open("wb") as sparse:          # not one byte of it is valid JSON
        sparse.truncate(3 * 1024 * 1024 + 1)
    problem = refusal(path, max_file_mb=3).problem
    assert problem.code == "file.too_big"
    assert (problem.params["size_mb"], problem.params["limit_mb"]) == (4, 3)


def test_one_value_longer_than_an_item_can_be_is_refused_without_reading_it_whole(tmp_path):
    path = write(tmp_path, '[1, {"Смена": "' + "x" * (MAX_ITEM_CHARS + 10) + '"}]')
    problem = refusal(path).problem
    assert problem.code == "file.item_too_big"
    assert (problem.params["line"], problem.params["col"]) == (1, 5)


def test_a_file_changed_between_the_check_and_the_intake_is_refused(tmp_path):
    path = write(tmp_path, json.dumps([ITEM] * 2))
    items = read_1c_items(path)
    path.write_text(json.dumps([ITEM] * 3), encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        list(items)
    assert caught.value.problem.code == "file.changed"


def test_a_folder_and_a_missing_file_are_refused_by_name(tmp_path):
    assert refusal(tmp_path).problem.code == "file.is_folder"
    assert refusal(tmp_path / "missing.json").problem.code == "file.unreadable"


READ_AND_COUNT = """
import sys
from pathlib import Path
from mesdesk.services.input_files import read_1c_items
items = read_1c_items(Path(sys.argv[1]))
print(len(items), sum(1 for _ in items))
"""


@pytest.mark.slow
def test_50_mb_of_dense_nested_junk_is_read_in_bounded_memory(tmp_path):
    # json.loads of this file builds 17 million lists (well over a gigabyte)
    item = "[" + ",".join(["[]"] * 300) + "]"
    count = 50 * 1024 * 1024 // (len(item) + 1)
    path = tmp_path / "dense.json"
    with path.open("w", encoding="ascii") as out:
        out.write("[" + item)
        for _ in range(count - 1):
            out.write("," + item)
        out.write("]")
    done = run_measured([sys.executable, "-c", READ_AND_COUNT, str(path)],
                        env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(count), str(count)]
    assert done.peak_mb < 100


@pytest.mark.parametrize("filler", ["true,", "-12.5e3,", '"\\u0436",'])
def test_an_item_over_the_limit_is_too_big_wherever_the_reading_window_cuts_it(tmp_path,
                                                                              filler):
    # The window ends where a read of the file ends (a multiple of the chunk); an item that
    # starts just before one chunk's end is cut just after the limit, inside a token.
    big = "[" + filler * (MAX_ITEM_CHARS // len(filler) + 2) + "1]"
    for before_chunk_end in range(1, 12):
        first = '"' + "x" * (CHUNK_BYTES - before_chunk_end - 3) + '"'   # after the "["
        path = write(tmp_path, f"[{first},{big}]")
        assert refusal(path).problem.code == "file.item_too_big", (filler, before_chunk_end)
