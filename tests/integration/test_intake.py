"""1C intake (§3) against a real PostgreSQL: upsert, per-item rejection, events, audit."""

from __future__ import annotations

import json
from mesdesk.services.intake import detect_kind, intake_batches, intake_products
from tests.support.db import audit, outbox, rows, scalar
from tests.support.factories import batch_item


def test_the_1c_sample_creates_batches_and_their_work_centers(uow_factory, engine, tz,
                                                              fixtures_dir):
    items = json.loads((fixtures_dir / "1c_batches_sample.json").read_text(encoding="utf-8"))
    result = intake_batches(uow_factory, items, tz)
    assert (result.created, result.updated, result.skipped, result.rejected) == (2, 0, 0, ())
    assert scalar(engine, "SELECT count(*) FROM work_centers") == 2
    created = outbox(engine, "batch_created")
    assert [event["batch_number"] for event in created] == [22222, 22223]
    assert created[1]["shift_end"] == "2024-01-31T03:00:00.000Z"  # +05:00 kept, stored in UTC
    assert [row["action"] for row in audit(engine)] == ["create_from_1c"] * 2
    assert audit(engine)[0]["station"] == "test-station"


def test_sending_the_same_batch_again_changes_nothing(uow_factory, engine, tz):
    intake_batches(uow_factory, [batch_item(1)], tz)
    result = intake_batches(uow_factory, [batch_item(1)], tz)
    assert (result.created, result.updated, result.skipped) == (0, 0, 1)
    assert outbox(engine, "batch_updated") == []


def test_a_known_number_and_date_overwrites_and_reports_only_changed_fields(uow_factory,
                                                                            engine, tz):
    intake_batches(uow_factory, [batch_item(1)], tz)
    result = intake_batches(uow_factory, [batch_item(1, Бригада="Бригада Петровой",
                                                      РабочийЦентр="Цех №1 (новый)")], tz)
    assert (result.created, result.updated) == (0, 1)
    [event] = outbox(engine, "batch_updated")
    assert event["changes"] == {"team": "Бригада Петровой",
                                "work_center_name": "Цех №1 (новый)"}
    assert scalar(engine, "SELECT name FROM work_centers WHERE identifier = 'RC-001'") == \
        "Цех №1 (новый)"


def test_1c_closing_a_batch_sets_closed_at_and_sends_batch_closed(uow_factory, engine, tz):
    intake_batches(uow_factory, [batch_item(1)], tz)
    intake_batches(uow_factory, [batch_item(1, СтатусЗакрытия=True)], tz)
    assert scalar(engine, "SELECT closed_at IS NOT NULL FROM batches") is True
    [closed] = outbox(engine, "batch_closed")
    assert closed["statistics"] == {"total_products": 0, "aggregated": 0,
                                    "aggregation_rate": 0.0}


def test_1c_overwrites_a_closed_batch_too(uow_factory, engine, tz):
    intake_batches(uow_factory, [batch_item(1, СтатусЗакрытия=True)], tz)
    result = intake_batches(uow_factory, [batch_item(1, СтатусЗакрытия=True,
                                                      Номенклатура="Гайка М10")], tz)
    assert result.updated == 1
    assert scalar(engine, "SELECT nomenclature FROM batches") == "Гайка М10"


def test_bad_items_are_rejected_by_index_and_field_and_the_good_ones_stored(uow_factory,
                                                                            engine, tz):
    items = [batch_item(1), batch_item(2, НомерПартии="два"), "garbage",
             batch_item(3, ДатаВремяОкончанияСмены="2024-01-30T01:00:00"), batch_item(1)]
    result = intake_batches(uow_factory, items, tz)
    assert result.created == 1
    rejected = {r.index: r for r in result.rejected}
    assert set(rejected) == {1, 2, 3, 4}
    assert "НомерПартии" in rejected[1].field and "whole number" in rejected[1].error
    assert rejected[1].problem.code == "value.not_integer"
    assert rejected[2].field is None and "expected an object" in rejected[2].error
    assert "ДатаВремяОкончанияСмены" in rejected[3].field
    assert rejected[3].problem.code == "batch.shift_end_not_after_start"
    assert "item 0" in rejected[4].error and rejected[4].problem.params["first"] == 0
    assert scalar(engine, "SELECT count(*) FROM batches") == 1
    assert result.outcomes == ("created", "rejected", "rejected", "rejected", "rejected")
    again = intake_batches(uow_factory, [batch_item(1), batch_item(1, Бригада="Другая"),
                                         batch_item(2)], tz)
    assert again.outcomes == ("unchanged", "rejected", "created")
    assert intake_batches(uow_factory, [batch_item(2, Бригада="Другая")], tz).outcomes == \
        ("updated",)


def test_products_from_1c_skip_unknown_batches_and_known_codes(uow_factory, engine, tz,
                                                               fixtures_dir):
    batches = json.loads((fixtures_dir / "1c_batches_sample.json").read_text(encoding="utf-8"))
    products = json.loads((fixtures_dir / "1c_products_sample.json").read_text(encoding="utf-8"))
    assert detect_kind(products) == "products" and detect_kind(batches) == "batches"
    intake_batches(uow_factory, batches[:1], tz)  # only batch 22222 exists
    result = intake_products(uow_factory, products + [
        {"УникальныйКодПродукта": "12gRV60MMsn1", "НомерПартии": 22222,
         "ДатаПартии": "2024-01-30"},
        {"УникальныйКодПродукта": "bad\x07code", "НомерПартии": 22222, "ДатаПартии": "2024-01-30"},
    ], )
    assert (result.created, result.skipped) == (2, 2)  # CODE001's batch unknown, one repeat
    assert result.outcomes == ("added", "added", "skipped", "skipped", "rejected")
    assert [r.index for r in result.rejected] == [4]
    assert "U+0007" in result.rejected[0].error
    assert scalar(engine, "SELECT products_total FROM batches WHERE batch_number = 22222") == 2
    again = intake_products(uow_factory, products)
    assert (again.created, again.skipped) == (0, 3)


def test_intake_of_only_bad_items_touches_nothing(uow_factory, engine, tz):
    result = intake_batches(uow_factory, [{}, {"НомерПартии": 1}], tz)
    assert result.created == 0 and len(result.rejected) == 2
    assert scalar(engine, "SELECT count(*) FROM outbox_events") == 0


def test_each_hostile_item_is_refused_by_name_and_the_good_ones_are_stored(uow_factory, engine,
                                                                          tz):
    """Issue 9, point 6: none of these refuses the whole file or reaches the database."""
    hostile = [
        {"ДатаВремяНачалаСмены": "9999-12-31T23:59:59-14:00"},
        {"ДатаВремяОкончанияСмены": "0001-01-01T00:00:00+14:00"},
        {"НомерПартии": 2**40},
        {"НомерПартии": 10**5000},
        {"НомерПартии": "7" * 5000},
        {"Бригада": "Бригада \ud800"},
        {"Номенклатура": "Болт\x00М10"},
        {"Смена": 10**5000},
    ]
    items = [batch_item(1)] + [batch_item(100 + n, **change) for n, change in
                               enumerate(hostile)] + [batch_item(2)]
    result = intake_batches(uow_factory, items, tz)
    assert result.created == 2
    assert scalar(engine, "SELECT count(*) FROM batches") == 2
    codes = {r.index: r.problem.code for r in result.rejected}
    assert codes == {1: "value.year_out_of_range", 2: "value.year_out_of_range",
                     3: "value.out_of_range", 4: "value.out_of_range",
                     5: "value.out_of_range", 6: "value.character_unusable",
                     7: "value.control_character", 8: "value.too_long"}
    for rejection in result.rejected:
        assert rejection.problem.params["index"] == rejection.index
        assert rejection.field and rejection.problem.params["field"] == rejection.field
        json.dumps(rejection.as_dict())          # the answer itself can always be printed


def test_every_key_is_required_and_an_unknown_key_is_a_warning(uow_factory, engine, tz):
    """Issue 9, point 4: a missing 1C key rejects the item naming it; a key that is no 1C key
    is reported and the complete item still stored."""
    missing = batch_item(2)
    del missing["КодЕКН"]
    no_flag = batch_item(3)
    del no_flag["СтатусЗакрытия"]
    items = [{**batch_item(1), "Бригадир": "Петров"}, missing, no_flag]
    result = intake_batches(uow_factory, items, tz)
    assert result.created == 2 and result.outcomes == ("created", "rejected", "created")
    (rejection,) = result.rejected
    assert rejection.as_dict() == {
        "index": 1, "field": "КодЕКН (ekn_code)", "error": "the key КодЕКН is missing",
        "code": "intake.key_missing",
        "params": {"key": "КодЕКН", "field": "КодЕКН (ekn_code)", "index": 1}}
    (warning,) = result.warnings
    assert warning.as_dict()["code"] == "intake.key_unknown"
    assert warning.problem.params == {"key": "Бригадир", "index": 0}
    document = result.as_dict()
    assert document["warnings_total"] == 1 and document["rejected_total"] == 1


def test_the_lists_of_a_huge_answer_are_capped_and_counted(uow_factory, engine, tz):
    from mesdesk.services.intake import MAX_LISTED

    items = ["junk"] * (MAX_LISTED + 250) + [batch_item(1)]
    result = intake_batches(uow_factory, items, tz)
    assert result.created == 1
    assert len(result.rejected) == MAX_LISTED
    assert result.as_dict()["rejected_total"] == MAX_LISTED + 250
    assert result.rejected[0].problem.code == "intake.not_an_object"


def test_one_intake_that_creates_moves_closes_and_reopens_stores_each_batch_as_sent(
        uow_factory, engine, tz):
    from mesdesk.services import analytics
    from mesdesk.services.analytics_dto import DashboardFilter

    intake_batches(uow_factory, [batch_item(1), batch_item(2), batch_item(3, СтатусЗакрытия=True),
                                 batch_item(4)], tz)
    seen = len(outbox(engine))
    result = intake_batches(uow_factory, [
        batch_item(4, ИдентификаторРЦ="RC-002", РабочийЦентр="Цех №2"),   # to another work center
        batch_item(1, Бригада="Бригада Петровой"),
        batch_item(5),
        batch_item(3),                                                  # reopened by 1C
        batch_item(2, СтатусЗакрытия=True, Смена="2 смена"),
    ], tz)
    assert (result.created, result.updated, result.skipped) == (1, 4, 0)
    assert result.outcomes == ("updated", "updated", "created", "updated", "updated")
    stored = {row["batch_number"]: row for row in rows(engine, """
        SELECT b.batch_number, w.identifier, b.team, b.shift, b.is_closed,
               b.closed_at IS NOT NULL AS has_closed_at
          FROM batches b JOIN work_centers w ON w.id = b.work_center_id""")}
    assert {number: (row["identifier"], row["team"], row["shift"], row["is_closed"],
                     row["has_closed_at"]) for number, row in stored.items()} == {
        1: ("RC-001", "Бригада Петровой", "1 смена", False, False),
        2: ("RC-001", "Бригада Иванова", "2 смена", True, True),
        3: ("RC-001", "Бригада Иванова", "1 смена", False, False),
        4: ("RC-002", "Бригада Иванова", "1 смена", False, False),
        5: ("RC-001", "Бригада Иванова", "1 смена", False, False),
    }
    # What the webhooks get, in this order: the new batch, then each change as sent.
    sent = outbox(engine)[seen:]
    assert [(event["type"], event["batch_number"]) for event in sent] == [
        ("batch_created", 5), ("batch_updated", 4), ("batch_updated", 1), ("batch_updated", 3),
        ("batch_updated", 2), ("batch_closed", 2)]
    assert [event["changes"] for event in sent[1:5]] == [
        {"work_center": "RC-002", "work_center_name": "Цех №2"}, {"team": "Бригада Петровой"},
        {"is_closed": False}, {"is_closed": True, "shift": "2 смена"}]
    assert [row["action"] for row in audit(engine)][-5:] == ["create_from_1c"] + [
        "update_from_1c"] * 4
    # The dashboard's rollups count what the rows say.
    board = analytics.dashboard(uow_factory, DashboardFilter(), "Asia/Yekaterinburg")
    assert (board.summary.batches, board.summary.closed) == (5, 1)
    assert {s.shift: s.totals.batches for s in board.by_shift} == {"1 смена": 4, "2 смена": 1}
