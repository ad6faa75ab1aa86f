"""Batch rules of §3 without a database: 1C items, edits, closing and reopening."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mesdesk.domain.batches import parse_batch_item, plan_edit, unknown_keys
from mesdesk.domain.errors import BatchClosedError, DomainError, ValidationError
from tests.support.factories import batch_item

TZ = ZoneInfo("Asia/Yekaterinburg")  # UTC+5 all year


def test_a_1c_item_is_read_with_russian_keys_and_naive_times_in_the_production_zone():
    batch = parse_batch_item(batch_item(22222), 0, TZ)
    assert batch.batch_number == 22222
    assert batch.batch_date == date(2024, 1, 30)
    assert batch.work_center == "RC-001" and batch.work_center_name == "Цех №1"
    assert batch.shift_start == datetime(2024, 1, 30, 3, 0, tzinfo=timezone.utc)
    assert batch.shift_end - batch.shift_start == timedelta(hours=12)


def test_english_names_and_explicit_offsets_are_accepted():
    item = {"batch_number": "17", "batch_date": "30.01.2024", "work_center": "A",
            "shift_start": "2024-01-30T20:00:00+05:00", "shift_end": "2024-01-31T08:00:00+05:00",
            "is_closed": "false", "shift": 2, "team": "", "nomenclature": "Болт",
            "ekn_code": "", "work_center_name": "Цех", "task_description": ""}
    batch = parse_batch_item(item, 3, TZ)
    assert batch.batch_number == 17 and batch.shift == "2"
    assert batch.shift_end.date() == date(2024, 1, 31)  # a night shift ends the next day


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"НомерПартии": "abc"}, "НомерПартии", "value.not_integer"),
    ({"НомерПартии": True}, "НомерПартии", "value.not_integer"),
    ({"НомерПартии": 2**40}, "НомерПартии", "value.out_of_range"),
    ({"НомерПартии": "9" * 5000}, "НомерПартии", "value.out_of_range"),
    ({"НомерПартии": 10**5000}, "НомерПартии", "value.out_of_range"),
    ({"ДатаПартии": "2024-13-45"}, "ДатаПартии", "value.not_date"),
    ({"ДатаПартии": "1899-12-31"}, "ДатаПартии", "value.year_out_of_range"),
    ({"ДатаВремяНачалаСмены": "вчера"}, "ДатаВремяНачалаСмены", "value.not_datetime"),
    ({"ДатаВремяНачалаСмены": "9999-12-31T23:59:59-14:00"}, "ДатаВремяНачалаСмены",
     "value.year_out_of_range"),
    ({"ДатаВремяНачалаСмены": "0001-01-01T00:00:00+14:00"}, "ДатаВремяНачалаСмены",
     "value.year_out_of_range"),
    ({"ДатаВремяОкончанияСмены": "2024-01-30T07:00:00"}, "ДатаВремяОкончанияСмены",
     "batch.shift_end_not_after_start"),
    ({"СтатусЗакрытия": "maybe"}, "СтатусЗакрытия", "value.not_boolean"),
    ({"ИдентификаторРЦ": ""}, "ИдентификаторРЦ", "value.required"),
    ({"ИдентификаторРЦ": None}, "ИдентификаторРЦ", "value.required"),
    ({"Номенклатура": "x" * 501}, "Номенклатура", "value.too_long"),
    ({"Бригада": "a\x07b"}, "Бригада", "value.control_character"),
    ({"Бригада": "a\x00b"}, "Бригада", "value.control_character"),
    ({"Бригада": "Бригада \ud800"}, "Бригада", "value.character_unusable"),
    ({"Номенклатура": ["list"]}, "Номенклатура", "value.not_text"),
    ({"Смена": 10**5000}, "Смена", "value.too_long"),
])
def test_a_bad_field_is_a_named_problem_with_the_item_index(change, field, code):
    with pytest.raises(DomainError) as caught:
        parse_batch_item(batch_item(1, **change), 7, TZ)
    assert caught.value.code == code
    assert caught.value.index == 7
    assert field in caught.value.field
    assert str(caught.value).startswith(f"item 7, field '{field}")


@pytest.mark.parametrize("key", [k for k in batch_item(1) if k != "СтатусЗакрытия"])
def test_every_1c_key_but_the_closed_flag_is_required_and_named(key):
    item = batch_item(1)
    del item[key]
    with pytest.raises(ValidationError) as caught:
        parse_batch_item(item, 0, TZ)
    assert caught.value.code == "intake.key_missing"
    assert caught.value.problem.params["key"] == key
    assert str(caught.value).endswith(f"the key {key} is missing")


def test_the_closed_flag_may_be_missing_and_is_then_open():
    item = batch_item(1)
    del item["СтатусЗакрытия"]
    assert parse_batch_item(item, 0, TZ).is_closed is False


def test_a_key_that_is_no_1c_key_is_found_for_a_warning():
    item = {**batch_item(1), "Бригада ": "typo with a space", "Colour": "red"}
    assert unknown_keys(item) == ["Бригада ", "Colour"]
    assert unknown_keys(batch_item(1)) == []
    assert parse_batch_item(item, 0, TZ).batch_number == 1   # still stored when complete


def test_a_non_object_is_rejected_saying_what_it_is():
    with pytest.raises(ValidationError) as caught:
        parse_batch_item(["not", "a", "dict"], 1, TZ)
    assert caught.value.code == "intake.not_an_object"
    assert caught.value.message == "expected an object with the 1C keys, got a JSON array"


def _state(**overrides):
    base = parse_batch_item(batch_item(5), 0, TZ)
    state = {"is_closed": False, "task_description": base.task_description,
             "work_center": "RC-001", "shift": base.shift, "team": base.team,
             "batch_number": 5, "batch_date": base.batch_date,
             "nomenclature": base.nomenclature, "ekn_code": base.ekn_code,
             "shift_start": base.shift_start, "shift_end": base.shift_end}
    state.update(overrides)
    return state


NOW = datetime(2024, 1, 30, 12, 0, tzinfo=timezone.utc)


def test_closing_sets_closed_at_and_reopening_clears_it():
    outcome = plan_edit(_state(), {"is_closed": True}, NOW, TZ)
    assert outcome.closed and outcome.changes == {"is_closed": True, "closed_at": NOW}
    outcome = plan_edit(_state(is_closed=True), {"is_closed": False}, NOW, TZ)
    assert outcome.reopened and outcome.changes == {"is_closed": False, "closed_at": None}


def test_closing_a_closed_batch_again_keeps_the_original_time():
    outcome = plan_edit(_state(is_closed=True), {"is_closed": True}, NOW, TZ)
    assert outcome.changes == {} and not outcome.closed


def test_a_closed_batch_refuses_other_edits_unless_reopened_in_the_same_request():
    with pytest.raises(BatchClosedError) as caught:
        plan_edit(_state(is_closed=True), {"team": "Другая"}, NOW, TZ)
    assert caught.value.field == "team"
    outcome = plan_edit(_state(is_closed=True), {"is_closed": False, "team": "Другая"}, NOW, TZ)
    assert outcome.changes["team"] == "Другая" and outcome.reopened


def test_an_edit_that_ends_the_shift_before_it_starts_is_refused():
    state = _state()
    with pytest.raises(ValidationError) as caught:
        plan_edit(state, {"shift_end": state["shift_start"].isoformat()}, NOW, TZ)
    assert caught.value.code == "batch.shift_end_not_after_start"


def test_an_unknown_field_is_named():
    with pytest.raises(ValidationError) as caught:
        plan_edit(_state(), {"colour": "red"}, NOW, TZ)
    assert caught.value.field == "colour"
