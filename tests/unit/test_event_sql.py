"""The SQL that writes events set-based is derived from the domain's field list."""

from __future__ import annotations

import pytest

from mesdesk.adapters.db.event_sql import payload_parts_sql, payload_sql
from mesdesk.domain import events


def test_every_field_of_the_event_is_in_the_sql_and_times_are_utc_milliseconds():
    sql = payload_sql(events.PRODUCT_AGGREGATED_FIELDS, {
        "unique_code": "c", "batch_id": "b", "batch_number": "n", "aggregated_at": "t"})
    assert sql.startswith("jsonb_build_object('unique_code', c, 'batch_id', b, ")
    assert """'aggregated_at', to_char((t) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')""" in sql


def test_a_field_without_its_sql_is_refused_at_once():
    with pytest.raises(ValueError, match="aggregated_at"):
        payload_sql(events.PRODUCT_AGGREGATED_FIELDS, {
            "unique_code": "c", "batch_id": "b", "batch_number": "n"})


def test_a_payload_in_two_parts_holds_every_field_once():
    per_row, fixed = payload_parts_sql(events.PRODUCT_AGGREGATED_FIELDS, {"unique_code": "c"}, {
        "batch_id": "b", "batch_number": "n", "aggregated_at": "t"})
    assert per_row == "jsonb_build_object('unique_code', c)"
    assert fixed.startswith("jsonb_build_object('batch_id', b, 'batch_number', n, ")
    assert "to_char((t) AT TIME ZONE 'UTC'" in fixed


@pytest.mark.parametrize(("per_row", "fixed"), [
    ({"unique_code": "c"}, {"batch_id": "b", "batch_number": "n"}),                 # one missing
    ({"unique_code": "c", "batch_id": "b"},
     {"batch_id": "b", "batch_number": "n", "aggregated_at": "t"}),                  # one twice
])
def test_a_payload_in_two_parts_refuses_a_field_missing_or_given_twice(per_row, fixed):
    with pytest.raises(ValueError):
        payload_parts_sql(events.PRODUCT_AGGREGATED_FIELDS, per_row, fixed)
