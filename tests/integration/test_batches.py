"""Batches (§3): read, edit, close and reopen, list with filters and keyset pages, add codes."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from mesdesk.domain.errors import BatchClosedError, ConflictError, NotFoundError, ValidationError
from mesdesk.services import batches
from mesdesk.services.dto import BatchFilter
from mesdesk.services.intake import intake_batches
from tests.support.db import audit, outbox, rows, scalar
from tests.support.factories import batch_item, create_batch, marking_code


def test_show_gives_fields_products_and_statistics(uow_factory, tz):
    batch_id = create_batch(uow_factory, tz, codes=[marking_code(i) for i in range(3)])
    detail = batches.get_batch(uow_factory, batch_id)
    assert detail.batch.batch_number == 1001 and detail.batch.work_center == "RC-001"
    assert len(detail.products) == 3
    assert detail.statistics.total_products == 3 and detail.statistics.remaining == 3
    as_json = detail.as_dict()
    assert as_json["statistics"]["aggregation_rate"] == 0.0
    assert as_json["products"][0]["unique_code"].startswith("01")


def test_editing_fields_stores_them_and_tells_what_changed(uow_factory, engine, tz):
    batch_id = create_batch(uow_factory, tz)
    updated = batches.update_batch(uow_factory, batch_id,
                                   {"team": "Бригада №4", "batch_number": "1002"}, tz)
    assert updated.team == "Бригада №4" and updated.batch_number == 1002
    [event] = outbox(engine, "batch_updated")
    assert event == {"type": "batch_updated", "id": batch_id, "batch_number": 1002,
                     "changes": {"team": "Бригада №4", "batch_number": 1002}}
    assert audit(engine)[-1]["action"] == "update"


def test_close_then_close_again_keeps_the_first_time_and_reopen_clears_it(uow_factory,
                                                                          engine, tz):
    batch_id = create_batch(uow_factory, tz)
    closed = batches.close_batch(uow_factory, batch_id, tz)
    assert closed.is_closed and closed.closed_at is not None
    again = batches.close_batch(uow_factory, batch_id, tz)
    assert again.closed_at == closed.closed_at
    assert len(outbox(engine, "batch_closed")) == 1
    reopened = batches.reopen_batch(uow_factory, batch_id, tz)
    assert not reopened.is_closed and reopened.closed_at is None
    assert [row["action"] for row in audit(engine)][-2:] == ["close", "reopen"]


def test_a_closed_batch_refuses_edits_and_keeps_its_data(uow_factory, engine, tz):
    batch_id = create_batch(uow_factory, tz)
    batches.close_batch(uow_factory, batch_id, tz)
    with pytest.raises(BatchClosedError, match="reopen"):
        batches.update_batch(uow_factory, batch_id, {"team": "Другая"}, tz)
    with pytest.raises(BatchClosedError):
        batches.add_products(uow_factory, batch_id, [marking_code(1)])
    assert scalar(engine, "SELECT team FROM batches") == "Бригада Иванова"


def test_an_edit_to_a_taken_number_and_date_is_a_conflict(uow_factory, engine, tz):
    create_batch(uow_factory, tz, number=1)
    second = create_batch(uow_factory, tz, number=2)
    with pytest.raises(ConflictError, match="exists already"):
        batches.update_batch(uow_factory, second, {"batch_number": 1}, tz)
    assert scalar(engine, "SELECT count(*) FROM outbox_events WHERE type = 'batch_updated'") == 0


def test_unknown_batch_and_unknown_work_center_are_named(uow_factory, tz):
    with pytest.raises(NotFoundError, match="batch 999 does not exist"):
        batches.get_batch(uow_factory, 999)
    batch_id = create_batch(uow_factory, tz)
    with pytest.raises(NotFoundError, match="RC-404"):
        batches.update_batch(uow_factory, batch_id, {"work_center": "RC-404"}, tz)


def test_adding_a_code_that_exists_names_the_batch_it_belongs_to(uow_factory, tz):
    first = create_batch(uow_factory, tz, number=1, codes=[marking_code(1)])
    second = create_batch(uow_factory, tz, number=2)
    # The same product without its verification tail: same identity, so a duplicate.
    result = batches.add_products(uow_factory, second,
                                  [marking_code(1, tail=False), marking_code(2), "not a code"])
    assert result.added == 1
    reasons = sorted(error.reason for error in result.rejected)
    assert reasons[0].startswith("already exists in batch 1 of 2024-01-30")
    assert reasons[1].startswith("bad format")
    assert batches.get_batch(uow_factory, second).batch.products_total == 1
    assert batches.get_batch(uow_factory, first).batch.products_total == 1


def test_a_long_list_reports_codes_stored_here_and_elsewhere_wherever_they_are(
        uow_factory, engine, tz):
    """25,000 codes, stored chunk by chunk: codes found stored (in another batch, in this
    one) past the first chunk are rejected with their batch, the rest added in the list's
    order, counted and audited once."""
    codes = [marking_code(i) for i in range(25_000)]
    create_batch(uow_factory, tz, number=1, codes=[codes[15_000]])
    mine = create_batch(uow_factory, tz, number=2, codes=[codes[22_000]])
    listed = [*codes, codes[7], "not a code"]
    result = batches.add_products(uow_factory, mine, listed)
    assert result.added == 25_000 - 2
    assert [(error.code, error.problem.code) for error in result.rejected] == [
        (codes[7], "code.listed_twice"), ("not a code", "code.whitespace"),
        (codes[15_000], "code.exists_in_batch"), (codes[22_000], "code.exists_in_this_batch")]
    assert result.rejected[2].reason == "already exists in batch 1 of 2024-01-30"
    assert scalar(engine, "SELECT products_total FROM batches WHERE id = :id",
                  id=mine) == 25_000 - 1
    assert scalar(engine, "SELECT count(*) FROM products WHERE batch_id = :id",
                  id=mine) == 25_000 - 1
    stored = [row["unique_code"] for row in rows(
        engine, "SELECT unique_code FROM products WHERE batch_id = :id ORDER BY id", id=mine)]
    assert stored == [codes[22_000]] + [code for code in codes if code not in
                                        (codes[15_000], codes[22_000])]
    assert [entry["changes"] for entry in audit(engine)
            if entry["action"] == "add_products" and entry["entity_id"] == str(mine)] == [
        {"added": 1}, {"added": 25_000 - 2}]


def test_two_lists_sharing_codes_added_to_two_batches_at_once_add_each_code_once(
        uow_factory, engine, tz):
    """Two supervisors add lists that share 3,000 codes to two batches at the same moment:
    each shared code ends in one batch, the other list says which; counters are exact."""
    first = create_batch(uow_factory, tz, number=1)
    second = create_batch(uow_factory, tz, number=2)
    shared = [marking_code(i) for i in range(3000)]
    lists = {first: shared + [marking_code(10_000 + i) for i in range(500)],
             second: shared + [marking_code(20_000 + i) for i in range(500)]}
    start = threading.Barrier(2)
    results, failures = {}, []

    def supervisor(batch_id: int) -> None:
        try:
            start.wait(timeout=30)
            results[batch_id] = batches.add_products(uow_factory, batch_id, lists[batch_id])
        except BaseException as exc:  # noqa: BLE001 - the test shows it
            failures.append(exc)

    threads = [threading.Thread(target=supervisor, args=(batch_id,)) for batch_id in lists]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    assert results[first].added + results[second].added == 3000 + 2 * 500
    assert scalar(engine, "SELECT count(DISTINCT identity) FROM products") == 4000
    for batch_id, other in ((first, second), (second, first)):
        count = scalar(engine, "SELECT count(*) FROM products WHERE batch_id = :id", id=batch_id)
        assert count == results[batch_id].added
        assert scalar(engine, "SELECT products_total FROM batches WHERE id = :id",
                      id=batch_id) == count
        number = 1 if other == first else 2
        assert {error.reason for error in results[batch_id].rejected} <= {
            f"already exists in batch {number} of 2024-01-30"}
    assert len(results[first].rejected) + len(results[second].rejected) == 3000


def _fill(uow_factory, tz, count: int) -> None:
    start = date(2024, 1, 1)
    items = [batch_item(100 + i, start + timedelta(days=i % 20),
                        ИдентификаторРЦ=f"RC-{i % 3}", Смена=f"{1 + i % 2} смена",
                        Номенклатура="Вода 0,5 л" if i % 5 == 0 else "Молоко 1 л",
                        СтатусЗакрытия=i % 4 == 0)
             for i in range(count)]
    result = intake_batches(uow_factory, items, tz)
    assert result.created == count


@pytest.mark.parametrize("sort", ["batch_date", "batch_number", "work_center", "nomenclature",
                                  "products_total", "aggregation_rate", "closed_at", "shift"])
@pytest.mark.parametrize("descending", [True, False])
def test_keyset_pages_visit_every_row_once_in_order(uow_factory, tz, sort, descending):
    _fill(uow_factory, tz, 57)
    seen, cursor = [], None
    while True:
        page = batches.list_batches(uow_factory, BatchFilter(sort=sort, descending=descending),
                                    cursor=cursor, limit=10)
        seen.extend(page.rows)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == 57 and len({row.id for row in seen}) == 57

    def key(row):
        value = {"work_center": row.work_center, "aggregation_rate": row.aggregation_rate,
                 "closed_at": row.closed_at.timestamp() if row.closed_at else 0}.get(
            sort, getattr(row, sort, None))
        return (value, row.id)

    assert [key(row) for row in seen] == sorted((key(row) for row in seen), reverse=descending)


def test_filters_combine(uow_factory, tz):
    _fill(uow_factory, tz, 40)

    def ids(**kwargs):
        return {row.batch_number for row in batches.list_batches(
            uow_factory, BatchFilter(**kwargs), limit=100).rows}

    assert ids(is_closed=True) == {100 + i for i in range(40) if i % 4 == 0}
    assert ids(work_center="RC-1", shift="2 смена") == \
        {100 + i for i in range(40) if i % 3 == 1 and i % 2 == 1}
    assert ids(search="вода") == {100 + i for i in range(40) if i % 5 == 0}
    assert ids(search="105") == {105}
    assert ids(date_from=date(2024, 1, 3), date_to=date(2024, 1, 4)) == \
        {100 + i for i in range(40) if i % 20 in (2, 3)}
    # Word prefixes, every word required, case-insensitive; punctuation is no wildcard.
    assert ids(search="МОЛ") == {100 + i for i in range(40) if i % 5 != 0}
    assert ids(search="вод 0,5") == {100 + i for i in range(40) if i % 5 == 0}
    assert ids(search="вод молоко") == set()
    assert ids(search="EKN-12") == ids(search="12345") == ids()
    assert ids(search="%_") == ids()
    assert batches.count_batches(uow_factory, BatchFilter(is_closed=False)) == 30


def test_a_bad_sort_or_cursor_is_a_clear_error(uow_factory):
    with pytest.raises(ValidationError, match="cannot sort by colour") as caught:
        batches.list_batches(uow_factory, BatchFilter(sort="colour"))
    assert caught.value.code == "batch.sort_unknown"
    with pytest.raises(ValidationError, match="cursor") as caught:
        batches.list_batches(uow_factory, cursor="!!!")
    assert caught.value.code == "page.cursor_invalid"
