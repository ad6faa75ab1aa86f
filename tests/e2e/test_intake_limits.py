"""`mesdesk intake` of huge files of junk: a clear answer, and memory that stays bounded.

Issue 9, point 7: a 50 MB JSON array of junk took 7.9 GB and ended in MemoryError. The
command runs as a user runs it (a process of its own, the test PostgreSQL); its peak memory is
measured in a fresh wrapper process (tests/support/peak_memory.py says why).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.support.factories import batch_item
from tests.support.peak_memory import Measured, run_measured

MB = 1024 * 1024

JUNK = [   # wrong types, impossible values, shapes that are no 1C item at all
    {"НомерПартии": "семнадцать", "ДатаПартии": 20261201, "Смена": None, "Бригада": [1, 2]},
    {"НомерПартии": -5, "ДатаПартии": "31.02.2026", "ИдентификаторРЦ": {"x": [1.5]}},
    {"НомерПартии": 1e400, "СтатусЗакрытия": "может быть", "Nonsense": "ё" * 20},
    [1, 2, 3, "four", {"five": 5}],
    "a line of text where an item should be",
    {"НомерПартии": 7, "ДатаПартии": "2026-12-01", "Смена": "x" * 90},
]


def write_junk(path: Path, size: int) -> int:
    """A JSON array of junk items of just under ``size`` bytes; returns the number of items."""
    lines = [json.dumps(item, ensure_ascii=False) for item in JUNK]
    count, written = 0, 4
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n")
        while written + len(line := lines[count % len(lines)].encode()) + 2 < size:
            out.write(("" if count == 0 else ",\n") + line.decode())
            written += len(line) + 2
            count += 1
        out.write("\n]\n")
    return count


@pytest.fixture
def intake(engine, migrated_url, tmp_path):
    def run(path: Path, **env: str) -> Measured:
        environment = {**os.environ, "MESDESK_CONFIG_DIR": str(tmp_path / "config"),
                       "MESDESK_DATA_DIR": str(tmp_path / "data"),
                       "MESDESK_TIMEZONE": "Asia/Yekaterinburg", "MESDESK_USER": "admin",
                       **env}
        done = run_measured([sys.executable, "-m", "mesdesk.cli", "intake", str(path),
                             "--json", "--database-url", migrated_url], env=environment)
        assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
        return done

    return run


def test_50_mb_of_junk_is_refused_for_its_number_of_items_in_bounded_memory(intake, tmp_path):
    path = tmp_path / "junk-50mb.json"
    count = write_junk(path, 50 * MB)
    assert count > 300_000 and path.stat().st_size > 49 * MB

    done = intake(path)

    assert done.returncode == 1, done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "file.too_many_items"
    assert error["params"] == {"file": str(path), "limit": 100_000}
    assert done.stderr == f"mesdesk: {error['message']}\n"
    assert "more than 100000 items" in error["message"]
    assert done.peak_mb <= 300, f"peak {done.peak_mb:.0f} MB"


def test_5_mb_of_junk_under_the_item_limit_gets_a_normal_result_in_bounded_memory(
        intake, tmp_path):
    path = tmp_path / "junk-5mb.json"
    count = write_junk(path, 5 * MB)

    done = intake(path)

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["kind"] == "batches" and result["created"] == 0
    assert result["rejected_total"] == count
    assert [r["index"] for r in result["rejected"][:3]] == [0, 1, 2]
    assert done.peak_mb <= 300, f"peak {done.peak_mb:.0f} MB"


def test_the_intake_limits_are_settings(intake, tmp_path):
    path = tmp_path / "junk.json"
    write_junk(path, 2 * MB)

    too_big = json.loads(intake(path, MESDESK_INTAKE_MAX_FILE_MB="1").stdout)["error"]
    assert too_big["code"] == "file.too_big"
    assert too_big["params"]["limit_mb"] == 1 and too_big["params"]["size_mb"] == 2

    too_many = json.loads(intake(path, MESDESK_INTAKE_MAX_ITEMS="50").stdout)["error"]
    assert too_many["code"] == "file.too_many_items" and too_many["params"]["limit"] == 50


def test_json_nested_100000_deep_is_refused_by_name(intake, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")

    done = intake(path)

    assert done.returncode == 1
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "file.too_deep" and error["params"]["limit"] == 64
    assert "RecursionError" not in done.stderr


@pytest.mark.slow
def test_50_mb_of_junk_under_a_raised_item_limit_gets_a_normal_result_in_bounded_memory(
        intake, tmp_path):
    path = tmp_path / "junk-50mb.json"
    count = write_junk(path, 50 * MB)

    done = intake(path, MESDESK_INTAKE_MAX_ITEMS=str(count))

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["kind"] == "batches" and result["created"] == 0
    assert result["rejected_total"] == count and len(result["rejected"]) == 1000
    assert len(done.stdout) < MB
    assert done.peak_mb <= 300, f"peak {done.peak_mb:.0f} MB"


def test_a_5000_digit_integer_rejects_its_item_only_and_the_good_items_are_stored(intake,
                                                                                  tmp_path):
    items = [batch_item(1), batch_item(2, НомерПартии="HUGE"), batch_item(3)]
    path = tmp_path / "huge-number.json"
    path.write_text(json.dumps(items, ensure_ascii=False).replace('"HUGE"', "9" * 5000),
                    encoding="utf-8")

    done = intake(path)

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["created"] == 2
    [rejected] = result["rejected"]
    assert rejected["index"] == 1 and rejected["field"].startswith("НомерПартии")
    assert rejected["code"].startswith("value.")
